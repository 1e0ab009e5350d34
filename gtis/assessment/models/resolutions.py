"""The panel's decision on each application, round by round, as the organiser records it: the
outcome the panel's scores give, confirmed, or overridden with written reasons."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Outcome(models.TextChoices):
    ADVANCED = "advanced", _("Advanced to the next round")
    NOT_ADVANCED = "not_advanced", _("Not advanced")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


# The outcomes that end a round which is not the last, and those of the last round.
ROUND_OUTCOMES = (Outcome.ADVANCED, Outcome.NOT_ADVANCED)
FINAL_OUTCOMES = (Outcome.PASSED, Outcome.FAILED)


class PanelResolution(models.Model):
    """The panel's recorded decision on one application in one round: the outcome and the
    score it rests on, its rank in the round, the reasons in words, and what the scores alone
    gave (`computed`), so that an override shows for what it is."""

    application = models.ForeignKey(
        "assessment.Application", on_delete=models.CASCADE, related_name="resolutions"
    )
    round = models.PositiveSmallIntegerField(_("round of review"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    computed = models.CharField(
        _("outcome by the scores"), max_length=12, choices=Outcome.choices, blank=True
    )
    score = models.DecimalField(
        _("panel score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    reasons = models.TextField(_("reasons"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("panel resolution")
        verbose_name_plural = _("panel resolutions")
        ordering = ["round", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round"], name="panel_resolution_once_a_round"
            ),
            models.CheckConstraint(condition=~Q(reasons=""), name="panel_resolution_has_reasons"),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_outcome_display()}"

    @property
    def overridden(self) -> bool:
        """The organiser decided otherwise than the scores gave."""
        return bool(self.computed) and self.computed != self.outcome
