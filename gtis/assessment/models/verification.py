"""ISO 14034 environmental technology verification on an application of a verification scheme:
the applicant's performance claim, kept in versions; the verification body's plan; the test
data sets (existing or newly generated) it accepts or rejects; the report that checks each
claimed parameter against the accepted data; and the public Statement of Verification, sealed
by a code."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Organisation
from gtis.core.querysets import NOTHING, RestrictedQuerySet
from gtis.core.roles import STAFF_ROLES


def plain(value: Decimal) -> str:
    """A stored decimal as people write it: 98.5, 100, not 98.5000 or 1E+2."""
    return format(value.normalize(), "f")


def _verification_restriction(user: Any, application_path: str) -> Q | None:
    """Whoever sees the application sees its verification: staff, the applicant, the panel's
    experts who declared no conflict and the appointed verification body."""
    from gtis.assessment.models.campaigns import Application

    if not getattr(user, "is_authenticated", False):
        return NOTHING
    if user.role in STAFF_ROLES:
        return None
    return Q(**{f"{application_path}__in": Application.objects.restrict(user, "view")})


class PerformanceClaim(models.Model):
    """One version of the applicant's performance claim (ISO 14034 5.3.1): what it claims and,
    optionally, the market listing and green benefit the claim stands behind. A change makes a
    new version; the old ones are kept."""

    application = models.ForeignKey(
        "assessment.Application", on_delete=models.CASCADE, related_name="claims"
    )
    version = models.PositiveIntegerField(_("version"))
    listing = models.ForeignKey(
        "market.Listing",
        verbose_name=_("market listing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    benefit = models.ForeignKey(
        "market.Benefit",
        verbose_name=_("green benefit of the listing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("performance claim")
        verbose_name_plural = _("performance claims")
        ordering = ["application_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "version"], name="performance_claim_version_once"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(subject)s, claim version %(version)d") % {
            "subject": self.application.subject,
            "version": self.version,
        }

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return _verification_restriction(user, "application")


class ClaimedParameter(models.Model):
    """A performance parameter the claim states: its unit, the minimum and maximum performance,
    the operating conditions under which it holds and the medium (ISO 14034 5.3.1)."""

    claim = models.ForeignKey(PerformanceClaim, on_delete=models.CASCADE, related_name="parameters")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("parameter"), max_length=100)
    unit = models.CharField(_("unit"), max_length=30)
    minimum = models.DecimalField(_("minimum"), max_digits=16, decimal_places=4)
    maximum = models.DecimalField(_("maximum"), max_digits=16, decimal_places=4)
    operating_conditions = models.TextField(_("operating conditions"))
    medium = models.CharField(_("medium"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("claimed parameter")
        verbose_name_plural = _("claimed parameters")
        ordering = ["claim_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "name"], name="claimed_parameter_once"),
            models.CheckConstraint(
                condition=Q(maximum__gte=models.F("minimum")), name="claimed_parameter_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.minimum_text}–{self.maximum_text} {self.unit}"

    @property
    def minimum_text(self) -> str:
        return plain(self.minimum)

    @property
    def maximum_text(self) -> str:
        return plain(self.maximum)

    def holds_for(self, value: Decimal) -> bool:
        """Whether a measured value lies within the claimed range."""
        return self.minimum <= value <= self.maximum


class VerificationPlan(models.Model):
    """The verification body's plan (ISO 14034 5.3.2): the claim version it verifies, which of
    its parameters, the test methods and the test data needed."""

    application = models.OneToOneField(
        "assessment.Application", on_delete=models.CASCADE, related_name="verification_plan"
    )
    verifier = models.ForeignKey(
        Organisation,
        verbose_name=_("verification body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    claim = models.ForeignKey(
        PerformanceClaim,
        verbose_name=_("claim version verified"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    parameters = models.JSONField(_("parameters verified"), default=list)
    test_methods = models.TextField(_("test methods"))
    data_requirements = models.TextField(_("test data needed"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verification plan")
        verbose_name_plural = _("verification plans")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return gettext("Verification plan of %(subject)s") % {"subject": self.application.subject}

    def get_absolute_url(self) -> str:
        return self.application.get_absolute_url()

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return _verification_restriction(user, "application")


class DataOrigin(models.TextChoices):
    EXISTING = "existing", _("Existing test data (ISO 14034 5.4.2)")
    NEW = "new", _("Newly generated test data (ISO 14034 5.4.3)")


class DataSetStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")


class VerificationDataSet(models.Model):
    """A test data set: existing or newly generated, by a lab with its accreditation, the values
    measured per parameter; accepted against the plan or not, with the reason, by the
    verification body — never by the staff of the lab that produced it."""

    plan = models.ForeignKey(VerificationPlan, on_delete=models.CASCADE, related_name="data_sets")
    title = models.CharField(_("title"), max_length=200)
    origin = models.CharField(_("origin"), max_length=10, choices=DataOrigin.choices)
    lab = models.ForeignKey(
        Organisation,
        verbose_name=_("test body or laboratory"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    accreditation = models.CharField(
        _("accreditation"),
        max_length=60,
        blank=True,
        help_text=_("The lab's accreditation number, such as CNAS L1234 (ISO/IEC 17025)."),
    )
    operating_conditions = models.TextField(_("operating conditions during the tests"))
    tested_on = models.DateField(_("tested on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DataSetStatus.choices, default=DataSetStatus.PENDING
    )
    review_reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("test data set")
        verbose_name_plural = _("test data sets")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.plan.application.get_absolute_url()

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return _verification_restriction(user, "plan__application")


class Measurement(models.Model):
    """One value a data set measured for a planned parameter, in the claim's unit."""

    data_set = models.ForeignKey(
        VerificationDataSet, on_delete=models.CASCADE, related_name="measurements"
    )
    parameter = models.CharField(_("parameter"), max_length=100)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.parameter} = {self.value_text}"

    @property
    def value_text(self) -> str:
        return plain(self.value)


class VerificationReport(models.Model):
    """The verification report (ISO 14034 5.5.1): for each planned parameter whether the
    accepted data confirm the claim, computed from them, and the verifier's conclusions."""

    plan = models.OneToOneField(VerificationPlan, on_delete=models.CASCADE, related_name="report")
    claim = models.ForeignKey(PerformanceClaim, on_delete=models.PROTECT, related_name="+")
    results = models.JSONField(_("results per parameter"), default=list)
    confirmed = models.BooleanField(_("claim confirmed"))
    conclusions = models.TextField(_("conclusions"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(_("written"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verification report")
        verbose_name_plural = _("verification reports")

    def __str__(self) -> str:
        return gettext("Verification report of %(subject)s") % {
            "subject": self.plan.application.subject
        }


class VerificationStatement(models.Model):
    """The public Statement of Verification (ISO 14034 5.5.2), condensed from a report that
    confirms the claim; its contents are sealed by a code the public page checks."""

    application = models.OneToOneField(
        "assessment.Application", on_delete=models.PROTECT, related_name="verification_statement"
    )
    report = models.OneToOneField(
        VerificationReport, on_delete=models.PROTECT, related_name="statement"
    )
    number = models.CharField(_("statement number"), max_length=40, unique=True)
    code = models.CharField(_("verification code"), max_length=24, unique=True)
    contents = models.JSONField(_("contents"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement of verification")
        verbose_name_plural = _("statements of verification")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("assessment:verification_statement", args=[self.code])
