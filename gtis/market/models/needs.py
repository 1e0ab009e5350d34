from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Organisation
from gtis.accounts.regions import Province
from gtis.core.querysets import NOTHING, RestrictedQuerySet
from gtis.core.roles import STAFF_ROLES
from gtis.market.choices import PUBLIC_NEED_STAGES, CallStatus, NeedStage, OfferStatus


class Need(models.Model):
    """A technology need (demand): a problem, the outcome wanted, budget and modes; it moves
    through CTCN's stages and may open a call for solutions."""

    seeker = models.ForeignKey(
        Organisation, verbose_name=_("seeker"), on_delete=models.PROTECT, related_name="needs"
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    problem = models.TextField(_("problem statement"))
    problem_en = models.TextField(_("English problem statement"), blank=True)
    required_outcome = models.TextField(_("required outcome"))
    nodes = models.ManyToManyField(
        "catalog.TaxonomyNode", verbose_name=_("taxonomy codes"), blank=True, related_name="+"
    )
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    province = models.CharField(_("region"), max_length=2, choices=Province.choices, blank=True)
    programme = models.ForeignKey(
        "registry.Programme",
        verbose_name=_("programme it serves"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deliverable = models.ForeignKey(
        "roadmap.Deliverable",
        verbose_name=_("roadmap deliverable it serves"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    budget_min = models.DecimalField(
        _("budget from (10,000 yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    budget_max = models.DecimalField(
        _("budget up to (10,000 yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    acceptable_modes = models.JSONField(_("acceptable transfer modes"), default=list, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    constraints_text = models.TextField(_("constraints"), blank=True)
    stage = FSMField(
        _("stage"),
        max_length=16,
        choices=NeedStage.choices,
        default=NeedStage.DRAFT,
        protected=False,
    )
    stage_reason = models.TextField(_("reason for the last decision"), blank=True)
    search_title = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_title", "search_body"])

    class Meta:
        verbose_name = _("technology need")
        verbose_name_plural = _("technology needs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_max__isnull=True)
                | Q(budget_min__isnull=True)
                | Q(budget_min__lte=models.F("budget_max")),
                name="need_budget_ordered",
            )
        ]
        indexes = [
            models.Index(fields=["stage", "-created_at"], name="need_stage_idx"),
            models.Index(fields=["seeker", "stage"], name="need_seeker_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("market:need_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.stage in (NeedStage.DRAFT, NeedStage.SUBMITTED)

    def search_texts(self) -> tuple[list[str], list[str]]:
        body = [self.problem, self.problem_en, self.required_outcome, self.industry]
        body += [f"{node.name} {node.name_en}" for node in self.nodes.all()]
        return [self.title, self.title_en], body

    @property
    def is_public(self) -> bool:
        return self.stage in PUBLIC_NEED_STAGES

    def clean(self) -> None:
        if self.deadline and self.created_at and self.deadline < self.created_at.date():
            raise ValidationError({"deadline": _("The deadline has already passed.")})

    @transition(field=stage, source=NeedStage.DRAFT, target=NeedStage.SUBMITTED)
    def submit(self) -> None:
        """The seeker hands the need to the platform."""

    @transition(field=stage, source=NeedStage.SUBMITTED, target=NeedStage.IN_REVIEW)
    def start_review(self) -> None:
        """Staff check that the need is clear and eligible."""

    @transition(field=stage, source=NeedStage.IN_REVIEW, target=NeedStage.SOLUTION_DESIGN)
    def accept(self) -> None:
        """Accepted: public, matched, and open to solutions."""

    @transition(
        field=stage, source=[NeedStage.SUBMITTED, NeedStage.IN_REVIEW], target=NeedStage.DECLINED
    )
    def decline(self) -> None:
        """Not taken up, with the reason."""

    @transition(field=stage, source=NeedStage.SOLUTION_DESIGN, target=NeedStage.IN_PROGRESS)
    def start_work(self) -> None:
        """A solution was chosen and is being carried out."""

    @transition(field=stage, source=NeedStage.IN_PROGRESS, target=NeedStage.COMPLETED)
    def complete(self) -> None:
        """The need is met."""

    @transition(
        field=stage,
        source=[
            NeedStage.DRAFT,
            NeedStage.SUBMITTED,
            NeedStage.IN_REVIEW,
            NeedStage.SOLUTION_DESIGN,
        ],
        target=NeedStage.WITHDRAWN,
    )
    def withdraw(self) -> None:
        """The seeker no longer needs it."""

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        public = Q(stage__in=PUBLIC_NEED_STAGES)
        if not getattr(user, "is_authenticated", False):
            return public if action == "view" else NOTHING
        if user.role in STAFF_ROLES:
            return None
        if not user.organisation_id:
            return public if action == "view" else NOTHING
        own = Q(seeker=user.organisation_id)
        return public | own if action == "view" else own


class SolutionCall(models.Model):
    """A call for solutions (招标/揭榜) opened on a need; technology owners answer with offers."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="calls")
    title = models.CharField(_("title"), max_length=200)
    requirements = models.TextField(_("requirements"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for solutions")
        verbose_name_plural = _("calls for solutions")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="call_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("market:call_detail", args=[self.pk])

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The call closes before it opens.")})

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        need = Need.restriction(user, action)
        if need is None:
            return None
        return Q(pk__in=Need.objects.filter(need).values("calls"))


class Offer(models.Model):
    """A technology owner's answer to a call: the proposal, price and time, compared side by
    side with the others."""

    call = models.ForeignKey(SolutionCall, on_delete=models.CASCADE, related_name="offers")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("bidder"), on_delete=models.PROTECT, related_name="+"
    )
    listing = models.ForeignKey(
        "market.Listing",
        verbose_name=_("listing offered"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    proposal = models.TextField(_("proposal"))
    price = models.DecimalField(_("price (10,000 yuan)"), max_digits=12, decimal_places=2)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"))
    trl = models.PositiveSmallIntegerField(_("technology readiness level"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["price", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "organisation"], name="offer_once_per_bidder")
        ]

    def __str__(self) -> str:
        return f"{self.call}: {self.organisation}"


class Match(models.Model):
    """A listing ranked for a need, with its score and the reasons in words."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches")
    listing = models.ForeignKey("market.Listing", on_delete=models.CASCADE, related_name="matches")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["need", "listing"], name="match_once_per_pair")
        ]
        indexes = [
            models.Index(fields=["need", "-score"], name="match_need_idx"),
            models.Index(fields=["listing", "-score"], name="match_listing_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.need} ↔ {self.listing} ({self.score:.2f})"
