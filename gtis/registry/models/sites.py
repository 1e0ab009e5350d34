from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Organisation
from gtis.accounts.regions import Province
from gtis.core.querysets import RestrictedQuerySet


class SiteKind(models.TextChoices):
    """The places the 2019 roadmap asks to build or designate (deliverables 5–10, 38–41)."""

    ENGINEERING_CENTRE = "engineering_centre", _("National engineering research centre")
    INNOVATION_CENTRE = "innovation_centre", _("National technology innovation centre")
    SHARING_PLATFORM = "sharing_platform", _("S&T resource sharing platform")
    OBSERVATION_STATION = "observation_station", _("Field ecological observation station")
    DATA_CENTRE = "data_centre", _("Scientific data centre")
    TALENT_BASE = "talent_base", _("Talent training base")
    VOCATIONAL_PILOT = "vocational_pilot", _("Vocational education pilot")
    MAKER_SPACE = "maker_space", _("Maker space")
    DEMONSTRATION_ZONE = "demonstration_zone", _("Demonstration zone")
    PARK_IN_PARK = "park_in_park", _("Park within a park")
    ECO_PARK = "eco_park", _("International cooperation eco-park")
    OTHER = "other", _("Other site")


class SiteStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    BUILDING = "building", _("Under construction")
    OPERATING = "operating", _("Operating")
    CLOSED = "closed", _("Closed")


class Site(models.Model):
    """A base, station, centre, space, zone or park, hosted by an organisation."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=SiteKind.choices)
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_sites",
    )
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    city = models.CharField(_("city"), max_length=50, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SiteStatus.choices, default=SiteStatus.OPERATING
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "province"], name="site_name_region"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="site_coordinates_both_or_neither",
            ),
        ]
        indexes = [models.Index(fields=["province", "kind"], name="site_facet_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:site_detail", args=[self.pk])

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError({missing: _("Give both latitude and longitude, or neither.")})

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return None
