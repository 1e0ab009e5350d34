"""Every write of a public sale: opening a listed sale (挂牌) or an auction, registering intent
with a deposit, the qualification decision, bids, the time-driven moves (registration closes →
bidding or a direct sale; bidding ends → sold or unsold), cancelling and deposit refunds.

Bids and closings lock the sale row (locks.sale_for_update), so concurrent bids are taken one
at a time: each must beat the highest by the increment, and a sale closes once."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.core import audit
from gtis.core.actions import Action, available
from gtis.core.actors import as_user
from gtis.core.permissions import require
from gtis.core.transitions import apply_transition, require_state
from gtis.market import locks, trading_rules
from gtis.market.choices import (
    DealState,
    DepositStatus,
    ListingStatus,
    RegistrationStatus,
    SaleMethod,
    SaleState,
)
from gtis.market.models import Bid, Deal, DealMessage, Listing, Sale, SaleRegistration
from gtis.market.models.sales import LIVE_STATES
from gtis.market.validation import required_text, yuan

# A listed sale goes to bidding when at least this many buyers qualify (one closes directly).
LISTED_BIDDING_QUORUM = 2


def open_sale(
    *,
    actor: Any,
    listing: Listing,
    method: str,
    mode: str,
    price: Any,
    increment: Any,
    deposit: Any,
    notice_ends_at: datetime.datetime | None,
    bidding_ends_at: datetime.datetime | None,
    reserve: Any = None,
    extension_minutes: int = 5,
) -> Sale:
    """Offer a published listing in public, by listing with notice or by auction."""
    require(actor, "market.open_sale", listing)
    errors: dict[str, str] = {}
    if listing.status != ListingStatus.PUBLISHED:
        errors["listing"] = _("Only a published listing can be offered for sale.")
    if method not in SaleMethod.values:
        errors["method"] = _("Choose listing with notice or auction.")
    if mode not in listing.transfer_modes:
        errors["mode"] = _("Choose a mode the listing offers: %(modes)s.") % {
            "modes": "、".join(listing.mode_labels)
        }
    amounts = {
        name: yuan(value, name, errors)
        for name, value in (("price", price), ("increment", increment), ("deposit", deposit))
    }
    if "increment" not in errors and amounts["increment"] <= 0:
        errors["increment"] = _("The increment must be more than zero.")
    reserve_amount = None
    if reserve not in (None, ""):
        reserve_amount = yuan(reserve, "reserve", errors)
        if method != SaleMethod.AUCTION:
            errors["reserve"] = _("Only an auction has a reserve.")
        elif "reserve" not in errors and reserve_amount < amounts["price"]:
            errors["reserve"] = _("The reserve cannot be below the starting price.")
    _check_times(notice_ends_at, bidding_ends_at, errors)
    if listing.sales.filter(state__in=LIVE_STATES).exists():
        errors["listing"] = _("This listing is already offered in a sale that is running.")
    if errors or notice_ends_at is None or bidding_ends_at is None:
        raise ValidationError(errors)
    trading_rules.check(organisation=actor.organisation, listing=listing)
    with transaction.atomic():
        sale = Sale(
            listing=listing,
            method=method,
            mode=mode,
            reserve=reserve_amount,
            notice_ends_at=notice_ends_at,
            bidding_ends_at=bidding_ends_at,
            extension_minutes=extension_minutes,
            opened_by=as_user(actor),
            **amounts,
        )
        sale.full_clean()
        sale.save()
        audit.record(actor=actor, action="create", obj=sale, changes={"method": method})
    return sale


def _check_times(
    notice_ends_at: datetime.datetime | None,
    bidding_ends_at: datetime.datetime | None,
    errors: dict[str, str],
) -> None:
    if notice_ends_at is None:
        errors["notice_ends_at"] = _("Give the time registration closes.")
    elif notice_ends_at <= timezone.now():
        errors["notice_ends_at"] = _("Registration must close in the future.")
    if bidding_ends_at is None:
        errors["bidding_ends_at"] = _("Give the time bidding ends.")
    elif notice_ends_at is not None and bidding_ends_at <= notice_ends_at:
        errors["bidding_ends_at"] = _("Bidding must end after registration closes.")


def register_intent(
    *, actor: Any, sale: Sale, statement: str, deposit_reference: str
) -> SaleRegistration:
    """A buyer registers its intent to buy, with the deposit's payment reference."""
    require(actor, "market.register_for_sale", sale)
    errors: dict[str, str] = {}
    if not statement.strip():
        errors["statement"] = _(
            "Say why your organisation wants the technology and how it will use it."
        )
    if sale.deposit > 0 and not deposit_reference.strip():
        errors["deposit_reference"] = _("Give the deposit's payment reference.")
    if errors:
        raise ValidationError(errors)
    trading_rules.check(organisation=actor.organisation)
    advance(sale)
    with transaction.atomic():
        sale = _running(sale, SaleState.NOTICE)
        if sale.registrations.filter(organisation_id=actor.organisation_id).exists():
            raise ValidationError(
                _("Your organisation has already registered for this sale."), code="registered"
            )
        registration = SaleRegistration.objects.create(
            sale=sale,
            organisation_id=actor.organisation_id,
            number=sale.registrations.count() + 1,
            statement=statement.strip(),
            deposit=sale.deposit,
            deposit_reference=deposit_reference.strip(),
            registered_by=as_user(actor),
        )
        audit.record(
            actor=actor,
            action="register_intent",
            obj=sale,
            changes={"registration": registration.number, "deposit": str(sale.deposit)},
        )
    _notify_seller(sale, _("A buyer registered for “%(title)s”"))
    return registration


def decide_registration(
    *, actor: Any, sale: Sale, registration: SaleRegistration, qualified: bool, reason: str = ""
) -> SaleRegistration:
    """The seller (or staff) qualifies a registered buyer, or refuses it with the reason."""
    require(actor, "market.decide_registration", sale)
    if registration.sale_id != sale.pk:
        raise ValidationError({"registration": _("Choose one of this sale's registrations.")})
    if not qualified and not reason.strip():
        raise ValidationError({"reason": _("Give the reason the buyer will see.")})
    if qualified:  # the market rules are part of the qualification check
        trading_rules.check(organisation=registration.organisation)
    advance(sale)
    with transaction.atomic():
        sale = _running(sale, SaleState.NOTICE)
        before = registration.status
        registration.status = (
            RegistrationStatus.QUALIFIED if qualified else RegistrationStatus.REFUSED
        )
        registration.decision_reason = reason.strip()
        registration.save(update_fields=["status", "decision_reason"])
        audit.record(
            actor=actor,
            action="decide_registration",
            obj=sale,
            changes={"registration": registration.number, "status": [before, registration.status]},
        )
    _notify(registration.organisation, sale, _("Your registration for “%(title)s” was decided"))
    return registration


def place_bid(*, actor: Any, sale: Sale, amount: Any) -> Bid:
    """A qualified buyer bids: at least the price first, then the highest bid plus the
    increment; a bid in the last minutes extends the bidding."""
    require(actor, "market.bid", sale)
    errors: dict[str, str] = {}
    value = yuan(amount, "amount", errors)
    if errors:
        raise ValidationError(errors)
    trading_rules.check(organisation=actor.organisation)
    advance(sale)
    with transaction.atomic():
        sale = _running(sale, SaleState.BIDDING)
        now = timezone.now()
        registration = sale.registrations.filter(
            organisation_id=actor.organisation_id, status=RegistrationStatus.QUALIFIED
        ).first()
        if registration is None:
            raise ValidationError(
                _("Only buyers qualified for this sale may bid."), code="not_qualified"
            )
        if value < sale.minimum_bid:
            raise ValidationError(
                {
                    "amount": _("Bid at least %(minimum)s yuan.")
                    % {"minimum": f"{sale.minimum_bid:,.2f}"}
                }
            )
        bid = Bid.objects.create(
            sale=sale,
            registration=registration,
            amount=value,
            placed_by=as_user(actor),
            placed_at=now,
        )
        sale.current_price, sale.leader = value, registration
        sale.bid_count += 1
        sale.bidding_ends_at = sale.extended_end(now)
        sale.save(update_fields=["current_price", "leader", "bid_count", "bidding_ends_at"])
        audit.record(
            actor=actor,
            action="bid",
            obj=sale,
            changes={"bidder": registration.number, "amount": str(value)},
        )
    return bid


def _running(sale: Sale, state: str) -> Sale:
    """The sale, locked, refused unless it is in `state` and that stage has not ended (the
    time-driven move itself is left to `advance`, which commits on its own)."""
    locked = locks.sale_for_update(sale.pk)
    ends_at = locked.ends_at()
    if locked.state == state and timezone.now() >= ends_at:
        raise ValidationError(
            _("This stage of the sale ended at %(time)s.")
            % {"time": timezone.localtime(ends_at).strftime("%Y-%m-%d %H:%M:%S")},
            code="ended",
        )
    require_state(locked, state)
    return locked


def advance(sale: Sale, *, now: datetime.datetime | None = None) -> Sale:
    """Take the moves that time has made due: registration closed, bidding ended. Safe to call
    at any time, from any number of requests at once."""
    now = now or timezone.now()
    if sale.state not in LIVE_STATES or now < sale.ends_at():
        return sale
    with transaction.atomic():
        locked = locks.sale_for_update(sale.pk)
        _advance_locked(locked, now)
    return locked


def advance_due(*, now: datetime.datetime | None = None) -> int:
    """Advance every sale whose registration or bidding has ended; the number advanced."""
    now = now or timezone.now()
    due = Sale.objects.filter(
        state=SaleState.NOTICE, notice_ends_at__lte=now
    ) | Sale.objects.filter(state=SaleState.BIDDING, bidding_ends_at__lte=now)
    count = 0
    for sale in due.order_by("pk"):
        advance(sale, now=now)
        count += 1
    return count


def _advance_locked(sale: Sale, now: datetime.datetime) -> None:
    if sale.state == SaleState.NOTICE and now >= sale.notice_ends_at:
        _close_registration(sale)
    if sale.state == SaleState.BIDDING and now >= sale.bidding_ends_at:
        _close_bidding(sale)


def _close_registration(sale: Sale) -> None:
    """Registration has closed: bid if enough buyers qualified; a listed sale with one
    qualified buyer sells to it at the listed price; with none, the sale fails."""
    qualified = list(sale.registrations.filter(status=RegistrationStatus.QUALIFIED))
    quorum = LISTED_BIDDING_QUORUM if sale.method == SaleMethod.LISTED else 1
    if len(qualified) >= quorum:
        apply_transition(
            actor=None, record=sale, name="start_bidding", field="state", bidders=len(qualified)
        )
    elif sale.method == SaleMethod.LISTED and len(qualified) == 1:
        _sell(sale, qualified[0], sale.price)
    else:
        _fail(sale, _("No buyer qualified."))


def _close_bidding(sale: Sale) -> None:
    if sale.leader is None:
        _fail(sale, _("No bid was made."))
    elif not sale.reserve_met:
        _fail(sale, _("The highest bid did not reach the reserve."))
    else:
        _sell(sale, sale.leader, sale.current_price or sale.price)


def _sell(sale: Sale, winner: SaleRegistration, price: Decimal) -> None:
    """Sold: a deal opens with the winner at the price reached, terms agreed; the winner's
    deposit counts towards the price and every other deposit is due for refund."""
    listing = sale.listing
    deal = Deal.objects.create(
        listing=listing,
        buyer_id=winner.organisation_id,
        seller_id=listing.owner_id,
        broker_id=listing.broker_id,
        state=DealState.AGREED,
        opened_by=winner.registered_by,
        price=price,
        mode=sale.mode,
        terms=_("Won in the public sale no. %(number)s: %(method)s.")
        % {"number": sale.pk, "method": sale.get_method_display()},
    )
    DealMessage.objects.create(deal=deal, body=deal.terms)
    audit.record(actor=None, action="create", obj=deal, changes={"sale": sale.pk})
    winner.deposit_status = DepositStatus.APPLIED
    winner.save(update_fields=["deposit_status"])
    sale.deal, sale.decided_at = deal, timezone.now()
    sale.current_price, sale.leader = price, winner
    apply_transition(
        actor=None, record=sale, name="sell", field="state", buyer=winner.number, price=str(price)
    )
    _refund_others(sale)
    _notify_all(sale, _("“%(title)s”: the sale has ended"))


def _fail(sale: Sale, reason: str) -> None:
    sale.state_reason, sale.decided_at = reason, timezone.now()
    apply_transition(actor=None, record=sale, name="fail", field="state", reason=reason)
    _refund_others(sale)
    _notify_all(sale, _("“%(title)s”: the sale has ended"))


def _refund_others(sale: Sale) -> None:
    sale.registrations.filter(deposit_status=DepositStatus.HELD, deposit__gt=0).update(
        deposit_status=DepositStatus.REFUND_DUE
    )


def cancel_sale(*, actor: Any, sale: Sale, reason: str) -> Sale:
    """The seller or staff withdraw a sale during its notice; deposits are due for refund."""
    require(actor, "market.manage_sale", sale)
    text = required_text(reason, "reason", _("Give the reason the buyers will see."))
    with transaction.atomic():
        sale = locks.sale_for_update(sale.pk)
        sale.state_reason, sale.decided_at = text, timezone.now()
        apply_transition(actor=actor, record=sale, name="cancel", field="state", reason=text)
        _refund_others(sale)
    _notify_all(sale, _("“%(title)s”: the sale was cancelled"))
    return sale


def refund_deposit(
    *, actor: Any, sale: Sale, registration: SaleRegistration, reference: str
) -> SaleRegistration:
    """Record that a deposit due for refund was paid back, with the payment's reference."""
    require(actor, "market.manage_sale", sale)
    if registration.sale_id != sale.pk:
        raise ValidationError({"registration": _("Choose one of this sale's registrations.")})
    text = required_text(reference, "reference", _("Give the refund's payment reference."))
    if registration.deposit_status != DepositStatus.REFUND_DUE:
        raise ValidationError(
            _("This deposit is “%(status)s”, not due for refund.")
            % {"status": registration.get_deposit_status_display()},
            code="not_due",
        )
    with transaction.atomic():
        registration.deposit_status, registration.refund_reference = DepositStatus.REFUNDED, text
        registration.save(update_fields=["deposit_status", "refund_reference"])
        audit.record(
            actor=actor,
            action="refund_deposit",
            obj=sale,
            changes={"registration": registration.number, "reference": text},
        )
    _notify(registration.organisation, sale, _("Your deposit for “%(title)s” was refunded"))
    return registration


def _has_registrations(sale: Sale) -> bool:
    """A decision needs a registration."""
    return len(sale.registrations.all()) > 0


def _owes_a_refund(sale: Sale) -> bool:
    """A refund needs a deposit due for one."""
    return any(r.deposit_status == DepositStatus.REFUND_DUE for r in sale.registrations.all())


ACTIONS = {
    "register": Action(register_intent, "market.register_for_sale", (SaleState.NOTICE,)),
    "decide": Action(
        decide_registration,
        "market.decide_registration",
        (SaleState.NOTICE,),
        when=_has_registrations,
    ),
    "bid": Action(place_bid, "market.bid", (SaleState.BIDDING,)),
    "cancel": Action(cancel_sale, "market.manage_sale", (SaleState.NOTICE,)),
    "refund": Action(
        refund_deposit,
        "market.manage_sale",
        (SaleState.SOLD, SaleState.UNSOLD, SaleState.CANCELLED),
        when=_owes_a_refund,
    ),
}


def available_actions(user: Any, sale: Sale) -> list[str]:
    """The actions `user` may take on `sale` now."""
    return available(ACTIONS, user, sale)


def _notify_seller(sale: Sale, title: str) -> None:
    for organisation in (sale.listing.owner, sale.listing.broker):
        if organisation is not None:
            _notify(organisation, sale, title)


def _notify_all(sale: Sale, title: str) -> None:
    _notify_seller(sale, title)
    for registration in sale.registrations.select_related("organisation"):
        _notify(registration.organisation, sale, title)


def _notify(organisation: Any, sale: Sale, title: str) -> None:
    from gtis.market.services import notify_members

    notify_members(
        organisation,
        kind="market.sale",
        title=title % {"title": sale.listing.title},
        url=sale.get_absolute_url(),
    )
