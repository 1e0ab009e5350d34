import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Department
from gtis.catalog.choices import EditionKind, EditionStatus, ObjectionStatus
from gtis.catalog.models.taxonomy import TaxonomyNode
from gtis.core.querysets import NOTHING, RestrictedQuerySet
from gtis.core.roles import STAFF_ROLES, Role

PUBLIC_STATUSES = (EditionStatus.PUBLIC_NOTICE, EditionStatus.PUBLISHED, EditionStatus.SUPERSEDED)


class EditionQuerySet(RestrictedQuerySet):
    def in_force_on(self, day: datetime.date) -> "EditionQuerySet":
        """Editions published by `day` and not yet superseded then."""
        return self.filter(published_on__lte=day).filter(
            Q(superseded_on__isnull=True) | Q(superseded_on__gt=day)
        )


class CatalogueEdition(models.Model):
    """One edition of a published list (guidance, promotion, elimination, procurement…)."""

    kind = models.CharField(_("kind"), max_length=24, choices=EditionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    issuing_departments = models.ManyToManyField(
        Department, verbose_name=_("issuing departments"), blank=True, related_name="+"
    )
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    status = FSMField(
        _("status"),
        max_length=16,
        choices=EditionStatus.choices,
        default=EditionStatus.DRAFT,
        protected=False,
    )
    notice_starts_on = models.DateField(_("public notice from"), null=True, blank=True)
    notice_ends_on = models.DateField(_("public notice until"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    owner_department = models.ForeignKey(
        Department,
        verbose_name=_("managing department"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EditionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[issuing_departments])

    class Meta:
        verbose_name = _("catalogue edition")
        verbose_name_plural = _("catalogue editions")
        ordering = ["kind", "-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_ends_on__isnull=True)
                | Q(notice_starts_on__lte=models.F("notice_ends_on")),
                name="edition_notice_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:edition_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (EditionStatus.DRAFT, EditionStatus.IN_REVIEW)

    @transition(field=status, source=EditionStatus.DRAFT, target=EditionStatus.IN_REVIEW)
    def submit_for_review(self) -> None:
        """Entries are complete; the managing department reviews them."""

    @transition(field=status, source=EditionStatus.IN_REVIEW, target=EditionStatus.DRAFT)
    def return_to_draft(self) -> None:
        """Back to the drafters."""

    @transition(field=status, source=EditionStatus.IN_REVIEW, target=EditionStatus.PUBLIC_NOTICE)
    def open_public_notice(self) -> None:
        """公示: anyone may read the edition and file an objection until the notice ends."""

    @transition(field=status, source=EditionStatus.PUBLIC_NOTICE, target=EditionStatus.PUBLISHED)
    def publish(self) -> None:
        """发布: in force from its publication date."""

    @transition(field=status, source=EditionStatus.PUBLISHED, target=EditionStatus.SUPERSEDED)
    def supersede(self) -> None:
        """A later edition of the same kind replaced it."""

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        public = Q(status__in=PUBLIC_STATUSES)
        if not getattr(user, "is_authenticated", False):
            return public if action == "view" else NOTHING
        if user.role in STAFF_ROLES:
            return None
        if user.role == Role.DEPARTMENT_OFFICER:
            return (
                public | Q(owner_department_id=user.department_id)
                if action == "view"
                else Q(owner_department_id=user.department_id)
            )
        return public if action == "view" else NOTHING


class CatalogueEntry(models.Model):
    """An item of an edition; `key` matches the same item across editions for differences."""

    edition = models.ForeignKey(CatalogueEdition, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(
        _("number"),
        max_length=40,
        help_text=_("The item's number in the list; it identifies the item across editions."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    scope = models.TextField(_("conditions or scope of application"), blank=True)
    nodes: models.ManyToManyField = models.ManyToManyField(
        TaxonomyNode, verbose_name=_("taxonomy codes"), blank=True, related_name="catalogue_entries"
    )
    reference_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reference_id = models.CharField(max_length=64, blank=True)
    reference_label = models.CharField(_("refers to"), max_length=200, blank=True)
    banned_from = models.DateField(_("banned from"), null=True, blank=True)
    replacement = models.CharField(_("replaced by"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[nodes])

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        ordering = ["edition", "id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="entry_key_unique_in_edition")
        ]

    def __str__(self) -> str:
        return f"{self.key}. {self.title}"

    @property
    def reference_url(self) -> str:
        """The page of the record the entry refers to (built without loading it)."""
        if self.reference_type is None or not self.reference_id:
            return ""
        model = self.reference_type.model_class()
        record: Any = model(pk=self.reference_id) if model else None
        return record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        editions = CatalogueEdition.restriction(user, action)
        if editions is None:
            return None
        return Q(edition__in=CatalogueEdition.objects.filter(editions).values("pk"))


class Objection(models.Model):
    """An objection filed during an edition's public notice (公示异议)."""

    edition = models.ForeignKey(
        CatalogueEdition, on_delete=models.CASCADE, related_name="objections"
    )
    entry = models.ForeignKey(
        CatalogueEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
        verbose_name=_("entry"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filer_name = models.CharField(_("name"), max_length=100)
    filer_contact = models.CharField(_("contact"), max_length=100)
    text = models.TextField(_("objection"))
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    response = models.TextField(_("response"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["edition", "filed_at"]

    def __str__(self) -> str:
        return self.text[:60]
