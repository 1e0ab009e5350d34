from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Organisation
from gtis.accounts.regions import Province
from gtis.core.querysets import RestrictedQuerySet


class EventKind(models.TextChoices):
    EXPO = "expo", _("Expo")
    FORUM = "forum", _("Forum")
    CEREMONY = "ceremony", _("Signing ceremony")
    ROADSHOW = "roadshow", _("Roadshow")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other event")


class Event(models.Model):
    """An expo, forum or ceremony: its organisers, participants, and the deals signed there."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    organisers = models.ManyToManyField(
        Organisation, verbose_name=_("organisers"), blank=True, related_name="organised_events"
    )
    participants = models.ManyToManyField(
        Organisation, verbose_name=_("participants"), blank=True, related_name="attended_events"
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[organisers])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "starts_on"], name="event_name_date"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:event_detail", args=[self.pk])

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The event ends before it starts.")})

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return None
