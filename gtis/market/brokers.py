"""Every write about technology brokers (技术经纪人): a member of a technology transfer
organisation applies with the certificate, staff certify or suspend, the buyer or the seller of
an open deal assigns a certified broker with the commission (佣金), and each rates the broker
once the deal is closed.

Each service checks who may act, validates (naming the field), runs in one transaction, is
audited and notifies after commit."""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.accounts.models import User
from gtis.core import audit
from gtis.core.actors import as_user
from gtis.core.permissions import require
from gtis.core.roles import STAFF_ROLES
from gtis.core.transitions import apply_transition, require_state
from gtis.market.choices import BrokerLevel, BrokerStatus, DealState
from gtis.market.models import BrokerProfile, BrokerRating, Deal
from gtis.market.models.brokers import MAX_COMMISSION
from gtis.market.validation import required_text

# A broker is assigned while the deal is still open.
OPEN_STATES = tuple(s for s in DealState.values if s not in (DealState.CLOSED, DealState.CANCELLED))


def apply_as_broker(
    *,
    actor: Any,
    name: str,
    certificate_number: str,
    level: str,
    certifying_body: str,
    certified_on: datetime.date | None,
    valid_until: datetime.date | None,
    commission_rate: Any,
    commission_terms: str = "",
    bio: str = "",
    expertise: Iterable[Any] | None = None,
) -> BrokerProfile:
    """A member of an organisation applies to be listed as its technology broker, with the
    certificate; staff certify it."""
    require(actor, "market.apply_as_broker")
    if BrokerProfile.objects.filter(user=as_user(actor)).exists():
        raise ValidationError(_("You have already applied as a broker."), code="applied")
    errors: dict[str, str] = {}
    number = (certificate_number or "").strip()
    if not (name or "").strip():
        errors["name"] = _("Give the name the certificate bears.")
    if not number:
        errors["certificate_number"] = _("Give the certificate number.")
    elif BrokerProfile.objects.filter(certificate_number=number).exists():
        errors["certificate_number"] = _("A broker with this certificate number is registered.")
    if level not in BrokerLevel.values:
        errors["level"] = _("Choose the certificate's level: junior, intermediate or senior.")
    if not (certifying_body or "").strip():
        errors["certifying_body"] = _("Give the body that issued the certificate.")
    today = timezone.localdate()
    if certified_on is None:
        errors["certified_on"] = _("Give the date the certificate was issued.")
    elif certified_on > today:
        errors["certified_on"] = _("A certificate cannot be issued in the future.")
    if valid_until is None:
        errors["valid_until"] = _("Give the date the certificate is valid until.")
    elif valid_until < today:
        errors["valid_until"] = _("The certificate has expired.")
    elif certified_on is not None and valid_until < certified_on:
        errors["valid_until"] = _("The certificate cannot expire before it was issued.")
    rate = _commission(commission_rate, "commission_rate", errors)
    if errors or certified_on is None or valid_until is None:
        raise ValidationError(errors)
    with transaction.atomic():
        profile = BrokerProfile(
            user=as_user(actor),
            organisation_id=actor.organisation_id,
            name=name.strip(),
            certificate_number=number,
            level=level,
            certifying_body=certifying_body.strip(),
            certified_on=certified_on,
            valid_until=valid_until,
            bio=bio.strip(),
            commission_rate=rate,
            commission_terms=commission_terms.strip(),
        )
        profile.full_clean()
        profile.save()
        if expertise:
            profile.expertise.set(list(expertise))
        audit.record(
            actor=actor, action="create", obj=profile, changes={"certificate_number": number}
        )
    from gtis.core.services import notify

    for member in User.objects.filter(role__in=STAFF_ROLES, is_active=True):
        notify(
            recipient=member,
            kind="market.broker",
            title=_("%(name)s applied to be certified as a technology broker") % {"name": name},
            url=profile.get_absolute_url(),
        )
    return profile


def certify_broker(*, actor: Any, profile: BrokerProfile, reason: str) -> BrokerProfile:
    """Staff checked the certificate: the broker is listed and may be assigned to deals."""
    require(actor, "market.certify_broker", profile)
    text = required_text(reason, "reason", _("Give the reason the broker will see."))
    if profile.valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("The certificate has expired.")}, code="expired")
    return _decide(actor, profile, "certify", text, _("You are certified as a technology broker"))


def suspend_broker(*, actor: Any, profile: BrokerProfile, reason: str) -> BrokerProfile:
    """Staff refuse an application or suspend a certified broker, with the reason."""
    require(actor, "market.certify_broker", profile)
    text = required_text(reason, "reason", _("Give the reason the broker will see."))
    return _decide(
        actor, profile, "suspend", text, _("Your technology broker certification is suspended")
    )


def _decide(
    actor: Any, profile: BrokerProfile, name: str, reason: str, title: str
) -> BrokerProfile:
    from gtis.core.services import notify

    with transaction.atomic():
        profile.status_reason = reason
        apply_transition(actor=actor, record=profile, name=name, reason=reason)
    notify(
        recipient=profile.user,
        kind="market.broker",
        title=title,
        body=reason,
        url=profile.get_absolute_url(),
    )
    return profile


def assign_broker(
    *,
    actor: Any,
    deal: Deal,
    agent: BrokerProfile | None,
    commission_rate: Any = None,
    commission_terms: str = "",
) -> Deal:
    """The buyer or the seller of an open deal assigns a certified broker with the commission
    (the broker's default when none is given); the broker's organisation becomes the deal's."""
    require(actor, "market.assign_broker", deal)
    require_state(deal, *OPEN_STATES)
    errors: dict[str, str] = {}
    if agent is None or agent.status != BrokerStatus.CERTIFIED:
        errors["agent"] = _("Choose a certified technology broker.")
    elif agent.valid_until < timezone.localdate():
        errors["agent"] = _("The broker's certificate has expired.")
    elif agent.organisation_id in (deal.buyer_id, deal.seller_id):
        errors["agent"] = _("The broker cannot be from the buyer's or the seller's organisation.")
    if commission_rate is None or commission_rate == "":
        rate = agent.commission_rate if agent is not None else Decimal(0)
    else:
        rate = _commission(commission_rate, "commission_rate", errors)
    if errors or agent is None:
        raise ValidationError(errors)
    terms = (commission_terms or "").strip() or agent.commission_terms
    with transaction.atomic():
        before = deal.agent_id
        deal.agent, deal.broker = agent, agent.organisation
        deal.commission_rate, deal.commission_terms = rate, terms
        deal.full_clean()
        deal.save(
            update_fields=["agent", "broker", "commission_rate", "commission_terms", "updated_at"]
        )
        audit.record(
            actor=actor,
            action="assign_broker",
            obj=deal,
            changes={"agent": [before, agent.pk], "commission_rate": str(rate)},
        )
    _notify(deal, exclude=actor.organisation_id, title=_("“%(title)s”: a broker was assigned"))
    return deal


def rate_broker(*, actor: Any, deal: Deal, score: Any, comment: str = "") -> BrokerRating:
    """The buyer or the seller rates the deal's broker from 1 to 5, once, after closing."""
    require(actor, "market.rate_broker", deal)
    require_state(deal, DealState.CLOSED)
    if deal.agent_id is None:
        raise ValidationError(_("This deal had no broker to rate."), code="no_agent")
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = 0
    if value < 1 or value > 5 or str(score).strip() not in {str(value), f"{value}.0"}:
        raise ValidationError({"score": _("Give a score from 1 to 5.")})
    if deal.broker_ratings.filter(organisation=actor.organisation_id).exists():
        raise ValidationError(_("Your organisation has already rated the broker."), code="rated")
    try:
        with transaction.atomic():
            rating = BrokerRating.objects.create(
                deal=deal,
                broker_id=deal.agent_id,
                organisation_id=actor.organisation_id,
                score=value,
                comment=(comment or "").strip(),
                created_by=as_user(actor),
            )
            audit.record(
                actor=actor,
                action="rate_broker",
                obj=deal,
                changes={"agent": deal.agent_id, "score": value},
            )
    except IntegrityError as error:  # the other member of the party rated at the same time
        raise ValidationError(
            _("Your organisation has already rated the broker."), code="rated"
        ) from error
    _notify(deal, exclude=actor.organisation_id, title=_("“%(title)s”: the broker was rated"))
    return rating


def _commission(value: Any, field: str, errors: dict[str, str]) -> Decimal:
    message = _("Give a commission from 0 to 30 percent, such as 3.5.")
    try:
        rate = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = message
        return Decimal(0)
    if (
        not rate.is_finite()
        or not 0 <= rate <= MAX_COMMISSION
        or rate != rate.quantize(Decimal("0.01"))
    ):
        errors[field] = message
    return rate


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
