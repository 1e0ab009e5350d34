from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "gtis.assessment"
    label = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from gtis.core.navigation import MenuItem, add_items

        add_items(
            "assessment",
            MenuItem(_("Assessment schemes"), "assessment:scheme_list", public=True),
            MenuItem(
                _("Write a scheme version"),
                "assessment:scheme_version_create",
                permission="assessment.change_scheme",
            ),
        )
