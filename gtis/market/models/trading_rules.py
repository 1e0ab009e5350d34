from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.market.choices import IPStatus, TradingRuleCode
from gtis.registry.models import CreditKind

# What a rule takes when staff have not set it: switched on, with these parameters.
DEFAULT_PARAMETERS: dict[str, dict[str, Any]] = {
    TradingRuleCode.VERIFIED_ORGANISATION: {},
    TradingRuleCode.NOT_ELIMINATED: {},
    TradingRuleCode.VALID_PATENTS: {"refused_statuses": [IPStatus.EXPIRED, IPStatus.INVALIDATED]},
    # The kinds of credit record (registry) that keep an organisation off the market.
    TradingRuleCode.NO_SERIOUS_INFRINGEMENT: {"kinds": [CreditKind.SERIOUS_IP_INFRINGEMENT]},
}


class TradingRule(models.Model):
    """A market rule as data: staff switch it on or off and set its parameters; every change
    is kept in its history."""

    code = models.CharField(
        _("rule"), max_length=40, primary_key=True, choices=TradingRuleCode.choices
    )
    enabled = models.BooleanField(_("in force"), default=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("market rule")
        verbose_name_plural = _("market rules")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())
