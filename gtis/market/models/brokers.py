"""Technology brokers (技术经纪人): certified people of a technology transfer organisation who
consult, design deals and promote them for a commission (佣金), and the ratings the parties of a
closed deal give them."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Organisation
from gtis.core.querysets import RestrictedQuerySet
from gtis.core.roles import STAFF_ROLES
from gtis.market.choices import BrokerLevel, BrokerStatus

# The commission a broker may agree, in percent of the deal's price.
MAX_COMMISSION = Decimal(30)
COMMISSION: dict[str, Any] = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0)), MaxValueValidator(MAX_COMMISSION)],
}


class BrokerProfileQuerySet(RestrictedQuerySet):
    def certified(self) -> "BrokerProfileQuerySet":
        return self.filter(status=BrokerStatus.CERTIFIED)


class BrokerProfile(models.Model):
    """A technology broker: the platform user, the broker organisation they work for, their
    certificate (number, level, certifying body, validity), fields and default commission."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="broker_profile",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("broker organisation"),
        on_delete=models.PROTECT,
        related_name="brokers",
    )
    name = models.CharField(_("name"), max_length=100)
    certificate_number = models.CharField(_("certificate number"), max_length=40, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=BrokerLevel.choices)
    certifying_body = models.CharField(_("certifying body"), max_length=200)
    certified_on = models.DateField(_("certified on"))
    valid_until = models.DateField(_("valid until"))
    expertise = models.ManyToManyField(
        "catalog.TaxonomyNode", verbose_name=_("fields of expertise"), blank=True, related_name="+"
    )
    bio = models.TextField(_("profile"), blank=True)
    commission_rate = models.DecimalField(_("default commission (%)"), **COMMISSION)
    commission_terms = models.TextField(_("commission terms"), blank=True)
    status = FSMField(
        _("status"), max_length=12, choices=BrokerStatus.choices, default=BrokerStatus.APPLIED
    )
    status_reason = models.TextField(_("reason for the last decision"), blank=True)
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = BrokerProfileQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("technology broker")
        verbose_name_plural = _("technology brokers")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(commission_rate__gte=0, commission_rate__lte=MAX_COMMISSION),
                name="broker_commission_0_to_30",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("certified_on")),
                name="broker_certificate_valid_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("market:broker_detail", args=[self.pk])

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        """Everyone sees certified brokers; staff every profile; a user their own."""
        if getattr(user, "is_authenticated", False):
            if user.role in STAFF_ROLES:
                return None
            return Q(status=BrokerStatus.CERTIFIED) | Q(user=user)
        return Q(status=BrokerStatus.CERTIFIED)

    def clean(self) -> None:
        if self.certified_on and self.valid_until and self.valid_until < self.certified_on:
            raise ValidationError(
                {"valid_until": _("The certificate cannot expire before it was issued.")}
            )

    @classmethod
    def sources(cls, transition: str) -> tuple[str, ...]:
        """The statuses the transition `transition` may leave from."""
        return tuple(getattr(cls, transition)._django_fsm.transitions)

    @transition(
        field=status,
        source=[BrokerStatus.APPLIED, BrokerStatus.SUSPENDED],
        target=BrokerStatus.CERTIFIED,
    )
    def certify(self) -> None:
        """Staff checked the certificate: the broker may be assigned to deals."""

    @transition(
        field=status,
        source=[BrokerStatus.APPLIED, BrokerStatus.CERTIFIED],
        target=BrokerStatus.SUSPENDED,
    )
    def suspend(self) -> None:
        """Staff refuse an application or suspend a broker, with the reason."""


class BrokerRating(models.Model):
    """The score (1–5) the buyer or the seller of a closed deal gives its broker, once each."""

    deal = models.ForeignKey("market.Deal", on_delete=models.CASCADE, related_name="broker_ratings")
    broker = models.ForeignKey(
        BrokerProfile, verbose_name=_("broker"), on_delete=models.PROTECT, related_name="ratings"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("rated by"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("rated"), auto_now_add=True)

    class Meta:
        verbose_name = _("broker rating")
        verbose_name_plural = _("broker ratings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="broker_rating_score_1_to_5"
            ),
            models.UniqueConstraint(
                fields=["deal", "organisation"], name="broker_rating_once_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.broker}: {self.score}"
