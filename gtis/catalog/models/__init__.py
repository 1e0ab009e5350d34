from gtis.catalog.models.classifier import ClassifierModel
from gtis.catalog.models.editions import CatalogueEdition, CatalogueEntry, Objection
from gtis.catalog.models.taxonomy import Taxonomy, TaxonomyNode

__all__ = [
    "CatalogueEdition",
    "CatalogueEntry",
    "ClassifierModel",
    "Objection",
    "Taxonomy",
    "TaxonomyNode",
]
