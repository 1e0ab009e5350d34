import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.core import metrics
from gtis.core.querysets import RestrictedQuerySet
from gtis.roadmap.models.plans import Deliverable, Plan


class Indicator(models.Model):
    """A measure of a plan's progress: entered by hand, or bound to a live platform metric."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=4, default=0)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4)
    metric_key = models.CharField(
        _("live metric"),
        max_length=100,
        blank=True,
        help_text=_("A figure another engine computes; empty when values are entered by hand."),
    )
    deliverables = models.ManyToManyField(
        Deliverable, verbose_name=_("deliverables"), related_name="indicators", blank=True
    )

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[deliverables])

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="indicator_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def value_on(self, as_of: datetime.date, today: datetime.date) -> Decimal | None:
        """The live metric (as it stood on `as_of`), else the latest value recorded by then."""
        if self.metric_key:
            live = metrics.get(self.metric_key).value_on(as_of, today)
            if live is not None:
                return Decimal(live)
        recorded = [v for v in self.values.all() if v.measured_on <= as_of]
        return max(recorded, key=lambda v: v.measured_on).value if recorded else None

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return Q(plan__is_published=True) if not getattr(user, "is_authenticated", False) else None


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    source = models.CharField(_("source"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["indicator", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="indicator_value_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"
