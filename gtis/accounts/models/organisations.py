from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.accounts.regions import Province
from gtis.accounts.validators import validate_uscc
from gtis.core.querysets import RestrictedQuerySet
from gtis.core.roles import STAFF_ROLES


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    VOCATIONAL_SCHOOL = "vocational_school", _("Vocational school")
    FINANCIAL_INSTITUTION = "financial_institution", _("Financial institution")
    INTERMEDIARY = "intermediary", _("Intermediary")
    INDUSTRY_ASSOCIATION = "industry_association", _("Industry association")
    GOVERNMENT_BODY = "government_body", _("Government body")
    PARK = "park", _("Park")
    OTHER = "other", _("Other")


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified")
    VERIFIED = "verified", _("Verified")
    SUSPENDED = "suspended", _("Suspended")


class OrganisationSize(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")


class OrganisationQuerySet(RestrictedQuerySet):
    def verified(self) -> "OrganisationQuerySet":
        return self.filter(verification=Verification.VERIFIED)


class Organisation(models.Model):
    """An organisation of the innovation system: its members act on the platform, the registry
    engine verifies and designates it."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_uscc],
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=8, choices=OrganisationSize.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    public_contact = models.CharField(_("public contact"), max_length=200, blank=True)
    private_contact = models.TextField(
        _("private contact"),
        blank=True,
        help_text=_("Seen only by the organisation's members and staff."),
    )
    verification = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "province"], name="organisation_name_region"),
        ]
        indexes = [models.Index(fields=["province", "kind"], name="organisation_facet_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:organisation_detail", args=[self.pk])

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        """Staff see all; others see verified organisations and their own."""
        if getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES:
            return None
        visible = Q(verification=Verification.VERIFIED)
        if getattr(user, "organisation_id", None):
            visible |= Q(pk=user.organisation_id)
        return visible
