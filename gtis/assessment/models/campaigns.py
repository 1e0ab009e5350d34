"""Campaigns run a scheme version: applications come in during the window, are checked
(eligibility gates, mandatory items, evidence for every indicator, the signed pledge), and go to
a panel of experts drawn from the registry's pool, none with a conflict of interest."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Department, Organisation
from gtis.catalog.choices import EditionKind
from gtis.core.querysets import NOTHING, RestrictedQuerySet
from gtis.core.roles import STAFF_ROLES


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("campaign state", "Open for applications")
    REVIEWING = "reviewing", _("Under review")
    NOTICE = "notice", _("Public notice")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", pgettext_lazy("campaign state", "Closed")


class Tier(models.TextChoices):
    CITY = "city", pgettext_lazy("tier", "City")
    PROVINCE = "province", pgettext_lazy("tier", "Province")
    NATIONAL = "national", pgettext_lazy("tier", "National")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("application state", "Submitted")
    RETURNED = "returned", _("Returned for correction")
    WITHDRAWN = "withdrawn", pgettext_lazy("application state", "Withdrawn")


class AssignmentState(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("No conflict declared")
    DECLINED = "declined", _("Declined")


class Campaign(models.Model):
    """A round of one scheme version, run by a department at one tier, over a window."""

    version = models.ForeignKey(
        "assessment.SchemeVersion",
        verbose_name=_("scheme version"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    title = models.CharField(_("title"), max_length=200)
    organiser = models.ForeignKey(
        Department, verbose_name=_("organising department"), on_delete=models.PROTECT
    )
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    state = FSMField(
        _("state"), max_length=10, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    notice_ends_on = models.DateField(_("public notice ends"), null=True, blank=True)
    feeds = models.ForeignKey(
        "self",
        verbose_name=_("recommends to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fed_by",
        help_text=_("The higher-tier campaign whose candidates come from this one's decided list."),
    )
    evaluator_cap = models.PositiveSmallIntegerField(
        _("applications per third-party evaluator"),
        null=True,
        blank=True,
        help_text=_("Empty: no cap."),
    )
    round_number = models.PositiveSmallIntegerField(
        _("round of review"), default=1, help_text=_("The scheme's round now under way, from 1.")
    )
    publishes_catalogue = models.CharField(
        _("publishes a catalogue"),
        max_length=24,
        choices=EditionKind.choices,
        blank=True,
        help_text=_("The decision publishes the passed applications as an edition of this kind."),
    )
    edition = models.ForeignKey(
        "catalog.CatalogueEdition",
        verbose_name=_("catalogue edition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="campaign_window_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessment:campaign_detail", args=[self.pk])

    @property
    def scheme(self) -> Any:
        return self.version.definition

    @transition(field=state, source=CampaignState.DRAFT, target=CampaignState.OPEN)
    def open(self) -> None:
        """Applications are taken."""

    @transition(field=state, source=CampaignState.OPEN, target=CampaignState.REVIEWING)
    def start_review(self) -> None:
        """Applications close; experts review those submitted."""

    @transition(field=state, source=CampaignState.REVIEWING, target=CampaignState.NOTICE)
    def publish_notice(self) -> None:
        """The proposed list is published for the scheme's notice period; anyone may object."""

    @transition(field=state, source=CampaignState.NOTICE, target=CampaignState.DECIDED)
    def decide(self) -> None:
        """The final decision: designations and certificates."""

    @transition(field=state, source=CampaignState.DECIDED, target=CampaignState.CLOSED)
    def archive(self) -> None:
        """Its business done (recommendations to the next tier made), it is kept for the
        record; its certificates stay in force."""


class Application(models.Model):
    """An applicant's case in a campaign: the facts the gates check, the mandatory items met,
    the evidence for every indicator, and the truthfulness pledge, signed with a hash of what
    was submitted."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        Organisation, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(
        _("subject"),
        max_length=200,
        help_text=_("What is assessed: the factory, product, technology or team, by name."),
    )
    fields = models.ManyToManyField(
        "catalog.TaxonomyNode", verbose_name=_("technical fields"), blank=True, related_name="+"
    )
    facts = models.JSONField(_("facts for the eligibility gates"), default=dict, blank=True)
    mandatory = models.JSONField(_("mandatory items met"), default=dict, blank=True)
    evidence = models.JSONField(_("evidence per indicator"), default=dict, blank=True)
    gate_results = models.JSONField(_("gate results"), default=dict, blank=True)
    panel_score = models.DecimalField(
        _("panel score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    proposed = models.BooleanField(_("on the proposed list"), null=True, blank=True)
    decision_reason = models.TextField(_("decision"), blank=True)
    pledge_hash = models.CharField(_("pledge hash (SHA-256)"), max_length=64, blank=True)
    pledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pledged_at = models.DateTimeField(_("pledge signed"), null=True, blank=True)
    evaluator = models.ForeignKey(
        Organisation,
        verbose_name=_("third-party evaluator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluator_pledge_hash = models.CharField(
        _("liability pledge hash (SHA-256)"), max_length=64, blank=True
    )
    evaluator_pledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evaluator_pledged_at = models.DateTimeField(_("liability pledge signed"), null=True, blank=True)
    recommended_from = models.OneToOneField(
        "self",
        verbose_name=_("recommended from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendation",
    )
    recommended_by = models.ForeignKey(
        Department,
        verbose_name=_("recommending unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = FSMField(
        _("state"), max_length=10, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    state_reason = models.TextField(_("comments"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "applicant", "subject"], name="application_once_per_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.applicant})"

    def get_absolute_url(self) -> str:
        return reverse("assessment:application_detail", args=[self.pk])

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        """Staff see every application; an organisation's members see theirs and those their
        organisation evaluates or verifies; an expert sees those of their panels once they have
        declared no conflict of interest."""
        if not getattr(user, "is_authenticated", False):
            return NOTHING
        if user.role in STAFF_ROLES:
            return None
        mine = Q(
            pk__in=PanelAssignment.objects.filter(expert__user=user, state="accepted").values(
                "application"
            )
        )
        if user.organisation_id:
            mine |= Q(applicant=user.organisation_id)
            # The verification body appointed for an application reviews it (ISO 14034 5.2.2).
            mine |= Q(verification_plan__verifier=user.organisation_id)
            # The third-party evaluator named by an application evaluates it.
            mine |= Q(evaluator=user.organisation_id)
        return mine

    @transition(
        field=state,
        source=[ApplicationState.DRAFT, ApplicationState.RETURNED],
        target=ApplicationState.SUBMITTED,
    )
    def submit(self) -> None:
        """Checked and pledged."""

    @transition(field=state, source=ApplicationState.SUBMITTED, target=ApplicationState.RETURNED)
    def return_for_correction(self) -> None:
        """Back to the applicant with comments."""

    @transition(
        field=state,
        source=[ApplicationState.DRAFT, ApplicationState.SUBMITTED, ApplicationState.RETURNED],
        target=ApplicationState.WITHDRAWN,
    )
    def withdraw(self) -> None:
        """The applicant withdraws."""


class PanelAssignment(models.Model):
    """An expert drawn for an application in one round of review; they declare no conflict
    before seeing its materials, or decline and are replaced."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="panel")
    expert = models.ForeignKey(
        "registry.Expert", verbose_name=_("expert"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=AssignmentState.choices, default=AssignmentState.INVITED
    )
    reason = models.TextField(_("reason"), blank=True)
    round = models.PositiveSmallIntegerField(_("round of review"), default=1)
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("panel assignment")
        verbose_name_plural = _("panel assignments")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert", "round"], name="panel_expert_once_a_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.application}"


class ScoreSheet(models.Model):
    """An expert's scores for one application: an entry and a comment per scored indicator, and
    the total they make under the scheme. Each expert sees only their own."""

    assignment = models.OneToOneField(
        PanelAssignment, on_delete=models.CASCADE, related_name="sheet"
    )
    entries = models.JSONField(_("entries"), default=dict)
    comments = models.JSONField(_("comments"), default=dict)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2)
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")

    def __str__(self) -> str:
        return f"{self.assignment}: {self.total}"


class Objection(models.Model):
    """An objection to an application on a campaign's proposed list, raised by anyone during the
    public notice with reasons and evidence, and answered by the organiser."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="objections"
    )
    name = models.CharField(_("your name or organisation"), max_length=100)
    contact = models.CharField(_("contact (phone or email)"), max_length=100)
    reasons = models.TextField(_("reasons"))
    evidence = models.TextField(_("evidence"), blank=True)
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    upheld = models.BooleanField(_("upheld"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["raised_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.name}"


class AssessmentCertificate(models.Model):
    """The certificate a decision issues with the designation: its contents sealed by a code
    that the public verification page checks; revoked with the designation."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="certificate"
    )
    designation = models.ForeignKey(
        "registry.Designation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    code = models.CharField(_("verification code"), max_length=24, unique=True)
    contents = models.JSONField(_("contents"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment certificate")
        verbose_name_plural = _("assessment certificates")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("assessment:certificate_verify", args=[self.code])
