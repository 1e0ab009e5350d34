"""Permissions of the market: organisations post and keep their listings and needs, staff
moderate and review, buyers see confidential detail only under a granted disclosure."""

from typing import Any

import rules

from gtis.core.predicates import acts_for_an_organisation, is_staff
from gtis.market.choices import PUBLIC_NEED_STAGES, DisclosureStatus, ListingStatus


@rules.predicate
def owns_listing(user: Any, listing: Any) -> bool:
    organisation = getattr(user, "organisation_id", None)
    return (
        listing is not None
        and organisation is not None
        and organisation in (listing.owner_id, listing.broker_id)
    )


@rules.predicate
def seeks_need(user: Any, need: Any) -> bool:
    organisation = getattr(user, "organisation_id", None)
    return need is not None and organisation is not None and need.seeker_id == organisation


@rules.predicate
def holds_disclosure(user: Any, listing: Any) -> bool:
    organisation = getattr(user, "organisation_id", None)
    return (
        listing is not None
        and organisation is not None
        and listing.disclosures.filter(
            organisation=organisation, status=DisclosureStatus.GRANTED
        ).exists()
    )


@rules.predicate
def seeks_call(user: Any, call: Any) -> bool:
    return call is not None and seeks_need(user, call.need)


@rules.predicate
def not_own_listing(user: Any, listing: Any) -> bool:
    return listing is None or not owns_listing(user, listing)


@rules.predicate
def is_published(user: Any, listing: Any) -> bool:
    return listing is None or listing.status == ListingStatus.PUBLISHED


@rules.predicate
def is_public_need(user: Any, need: Any) -> bool:
    return need is None or need.stage in PUBLIC_NEED_STAGES


rules.add_perm("market.view_listing", is_published | owns_listing | is_staff)
rules.add_perm("market.add_listing", acts_for_an_organisation | is_staff)
rules.add_perm("market.change_listing", owns_listing | is_staff)
rules.add_perm("market.moderate_listing", is_staff)
# Only an assessment marks a benefit verified; its services act as the system.
rules.add_perm("market.verify_benefit", is_staff)
rules.add_perm("market.view_confidential_detail", owns_listing | is_staff | holds_disclosure)
rules.add_perm("market.request_disclosure", acts_for_an_organisation & not_own_listing)
rules.add_perm("market.decide_disclosure", owns_listing)

rules.add_perm("market.view_need", is_public_need | seeks_need | is_staff)
rules.add_perm("market.add_need", acts_for_an_organisation | is_staff)
rules.add_perm("market.change_need", seeks_need | is_staff)
rules.add_perm("market.review_need", is_staff)

rules.add_perm("market.view_solutioncall", rules.always_allow)
rules.add_perm("market.add_solutioncall", seeks_need | is_staff)
rules.add_perm("market.change_solutioncall", seeks_call | is_staff)
rules.add_perm("market.add_offer", acts_for_an_organisation & ~seeks_call)
rules.add_perm("market.view_offers", seeks_call | is_staff)
rules.add_perm("market.view_match", rules.always_allow)


def _party(deal: Any, user: Any) -> str:
    return deal.party_of(getattr(user, "organisation_id", None)) if deal is not None else ""


@rules.predicate
def takes_part_in_deal(user: Any, deal: Any) -> bool:
    return bool(_party(deal, user))


@rules.predicate
def is_deal_principal(user: Any, deal: Any) -> bool:
    return _party(deal, user) in ("buyer", "seller")


@rules.predicate
def is_deal_buyer(user: Any, deal: Any) -> bool:
    return _party(deal, user) == "buyer"


rules.add_perm("market.open_deal", acts_for_an_organisation & not_own_listing & is_published)
rules.add_perm("market.view_deal", takes_part_in_deal | is_staff)
rules.add_perm("market.message_deal", takes_part_in_deal)
rules.add_perm("market.negotiate_deal", is_deal_principal)
rules.add_perm("market.pay_deal", is_deal_buyer)
rules.add_perm("market.decide_dispute", is_staff)
rules.add_perm("market.change_tradingrule", is_staff)
rules.add_perm("market.view_tradingrule", is_staff)


@rules.predicate
def sells(user: Any, sale: Any) -> bool:
    return sale is not None and owns_listing(user, sale.listing)


rules.add_perm("market.open_sale", owns_listing & is_published)
rules.add_perm("market.view_sale", rules.always_allow)
rules.add_perm("market.register_for_sale", acts_for_an_organisation & ~sells)
rules.add_perm("market.bid", acts_for_an_organisation & ~sells)
rules.add_perm("market.decide_registration", sells | is_staff)
rules.add_perm("market.manage_sale", sells | is_staff)
rules.add_perm("market.view_statistics", rules.always_allow)
# Technology brokers: anyone reads the certified (the queryset restricts the rest); a member of
# an organisation applies, staff certify and suspend; the buyer or the seller of a deal assigns
# a broker to it and rates the broker once the deal is closed.
rules.add_perm("market.view_brokerprofile", rules.always_allow)
rules.add_perm("market.apply_as_broker", acts_for_an_organisation)
rules.add_perm("market.certify_broker", is_staff)
rules.add_perm("market.assign_broker", is_deal_principal)
rules.add_perm("market.rate_broker", is_deal_principal)
