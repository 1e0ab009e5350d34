from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Organisation
from gtis.core.querysets import NOTHING, RestrictedQuerySet
from gtis.core.roles import STAFF_ROLES
from gtis.market.choices import ContractType, DealOfferStatus, DealState, TransferMode
from gtis.market.models.brokers import COMMISSION

AMOUNT: dict[str, Any] = {
    "max_digits": 16,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0))],
}

# A party may cancel while nothing is signed; after signing only a dispute, decided by staff.
CANCELLABLE = [DealState.INQUIRY, DealState.NEGOTIATING, DealState.AGREED, DealState.DISPUTED]
DISPUTABLE = [DealState.AGREED, DealState.CONTRACTED, DealState.DELIVERED]


class Deal(models.Model):
    """A negotiation between a buyer and a seller organisation over a listing, from the first
    inquiry through offers, the contract and its payment milestones to delivery and closing."""

    listing = models.ForeignKey(
        "market.Listing", verbose_name=_("listing"), on_delete=models.PROTECT, related_name="deals"
    )
    need = models.ForeignKey(
        "market.Need",
        verbose_name=_("need answered"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
    )
    buyer = models.ForeignKey(
        Organisation, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="purchases"
    )
    seller = models.ForeignKey(
        Organisation, verbose_name=_("seller"), on_delete=models.PROTECT, related_name="sales"
    )
    broker = models.ForeignKey(
        Organisation,
        verbose_name=_("broker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brokered_deals",
    )
    agent = models.ForeignKey(
        "market.BrokerProfile",
        verbose_name=_("technology broker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deals",
    )
    commission_rate = models.DecimalField(_("commission (%)"), null=True, blank=True, **COMMISSION)
    commission_terms = models.TextField(_("commission terms"), blank=True)
    state = FSMField(
        _("state"), max_length=12, choices=DealState.choices, default=DealState.INQUIRY
    )
    state_reason = models.TextField(_("reason"), blank=True)
    price = models.DecimalField(_("agreed price (yuan)"), null=True, blank=True, **AMOUNT)
    mode = models.CharField(
        _("transfer mode"), max_length=24, choices=TransferMode.choices, blank=True
    )
    terms = models.TextField(_("agreed terms"), blank=True)
    contract_type = models.CharField(
        _("contract type"), max_length=12, choices=ContractType.choices, blank=True
    )
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    contract_terms = models.TextField(_("key terms of the contract"), blank=True)
    registration_number = models.CharField(
        _("technology contract registration number (技术合同登记)"), max_length=40, blank=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(buyer=models.F("seller")), name="deal_buyer_is_not_seller"
            )
        ]
        indexes = [
            models.Index(fields=["buyer", "state"], name="deal_buyer_idx"),
            models.Index(fields=["seller", "state"], name="deal_seller_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.listing.title}: {self.buyer} ← {self.seller}"

    def get_absolute_url(self) -> str:
        return reverse("market:deal_detail", args=[self.pk])

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        """Staff see every deal; the members of the buyer, seller and broker see theirs."""
        if not getattr(user, "is_authenticated", False):
            return NOTHING
        if user.role in STAFF_ROLES:
            return None
        organisation = user.organisation_id
        if not organisation:
            return NOTHING
        return Q(buyer=organisation) | Q(seller=organisation) | Q(broker=organisation)

    def party_of(self, organisation_id: int | None) -> str:
        """ "buyer", "seller", "broker" or "" for an organisation."""
        if organisation_id is None:
            return ""
        for party in ("buyer", "seller", "broker"):
            if getattr(self, f"{party}_id") == organisation_id:
                return party
        return ""

    @property
    def open_offer(self) -> "DealOffer | None":
        return self.offers.filter(status=DealOfferStatus.OPEN).order_by("-id").first()

    @property
    def unpaid(self) -> Decimal:
        return sum((m.amount for m in self.milestones.all() if m.paid_on is None), Decimal(0))

    @classmethod
    def sources(cls, transition: str) -> tuple[str, ...]:
        """The states the transition `transition` may leave from."""
        return tuple(getattr(cls, transition)._django_fsm.transitions)

    # Transitions (the services check who may take them and what they need) ------------------

    @transition(
        field=state, source=[DealState.INQUIRY, DealState.NEGOTIATING], target=DealState.NEGOTIATING
    )
    def make_offer(self) -> None:
        """An offer or counter-offer: price, mode and terms."""

    @transition(field=state, source=DealState.NEGOTIATING, target=DealState.AGREED)
    def accept_offer(self) -> None:
        """The other party accepts the open offer: its price, mode and terms are the deal's."""

    @transition(field=state, source=DealState.AGREED, target=DealState.CONTRACTED)
    def sign_contract(self) -> None:
        """The contract is signed: its type, date and key terms."""

    @transition(field=state, source=DealState.CONTRACTED, target=DealState.DELIVERED)
    def accept_delivery(self) -> None:
        """The buyer accepts what was delivered."""

    @transition(field=state, source=DealState.DELIVERED, target=DealState.CLOSED)
    def close(self) -> None:
        """Delivered and paid in full."""

    @transition(field=state, source=CANCELLABLE, target=DealState.CANCELLED)
    def cancel(self) -> None:
        """Called off, with the reason."""

    @transition(field=state, source=DISPUTABLE, target=DealState.DISPUTED)
    def dispute(self) -> None:
        """A party disputes the deal, with the reason; staff decide."""

    @transition(field=state, source=DealState.DISPUTED, target=DealState.CONTRACTED)
    def resolve(self) -> None:
        """Staff settle the dispute and the contract goes on."""


class DealOffer(models.Model):
    """An offer or counter-offer in a deal; the other party may accept the open one."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="offers")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("offered by"), on_delete=models.PROTECT, related_name="+"
    )
    price = models.DecimalField(_("price (yuan)"), **AMOUNT)
    mode = models.CharField(_("transfer mode"), max_length=24, choices=TransferMode.choices)
    terms = models.TextField(_("terms"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DealOfferStatus.choices, default=DealOfferStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("deal offer")
        verbose_name_plural = _("deal offers")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.price}"


class DealMessage(models.Model):
    """A message in the deal room."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="messages")
    organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("deal message")
        verbose_name_plural = _("deal messages")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.body[:40]


class Milestone(models.Model):
    """A payment due under the contract: amount, due date, and when it was paid, with what
    evidence."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    amount = models.DecimalField(_("amount (yuan)"), **AMOUNT)
    due_on = models.DateField(_("due on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    evidence = models.CharField(_("payment evidence"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("payment milestone")
        verbose_name_plural = _("payment milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.title}: {self.amount}"


class Certificate(models.Model):
    """The transaction certificate (交易凭证) a closed deal issues, as exchanges do to evidence a
    change of ownership: what was agreed, between whom, sealed by a code that anyone can
    verify on the platform."""

    deal = models.OneToOneField(Deal, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("certificate number"), max_length=20, unique=True)
    code = models.CharField(_("verification code"), max_length=24, unique=True)
    contents = models.JSONField(_("contents"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("transaction certificate")
        verbose_name_plural = _("transaction certificates")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("market:certificate_verify", args=[self.code])
