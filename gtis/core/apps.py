from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gtis.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from gtis.core import tasks  # noqa: F401  (registers the job tasks)
        from gtis.core.navigation import MenuItem, add_items

        add_items(
            "administration",
            MenuItem(_("Audit trail"), "core:audit_list", permission="core.view_auditevent"),
            MenuItem(_("Background jobs"), "core:job_list", permission="core.view_backgroundjob"),
            MenuItem(_("API documentation"), "api-docs", public=True),
        )
