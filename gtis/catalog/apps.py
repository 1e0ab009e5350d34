from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gtis.catalog"
    label = "catalog"
    verbose_name = _("Catalogues")

    def ready(self) -> None:
        from gtis.core.navigation import MenuItem, add_items

        add_items(
            "catalog",
            MenuItem(_("Taxonomies"), "catalog:taxonomy_list", public=True),
            MenuItem(_("Catalogue editions"), "catalog:edition_list", public=True),
            MenuItem(_("Classify a text"), "catalog:classify", public=True),
            MenuItem(_("Elimination check"), "catalog:elimination_check", public=True),
        )
