from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "gtis.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from gtis.core import links
        from gtis.core.navigation import MenuItem, add_items
        from gtis.registry import metrics, tasks  # noqa: F401  (registers metrics and jobs)
        from gtis.registry.selectors import (
            policies_for_deliverable,
            standards_cited_by,
            standards_for_deliverable,
        )

        links.register("roadmap.deliverable", policies_for_deliverable)
        links.register("roadmap.deliverable", standards_for_deliverable)
        links.register("catalog.taxonomynode", standards_cited_by)

        add_items(
            "registry",
            MenuItem(_("Directory of organisations"), "registry:directory", public=True),
            MenuItem(_("Expert pool"), "registry:expert_list", public=True),
            MenuItem(_("Networks and alliances"), "registry:network_list", public=True),
            MenuItem(_("Sites"), "registry:site_list", public=True),
            MenuItem(_("Events"), "registry:event_list", public=True),
            MenuItem(_("Programmes and designations"), "registry:programme_list", public=True),
            MenuItem(_("Policies"), "registry:policy_list", public=True),
            MenuItem(_("Standards"), "registry:standard_list", public=True),
            MenuItem(
                _("Import registry data"), "registry:import_start", permission="registry.add_site"
            ),
        )
