from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from gtis.core.querysets import RestrictedQuerySet


class Taxonomy(models.Model):
    """A classification of green activities or technologies, as a tree of coded nodes."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.TextField(_("source of the data"), blank=True)
    is_partial = models.BooleanField(
        _("partial"),
        default=False,
        help_text=_("The data covers only part of the official taxonomy."),
    )
    partial_note = models.TextField(_("what is missing"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("catalog:taxonomy_detail", args=[self.code])

    @property
    def display_name(self) -> str:
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return None


class TaxonomyNodeQuerySet(MP_NodeQuerySet, RestrictedQuerySet):
    pass


class TaxonomyNodeManager(MP_NodeManager):
    """Nodes in tree order (treebeard's path), with the platform's `restrict()`."""

    def get_queryset(self) -> TaxonomyNodeQuerySet:
        return TaxonomyNodeQuerySet(self.model, using=self._db).order_by("path")

    def restrict(self, user: Any, action: str = "view") -> TaxonomyNodeQuerySet:
        return self.get_queryset().restrict(user, action)


class TaxonomyNode(MP_Node):
    """A coded node (`1`, `1.1`, `1.1.1`); subtree reads are one query (materialised path)."""

    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="nodes")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    name_en: models.CharField = models.CharField(_("English name"), max_length=300, blank=True)
    description: models.TextField = models.TextField(_("description"), blank=True)
    standards_cited = models.JSONField(_("standards cited"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    notes: models.TextField = models.TextField(_("notes"), blank=True)

    objects = TaxonomyNodeManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("taxonomy node")
        verbose_name_plural = _("taxonomy nodes")
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="taxonomy_node_code_unique")
        ]
        indexes = [models.Index(fields=["taxonomy", "depth"], name="taxonomy_node_level_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    def get_absolute_url(self) -> str:
        return reverse("catalog:node_detail", args=[self.taxonomy.code, self.code])

    @property
    def display_name(self) -> str:
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return None
