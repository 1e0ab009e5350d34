import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Department, Organisation
from gtis.core.querysets import RestrictedQuerySet


class Programme(models.Model):
    """A programme or list that designates organisations (绿色工厂名单, “十百千”行动 …)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    validity_years = models.PositiveSmallIntegerField(
        _("validity (years)"),
        null=True,
        blank=True,
        help_text=_("Empty when a designation does not expire."),
    )
    source = models.TextField(_("source of the data"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:programme_detail", args=[self.code])

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return None


class DesignationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    SUSPENDED = "suspended", _("Suspended")


class Designation(models.Model):
    """An organisation or a site designated under a programme, with its batch, date and
    evaluator; renewed or revoked later (动态管理)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="designations")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="designations"
    )
    site = models.ForeignKey(
        "registry.Site",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="designations",
    )
    title = models.CharField(_("title or tier"), max_length=200, blank=True)
    batch = models.CharField(_("batch"), max_length=200, blank=True)
    designated_on = models.DateField(_("designated on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DesignationStatus.choices,
        default=DesignationStatus.ACTIVE,
    )
    source_document = models.CharField(_("source document"), max_length=300, blank=True)
    source_url = models.URLField(_("source link"), max_length=400, blank=True)
    evaluator = models.CharField(_("third-party evaluator"), max_length=200, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    renewed_on = models.DateField(_("last renewed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        ordering = ["programme", "batch", "id"]
        constraints = [
            # One organisation may hold several titles of one batch (two factories, two
            # products), each once.
            models.UniqueConstraint(
                fields=["programme", "organisation", "batch", "title"],
                name="designation_once_per_batch",
            ),
            models.UniqueConstraint(
                fields=["programme", "site", "batch"], name="site_designation_once_per_batch"
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=True, site__isnull=False)
                | Q(organisation__isnull=False, site__isnull=True),
                name="designation_of_organisation_or_site",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="designation_org_idx")]

    def __str__(self) -> str:
        return f"{self.programme}: {self.subject}"

    @property
    def subject(self) -> Any:
        """The organisation or site designated."""
        return self.organisation if self.organisation_id else self.site

    def standing_on(self, day: datetime.date) -> str:
        """Active, expired (past its validity), suspended or revoked, on `day`."""
        if self.status == DesignationStatus.ACTIVE and self.valid_until and self.valid_until < day:
            return DesignationStatus.EXPIRED
        return self.status

    def in_force_on(self, day: datetime.date) -> bool:
        return (
            self.status == DesignationStatus.ACTIVE
            and (self.designated_on is None or self.designated_on <= day)
            and (self.valid_until is None or self.valid_until >= day)
        )

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return None
