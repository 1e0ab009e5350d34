import datetime
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Organisation, Verification
from gtis.core.querysets import RestrictedQuerySet
from gtis.core.roles import STAFF_ROLES


class CreditKind(models.TextChoices):
    """What a credit record is for; the market rules refuse some kinds while they are active."""

    # 知识产权领域严重失信 (严重侵权): the serious infringement the market rules gate on.
    SERIOUS_IP_INFRINGEMENT = (
        "serious_ip_infringement",
        _("Serious dishonesty in intellectual property (serious infringement)"),
    )
    SERIOUS_DISHONESTY = "serious_dishonesty", _("Other serious dishonesty")
    ENVIRONMENTAL_VIOLATION = "environmental_violation", _("Environmental violation")


class CreditStanding(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("credit record", "Active")
    EXPIRED = "expired", _("Expired")
    REPAIRED = "repaired", _("Repaired")


class CreditRecordQuerySet(RestrictedQuerySet):
    def active(self, on: datetime.date | None = None) -> Self:
        """Records in force on `on` (today): decided by then, not expired, not yet repaired."""
        day = on or timezone.localdate()
        return self.filter(
            Q(in_force_until__isnull=True) | Q(in_force_until__gte=day),
            Q(repaired_on__isnull=True) | Q(repaired_on__gt=day),
            decided_on__lte=day,
        )


class CreditRecord(models.Model):
    """A decision that puts an organisation on a dishonesty or violation list (失信记录), kept
    until it expires or is repaired (信用修复). Engines such as the IP engine write them through
    the registry's services; the market rules read the active ones."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="credit_records",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=CreditKind.choices)
    authority = models.CharField(_("deciding authority"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=100)
    decided_on = models.DateField(_("decided on"))
    summary = models.TextField(_("summary"))
    in_force_until = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("Empty: in force until it is repaired."),
    )
    repaired_on = models.DateField(_("repaired or withdrawn on"), null=True, blank=True)
    repair_reason = models.TextField(_("reason for the repair"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    repaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = CreditRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("credit record")
        verbose_name_plural = _("credit records")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "authority", "document_number"],
                name="credit_record_once_per_decision",
            ),
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True) | Q(in_force_until__gte=F("decided_on")),
                name="credit_record_in_force_after_decision",
            ),
            models.CheckConstraint(
                condition=Q(repaired_on__isnull=True) | Q(repaired_on__gte=F("decided_on")),
                name="credit_record_repaired_after_decision",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "kind"], name="credit_record_org_idx")]

    def __str__(self) -> str:
        return f"{self.authority} {self.document_number}"

    def get_absolute_url(self) -> str:
        return f"{self.organisation.get_absolute_url()}#credit-records"

    def clean(self) -> None:
        errors = {}
        if self.decided_on and self.in_force_until and self.in_force_until < self.decided_on:
            errors["in_force_until"] = _("A record cannot end before it was decided.")
        if self.decided_on and self.repaired_on and self.repaired_on < self.decided_on:
            errors["repaired_on"] = _("A record cannot be repaired before it was decided.")
        if errors:
            raise ValidationError(errors)

    def standing_on(self, day: datetime.date) -> str:
        """Repaired, expired or active on `day`."""
        if self.repaired_on and self.repaired_on <= day:
            return CreditStanding.REPAIRED
        if self.in_force_until and self.in_force_until < day:
            return CreditStanding.EXPIRED
        return CreditStanding.ACTIVE

    def is_active_on(self, day: datetime.date) -> bool:
        return self.decided_on <= day and self.standing_on(day) == CreditStanding.ACTIVE

    @property
    def standing(self) -> str:
        """Its standing today."""
        return self.standing_on(timezone.localdate())

    def get_standing_display(self) -> str:
        return str(CreditStanding(self.standing).label)

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        """Staff see every record; others those of the organisations they may see."""
        if getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES:
            return None
        visible = Q(organisation__verification=Verification.VERIFIED)
        if getattr(user, "organisation_id", None):
            visible |= Q(organisation=user.organisation_id)
        return visible
