"""Every write of the market: listings and their moderation, disclosures under NDA, needs and
their stages, calls for solutions and offers. Searches and matches follow each write."""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.accounts.models import Organisation
from gtis.core import audit
from gtis.core.actors import as_user
from gtis.core.events import after_commit
from gtis.core.permissions import require
from gtis.core.records import save_record
from gtis.core.transitions import apply_transition
from gtis.market import search, trading_rules
from gtis.market.choices import (
    CallStatus,
    DisclosureStatus,
    ListingStatus,
    NeedStage,
    OfferStatus,
    TransferMode,
)
from gtis.market.models import (
    Benefit,
    Disclosure,
    IPRecord,
    Listing,
    ListingReview,
    ListingShare,
    Need,
    Offer,
    SolutionCall,
)
from gtis.market.validation import required_text

# The platform's non-disclosure agreement; a buyer accepts this version when asking for detail.
NDA_VERSION = "2026-1"

LISTING_FIELDS = [
    "owner",
    "broker",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "confidential_detail",
    "trl",
    "province",
    "developed_in",
    "deployed_in",
    "transfer_modes",
    "price_kind",
    "price_min",
    "price_max",
    "expires_on",
]


def save_listing(
    *, actor: Any, listing: Listing | None = None, nodes: Any = None, **fields: Any
) -> Listing:
    """Create a draft listing or edit one the owner may still change."""
    if listing is not None and not listing.is_editable and not _is_staff(actor):
        raise ValidationError(
            _("A listing can be edited only as a draft or when changes were asked for.")
        )
    _check_modes(fields.get("transfer_modes"), "transfer_modes")
    with transaction.atomic():
        creating = listing is None
        listing = save_record(
            actor=actor,
            record=listing,
            model=Listing,
            field_names=LISTING_FIELDS,
            values=fields,
            relations={"nodes": nodes},
            masked=["confidential_detail"],
        )
        if creating:
            Listing.objects.filter(pk=listing.pk).update(created_by=as_user(actor))
        reindex(listing)
    return listing


def _check_modes(modes: Any, field: str) -> None:
    if modes is None:
        return
    unknown = [mode for mode in modes if mode not in TransferMode.values]
    if unknown:
        raise ValidationError(
            {field: _("Unknown transfer mode: %(m)s.") % {"m": ", ".join(unknown)}}
        )


def _is_staff(actor: Any) -> bool:
    return bool(actor.has_perm("market.moderate_listing"))


def reindex(record: Listing | Need) -> None:
    """Recompute the record's search terms (its index follows by trigger or generated column)
    and, after commit, its matches."""
    title, body = record.search_texts()
    record.search_title, record.search_body = search.document(*title), search.document(*body)
    type(record).objects.filter(pk=record.pk).update(
        search_title=record.search_title, search_body=record.search_body
    )
    kind = "listing" if isinstance(record, Listing) else "need"
    after_commit(lambda: _queue_matching(kind, record.pk))


def _queue_matching(kind: str, pk: int) -> None:
    from gtis.market.tasks import recompute_matches

    recompute_matches.enqueue(kind=kind, pk=pk)


def set_co_owners(
    *, actor: Any, listing: Listing, shares: Sequence[tuple[Organisation, Decimal]]
) -> None:
    """Record the co-owners and their shares; with several owners the shares add up to 100 %
    and the listing's owner is one of them."""
    require(actor, "market.change_listing", listing)
    if shares:
        total = sum((share for _org, share in shares), Decimal(0))
        if total != Decimal(100):
            raise ValidationError(
                {"shares": _("The shares add up to %(t)s %%, not 100 %%.") % {"t": total}}
            )
        if listing.owner_id not in {org.pk for org, _share in shares}:
            raise ValidationError(
                {"shares": _("The listing's owner must be one of the co-owners.")}
            )
    with transaction.atomic():
        listing.shares.all().delete()
        ListingShare.objects.bulk_create(
            ListingShare(listing=listing, organisation=org, share=share) for org, share in shares
        )
        audit.record(
            actor=actor,
            action="set_co_owners",
            obj=listing,
            changes={"shares": {str(org.pk): str(share) for org, share in shares}},
        )


def add_benefit(*, actor: Any, listing: Listing, **fields: Any) -> Benefit:
    """A green benefit with its figure; only staff mark it verified by an assessment."""
    require(actor, "market.change_listing", listing)
    if fields.get("verified") and not _is_staff(actor):
        raise PermissionDenied(_("Only an assessment can mark a benefit verified."))
    return _add_part(actor, listing, Benefit(listing=listing, **fields), "add_benefit")


def mark_benefit_verified(*, actor: Any, benefit: Benefit, reference: str) -> Benefit:
    """Mark a green benefit verified by an assessment, naming the document that verified it
    (a statement of verification or a certificate number)."""
    require(actor, "market.verify_benefit", benefit.listing)
    reference = required_text(
        reference, "verification_reference", _("Give the number of the verifying document.")
    )
    with transaction.atomic():
        benefit.verified, benefit.verification_reference = True, reference[:100]
        benefit.save(update_fields=["verified", "verification_reference"])
        audit.record(
            actor=actor,
            action="verify_benefit",
            obj=benefit.listing,
            changes={"benefit": benefit.pk, "reference": reference},
        )
    return benefit


def add_ip_record(*, actor: Any, listing: Listing, **fields: Any) -> IPRecord:
    require(actor, "market.change_listing", listing)
    return _add_part(actor, listing, IPRecord(listing=listing, **fields), "add_ip_record")


def _add_part(actor: Any, listing: Listing, part: Any, action: str) -> Any:
    part.full_clean()
    with transaction.atomic():
        part.save()
        audit.record(actor=actor, action=action, obj=listing, changes={"part": str(part)})
        reindex(listing)
    return part


def remove_part(*, actor: Any, part: Benefit | IPRecord) -> None:
    """Remove a benefit or an IP record from a listing."""
    listing = part.listing
    require(actor, "market.change_listing", listing)
    with transaction.atomic():
        audit.record(actor=actor, action="remove_part", obj=listing, changes={"part": str(part)})
        part.delete()
        reindex(listing)


# Moderation -----------------------------------------------------------------------------------


def submit_listing(*, actor: Any, listing: Listing) -> Listing:
    """The owner hands a complete listing to the moderators."""
    require(actor, "market.change_listing", listing)
    if not listing.nodes.exists():
        raise ValidationError({"nodes": _("Choose at least one taxonomy code before submitting.")})
    trading_rules.check(organisation=listing.owner, listing=listing)
    return apply_transition(actor=actor, record=listing, name="submit")  # type: ignore[no-any-return]


MODERATION: dict[str, str] = {
    ListingReview.Decision.APPROVE: "approve",
    ListingReview.Decision.REQUEST_CHANGES: "request_changes",
    ListingReview.Decision.REJECT: "reject",
    ListingReview.Decision.SUSPEND: "suspend",
    ListingReview.Decision.REINSTATE: "reinstate",
}


def moderate_listing(*, actor: Any, listing: Listing, decision: str, reason: str) -> Listing:
    """Approve, ask for changes, reject, suspend or reinstate — always with the reason the
    owner is shown."""
    require(actor, "market.moderate_listing", listing)
    if decision not in MODERATION:
        raise ValidationError({"decision": _("Unknown decision.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the owner will see.")})
    if decision == ListingReview.Decision.APPROVE:
        trading_rules.check(organisation=listing.owner, listing=listing)
    with transaction.atomic():
        listing.status_reason = reason.strip()
        if decision == ListingReview.Decision.APPROVE and listing.published_at is None:
            listing.published_at = timezone.now()
        apply_transition(actor=actor, record=listing, name=MODERATION[decision], reason=reason)
        ListingReview.objects.create(
            listing=listing, decision=decision, reason=reason.strip(), reviewer=as_user(actor)
        )
        _notify_owner(listing, decision, reason)
    return listing


def _notify_owner(listing: Listing, decision: str, reason: str) -> None:
    notify_members(
        listing.owner,
        kind="market.moderation",
        title=_("%(title)s: %(decision)s")
        % {"title": listing.title, "decision": ListingReview.Decision(decision).label},
        body=reason,
        url=listing.get_absolute_url(),
    )


def notify_members(organisation: Organisation, **message: str) -> None:
    """Notify every active member of an organisation (after commit)."""
    from gtis.core.services import notify

    for member in organisation.members.filter(is_active=True):
        notify(recipient=member, **message)


def withdraw_listing(*, actor: Any, listing: Listing) -> Listing:
    require(actor, "market.change_listing", listing)
    return apply_transition(actor=actor, record=listing, name="withdraw")  # type: ignore[no-any-return]


def expire_listings(*, actor: Any, today: datetime.date) -> int:
    """Expire published listings whose listing period ended before `today`."""
    count = 0
    for listing in Listing.objects.published().filter(expires_on__lt=today):
        apply_transition(actor=actor, record=listing, name="expire")
        count += 1
    return count


# Confidential detail under a non-disclosure agreement ----------------------------------------


def request_disclosure(
    *, actor: Any, listing: Listing, purpose: str, accept_terms: bool
) -> Disclosure:
    """A buyer accepts the platform's NDA and asks the owner for the confidential detail."""
    require(actor, "market.request_disclosure", listing)
    if listing.status != ListingStatus.PUBLISHED:
        raise ValidationError(_("Only a published listing's detail can be requested."))
    if not accept_terms:
        raise ValidationError({"accept_terms": _("Accept the non-disclosure agreement first.")})
    if not purpose.strip():
        raise ValidationError({"purpose": _("Say why you need the detail.")})
    existing = Disclosure.objects.filter(listing=listing, organisation=actor.organisation_id)
    if existing.exclude(status=DisclosureStatus.DECLINED).exists():
        raise ValidationError(_("Your organisation has already asked for this detail."))
    with transaction.atomic():
        existing.delete()
        disclosure = Disclosure.objects.create(
            listing=listing,
            organisation_id=actor.organisation_id,
            requested_by=actor,
            purpose=purpose.strip(),
            terms_version=NDA_VERSION,
            terms_accepted_at=timezone.now(),
        )
        audit.record(
            actor=actor,
            action="request_disclosure",
            obj=listing,
            changes={"organisation": actor.organisation_id, "nda": NDA_VERSION},
        )
        notify_members(
            listing.owner,
            kind="market.disclosure_requested",
            title=_("%(buyer)s asks for the detail of “%(title)s”")
            % {"buyer": actor.organisation.name, "title": listing.title},
            body=disclosure.purpose,
            url=listing.get_absolute_url(),
        )
    return disclosure


def decide_disclosure(
    *, actor: Any, disclosure: Disclosure, grant: bool, reason: str = ""
) -> Disclosure:
    """The owner releases the detail to the named buyer, or declines (with a reason)."""
    require(actor, "market.decide_disclosure", disclosure.listing)
    if disclosure.status != DisclosureStatus.REQUESTED and grant:
        raise ValidationError(_("This request was already decided."))
    if not grant and not reason.strip():
        raise ValidationError({"reason": _("Give the reason the buyer will see.")})
    with transaction.atomic():
        disclosure.status = DisclosureStatus.GRANTED if grant else DisclosureStatus.DECLINED
        disclosure.decided_by = as_user(actor)
        disclosure.decided_at = timezone.now()
        disclosure.reason = reason.strip()
        disclosure.save()
        audit.record(
            actor=actor,
            action="grant_disclosure" if grant else "decline_disclosure",
            obj=disclosure.listing,
            changes={"organisation": disclosure.organisation_id},
        )
        listing = disclosure.listing
        notify_members(
            disclosure.organisation,
            kind="market.disclosure_decided",
            title=(
                _("The detail of “%(title)s” is released to you")
                if grant
                else _("Your request for the detail of “%(title)s” was declined")
            )
            % {"title": listing.title},
            body=disclosure.reason,
            url=listing.get_absolute_url(),
        )
    return disclosure


def read_confidential_detail(*, actor: Any, listing: Listing) -> str:
    """The confidential detail, for those allowed to read it; every read by a buyer is in the
    audit trail."""
    require(actor, "market.view_confidential_detail", listing)
    if not actor.has_perm("market.change_listing", listing):
        audit.record(
            actor=actor,
            action="read_confidential_detail",
            obj=listing,
            changes={"organisation": actor.organisation_id},
        )
    return listing.confidential_detail


# Needs ----------------------------------------------------------------------------------------

NEED_FIELDS = [
    "seeker",
    "title",
    "title_en",
    "problem",
    "problem_en",
    "required_outcome",
    "industry",
    "province",
    "programme",
    "deliverable",
    "budget_min",
    "budget_max",
    "acceptable_modes",
    "deadline",
    "constraints_text",
]


def save_need(*, actor: Any, need: Need | None = None, nodes: Any = None, **fields: Any) -> Need:
    """Post a need as a draft or edit one not yet in review."""
    if need is not None and not need.is_editable and not _is_staff(actor):
        raise ValidationError(_("A need can be edited only until its review starts."))
    _check_modes(fields.get("acceptable_modes"), "acceptable_modes")
    with transaction.atomic():
        creating = need is None
        need = save_record(
            actor=actor,
            record=need,
            model=Need,
            field_names=NEED_FIELDS,
            values=fields,
            relations={"nodes": nodes},
        )
        if creating:
            Need.objects.filter(pk=need.pk).update(created_by=as_user(actor))
        reindex(need)
    return need


def submit_need(*, actor: Any, need: Need) -> Need:
    require(actor, "market.change_need", need)
    return apply_transition(actor=actor, record=need, name="submit", field="stage")  # type: ignore[no-any-return]


NEED_STEPS = {
    "start_review": "market.review_need",
    "accept": "market.review_need",
    "decline": "market.review_need",
    "start_work": "market.change_need",
    "complete": "market.change_need",
    "withdraw": "market.change_need",
}


def move_need(*, actor: Any, need: Need, step: str, reason: str = "") -> Need:
    """Move a need through its stages; declining needs a reason the seeker sees."""
    if step not in NEED_STEPS:
        raise ValidationError({"step": _("Unknown step.")})
    require(actor, NEED_STEPS[step], need)
    if step == "decline" and not reason.strip():
        raise ValidationError({"reason": _("Give the reason the seeker will see.")})
    with transaction.atomic():
        if reason.strip():
            need.stage_reason = reason.strip()
        apply_transition(actor=actor, record=need, name=step, field="stage", reason=reason)
        if step == "accept":
            reindex(need)
    return need


# Calls for solutions --------------------------------------------------------------------------


def open_call(
    *,
    actor: Any,
    need: Need,
    title: str,
    requirements: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
) -> SolutionCall:
    """揭榜: the seeker invites technology owners to answer an accepted need."""
    require(actor, "market.add_solutioncall", need)
    if need.stage != NeedStage.SOLUTION_DESIGN:
        raise ValidationError(
            _("A call can be opened only on an accepted need in solution design.")
        )
    call = SolutionCall(
        need=need,
        title=title.strip(),
        requirements=requirements.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=as_user(actor),
    )
    call.full_clean()
    with transaction.atomic():
        call.save()
        audit.record(actor=actor, action="open_call", obj=need, changes={"call": call.title})
    return call


def submit_offer(
    *,
    actor: Any,
    call: SolutionCall,
    proposal: str,
    price: Decimal,
    duration_months: int,
    listing: Listing | None = None,
    on: datetime.date | None = None,
) -> Offer:
    """A technology owner answers an open call; one offer per organisation."""
    require(actor, "market.add_offer", call)
    day = on or timezone.localdate()
    if call.status != CallStatus.OPEN or not call.opens_on <= day <= call.closes_on:
        raise ValidationError(_("The call is not open for offers."))
    if listing is not None and listing.owner_id != actor.organisation_id:
        raise ValidationError({"listing": _("Offer one of your own organisation's listings.")})
    offer = Offer(
        call=call,
        organisation_id=actor.organisation_id,
        listing=listing,
        proposal=proposal.strip(),
        price=price,
        duration_months=duration_months,
        trl=listing.trl if listing else None,
        submitted_by=as_user(actor),
    )
    offer.full_clean()
    with transaction.atomic():
        offer.save()
        audit.record(actor=actor, action="submit_offer", obj=call.need, changes={"call": call.pk})
    return offer


def decide_offer(*, actor: Any, offer: Offer, status: str) -> Offer:
    """The seeker shortlists, selects or declines an offer; selecting one awards the call."""
    call = offer.call
    require(actor, "market.change_solutioncall", call)
    if status not in (OfferStatus.SHORTLISTED, OfferStatus.SELECTED, OfferStatus.DECLINED):
        raise ValidationError({"status": _("Unknown decision.")})
    with transaction.atomic():
        offer.status = status
        offer.save(update_fields=["status"])
        if status == OfferStatus.SELECTED:
            call.status = CallStatus.AWARDED
            call.save(update_fields=["status"])
        audit.record(
            actor=actor,
            action="decide_offer",
            obj=call.need,
            changes={"offer": offer.pk, "status": status},
        )
    return offer
