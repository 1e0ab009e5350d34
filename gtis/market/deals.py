"""Every write of a deal: the inquiry that opens it, messages, offers and counter-offers, the
contract and its registration, payment milestones, delivery, closing, cancelling and disputes.

Each service checks who may act, validates (naming the field), runs in one transaction and is
audited; the deal's state machine (models.Deal) refuses every move its state does not allow."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.core import audit
from gtis.core.actions import Action
from gtis.core.actors import as_user
from gtis.core.permissions import require
from gtis.core.transitions import apply_transition, require_state
from gtis.market import brokers, certificates, trading_rules
from gtis.market.choices import ContractType, DealOfferStatus, DealState, TransferMode
from gtis.market.models import (
    Deal,
    DealMessage,
    DealOffer,
    Listing,
    Milestone,
    Need,
)
from gtis.market.validation import required_text, yuan

OPEN_STATES = tuple(s for s in DealState.values if s not in (DealState.CLOSED, DealState.CANCELLED))
SIGNED_STATES = (DealState.CONTRACTED, DealState.DELIVERED, DealState.CLOSED, DealState.DISPUTED)
PAYABLE_STATES = (DealState.CONTRACTED, DealState.DELIVERED)


def open_inquiry(*, actor: Any, listing: Listing, message: str, need: Need | None = None) -> Deal:
    """A buyer's first message about a published listing opens a deal with its owner (and the
    listing's broker)."""
    require(actor, "market.open_deal", listing)
    body = required_text(message, "message", _("Write what you would like to know."))
    if need is not None and need.seeker_id != actor.organisation_id:
        raise ValidationError({"need": _("Choose one of your organisation's needs.")})
    trading_rules.check(organisation=actor.organisation, listing=listing)
    with transaction.atomic():
        deal = Deal(
            listing=listing,
            need=need,
            buyer_id=actor.organisation_id,
            seller_id=listing.owner_id,
            broker_id=listing.broker_id,
            opened_by=as_user(actor),
        )
        deal.full_clean()
        deal.save()
        DealMessage.objects.create(
            deal=deal, organisation_id=actor.organisation_id, author=as_user(actor), body=body
        )
        audit.record(actor=actor, action="create", obj=deal, changes={"listing": listing.pk})
    _notify(deal, exclude=actor.organisation_id, title=_("A new inquiry about “%(title)s”"))
    return deal


def post_message(*, actor: Any, deal: Deal, body: str) -> DealMessage:
    require(actor, "market.message_deal", deal)
    text = required_text(body, "body", _("Write a message."))
    require_state(deal, *OPEN_STATES)
    with transaction.atomic():
        message = DealMessage.objects.create(
            deal=deal, organisation_id=actor.organisation_id, author=as_user(actor), body=text
        )
        audit.record(actor=actor, action="message", obj=deal, changes={"message": message.pk})
    _notify(deal, exclude=actor.organisation_id, title=_("A new message about “%(title)s”"))
    return message


def make_offer(*, actor: Any, deal: Deal, price: Any, mode: str, terms: str = "") -> DealOffer:
    """An offer or counter-offer: it replaces the open one, which the other party may accept."""
    require(actor, "market.negotiate_deal", deal)
    errors: dict[str, str] = {}
    amount = yuan(price, "price", errors)
    if mode not in deal.listing.transfer_modes:
        offered = "、".join(deal.listing.mode_labels)
        errors["mode"] = _("Choose a mode the listing offers: %(modes)s.") % {"modes": offered}
    if errors:
        raise ValidationError(errors)
    trading_rules.check(organisation=actor.organisation)
    with transaction.atomic():
        deal.offers.filter(status=DealOfferStatus.OPEN).update(status=DealOfferStatus.SUPERSEDED)
        offer = DealOffer.objects.create(
            deal=deal,
            organisation_id=actor.organisation_id,
            price=amount,
            mode=mode,
            terms=terms.strip(),
            created_by=as_user(actor),
        )
        apply_transition(
            actor=actor, record=deal, name="make_offer", field="state", price=str(amount)
        )
    return offer


def accept_offer(*, actor: Any, deal: Deal) -> Deal:
    """The other party accepts the open offer: its price, mode and terms become the deal's."""
    require(actor, "market.negotiate_deal", deal)
    offer = deal.open_offer
    if offer is not None and offer.organisation_id == actor.organisation_id:
        raise ValidationError(_("The other party must accept your offer."), code="own_offer")
    with transaction.atomic():
        if offer is not None:
            deal.price, deal.mode, deal.terms = offer.price, offer.mode, offer.terms
            offer.status = DealOfferStatus.ACCEPTED
            offer.save(update_fields=["status"])
        return apply_transition(actor=actor, record=deal, name="accept_offer", field="state")  # type: ignore[no-any-return]


def sign_contract(
    *,
    actor: Any,
    deal: Deal,
    contract_type: str,
    signed_on: datetime.date | None,
    key_terms: str,
    registration_number: str = "",
) -> Deal:
    """Record the signed contract: one of the four statutory types, its date and key terms."""
    require(actor, "market.negotiate_deal", deal)
    errors: dict[str, str] = {}
    if contract_type not in ContractType.values:
        errors["contract_type"] = _("Choose one of the four technology contract types.")
    if signed_on is None:
        errors["signed_on"] = _("Give the date the contract was signed.")
    elif signed_on > timezone.localdate():
        errors["signed_on"] = _("The contract cannot be signed in the future.")
    if not key_terms.strip():
        errors["key_terms"] = _("Give the contract's key terms.")
    if errors:
        raise ValidationError(errors)
    trading_rules.check(organisation=actor.organisation, listing=deal.listing)
    deal.contract_type, deal.contract_signed_on = contract_type, signed_on
    deal.contract_terms, deal.registration_number = key_terms.strip(), registration_number.strip()
    return apply_transition(  # type: ignore[no-any-return]
        actor=actor, record=deal, name="sign_contract", field="state", type=contract_type
    )


def register_contract(*, actor: Any, deal: Deal, number: str) -> Deal:
    """The registration number the technology contract registry gave the signed contract."""
    require(actor, "market.negotiate_deal", deal)
    value = required_text(number, "registration_number", _("Give the registration number."))
    require_state(deal, *SIGNED_STATES)
    with transaction.atomic():
        before = deal.registration_number
        deal.registration_number = value
        deal.full_clean()
        deal.save(update_fields=["registration_number", "updated_at"])
        audit.record(
            actor=actor,
            action="register_contract",
            obj=deal,
            changes={"registration_number": [before, value]},
        )
    return deal


def add_milestone(
    *, actor: Any, deal: Deal, title: str, amount: Any, due_on: datetime.date | None
) -> Milestone:
    """A payment due under the signed contract; together they may not exceed the price."""
    require(actor, "market.negotiate_deal", deal)
    require_state(deal, DealState.CONTRACTED)
    errors: dict[str, str] = {}
    name = title.strip()
    if not name:
        errors["title"] = _("Name the milestone.")
    value = yuan(amount, "amount", errors)
    if due_on is None:
        errors["due_on"] = _("Give the date the payment is due.")
    if "amount" not in errors and deal.price is not None:
        planned = sum((m.amount for m in deal.milestones.all()), Decimal(0))
        if planned + value > deal.price:
            errors["amount"] = _("The milestones would come to more than the agreed price.")
    if errors or due_on is None:
        raise ValidationError(errors)
    with transaction.atomic():
        milestone = Milestone.objects.create(deal=deal, title=name, amount=value, due_on=due_on)
        audit.record(actor=actor, action="add_milestone", obj=deal, changes={"amount": str(value)})
    return milestone


def pay_milestone(
    *,
    actor: Any,
    deal: Deal,
    milestone: Milestone,
    paid_on: datetime.date | None,
    evidence: str,
) -> Milestone:
    """The buyer records a payment, with its evidence (a bank reference, a receipt)."""
    require(actor, "market.pay_deal", deal)
    if milestone.deal_id != deal.pk:
        raise ValidationError({"milestone": _("Choose one of this deal's milestones.")})
    require_state(deal, *PAYABLE_STATES)
    errors: dict[str, str] = {}
    if paid_on is None:
        errors["paid_on"] = _("Give the date of payment.")
    elif paid_on > timezone.localdate():
        errors["paid_on"] = _("A payment cannot be made in the future.")
    if not evidence.strip():
        errors["evidence"] = _("Give the payment's evidence, such as the bank reference.")
    if errors:
        raise ValidationError(errors)
    if milestone.paid_on is not None:
        raise ValidationError(_("This milestone is already paid."), code="paid")
    with transaction.atomic():
        milestone.paid_on, milestone.evidence = paid_on, evidence.strip()
        milestone.save(update_fields=["paid_on", "evidence"])
        audit.record(
            actor=actor,
            action="pay_milestone",
            obj=deal,
            changes={"milestone": milestone.pk, "amount": str(milestone.amount)},
        )
    return milestone


def accept_delivery(*, actor: Any, deal: Deal) -> Deal:
    require(actor, "market.pay_deal", deal)
    return apply_transition(actor=actor, record=deal, name="accept_delivery", field="state")  # type: ignore[no-any-return]


def close_deal(*, actor: Any, deal: Deal) -> Deal:
    """Close a delivered deal once its milestones come to the price and are all paid; a
    technology assigned (转让) leaves the market as transferred."""
    require(actor, "market.negotiate_deal", deal)
    if deal.state == DealState.DELIVERED:
        milestones = list(deal.milestones.all())
        planned = sum((m.amount for m in milestones), Decimal(0))
        if deal.price is not None and planned != deal.price:
            raise ValidationError(
                _("The milestones come to %(planned)s yuan, not the price of %(price)s yuan.")
                % {"planned": planned, "price": deal.price},
                code="unpaid",
            )
        if any(m.paid_on is None for m in milestones):
            raise ValidationError(_("Every milestone must be paid first."), code="unpaid")
    with transaction.atomic():
        apply_transition(actor=actor, record=deal, name="close", field="state")
        if deal.mode == TransferMode.ASSIGNMENT:
            apply_transition(actor=actor, record=deal.listing, name="mark_transferred")
        certificate = certificates.issue(deal)
        audit.record(
            actor=actor,
            action="issue_certificate",
            obj=deal,
            changes={"number": certificate.number},
        )
    return deal


def cancel_deal(*, actor: Any, deal: Deal, reason: str) -> Deal:
    """A party calls the deal off before the contract; staff, after a dispute."""
    permission = (
        "market.decide_dispute" if deal.state == DealState.DISPUTED else "market.negotiate_deal"
    )
    return _with_reason(actor, deal, "cancel", reason, permission)


def dispute_deal(*, actor: Any, deal: Deal, reason: str) -> Deal:
    return _with_reason(actor, deal, "dispute", reason, "market.negotiate_deal")


def resolve_dispute(*, actor: Any, deal: Deal, reason: str) -> Deal:
    return _with_reason(actor, deal, "resolve", reason, "market.decide_dispute")


def _with_reason(actor: Any, deal: Deal, name: str, reason: str, permission: str) -> Deal:
    require(actor, permission, deal)
    text = required_text(reason, "reason", _("Give the reason the other party will see."))
    with transaction.atomic():
        deal.state_reason = text
        apply_transition(actor=actor, record=deal, name=name, field="state", reason=text)
    _notify(
        deal,
        exclude=getattr(actor, "organisation_id", None),
        title=_("“%(title)s”: the deal changed"),
    )
    return deal


def attach_document(*, actor: Any, deal: Deal, file: Any, description: str = "") -> Any:
    """A document in the deal room (the signed contract, a technical annex, an invoice…), its
    type and size checked; the parties and staff may read it."""
    from gtis.core.services import attach_file

    require(actor, "market.message_deal", deal)
    require_state(deal, *OPEN_STATES)
    return attach_file(
        actor=actor,
        obj=deal,
        upload=file,
        description=description,
        permission="market.message_deal",
    )


ACTIONS = {
    "message": Action(post_message, "market.message_deal", OPEN_STATES),
    "attach": Action(attach_document, "market.message_deal", OPEN_STATES),
    "make_offer": Action(make_offer, "market.negotiate_deal", Deal.sources("make_offer")),
    "accept_offer": Action(accept_offer, "market.negotiate_deal", Deal.sources("accept_offer")),
    "sign_contract": Action(sign_contract, "market.negotiate_deal", Deal.sources("sign_contract")),
    "register_contract": Action(register_contract, "market.negotiate_deal", SIGNED_STATES),
    "add_milestone": Action(add_milestone, "market.negotiate_deal", (DealState.CONTRACTED,)),
    "pay_milestone": Action(pay_milestone, "market.pay_deal", PAYABLE_STATES),
    "accept_delivery": Action(accept_delivery, "market.pay_deal", Deal.sources("accept_delivery")),
    "close": Action(close_deal, "market.negotiate_deal", Deal.sources("close")),
    "cancel": Action(cancel_deal, "market.negotiate_deal", Deal.sources("cancel")),
    "dispute": Action(dispute_deal, "market.negotiate_deal", Deal.sources("dispute")),
    "resolve": Action(resolve_dispute, "market.decide_dispute", Deal.sources("resolve")),
    "assign_broker": Action(brokers.assign_broker, "market.assign_broker", brokers.OPEN_STATES),
    "rate_broker": Action(brokers.rate_broker, "market.rate_broker", (DealState.CLOSED,)),
}


def available_actions(user: Any, deal: Deal) -> list[str]:
    """The actions `user` may take on `deal` now."""
    found = []
    for name, action in ACTIONS.items():
        permission = action.permission
        if name == "cancel" and deal.state == DealState.DISPUTED:
            permission = "market.decide_dispute"
        if deal.state in action.states and user.has_perm(permission, deal):
            if name == "rate_broker" and not _may_rate(user, deal):
                continue
            found.append(name)
    return found


def _may_rate(user: Any, deal: Deal) -> bool:
    """A closed deal's broker is rated once by each party that has not yet."""
    if deal.agent_id is None:
        return False
    return not any(r.organisation_id == user.organisation_id for r in deal.broker_ratings.all())


def _notify(deal: Deal, *, exclude: int | None, title: str) -> None:
    from gtis.market.services import notify_members

    for organisation in (deal.buyer, deal.seller, deal.broker):
        if organisation is not None and organisation.pk != exclude:
            notify_members(
                organisation,
                kind="market.deal",
                title=title % {"title": deal.listing.title},
                url=deal.get_absolute_url(),
            )
