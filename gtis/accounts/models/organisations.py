from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.accounts.validators import validate_uscc
from gtis.core.querysets import RestrictedQuerySet


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


class Organisation(models.Model):
    """An organisation whose members act on the platform (the registry engine grows it)."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_uscc],
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="organisation_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation_detail", args=[self.pk])

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return None
