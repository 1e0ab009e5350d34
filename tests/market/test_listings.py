"""Listings: posting, moderation with reasons, search in Chinese and English, and the
confidential detail released only under an accepted NDA."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from gtis.market import search, selectors, services
from gtis.market.choices import ListingStatus
from gtis.market.models import Listing
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def post(actor, owner, nodes, title="高效余热回收锅炉系统", **extra):
    values = {
        "owner": owner,
        "title": title,
        "summary": "回收钢铁、水泥窑炉烟气余热发电，节能15%以上。",
        "confidential_detail": "换热器结构图纸与工艺参数。",
        "trl": 8,
        "province": "32",
        "transfer_modes": ["ordinary_licence"],
        "price_kind": "fixed",
        "price_min": Decimal("300"),
    } | extra
    return services.save_listing(actor=actor, nodes=nodes, **values)


def published(actor, office, owner, nodes, **extra):
    listing = post(actor, owner, nodes, **extra)
    services.submit_listing(actor=actor, listing=listing)
    return services.moderate_listing(
        actor=office, listing=listing, decision="approve", reason="信息完整。"
    )


def test_a_listing_is_posted_as_a_draft_and_audited(seller, organisation, green_fields):
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    assert listing.status == ListingStatus.DRAFT
    assert Listing.objects.get().created_by == seller
    assert AuditEvent.objects.for_object(listing).get().action == "create"


def test_a_listing_without_modes_is_refused_naming_the_field(seller, organisation):
    with pytest.raises(ValidationError) as error:
        post(seller, organisation, [], transfer_modes=[])
    assert error.value.message_dict["transfer_modes"] == ["Choose at least one transfer mode."]
    assert not Listing.objects.exists()


def test_a_trl_of_ten_is_refused(seller, organisation):
    with pytest.raises(ValidationError) as error:
        post(seller, organisation, [], trl=10)
    assert list(error.value.message_dict) == ["trl"]


def test_nobody_posts_for_another_organisation(seller):
    with pytest.raises(PermissionDenied):
        post(seller, OrganisationFactory(), [])
    assert not Listing.objects.exists()


def test_moderation_needs_a_reason_and_the_owner_sees_it(
    seller, office, organisation, green_fields, django_capture_on_commit_callbacks
):
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    services.submit_listing(actor=seller, listing=listing)
    with pytest.raises(ValidationError) as error:
        services.moderate_listing(actor=office, listing=listing, decision="reject", reason=" ")
    assert error.value.message_dict["reason"] == ["Give the reason the owner will see."]
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate_listing(
            actor=office,
            listing=listing,
            decision="request_changes",
            reason="补充节能量的测算依据。",
        )
    listing.refresh_from_db()
    assert (listing.status, listing.status_reason) == (
        "changes_requested",
        "补充节能量的测算依据。",
    )
    assert seller.notifications.get().body == "补充节能量的测算依据。"


def test_an_owner_cannot_moderate(seller, organisation, green_fields):
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    services.submit_listing(actor=seller, listing=listing)
    with pytest.raises(PermissionDenied):
        services.moderate_listing(actor=seller, listing=listing, decision="approve", reason="好")
    assert Listing.objects.get().status == "submitted"


def test_a_listing_without_codes_cannot_be_submitted(seller, organisation):
    listing = post(seller, organisation, [])
    with pytest.raises(ValidationError) as error:
        services.submit_listing(actor=seller, listing=listing)
    assert list(error.value.message_dict) == ["nodes"]


def test_searching_a_phrase_puts_the_listings_containing_it_first(
    seller, office, organisation, green_fields
):
    nodes = [green_fields["1.1.1"]]
    first = published(seller, office, organisation, nodes)
    published(
        seller, office, organisation, nodes, title="光伏组件回收利用", summary="拆解回收光伏板。"
    )
    published(
        seller, office, organisation, nodes, title="工业窑炉节能改造", summary="窑炉热效率提升。"
    )
    hits = search.search(Listing.objects.published(), "余热回收")
    assert (hits.total, hits.ids) == (1, [first.pk])


def test_a_title_fragment_finds_its_listing(seller, office, organisation, green_fields):
    listing = published(seller, office, organisation, [green_fields["1.1.1"]])
    assert search.search(Listing.objects.published(), "热回收锅").ids == [listing.pk]


def test_an_english_query_finds_english_listings(seller, office, organisation, green_fields):
    listing = published(
        seller,
        office,
        organisation,
        [green_fields["1.1.1"]],
        title="余热锅炉",
        title_en="Waste heat recovery boilers",
    )
    assert search.search(Listing.objects.published(), "heat recovery boiler").ids == [listing.pk]


def test_a_title_match_outranks_a_body_match(seller, office, organisation, green_fields):
    nodes = [green_fields["1.1.1"]]
    body = published(seller, office, organisation, nodes, title="窑炉改造", summary="含余热回收。")
    title = published(seller, office, organisation, nodes, title="余热回收装置", summary="装置。")
    assert search.search(Listing.objects.published(), "余热回收").ids == [title.pk, body.pk]


def test_beyond_the_count_cap_a_search_says_there_are_more(
    seller, office, organisation, green_fields, monkeypatch
):
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    nodes = [green_fields["1.1.1"]]
    older = published(seller, office, organisation, nodes, title="窑炉改造", summary="含余热回收。")
    newer = published(seller, office, organisation, nodes, title="锅炉改造", summary="余热回收。")
    title = published(seller, office, organisation, nodes, title="余热回收装置", summary="装置。")
    hits = search.search(Listing.objects.published(), "余热回收")
    assert (hits.total, hits.capped) == (2, True)
    assert hits.ids[0] == title.pk
    assert set(hits.ids[1:]) <= {older.pk, newer.pk}
    assert search.search(Listing.objects.published(), "余热回收装置").capped is False


def test_facet_counts_follow_every_change_to_the_listings(
    seller, office, organisation, green_fields
):
    nodes = [green_fields["1.1.1"]]
    published(seller, office, organisation, nodes, province="32")
    everything = Listing.objects.published()
    assert selectors.listing_facets(everything)["province"] == [("32", "Jiangsu", 1)]
    second = published(seller, office, organisation, nodes, province="11")
    assert {row[0] for row in selectors.listing_facets(everything)["province"]} == {"32", "11"}
    services.withdraw_listing(actor=seller, listing=second)
    assert selectors.listing_facets(everything)["province"] == [("32", "Jiangsu", 1)]


def test_editing_a_listing_keeps_the_index_in_step(seller, office, organisation, green_fields):
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    services.save_listing(actor=seller, listing=listing, title="氢能储运装备")
    drafts = Listing.objects.all()
    assert search.search(drafts, "余热回收").total == 0
    assert search.search(drafts, "氢能").ids == [listing.pk]


def test_the_detail_is_released_only_after_the_owner_grants_the_nda(
    seller, buyer, office, organisation, green_fields
):
    listing = published(seller, office, organisation, [green_fields["1.1.1"]])
    with pytest.raises(PermissionDenied):
        services.read_confidential_detail(actor=buyer, listing=listing)
    with pytest.raises(ValidationError) as error:
        services.request_disclosure(
            actor=buyer, listing=listing, purpose="评估", accept_terms=False
        )
    assert list(error.value.message_dict) == ["accept_terms"]
    disclosure = services.request_disclosure(
        actor=buyer, listing=listing, purpose="评估技术可行性", accept_terms=True
    )
    with pytest.raises(PermissionDenied):
        services.read_confidential_detail(actor=buyer, listing=listing)
    with pytest.raises(PermissionDenied):
        services.decide_disclosure(actor=buyer, disclosure=disclosure, grant=True)
    services.decide_disclosure(actor=seller, disclosure=disclosure, grant=True)
    detail = services.read_confidential_detail(actor=buyer, listing=listing)
    assert detail == "换热器结构图纸与工艺参数。"
    read = AuditEvent.objects.get(action="read_confidential_detail")
    assert (read.actor, read.changes["organisation"]) == (buyer, buyer.organisation_id)


def test_an_owner_cannot_ask_for_their_own_detail(seller, office, organisation, green_fields):
    listing = published(seller, office, organisation, [green_fields["1.1.1"]])
    with pytest.raises(PermissionDenied):
        services.request_disclosure(actor=seller, listing=listing, purpose="x", accept_terms=True)


def test_the_public_sees_only_published_listings(seller, office, organisation, green_fields, users):
    draft = post(seller, organisation, [green_fields["1.1.1"]], title="草稿")
    live = published(seller, office, organisation, [green_fields["1.1.1"]])
    assert list(Listing.objects.restrict(users[Role.BROKER])) == [live]
    assert set(Listing.objects.restrict(seller)) == {draft, live}


def test_co_owner_shares_must_add_up_to_one_hundred(seller, organisation, green_fields):
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    university = OrganisationFactory(kind="university")
    with pytest.raises(ValidationError) as error:
        services.set_co_owners(
            actor=seller,
            listing=listing,
            shares=[(organisation, Decimal("60")), (university, Decimal("30"))],
        )
    assert error.value.message_dict["shares"] == ["The shares add up to 90 %, not 100 %."]
    services.set_co_owners(
        actor=seller,
        listing=listing,
        shares=[(organisation, Decimal("60")), (university, Decimal("40"))],
    )
    assert listing.shares.count() == 2


def test_expired_listings_leave_the_market(seller, office, organisation, green_fields):
    listing = published(
        seller, office, organisation, [green_fields["1.1.1"]], expires_on=datetime.date(2026, 1, 1)
    )
    assert services.expire_listings(actor=office, today=datetime.date(2026, 1, 2)) == 1
    listing.refresh_from_db()
    assert listing.status == "expired"


def test_the_audit_trail_says_the_detail_changed_but_not_what_it_holds(
    seller, organisation, green_fields
):
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    event = AuditEvent.objects.for_object(listing).get()
    assert event.changes["confidential_detail"] == ["…", "…"]
    assert "换热器" not in str(event.changes)
