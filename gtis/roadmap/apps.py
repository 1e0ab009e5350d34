from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "gtis.roadmap"
    label = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self) -> None:
        from gtis.core.navigation import MenuItem, add_items
        from gtis.roadmap import metrics, tasks  # noqa: F401

        add_items(
            "roadmap",
            MenuItem(_("Plans"), "roadmap:plan_list", public=True),
            MenuItem(_("My department"), "roadmap:my_department", permission="roadmap.report"),
            MenuItem(
                _("Reports to review"), "roadmap:review_queue", permission="roadmap.review_report"
            ),
            MenuItem(
                _("Coordination meetings"),
                "roadmap:meeting_list",
                permission="roadmap.view_coordinationmeeting",
            ),
        )
