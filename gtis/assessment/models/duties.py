"""After designation (动态管理): the scheme's duties as dated obligations of each certificate's
holder, the public record of suspensions, reinstatements, removals and renewals, the reminders
sent (each once), and the holders' requests for renewal."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Organisation
from gtis.core.querysets import NOTHING, RestrictedQuerySet
from gtis.core.roles import STAFF_ROLES


class ObligationState(models.TextChoices):
    DUE = "due", pgettext_lazy("obligation state", "Due")
    SUBMITTED = "submitted", pgettext_lazy("obligation state", "Submitted")
    RETURNED = "returned", pgettext_lazy("obligation state", "Returned")
    ACCEPTED = "accepted", pgettext_lazy("obligation state", "Accepted")
    MISSED = "missed", pgettext_lazy("obligation state", "Missed")
    CANCELLED = "cancelled", pgettext_lazy("obligation state", "Cancelled")


OPEN_STATES = (ObligationState.DUE, ObligationState.RETURNED, ObligationState.MISSED)


def _holder_restriction(user: Any) -> Q | None:
    """Staff see every row; an organisation's members see their organisation's."""
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    if user.role in STAFF_ROLES:
        return None
    if user.organisation_id:
        return Q(holder=user.organisation_id)
    return NOTHING


class ObligationQuerySet(RestrictedQuerySet):
    def overdue(self, on: Any) -> "ObligationQuerySet":
        """Open obligations whose grace ended before `on`, not yet marked missed."""
        return self.filter(
            state__in=(ObligationState.DUE, ObligationState.RETURNED), grace_until__lt=on
        )


class Obligation(models.Model):
    """One period's duty of a certificate's holder: what is due by when, what was submitted,
    and whether staff accepted it or returned it."""

    certificate = models.ForeignKey(
        "assessment.AssessmentCertificate",
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="obligations",
    )
    designation = models.ForeignKey(
        "registry.Designation",
        verbose_name=_("designation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    holder = models.ForeignKey(
        Organisation, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="+"
    )
    duty = models.CharField(_("duty"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"))
    grace_until = models.DateField(_("grace ends"))
    on_missed = models.CharField(_("when missed"), max_length=10)
    state = FSMField(
        _("state"), max_length=10, choices=ObligationState.choices, default=ObligationState.DUE
    )
    report = models.TextField(_("report"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    comment = models.TextField(_("comments"), blank=True)
    missed_on = models.DateField(_("missed on"), null=True, blank=True)

    objects = ObligationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "duty", "due_on"], name="obligation_once_per_due_day"
            ),
            models.CheckConstraint(
                condition=Q(grace_until__gte=models.F("due_on")), name="obligation_grace_after_due"
            ),
        ]
        indexes = [models.Index(fields=["state", "grace_until"], name="obligation_state_idx")]

    def __str__(self) -> str:
        return f"{self.name} {self.due_on.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:obligation_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        from django.utils import translation

        language = translation.get_language() or "zh"
        return self.name_en if self.name_en and not language.startswith("zh") else self.name

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return _holder_restriction(user)

    @transition(
        field=state,
        source=[ObligationState.DUE, ObligationState.RETURNED, ObligationState.MISSED],
        target=ObligationState.SUBMITTED,
    )
    def submit(self) -> None:
        """The holder submits the form (late, after a miss, too)."""

    @transition(field=state, source=ObligationState.SUBMITTED, target=ObligationState.ACCEPTED)
    def accept(self) -> None:
        """Staff accept what was submitted."""

    @transition(field=state, source=ObligationState.SUBMITTED, target=ObligationState.RETURNED)
    def return_for_correction(self) -> None:
        """Staff send it back with comments."""

    @transition(
        field=state,
        source=[ObligationState.DUE, ObligationState.RETURNED],
        target=ObligationState.MISSED,
    )
    def miss(self) -> None:
        """The grace passed with nothing accepted."""

    @transition(field=state, source=list(OPEN_STATES), target=ObligationState.CANCELLED)
    def cancel(self) -> None:
        """The designation ended: nothing more is due."""


class ActionKind(models.TextChoices):
    SUSPEND = "suspend", _("Suspended")
    REINSTATE = "reinstate", _("Reinstated")
    REMOVE = "remove", _("Removed")
    RENEW = "renew", _("Renewed")


class ActionCause(models.TextChoices):
    MISSED_DUTY = "missed_duty", _("Duty missed")
    DUTY_ACCEPTED = "duty_accepted", _("Duty fulfilled")
    CREDIT_RECORD = "credit_record", _("Credit record")
    CREDIT_CLEARED = "credit_cleared", _("Credit record repaired or expired")
    RE_REVIEW = "re_review", _("Re-review (复核)")
    RENEWAL = "renewal", _("Renewal")


class DesignationAction(models.Model):
    """A public record of what happened to a designation after it was granted: the date, the
    action, its cause and the reason given."""

    certificate = models.ForeignKey(
        "assessment.AssessmentCertificate",
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    designation = models.ForeignKey(
        "registry.Designation",
        verbose_name=_("designation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=ActionKind.choices)
    cause = models.CharField(_("cause"), max_length=20, choices=ActionCause.choices)
    reason = models.TextField(_("reason"))
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    credit_record = models.ForeignKey(
        "registry.CreditRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    taken_on = models.DateField(_("date"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("designation action")
        verbose_name_plural = _("designation actions")
        ordering = ["-taken_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.taken_on.isoformat()}"


class Reminder(models.Model):
    """A reminder sent to a certificate's holder, kept so that each is sent once: `key` is
    "expiry:90", "expiry:30" or "due:<obligation>"."""

    certificate = models.ForeignKey(
        "assessment.AssessmentCertificate", on_delete=models.CASCADE, related_name="reminders"
    )
    key = models.CharField(_("reminder"), max_length=40)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "key"], name="reminder_sent_once")
        ]

    def __str__(self) -> str:
        return self.key


class RenewalState(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("renewal", "Requested")
    GRANTED = "granted", pgettext_lazy("renewal", "Granted")
    REFUSED = "refused", pgettext_lazy("renewal", "Refused")


class RenewalRequest(models.Model):
    """A holder's request to renew a designation before it expires; staff grant it after the
    re-review (复核), extending the validity, or refuse it with the reason."""

    certificate = models.ForeignKey(
        "assessment.AssessmentCertificate",
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="renewals",
    )
    holder = models.ForeignKey(
        Organisation, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="+"
    )
    statement = models.TextField(_("statement"))
    state = models.CharField(
        _("state"), max_length=10, choices=RenewalState.choices, default=RenewalState.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("renewal request")
        verbose_name_plural = _("renewal requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate"],
                condition=Q(state="requested"),
                name="renewal_one_open_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate} ({self.get_state_display()})"

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return _holder_restriction(user)
