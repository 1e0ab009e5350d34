from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "gtis.assessment"
    label = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from gtis.assessment import (
            designation_proofs,
            metrics,  # noqa: F401  (registers the metrics)
        )
        from gtis.core.navigation import MenuItem, add_items

        add_items(
            "assessment",
            MenuItem(_("Assessment schemes"), "assessment:scheme_list", public=True),
            MenuItem(_("Campaigns"), "assessment:campaign_list", public=True),
            MenuItem(
                _("My applications"),
                "assessment:my_applications",
                permission="assessment.add_application",
            ),
            MenuItem(_("My reviews"), "assessment:my_assignments", permission="assessment.review"),
            MenuItem(
                _("My obligations"),
                "assessment:obligation_list",
                permission="assessment.add_application",
            ),
            MenuItem(
                _("Obligations board"),
                "assessment:obligation_list",
                permission="assessment.review_obligation",
            ),
            MenuItem(_("Designation actions"), "assessment:designation_actions", public=True),
            MenuItem(
                _("Third-party evaluations"),
                "assessment:my_evaluations",
                permission="assessment.add_application",
            ),
            MenuItem(
                _("New campaign"),
                "assessment:campaign_create",
                permission="assessment.add_campaign",
            ),
            MenuItem(
                _("Write a scheme version"),
                "assessment:scheme_version_create",
                permission="assessment.change_scheme",
            ),
        )
        designation_proofs.register()
