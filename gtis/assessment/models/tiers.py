"""Tiers of campaigns (city → province → national): the higher campaign gives each recommending
unit a quota of candidates it may put forward from its own decided list."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Department


class RecommendationQuota(models.Model):
    """How many applications one recommending unit may put forward to a higher-tier campaign."""

    campaign = models.ForeignKey(
        "assessment.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="quotas",
    )
    unit = models.ForeignKey(
        Department,
        verbose_name=_("recommending unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    quota = models.PositiveSmallIntegerField(_("quota"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recommendation quota")
        verbose_name_plural = _("recommendation quotas")
        ordering = ["unit__sort_order", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="recommendation_quota_once_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.quota}"
