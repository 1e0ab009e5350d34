import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Organisation
from gtis.core.querysets import RestrictedQuerySet
from gtis.core.roles import STAFF_ROLES


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    LIMITED = "limited", pgettext_lazy("availability", "Limited")
    UNAVAILABLE = "unavailable", _("Unavailable")


class Expert(models.Model):
    """A member of the expert pool: fields, title, affiliations and declared relationships,
    which assessments check for conflicts of interest."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("platform account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    title = models.CharField(
        _("professional title"), max_length=100, help_text=_("e.g. 研究员, 教授, 正高级工程师.")
    )
    affiliation = models.ForeignKey(
        Organisation,
        verbose_name=_("affiliation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    fields = models.ManyToManyField(
        "catalog.TaxonomyNode", verbose_name=_("fields"), blank=True, related_name="+"
    )
    expertise = models.TextField(_("expertise"), blank=True)
    availability = models.CharField(
        _("availability"),
        max_length=12,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    availability_note = models.CharField(_("availability note"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_listed = models.BooleanField(
        _("listed in the public pool"),
        default=True,
        help_text=_("Unlisted experts are seen by staff and themselves only."),
    )

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[fields])

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["availability"], name="expert_availability_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:expert_detail", args=[self.pk])

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        """Staff see the whole pool; others see listed experts and their own profile."""
        if getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES:
            return None
        visible = Q(is_listed=True)
        if getattr(user, "is_authenticated", False):
            visible |= Q(user=user.pk)
        return visible


class PastAffiliation(models.Model):
    """Where an expert worked before: assessments keep them away from recent employers."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="past_affiliations")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"))

    class Meta:
        verbose_name = _("past affiliation")
        verbose_name_plural = _("past affiliations")
        ordering = ["-ended_on"]

    def __str__(self) -> str:
        return f"{self.expert}: {self.organisation}"

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.started_on > self.ended_on:
            raise ValidationError({"ended_on": _("The end comes before the start.")})


class RelationshipKind(models.TextChoices):
    SHAREHOLDING = "shareholding", _("Shareholding")
    CONSULTING = "consulting", _("Consulting or part-time post")
    COLLABORATION = "collaboration", _("Research collaboration")
    FAMILY = "family", _("Close relative works there")
    STUDENT = "student", _("Supervisor or student")
    OTHER = "other", _("Other")


class DeclaredRelationship(models.Model):
    """A tie an expert declares to an organisation (回避 in evaluations)."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="relationships")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RelationshipKind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    declared_on = models.DateField(_("declared on"), default=datetime.date.today)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("declared relationship")
        verbose_name_plural = _("declared relationships")
        ordering = ["-declared_on", "id"]

    def __str__(self) -> str:
        return f"{self.expert}: {self.organisation} ({self.get_kind_display()})"

    def in_force_on(self, day: datetime.date) -> bool:
        return self.ends_on is None or self.ends_on >= day
