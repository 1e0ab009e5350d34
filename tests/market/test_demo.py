"""The market demo: listings and needs in every state, the story told through the services
(disclosures under the NDA, a call with its offers), search terms and matches, and a second
load that adds nothing. Loaded small: the full size is timed by hand (see gtis/market/demo.py)."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from gtis.accounts import demo as account_demo
from gtis.accounts import reference as account_reference
from gtis.accounts.models import Organisation, User
from gtis.catalog import reference as catalog_reference
from gtis.core.models import AuditEvent
from gtis.market import certificates, demo, search, services
from gtis.market.choices import (
    PUBLIC_NEED_STAGES,
    DisclosureStatus,
    IPKind,
    ListingStatus,
    NeedStage,
    OfferStatus,
)
from gtis.market.models import (
    Benefit,
    Disclosure,
    IPRecord,
    Listing,
    ListingReview,
    Match,
    Need,
    Offer,
    SolutionCall,
)
from gtis.registry.demo import organisations as registry_organisations

pytestmark = pytest.mark.django_db

LISTINGS, NEEDS, MATCHED = 150, 60, 6


@pytest.fixture(scope="module")
def market_demo(django_db_setup, django_db_blocker):
    """The reference data and demo organisations the market demo stands on, then the market
    demo at a small size, once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        for loader in (account_reference, catalog_reference, account_demo, registry_organisations):
            loader.load(StringIO())
        out = StringIO()
        demo.load(out, listings=LISTINGS, needs=NEEDS, matched=MATCHED)
        yield out.getvalue()
        transaction.set_rollback(True)


def _story_listings():
    return Listing.objects.filter(title__in=[spec["title"] for spec in demo.STORY_LISTINGS])


def test_the_demo_has_the_asked_numbers_of_listings_and_needs(market_demo):
    assert (Listing.objects.count(), Need.objects.count()) == (LISTINGS, NEEDS)
    assert "33 story records through the services" in market_demo
    assert f"{LISTINGS - 23} listings and {NEEDS - 10} needs in bulk" in market_demo


def test_listings_and_needs_are_in_every_state_in_the_story_and_in_bulk(market_demo):
    story = _story_listings()
    bulk = Listing.objects.exclude(pk__in=story.values("pk"))
    assert set(story.values_list("status", flat=True)) == set(ListingStatus.values)
    assert set(bulk.values_list("status", flat=True)) == set(ListingStatus.values)
    assert set(Need.objects.values_list("stage", flat=True)) == set(NeedStage.values)


def test_about_a_tenth_is_also_in_english(market_demo):
    english = Listing.objects.exclude(title_en="").exclude(summary_en="").count()
    assert 0.05 * LISTINGS <= english <= 0.2 * LISTINGS
    assert Need.objects.exclude(title_en="").exists()


def test_every_record_passes_its_own_validation(market_demo):
    for model in (Listing, Need, Benefit, IPRecord):
        for record in model.objects.all():
            record.full_clean()
    assert not Listing.objects.filter(nodes__isnull=True).exists()
    assert not Need.objects.filter(nodes__isnull=True).exists()


def test_lifecycle_dates_and_reasons_agree_with_the_state(market_demo):
    today = timezone.localdate()
    published = Listing.objects.filter(status=ListingStatus.PUBLISHED)
    assert not published.filter(published_at__isnull=True).exists()
    assert not published.filter(expires_on__lt=today).exists()
    assert not Listing.objects.filter(status=ListingStatus.EXPIRED, expires_on__gte=today).exists()
    assert not Listing.objects.filter(
        status=ListingStatus.DRAFT, published_at__isnull=False
    ).exists()
    for status, decision in [
        (ListingStatus.REJECTED, ListingReview.Decision.REJECT),
        (ListingStatus.CHANGES_REQUESTED, ListingReview.Decision.REQUEST_CHANGES),
        (ListingStatus.SUSPENDED, ListingReview.Decision.SUSPEND),
    ]:
        for listing in Listing.objects.filter(status=status):
            review = listing.reviews.first()  # newest first
            assert review.decision == decision
            assert review.reason == listing.status_reason != ""
    assert not ListingReview.objects.filter(reason="").exists()
    assert not Need.objects.filter(stage=NeedStage.DECLINED, stage_reason="").exists()
    # published over two years, so that the statistics by month have a shape
    months = {d.strftime("%Y-%m") for d in published.values_list("published_at", flat=True)}
    assert len(months) >= 12


def test_the_story_went_through_the_services_and_is_audited(market_demo):
    listing = Listing.objects.get(title="工业窑炉烟气余热深度回收发电系统")
    actions = set(AuditEvent.objects.for_object(listing).values_list("action", flat=True))
    assert {"create", "add_benefit", "add_ip_record", "submit", "take_for_moderation"} <= actions
    assert {"approve", "request_disclosure", "grant_disclosure"} <= actions
    assert [r.decision for r in listing.reviews.all()] == [ListingReview.Decision.APPROVE]


def test_the_demo_enterprise_owns_a_handful_with_confidential_detail_under_nda(market_demo):
    enterprise = User.objects.get(username="enterprise")
    owned = Listing.objects.filter(owner=enterprise.organisation)
    assert owned.count() == 6
    assert set(owned.values_list("status", flat=True)) == {
        ListingStatus.PUBLISHED,
        ListingStatus.DRAFT,
        ListingStatus.CHANGES_REQUESTED,
        ListingStatus.SUBMITTED,
    }
    granted = Disclosure.objects.get(status=DisclosureStatus.GRANTED)
    requested = Disclosure.objects.get(status=DisclosureStatus.REQUESTED)
    assert granted.listing.owner == requested.listing.owner == enterprise.organisation
    bank, broker = User.objects.get(username="bank"), User.objects.get(username="broker")
    assert (granted.organisation, requested.organisation) == (
        bank.organisation,
        broker.organisation,
    )
    detail = services.read_confidential_detail(actor=bank, listing=granted.listing)
    assert detail == granted.listing.confidential_detail != ""
    with pytest.raises(PermissionDenied):
        services.read_confidential_detail(actor=broker, listing=requested.listing)
    # a third published listing with detail is left for a visitor to ask about
    assert (
        owned.filter(status=ListingStatus.PUBLISHED, disclosures__isnull=True)
        .exclude(confidential_detail="")
        .exists()
    )


def test_a_call_for_solutions_on_an_accepted_need_has_four_offers(market_demo):
    call = SolutionCall.objects.get()
    assert call.need.stage == NeedStage.SOLUTION_DESIGN
    assert call.opens_on <= timezone.localdate() <= call.closes_on
    offers = Offer.objects.filter(call=call)
    assert sorted(offers.values_list("status", flat=True)) == sorted(
        [OfferStatus.SHORTLISTED] * 2 + [OfferStatus.SUBMITTED] * 2
    )
    assert offers.values("organisation").distinct().count() == 4
    for offer in offers.exclude(listing=None):
        assert offer.listing.owner_id == offer.organisation_id


def test_the_story_has_a_deal_in_every_state(market_demo):
    from gtis.market.choices import DealState
    from gtis.market.models import Deal

    assert set(Deal.objects.values_list("state", flat=True)) == set(DealState.values)
    closed = Deal.objects.get(state=DealState.CLOSED)
    assert closed.registration_number and not closed.milestones.filter(paid_on=None).exists()
    assert sum(m.amount for m in closed.milestones.all()) == closed.price
    assert certificates.verified(closed.certificate.code) == closed.certificate


def test_the_story_has_certified_brokers_assigned_and_rated(market_demo):
    from gtis.market import selectors
    from gtis.market.choices import DealState
    from gtis.market.models import Deal

    directory = {b.user.username: b for b in selectors.broker_directory().select_related("user")}
    assert set(directory) == {"broker", "xibu_broker", "lvzhi_broker"}
    senior = directory["broker"]
    assert senior.organisation.name == demo.ZHONGLV
    assert (senior.closed_deals, senior.mean_rating, senior.rating_count) == (1, 4.5, 2)
    closed = Deal.objects.get(state=DealState.CLOSED)
    assert (closed.agent, closed.broker) == (senior, senior.organisation)
    assert Deal.objects.exclude(agent=None).count() == 4


def test_ip_numbers_look_like_cnipa_numbers_with_their_check_digit(market_demo):
    patents = IPRecord.objects.filter(
        kind__in=[IPKind.INVENTION_PATENT, IPKind.UTILITY_MODEL, IPKind.DESIGN]
    )
    assert patents.count() > 50
    for number in patents.values_list("number", flat=True):
        match = re.fullmatch(r"ZL(\d{4}) ([123]) (\d{7})\.([\dX])", number)
        assert match, number
        digits = "".join(match.groups()[:3])
        total = sum(
            int(d) * w for d, w in zip(digits, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5], strict=True)
        )
        assert match[4] == ("X" if total % 11 == 10 else str(total % 11))
    software = IPRecord.objects.filter(kind=IPKind.SOFTWARE).values_list("number", flat=True)
    assert all(re.fullmatch(r"\d{4}SR\d{7}", number) for number in software)


def test_bulk_listings_are_found_by_their_title_and_in_english(market_demo):
    published = Listing.objects.filter(status=ListingStatus.PUBLISHED)
    bulk = published.exclude(pk__in=_story_listings().values("pk")).order_by("pk")[:5]
    for listing in bulk:
        assert listing.pk in search.search(published, listing.title, limit=50).ids
    membrane = Listing.objects.get(title="抗污染平板陶瓷膜MBR污水处理装备")
    assert membrane.pk in search.search(published, "ceramic membrane").ids
    waste_heat = Listing.objects.get(title="工业窑炉烟气余热深度回收发电系统")
    assert waste_heat.pk in search.search(published, "余热回收").ids


def test_the_story_and_the_newest_public_needs_have_matches(market_demo):
    matched = Need.objects.filter(matches__isnull=False).distinct()
    assert 5 <= matched.count() <= MATCHED
    assert not matched.exclude(stage__in=PUBLIC_NEED_STAGES).exists()
    call_need = SolutionCall.objects.get().need
    assert call_need.matches.exists()
    assert not Match.objects.exclude(listing__status=ListingStatus.PUBLISHED).exists()


def test_loading_again_adds_nothing(market_demo):
    counted = [Organisation, User, AuditEvent, *apps.get_app_config("market").get_models()]
    before = {model: model.objects.count() for model in counted}
    out = StringIO()
    demo.load(out, listings=LISTINGS, needs=NEEDS, matched=MATCHED)
    assert {model: model.objects.count() for model in counted} == before
    assert out.getvalue().startswith(
        "market demo: 0 story records through the services, 0 listings and 0 needs in bulk, "
        "0 offers, 0 disclosures, 0 deals, 0 public sales, 0 matches added"
    )


def test_the_story_has_a_listed_sale_sold_after_bidding_and_a_live_and_a_finished_auction(
    market_demo,
):
    from gtis.market.models import Sale

    rows = {
        (s.method, s.state): s for s in Sale.objects.select_related("deal", "leader__organisation")
    }
    assert set(rows) == {
        ("listed", "sold"),
        ("auction", "sold"),
        ("auction", "bidding"),
        ("listed", "notice"),
    }
    listed = rows["listed", "sold"]
    assert (listed.bid_count, listed.current_price, listed.deal.price) == (
        3,
        Decimal("5600000"),
        Decimal("5600000"),
    )
    assert sorted(listed.registrations.values_list("deposit_status", flat=True)) == [
        "applied",
        "refunded",
    ]
    finished = rows["auction", "sold"]
    assert finished.reserve_met and finished.deal.buyer == finished.leader.organisation
    live = rows["auction", "bidding"]
    assert live.bidding_ends_at > timezone.now() and not live.reserve_met
