"""Public sales of a technology as the exchanges run them: a listing with public notice (挂牌)
that goes to bidding when two or more registered buyers qualify, and auctions (拍卖) with a
reserve, a minimum increment and an anti-sniping extension. Either ends in a deal with the
winner; the others' deposits are marked for refund."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Organisation
from gtis.market.choices import (
    DepositStatus,
    RegistrationStatus,
    SaleMethod,
    SaleState,
    TransferMode,
)
from gtis.market.models.deals import AMOUNT

LIVE_STATES = (SaleState.NOTICE, SaleState.BIDDING)


class Sale(models.Model):
    """A listing offered in public: notice and intent registration until `notice_ends_at`,
    then bidding until `bidding_ends_at` (pushed back by late bids)."""

    listing = models.ForeignKey(
        "market.Listing", verbose_name=_("listing"), on_delete=models.PROTECT, related_name="sales"
    )
    method = models.CharField(_("method"), max_length=10, choices=SaleMethod.choices)
    mode = models.CharField(_("transfer mode"), max_length=24, choices=TransferMode.choices)
    state = FSMField(_("state"), max_length=10, choices=SaleState.choices, default=SaleState.NOTICE)
    state_reason = models.TextField(_("reason"), blank=True)
    price = models.DecimalField(
        _("listed or starting price (yuan)"),
        help_text=_("A listed sale closes at no less than this; an auction's bids start here."),
        **AMOUNT,
    )
    reserve = models.DecimalField(
        _("reserve (yuan)"),
        help_text=_("An auction sells only at or above it; bidders see only whether it is met."),
        null=True,
        blank=True,
        **AMOUNT,
    )
    increment = models.DecimalField(
        _("minimum increment (yuan)"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    deposit = models.DecimalField(_("deposit (yuan)"), **AMOUNT)
    notice_ends_at = models.DateTimeField(_("registration closes"))
    bidding_ends_at = models.DateTimeField(_("bidding ends"))
    extension_minutes = models.PositiveSmallIntegerField(
        _("anti-sniping extension (minutes)"),
        help_text=_("A bid in the last minutes moves the end this far past the bid."),
        default=5,
        validators=[MaxValueValidator(60)],
    )
    current_price = models.DecimalField(_("highest bid (yuan)"), null=True, blank=True, **AMOUNT)
    leader = models.ForeignKey(
        "market.SaleRegistration",
        verbose_name=_("highest bidder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bid_count = models.PositiveIntegerField(_("bids"), default=0)
    deal = models.OneToOneField(
        "market.Deal",
        verbose_name=_("deal with the buyer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sale",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public sale")
        verbose_name_plural = _("public sales")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bidding_ends_at__gt=models.F("notice_ends_at")),
                name="sale_bidding_after_notice",
            ),
            models.CheckConstraint(
                condition=Q(reserve__isnull=True) | Q(method=SaleMethod.AUCTION),
                name="sale_reserve_only_for_auctions",
            ),
        ]
        indexes = [models.Index(fields=["state", "notice_ends_at"], name="sale_state_idx")]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.listing.title}"

    def get_absolute_url(self) -> str:
        return reverse("market:sale_detail", args=[self.pk])

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_STATES

    @property
    def reserve_met(self) -> bool:
        return self.reserve is None or (
            self.current_price is not None and self.current_price >= self.reserve
        )

    @property
    def minimum_bid(self) -> Decimal:
        """The least the next bid may be: the price first, then the highest bid plus the
        increment."""
        if self.current_price is None:
            return self.price
        return self.current_price + self.increment

    def ends_at(self) -> datetime:
        return self.notice_ends_at if self.state == SaleState.NOTICE else self.bidding_ends_at

    def extended_end(self, bid_at: datetime) -> datetime:
        """Anti-sniping: a bid in the last `extension_minutes` moves the end to that far past it."""
        window = timedelta(minutes=self.extension_minutes)
        return max(self.bidding_ends_at, bid_at + window)

    # Transitions (services.sales checks who, when and what) ---------------------------------

    @transition(field=state, source=SaleState.NOTICE, target=SaleState.BIDDING)
    def start_bidding(self) -> None:
        """Registration closed with enough qualified buyers."""

    @transition(field=state, source=LIVE_STATES, target=SaleState.SOLD)
    def sell(self) -> None:
        """To the highest bidder, or at the listed price to a single qualified buyer."""

    @transition(field=state, source=LIVE_STATES, target=SaleState.UNSOLD)
    def fail(self) -> None:
        """No qualified buyer, no bid, or the reserve not met."""

    @transition(field=state, source=SaleState.NOTICE, target=SaleState.CANCELLED)
    def cancel(self) -> None:
        """Withdrawn by the seller or staff during the notice, with the reason."""


class SaleRegistration(models.Model):
    """A buyer's registered intent to buy, with its deposit and the qualification decision;
    `number` is the bidder number shown in place of the name while the sale runs (竞买号)."""

    sale = models.ForeignKey(Sale, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="sale_registrations",
    )
    number = models.PositiveSmallIntegerField(_("bidder number"))
    statement = models.TextField(_("statement of intent"))
    deposit = models.DecimalField(_("deposit paid (yuan)"), **AMOUNT)
    deposit_reference = models.CharField(_("deposit payment reference"), max_length=100)
    deposit_status = models.CharField(
        _("deposit"), max_length=12, choices=DepositStatus.choices, default=DepositStatus.HELD
    )
    refund_reference = models.CharField(_("refund reference"), max_length=100, blank=True)
    status = models.CharField(
        _("qualification"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intent registration")
        verbose_name_plural = _("intent registrations")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["sale", "organisation"], name="sale_registration_once"),
            models.UniqueConstraint(fields=["sale", "number"], name="sale_bidder_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.sale_id} #{self.number}: {self.organisation}"


class Bid(models.Model):
    """An accepted bid: each is higher than the one before by at least the increment, so no
    two in a sale are equal (the database holds that too)."""

    sale = models.ForeignKey(Sale, on_delete=models.CASCADE, related_name="bids")
    registration = models.ForeignKey(
        SaleRegistration, verbose_name=_("bidder"), on_delete=models.PROTECT, related_name="bids"
    )
    amount = models.DecimalField(_("amount (yuan)"), **AMOUNT)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed"))

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["-amount"]
        constraints = [
            models.UniqueConstraint(fields=["sale", "amount"], name="bid_amounts_differ")
        ]

    def __str__(self) -> str:
        return f"#{self.registration.number}: {self.amount}"
