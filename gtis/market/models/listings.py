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
from gtis.accounts.regions import Province
from gtis.core.querysets import NOTHING, RestrictedQuerySet
from gtis.core.roles import STAFF_ROLES
from gtis.market.choices import (
    BenefitMetric,
    DisclosureStatus,
    IPKind,
    IPStatus,
    ListingStatus,
    PriceKind,
    TransferMode,
)

# The owner may edit a listing while it is in one of these states.
EDITABLE = (ListingStatus.DRAFT, ListingStatus.CHANGES_REQUESTED)


class ListingQuerySet(RestrictedQuerySet):
    def published(self) -> "ListingQuerySet":
        return self.filter(status=ListingStatus.PUBLISHED)


class Listing(models.Model):
    """A green technology offered on the market (supply): public summary, confidential detail
    released under a non-disclosure agreement, codes, readiness, benefits, IP, modes and price."""

    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="listings",
    )
    broker = models.ForeignKey(
        Organisation,
        verbose_name=_("broker organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brokered_listings",
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    summary = models.TextField(_("public summary"))
    summary_en = models.TextField(_("English summary"), blank=True)
    confidential_detail = models.TextField(
        _("confidential detail"),
        blank=True,
        help_text=_("Released only to buyers whose non-disclosure agreement you accepted."),
    )
    nodes = models.ManyToManyField(
        "catalog.TaxonomyNode", verbose_name=_("taxonomy codes"), blank=True, related_name="+"
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("1 (basic principles observed) to 9 (proven in operation)."),
    )
    province = models.CharField(_("region"), max_length=2, choices=Province.choices, blank=True)
    developed_in = models.JSONField(_("developed in"), default=list, blank=True)
    deployed_in = models.JSONField(_("deployed in"), default=list, blank=True)
    transfer_modes = models.JSONField(_("transfer modes"), default=list, blank=True)
    price_kind = models.CharField(
        _("price"), max_length=10, choices=PriceKind.choices, default=PriceKind.NEGOTIABLE
    )
    price_min = models.DecimalField(
        _("price from (10,000 yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    price_max = models.DecimalField(
        _("price up to (10,000 yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = FSMField(
        _("status"),
        max_length=20,
        choices=ListingStatus.choices,
        default=ListingStatus.DRAFT,
        protected=False,
    )
    status_reason = models.TextField(_("reason for the last decision"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    search_title = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ListingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_title", "search_body"])

    class Meta:
        verbose_name = _("technology listing")
        verbose_name_plural = _("technology listings")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(trl__gte=1, trl__lte=9), name="listing_trl_1_to_9"),
            models.CheckConstraint(
                condition=Q(price_max__isnull=True)
                | Q(price_min__isnull=True)
                | Q(price_min__lte=models.F("price_max")),
                name="listing_price_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="listing_status_idx"),
            models.Index(fields=["owner", "status"], name="listing_owner_idx"),
            models.Index(fields=["province", "status"], name="listing_region_idx"),
            models.Index(fields=["trl", "status"], name="listing_trl_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("market:listing_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_moderatable(self) -> bool:
        return self.status in (
            ListingStatus.SUBMITTED,
            ListingStatus.IN_MODERATION,
            ListingStatus.PUBLISHED,
            ListingStatus.SUSPENDED,
        )

    @property
    def mode_labels(self) -> list[str]:
        return [str(TransferMode(m).label) for m in self.transfer_modes if m in TransferMode.values]

    def search_texts(self) -> tuple[list[str], list[str]]:
        """The texts searched: title first, then the public body (never the confidential
        detail)."""
        body = [self.summary, self.summary_en, self.owner.name]
        body += [f"{node.name} {node.name_en}" for node in self.nodes.all()]
        body += [str(benefit) for benefit in self.benefits.all()]
        return [self.title, self.title_en], body

    def clean(self) -> None:
        errors = {}
        if self.price_kind in ("fixed", "reserve") and self.price_min is None:
            errors["price_min"] = _("Give the price.")
        if self.price_kind == "range" and (self.price_min is None or self.price_max is None):
            errors["price_max"] = _("Give both ends of the price range.")
        if not self.transfer_modes:
            errors["transfer_modes"] = _("Choose at least one transfer mode.")
        if errors:
            raise ValidationError(errors)

    @transition(field=status, source=list(EDITABLE), target=ListingStatus.SUBMITTED)
    def submit(self) -> None:
        """The owner hands the listing to the moderators."""

    @transition(field=status, source=ListingStatus.SUBMITTED, target=ListingStatus.IN_MODERATION)
    def take_for_moderation(self) -> None:
        """A moderator starts the review."""

    @transition(
        field=status,
        source=[ListingStatus.SUBMITTED, ListingStatus.IN_MODERATION],
        target=ListingStatus.PUBLISHED,
    )
    def approve(self) -> None:
        """Published: the public sees the summary."""

    @transition(
        field=status,
        source=[ListingStatus.SUBMITTED, ListingStatus.IN_MODERATION],
        target=ListingStatus.CHANGES_REQUESTED,
    )
    def request_changes(self) -> None:
        """Back to the owner with what to change."""

    @transition(
        field=status,
        source=[ListingStatus.SUBMITTED, ListingStatus.IN_MODERATION],
        target=ListingStatus.REJECTED,
    )
    def reject(self) -> None:
        """Refused, with the reason."""

    @transition(field=status, source=ListingStatus.PUBLISHED, target=ListingStatus.SUSPENDED)
    def suspend(self) -> None:
        """Taken off the market by staff (a complaint, an IP dispute)."""

    @transition(field=status, source=ListingStatus.SUSPENDED, target=ListingStatus.PUBLISHED)
    def reinstate(self) -> None:
        """Back on the market."""

    @transition(
        field=status,
        source=[
            ListingStatus.DRAFT,
            ListingStatus.SUBMITTED,
            ListingStatus.CHANGES_REQUESTED,
            ListingStatus.PUBLISHED,
            ListingStatus.SUSPENDED,
        ],
        target=ListingStatus.WITHDRAWN,
    )
    def withdraw(self) -> None:
        """The owner takes the listing off the market."""

    @transition(field=status, source=ListingStatus.PUBLISHED, target=ListingStatus.EXPIRED)
    def expire(self) -> None:
        """Its listing period ended."""

    @transition(field=status, source=ListingStatus.PUBLISHED, target=ListingStatus.TRANSFERRED)
    def mark_transferred(self) -> None:
        """A deal transferred the technology."""

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        """Staff see every listing; the owner's and broker's members see theirs; everyone
        else sees published ones."""
        public = Q(status=ListingStatus.PUBLISHED)
        if not getattr(user, "is_authenticated", False):
            return public if action == "view" else NOTHING
        if user.role in STAFF_ROLES:
            return None
        own = Q(owner=user.organisation_id) | Q(broker=user.organisation_id)
        if not user.organisation_id:
            return public if action == "view" else NOTHING
        return public | own if action == "view" else own


class ListingShare(models.Model):
    """A co-owner's share of a listing owned by several organisations."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("co-owner"), on_delete=models.PROTECT, related_name="+"
    )
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("co-owner")
        verbose_name_plural = _("co-owners")
        constraints = [
            models.UniqueConstraint(fields=["listing", "organisation"], name="listing_share_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.share}%"


class Benefit(models.Model):
    """A green benefit with its figure (e.g. energy saved 15 %, CO₂ avoided 1,200 t/yr)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="benefits")
    metric = models.CharField(_("benefit"), max_length=20, choices=BenefitMetric.choices)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30)
    description = models.CharField(_("description"), max_length=200, blank=True)
    verified = models.BooleanField(_("verified by an assessment"), default=False)
    verification_reference = models.CharField(_("assessment reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("green benefit")
        verbose_name_plural = _("green benefits")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.value} {self.unit}"


class IPRecord(models.Model):
    """A patent, software copyright or other right behind a listing."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="ip_records")
    kind = models.CharField(_("kind"), max_length=20, choices=IPKind.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    legal_status = models.CharField(
        _("legal status"), max_length=12, choices=IPStatus.choices, default=IPStatus.GRANTED
    )
    territory = models.CharField(_("territory"), max_length=40, default="CN")

    class Meta:
        verbose_name = _("IP record")
        verbose_name_plural = _("IP records")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()


class ListingReview(models.Model):
    """A moderator's decision on a listing, with the reason the owner sees."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REQUEST_CHANGES = "request_changes", _("Changes requested")
        REJECT = "reject", _("Rejected")
        SUSPEND = "suspend", _("Suspended")
        REINSTATE = "reinstate", _("Reinstated")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(_("moderation decision"), max_length=16, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.listing}: {self.get_decision_display()}"


class Disclosure(models.Model):
    """A buyer's request for a listing's confidential detail under the platform's
    non-disclosure agreement: requested (the buyer accepted the terms) → granted by the owner."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="disclosures")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("buyer"), on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    terms_version = models.CharField(_("agreement version"), max_length=20)
    terms_accepted_at = models.DateTimeField(_("agreement accepted"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DisclosureStatus.choices,
        default=DisclosureStatus.REQUESTED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("disclosure under NDA")
        verbose_name_plural = _("disclosures under NDA")
        ordering = ["-terms_accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "organisation"], name="disclosure_once_per_buyer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.listing} → {self.organisation}"
