"""The market API for listings and disclosures: who reads what, search with facets, writes
through the services, bad input, the confidential detail released only under a granted
disclosure, and lists that cost the same number of queries however many rows they show."""

import json
from decimal import Decimal

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from gtis.accounts.models import OrganisationRole
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from gtis.market import services
from gtis.market.models import Benefit, Disclosure, IPRecord, Listing, ListingReview, Match, Need
from gtis.registry.models import Designation, Programme
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_flat_query_count

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SECRET = "换热器结构图纸与工艺参数。"


@pytest.fixture
def api(api_as):
    """api(user): a client for `user` (None: anonymous) that reads messages in English."""

    def make(user=None):
        client = api_as(user) if user is not None else APIClient()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def seller(organisation):
    """A member of the listing's owner, 华清绿能科技有限公司."""
    return UserFactory(
        username="seller", organisation=organisation, organisation_role=OrganisationRole.ADMIN
    )


@pytest.fixture
def buyer():
    return UserFactory(
        username="buyer", organisation=OrganisationFactory(name="示例钢铁股份有限公司")
    )


def draft(actor, owner, nodes, **extra):
    values = {
        "owner": owner,
        "title": "高效余热回收锅炉系统",
        "summary": "回收钢铁、水泥窑炉烟气余热发电，节能15%以上。",
        "confidential_detail": SECRET,
        "trl": 8,
        "province": "32",
        "transfer_modes": ["ordinary_licence"],
        "price_kind": "fixed",
        "price_min": Decimal("300"),
    } | extra
    return services.save_listing(actor=actor, nodes=nodes, **values)


def publish(listing, owner_member, office):
    services.submit_listing(actor=owner_member, listing=listing)
    return services.moderate_listing(
        actor=office, listing=listing, decision="approve", reason="信息完整。"
    )


@pytest.fixture
def listing(seller, office, organisation, green_fields):
    """A published listing of 华清绿能 coded 1.1.1."""
    return publish(draft(seller, organisation, [green_fields["1.1.1"]]), seller, office)


def listing_data(owner, **overrides):
    return {
        "owner": owner.pk,
        "title": "光伏组件回收利用",
        "summary": "拆解回收退役光伏板中的银、硅和玻璃。",
        "confidential_detail": "拆解产线的设备清单。",
        "nodes": ["3.2"],
        "trl": 6,
        "province": "11",
        "transfer_modes": ["assignment"],
        "price_kind": "range",
        "price_min": "50.00",
        "price_max": "80.00",
        **overrides,
    }


def ids(response):
    return [row["id"] for row in response.json()["results"]]


# Reading listings --------------------------------------------------------------------------------


def test_the_public_reads_a_published_listing_without_its_confidential_detail(
    api, listing, organisation
):
    response = api().get(f"/api/market/listings/{listing.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": listing.pk,
        "owner": organisation.pk,
        "owner_name": "华清绿能科技有限公司",
        "broker": None,
        "broker_name": None,
        "co_owners": [],
        "title": "高效余热回收锅炉系统",
        "title_en": "",
        "summary": "回收钢铁、水泥窑炉烟气余热发电，节能15%以上。",
        "summary_en": "",
        "nodes": ["1.1.1"],
        "trl": 8,
        "province": "32",
        "developed_in": [],
        "deployed_in": [],
        "transfer_modes": ["ordinary_licence"],
        "price_kind": "fixed",
        "price_min": "300.00",
        "price_max": None,
        "status": "published",
        "is_editable": False,
        "published_at": body["published_at"],
        "expires_on": None,
        "benefits": [],
        "ip_records": [],
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
        "designations": [],
    }
    assert body["published_at"] is not None


def test_the_public_sees_only_published_listings(api, listing, seller, organisation, green_fields):
    hidden = draft(seller, organisation, [green_fields["1.1.1"]], title="氢能储运装备")

    assert ids(api().get("/api/market/listings/")) == [listing.pk]
    assert api().get(f"/api/market/listings/{hidden.pk}/").status_code == 404


def test_a_draft_is_seen_by_its_organisation_and_staff_only(
    api, seller, buyer, office, organisation, green_fields
):
    hidden = draft(seller, organisation, [green_fields["1.1.1"]])
    url = f"/api/market/listings/{hidden.pk}/"

    assert api(seller).get(url).json()["status"] == "draft"
    assert api(office).get(url).json()["status"] == "draft"
    assert api(buyer).get(url).status_code == 404
    assert api().get(url).status_code == 404
    assert ids(api(buyer).get("/api/market/listings/", {"mine": "1"})) == []


def test_mine_lists_the_organisations_listings_in_any_state(
    api, listing, seller, buyer, organisation, green_fields
):
    hidden = draft(seller, organisation, [green_fields["1.1.1"]], title="氢能储运装备")

    assert ids(api(seller).get("/api/market/listings/", {"mine": "1"})) == [hidden.pk, listing.pk]
    assert ids(api(seller).get("/api/market/listings/", {"mine": "1", "search": "氢能"})) == [
        hidden.pk
    ]
    assert ids(api(seller).get("/api/market/listings/")) == [listing.pk]


def test_mine_needs_a_signed_in_user(api, listing):
    response = api().get("/api/market/listings/", {"mine": "1"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_moderators_reason_is_shown_to_the_owner_and_staff_only(
    api, listing, seller, buyer, office
):
    url = f"/api/market/listings/{listing.pk}/"

    assert api(seller).get(url).json()["status_reason"] == "信息完整。"
    assert api(office).get(url).json()["status_reason"] == "信息完整。"
    assert "status_reason" not in api(buyer).get(url).json()
    assert "status_reason" not in api().get(url).json()


# Search, filters and facets ----------------------------------------------------------------------


def test_searching_puts_a_title_match_before_a_body_match_and_counts_all(
    api, seller, office, organisation, green_fields
):
    nodes = [green_fields["1.1.1"]]
    body = publish(
        draft(seller, organisation, nodes, title="窑炉改造", summary="含余热回收。"), seller, office
    )
    title = publish(
        draft(seller, organisation, nodes, title="余热回收装置", summary="装置。"), seller, office
    )
    publish(
        draft(seller, organisation, nodes, title="光伏组件回收", summary="拆解光伏板。"),
        seller,
        office,
    )

    response = api().get("/api/market/listings/", {"search": "余热回收"})

    assert response.json()["count"] == 2
    assert ids(response) == [title.pk, body.pk]


def test_a_search_is_paged_with_count_next_and_previous(
    api, seller, office, organisation, green_fields
):
    found = [
        publish(draft(seller, organisation, [green_fields["1.1.1"]], title=title), seller, office)
        for title in ("余热回收锅炉", "余热回收装置", "余热回收系统")
    ]
    client = api()

    first = client.get("/api/market/listings/", {"search": "余热回收", "page_size": 2}).json()
    second = client.get(
        "/api/market/listings/", {"search": "余热回收", "page_size": 2, "page": 2}
    ).json()

    assert set(first) == {"count", "count_capped", "next", "previous", "results"}
    assert first["count_capped"] is False
    assert (first["count"], len(first["results"]), first["previous"]) == (3, 2, None)
    assert "page=2" in first["next"] and "search=" in first["next"]
    assert (second["count"], len(second["results"]), second["next"]) == (3, 1, None)
    assert second["previous"] is not None
    assert {row["id"] for row in first["results"] + second["results"]} == {
        listing.pk for listing in found
    }


@pytest.mark.parametrize("page", ["3", "0", "x"])
def test_a_page_beyond_the_results_is_a_404(api, listing, page):
    response = api().get("/api/market/listings/", {"page_size": 1, "page": page})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_filters_narrow_the_published_listings(api, seller, office, organisation, green_fields):
    boiler = publish(draft(seller, organisation, [green_fields["1.1.1"]]), seller, office)
    solar_member = UserFactory(organisation=OrganisationFactory(name="北京光伏科技有限公司"))
    solar = publish(
        draft(
            solar_member,
            solar_member.organisation,
            [green_fields["3.2"]],
            title="光伏电站运维",
            trl=5,
            province="11",
            transfer_modes=["service"],
            price_kind="negotiable",
            price_min=None,
        ),
        solar_member,
        office,
    )
    programme = Programme.objects.create(code="green-factory", name="绿色工厂名单")
    Designation.objects.create(programme=programme, organisation=organisation)
    client = api()

    def found(**params):
        return ids(client.get("/api/market/listings/", params))

    assert found(node="1") == [boiler.pk]
    assert found(node="3") == [solar.pk]
    assert found(node="1.1.1") == [boiler.pk]
    assert found(node="7") == []
    assert found(province="11") == [solar.pk]
    assert found(trl="6") == [boiler.pk]
    assert found(mode="service") == [solar.pk]
    assert found(price="200-1000") == [boiler.pk]
    assert found(price="negotiable") == [solar.pk]
    assert found(designated="1") == [boiler.pk]
    assert found(designated="0") == [solar.pk, boiler.pk]


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [
        ("province", "99", None),
        ("trl", "10", "Enter a value matching [1-9]."),
        ("mode", "rental", None),
        ("price", "cheap", None),
        ("node", "1.x", "Enter a value matching \\d+(\\.\\d+)*."),
        ("facets", "yes", "Enter 1 or 0."),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api, listing, param, value, message):
    response = api().get("/api/market/listings/", {param: value})

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [param]
    if message is not None:
        assert errors[param] == [message]
    else:
        assert errors[param][0].startswith("Choose one of: ")


def test_facets_come_with_the_list_when_asked(api, seller, office, organisation, green_fields):
    publish(draft(seller, organisation, [green_fields["1.1.1"]]), seller, office)
    publish(
        draft(
            seller,
            organisation,
            [green_fields["3.2"]],
            title="光伏电站运维",
            trl=5,
            transfer_modes=["service", "ordinary_licence"],
            price_kind="negotiable",
            price_min=None,
        ),
        seller,
        office,
    )
    client = api()

    assert "facets" not in client.get("/api/market/listings/").json()
    facets = client.get("/api/market/listings/", {"facets": "1"}).json()["facets"]

    assert facets == {
        "node": [
            {"value": "1", "label": "1 节能环保产业", "count": 1},
            {"value": "3", "label": "3 清洁能源产业", "count": 1},
        ],
        "province": [{"value": "32", "label": "Jiangsu", "count": 2}],
        "trl": [
            {"value": "8", "label": "8", "count": 1},
            {"value": "5", "label": "5", "count": 1},
        ],
        "mode": [
            {"value": "ordinary_licence", "label": "Ordinary licence", "count": 2},
            {"value": "service", "label": "Technical service", "count": 1},
        ],
        "price": [
            {"value": "200-1000", "label": "2 to 10 million yuan", "count": 1},
            {"value": "negotiable", "label": "Negotiable", "count": 1},
        ],
        "designated": [],
    }
    searched = client.get("/api/market/listings/", {"facets": "1", "search": "光伏"}).json()
    assert searched["facets"]["node"] == [{"value": "3", "label": "3 清洁能源产业", "count": 1}]


@pytest.fixture
def add_full_listing(seller, office, organisation, green_fields):
    """add_full_listing(): a published listing with a broker, two codes, a benefit, an IP
    record and two co-owners, so that every relation the list renders is there."""
    broker = OrganisationFactory(name="技术转移中心")
    university = OrganisationFactory(name="清华大学", kind="university")

    def add(title="高效余热回收锅炉系统", publish_it=True):
        added = draft(
            seller,
            organisation,
            [green_fields["1.1.1"], green_fields["3.2"]],
            title=title,
            broker=broker,
        )
        services.add_benefit(actor=seller, listing=added, metric="energy_saved", value=15, unit="%")
        services.add_ip_record(actor=seller, listing=added, kind="software", number="2021SR0001")
        services.set_co_owners(
            actor=seller,
            listing=added,
            shares=[(organisation, Decimal(60)), (university, Decimal(40))],
        )
        return publish(added, seller, office) if publish_it else added

    return add


def test_the_listing_list_costs_the_same_queries_however_many_listings(api, add_full_listing):
    add_full_listing()
    client = api()

    # the market's revision (the key of the visitors' page cache, then of cached counts),
    # count, page ids, listings with owners, nodes, owners' designations (the selector's
    # cards), brokers, benefits, IP records, co-owners; then the facets: the revision,
    # categories, regions, readiness levels, mode combinations, price bands with designated
    # owners, the categories' names
    assert_flat_query_count(
        lambda: client.get("/api/market/listings/", {"facets": "1"}),
        lambda: [add_full_listing() for _n in range(3)],
        expected=18,
    )


def test_a_search_costs_the_same_queries_however_many_listings_match(api, add_full_listing):
    add_full_listing()
    client = api()

    # the market's revision (the page cache), the ranked page of ids found by the index and
    # its total, the cards, no facets
    assert_flat_query_count(
        lambda: client.get("/api/market/listings/", {"search": "余热回收"}),
        lambda: [add_full_listing() for _n in range(3)],
        expected=10,
    )


def test_mine_costs_the_same_queries_however_many_listings(api, seller, add_full_listing):
    add_full_listing(publish_it=False)
    client = api(seller)

    # count, listings with owners and brokers, nodes, benefits, IP records, co-owners
    assert_flat_query_count(
        lambda: client.get("/api/market/listings/", {"mine": "1", "search": "余热回收"}),
        lambda: [add_full_listing(publish_it=False) for _n in range(3)],
        expected=6,
    )


# Writing listings --------------------------------------------------------------------------------


def test_a_member_posts_a_draft_listing_for_their_organisation(
    api, seller, organisation, green_fields
):
    response = api(seller).post("/api/market/listings/", listing_data(organisation), format="json")

    assert response.status_code == 201
    body = response.json()
    listing = Listing.objects.get()
    assert "confidential_detail" not in body
    assert (body["id"], body["status"], body["nodes"], body["owner_name"]) == (
        listing.pk,
        "draft",
        ["3.2"],
        "华清绿能科技有限公司",
    )
    assert (body["price_min"], body["price_max"], body["transfer_modes"]) == (
        "50.00",
        "80.00",
        ["assignment"],
    )
    assert listing.confidential_detail == "拆解产线的设备清单。"
    assert listing.created_by == seller
    assert AuditEvent.objects.for_object(listing).get().action == "create"


@pytest.mark.parametrize("code", ["9", "1.9"])
def test_an_unknown_code_is_a_400_naming_nodes_and_adds_nothing(
    api, seller, organisation, green_fields, code
):
    response = api(seller).post(
        "/api/market/listings/", listing_data(organisation, nodes=[code]), format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"nodes": [f"Object with code={code} does not exist."]}
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"transfer_modes": ["rental"]}, {"transfer_modes": ["Unknown transfer mode: rental."]}),
        ({"transfer_modes": []}, {"transfer_modes": ["Choose at least one transfer mode."]}),
        ({"price_max": None}, {"price_max": ["Give both ends of the price range."]}),
        ({"trl": 10}, {"trl": ["Ensure this value is less than or equal to 9."]}),
        ({"province": "99"}, {"province": ['"99" is not a valid choice.']}),
    ],
    ids=["unknown-mode", "no-mode", "open-range", "trl-10", "unknown-province"],
)
def test_bad_listing_input_is_a_400_naming_the_field_and_adds_nothing(
    api, seller, organisation, green_fields, overrides, errors
):
    response = api(seller).post(
        "/api/market/listings/", listing_data(organisation, **overrides), format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert not Listing.objects.exists()


def test_nobody_posts_for_another_organisation(api, seller, buyer, green_fields):
    response = api(seller).post(
        "/api/market/listings/", listing_data(buyer.organisation), format="json"
    )

    assert response.status_code == 403
    assert not Listing.objects.exists()


def test_anonymous_and_staffless_accounts_cannot_post(api, users, organisation, green_fields):
    anonymous = api().post("/api/market/listings/", listing_data(organisation), format="json")
    expert = api(users[Role.EXPERT]).post(
        "/api/market/listings/", listing_data(organisation), format="json"
    )

    assert (anonymous.status_code, expert.status_code) == (401, 403)
    assert not Listing.objects.exists()


def test_the_owner_edits_a_draft_and_its_codes(api, seller, organisation, green_fields):
    listing = draft(seller, organisation, [green_fields["1.1.1"]])

    response = api(seller).patch(
        f"/api/market/listings/{listing.pk}/",
        {"title": "氢能储运装备", "nodes": ["3.2", "1"]},
        format="json",
    )

    assert response.status_code == 200
    assert (response.json()["title"], sorted(response.json()["nodes"])) == (
        "氢能储运装备",
        ["1", "3.2"],
    )
    listing.refresh_from_db()
    assert listing.title == "氢能储运装备"
    assert listing.confidential_detail == SECRET
    assert sorted(node.code for node in listing.nodes.all()) == ["1", "3.2"]


def test_a_patch_without_codes_keeps_them(api, seller, organisation, green_fields):
    listing = draft(seller, organisation, [green_fields["1.1.1"]])

    api(seller).patch(f"/api/market/listings/{listing.pk}/", {"trl": 9}, format="json")

    assert [node.code for node in listing.nodes.all()] == ["1.1.1"]
    assert Listing.objects.get().trl == 9


def test_a_published_listing_is_not_edited_by_its_owner(api, listing, seller):
    response = api(seller).patch(
        f"/api/market/listings/{listing.pk}/", {"title": "改名"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": [
            "A listing can be edited only as a draft or when changes were asked for."
        ]
    }
    assert Listing.objects.get().title == "高效余热回收锅炉系统"


def test_a_buyer_cannot_edit_anothers_listing_and_nothing_changes(
    api, listing, buyer, seller, organisation, green_fields
):
    hidden = draft(seller, organisation, [green_fields["1.1.1"]], title="草稿")
    client = api(buyer)

    published = client.patch(f"/api/market/listings/{listing.pk}/", {"title": "x"}, format="json")
    drafted = client.patch(f"/api/market/listings/{hidden.pk}/", {"title": "x"}, format="json")

    assert (published.status_code, drafted.status_code) == (403, 404)
    assert sorted(Listing.objects.values_list("title", flat=True)) == [
        "草稿",
        "高效余热回收锅炉系统",
    ]


def test_the_owner_cannot_give_a_listing_away(api, seller, buyer, organisation, green_fields):
    listing = draft(seller, organisation, [green_fields["1.1.1"]])

    response = api(seller).patch(
        f"/api/market/listings/{listing.pk}/", {"owner": buyer.organisation_id}, format="json"
    )

    assert response.status_code == 403
    assert Listing.objects.get().owner == organisation


# Moderation --------------------------------------------------------------------------------------


def test_the_owner_submits_and_staff_approve_with_a_reason(
    api, seller, office, organisation, green_fields
):
    listing = draft(seller, organisation, [green_fields["1.1.1"]])

    submitted = api(seller).post(f"/api/market/listings/{listing.pk}/submit/")
    approved = api(office).post(
        f"/api/market/listings/{listing.pk}/moderate/",
        {"decision": "approve", "reason": "信息完整。"},
        format="json",
    )

    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["status_reason"]) == (
        "published",
        "信息完整。",
    )
    review = ListingReview.objects.get()
    assert (review.decision, review.reason, review.reviewer) == ("approve", "信息完整。", office)
    assert ids(api().get("/api/market/listings/")) == [listing.pk]


def test_a_listing_without_codes_is_not_submitted(api, seller, organisation):
    listing = draft(seller, organisation, [])

    response = api(seller).post(f"/api/market/listings/{listing.pk}/submit/")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "nodes": ["Choose at least one taxonomy code before submitting."]
    }
    assert Listing.objects.get().status == "draft"


def test_the_owner_cannot_moderate_and_nothing_changes(api, seller, organisation, green_fields):
    listing = draft(seller, organisation, [green_fields["1.1.1"]])
    services.submit_listing(actor=seller, listing=listing)

    response = api(seller).post(
        f"/api/market/listings/{listing.pk}/moderate/",
        {"decision": "approve", "reason": "好"},
        format="json",
    )

    assert response.status_code == 403
    assert Listing.objects.get().status == "submitted"
    assert not ListingReview.objects.exists()


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"decision": "reject", "reason": " "},
            {"reason": ["Give the reason the owner will see."]},
        ),
        ({"decision": "bless", "reason": "好"}, {"decision": ['"bless" is not a valid choice.']}),
    ],
    ids=["blank-reason", "unknown-decision"],
)
def test_bad_moderation_is_a_400_naming_the_field_and_changes_nothing(
    api, seller, office, organisation, green_fields, data, errors
):
    listing = draft(seller, organisation, [green_fields["1.1.1"]])
    services.submit_listing(actor=seller, listing=listing)

    response = api(office).post(f"/api/market/listings/{listing.pk}/moderate/", data, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert Listing.objects.get().status == "submitted"
    assert not ListingReview.objects.exists()


def test_the_owner_withdraws_a_listing_and_a_buyer_cannot(api, listing, seller, buyer):
    refused = api(buyer).post(f"/api/market/listings/{listing.pk}/withdraw/")
    assert refused.status_code == 403
    assert Listing.objects.get().status == "published"

    response = api(seller).post(f"/api/market/listings/{listing.pk}/withdraw/")

    assert (response.status_code, response.json()["status"]) == (200, "withdrawn")
    assert ids(api().get("/api/market/listings/")) == []


# The confidential detail under a non-disclosure agreement ----------------------------------------


def test_a_buyer_without_a_granted_disclosure_gets_403_on_the_detail(api, listing, buyer):
    url = f"/api/market/listings/{listing.pk}/confidential/"
    services.request_disclosure(actor=buyer, listing=listing, purpose="评估", accept_terms=True)

    response = api(buyer).get(url)

    assert response.status_code == 403
    assert SECRET not in response.content.decode()
    assert api().get(url).status_code == 401
    assert not AuditEvent.objects.filter(action="read_confidential_detail").exists()


def test_a_buyer_requests_the_owner_grants_and_the_buyer_reads_the_detail(
    api, listing, buyer, seller
):
    requested = api(buyer).post(
        f"/api/market/listings/{listing.pk}/disclosures/",
        {"purpose": "评估技术可行性", "accept_terms": True},
        format="json",
    )
    assert requested.status_code == 201
    disclosure = Disclosure.objects.get()
    assert requested.json() == {
        "id": disclosure.pk,
        "listing": listing.pk,
        "listing_title": "高效余热回收锅炉系统",
        "organisation": buyer.organisation_id,
        "organisation_name": "示例钢铁股份有限公司",
        "purpose": "评估技术可行性",
        "terms_version": services.NDA_VERSION,
        "terms_accepted_at": requested.json()["terms_accepted_at"],
        "status": "requested",
        "decided_at": None,
        "reason": "",
    }

    pending = api(seller).get("/api/market/disclosures/")
    assert [row["id"] for row in pending.json()["results"]] == [disclosure.pk]
    granted = api(seller).post(
        f"/api/market/disclosures/{disclosure.pk}/decide/", {"grant": True}, format="json"
    )
    assert (granted.status_code, granted.json()["status"]) == (200, "granted")

    response = api(buyer).get(f"/api/market/listings/{listing.pk}/confidential/")

    assert response.status_code == 200
    assert response.json() == {"listing": listing.pk, "confidential_detail": SECRET}
    assert "no-store" in response["Cache-Control"]
    read = AuditEvent.objects.get(action="read_confidential_detail")
    assert (read.actor, read.changes["organisation"]) == (buyer, buyer.organisation_id)


def test_the_owner_and_staff_read_the_detail_without_a_disclosure(api, listing, seller, office):
    url = f"/api/market/listings/{listing.pk}/confidential/"

    assert api(seller).get(url).json()["confidential_detail"] == SECRET
    assert api(office).get(url).json()["confidential_detail"] == SECRET


def test_the_confidential_detail_is_in_no_other_answer(
    api, listing, buyer, seller, office, organisation, green_fields
):
    draft(seller, organisation, [green_fields["3.2"]], title="草稿")
    services.request_disclosure(actor=buyer, listing=listing, purpose="评估", accept_terms=True)
    urls = [
        "/api/market/listings/",
        "/api/market/listings/?facets=1&search=余热回收",
        "/api/market/listings/?mine=1",
        f"/api/market/listings/{listing.pk}/",
        "/api/market/disclosures/",
        "/api/schema/",
    ]

    for user in (None, buyer, seller, office):
        for url in urls:
            response = api(user).get(url)
            assert SECRET not in response.content.decode(), (user, url)
    written = api(seller).post(
        "/api/market/listings/",
        listing_data(organisation, confidential_detail=SECRET),
        format="json",
    )
    assert written.status_code == 201
    assert SECRET not in json.dumps(written.json(), ensure_ascii=False)


def test_a_request_without_accepting_the_agreement_is_a_400_naming_accept_terms(
    api, listing, buyer
):
    response = api(buyer).post(
        f"/api/market/listings/{listing.pk}/disclosures/",
        {"purpose": "评估", "accept_terms": False},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "accept_terms": ["Accept the non-disclosure agreement first."]
    }
    assert not Disclosure.objects.exists()


def test_the_owner_cannot_request_their_own_detail(api, listing, seller):
    response = api(seller).post(
        f"/api/market/listings/{listing.pk}/disclosures/",
        {"purpose": "评估", "accept_terms": True},
        format="json",
    )

    assert response.status_code == 403
    assert not Disclosure.objects.exists()


def test_only_the_owner_decides_a_disclosure_and_a_refusal_needs_a_reason(
    api, listing, buyer, seller
):
    disclosure = services.request_disclosure(
        actor=buyer, listing=listing, purpose="评估", accept_terms=True
    )
    url = f"/api/market/disclosures/{disclosure.pk}/decide/"

    by_buyer = api(buyer).post(url, {"grant": True}, format="json")
    without_reason = api(seller).post(url, {"grant": False}, format="json")

    assert by_buyer.status_code == 403
    assert without_reason.status_code == 400
    assert without_reason.json()["errors"] == {"reason": ["Give the reason the buyer will see."]}
    assert Disclosure.objects.get().status == "requested"
    declined = api(seller).post(url, {"grant": False, "reason": "暂不对外许可。"}, format="json")
    assert (declined.json()["status"], declined.json()["reason"]) == ("declined", "暂不对外许可。")


def test_disclosures_are_listed_to_the_two_organisations_only(api, listing, buyer, seller, users):
    disclosure = services.request_disclosure(
        actor=buyer, listing=listing, purpose="评估", accept_terms=True
    )
    outsider = UserFactory(organisation=OrganisationFactory())

    assert ids(api(buyer).get("/api/market/disclosures/")) == [disclosure.pk]
    assert ids(api(seller).get("/api/market/disclosures/")) == [disclosure.pk]
    assert ids(api(outsider).get("/api/market/disclosures/")) == []
    assert api(outsider).get(f"/api/market/disclosures/{disclosure.pk}/").status_code == 404
    assert api().get("/api/market/disclosures/").status_code == 401


def test_the_disclosure_list_costs_the_same_queries_however_many(api, listing, seller):
    client = api(seller)

    def add_requests(n):
        for _n in range(n):
            services.request_disclosure(
                actor=UserFactory(organisation=OrganisationFactory()),
                listing=listing,
                purpose="评估",
                accept_terms=True,
            )

    add_requests(1)

    # count, disclosures with listings and buyers
    assert_flat_query_count(
        lambda: client.get("/api/market/disclosures/"), lambda: add_requests(3), expected=2
    )


# Benefits, IP records and co-owners --------------------------------------------------------------


def test_the_owner_adds_a_benefit_and_an_ip_record(api, seller, organisation, green_fields):
    listing = draft(seller, organisation, [green_fields["1.1.1"]])
    client = api(seller)

    benefit = client.post(
        f"/api/market/listings/{listing.pk}/benefits/",
        {"metric": "co2_avoided", "value": "1200", "unit": "t/yr"},
        format="json",
    )
    record = client.post(
        f"/api/market/listings/{listing.pk}/ip-records/",
        {"kind": "invention_patent", "number": "ZL202110001234.5", "title": "一种余热锅炉"},
        format="json",
    )

    assert benefit.status_code == 201
    assert benefit.json() == {
        "id": Benefit.objects.get().pk,
        "metric": "co2_avoided",
        "value": "1200.00",
        "unit": "t/yr",
        "description": "",
        "verified": False,
        "verification_reference": "",
    }
    assert record.status_code == 201
    assert record.json() == {
        "id": IPRecord.objects.get().pk,
        "kind": "invention_patent",
        "number": "ZL202110001234.5",
        "title": "一种余热锅炉",
        "legal_status": "granted",
        "territory": "CN",
    }
    detail = client.get(f"/api/market/listings/{listing.pk}/").json()
    assert [row["metric"] for row in detail["benefits"]] == ["co2_avoided"]
    assert [row["number"] for row in detail["ip_records"]] == ["ZL202110001234.5"]


def test_only_staff_mark_a_benefit_verified(api, seller, office, organisation, green_fields):
    listing = draft(seller, organisation, [green_fields["1.1.1"]])
    data = {"metric": "energy_saved", "value": "15", "unit": "%", "verified": True}

    by_owner = api(seller).post(f"/api/market/listings/{listing.pk}/benefits/", data, format="json")
    assert by_owner.status_code == 403
    assert not Benefit.objects.exists()

    by_staff = api(office).post(f"/api/market/listings/{listing.pk}/benefits/", data, format="json")
    assert (by_staff.status_code, by_staff.json()["verified"]) == (201, True)


def test_a_bad_benefit_is_a_400_naming_the_field_and_adds_nothing(
    api, seller, organisation, green_fields
):
    listing = draft(seller, organisation, [green_fields["1.1.1"]])

    response = api(seller).post(
        f"/api/market/listings/{listing.pk}/benefits/",
        {"metric": "happiness", "value": "15", "unit": "%"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"metric": ['"happiness" is not a valid choice.']}
    assert not Benefit.objects.exists()


def test_a_buyer_cannot_add_parts_to_anothers_listing(api, listing, buyer):
    benefit = api(buyer).post(
        f"/api/market/listings/{listing.pk}/benefits/",
        {"metric": "energy_saved", "value": "15", "unit": "%"},
        format="json",
    )
    record = api(buyer).post(
        f"/api/market/listings/{listing.pk}/ip-records/",
        {"kind": "software", "number": "2021SR000001"},
        format="json",
    )

    assert (benefit.status_code, record.status_code) == (403, 403)
    assert not Benefit.objects.exists() and not IPRecord.objects.exists()


def test_co_owner_shares_must_add_up_to_one_hundred(api, seller, organisation, green_fields):
    listing = draft(seller, organisation, [green_fields["1.1.1"]])
    university = OrganisationFactory(name="清华大学", kind="university")
    url = f"/api/market/listings/{listing.pk}/co-owners/"

    def shares(own, other):
        return {
            "shares": [
                {"organisation": organisation.pk, "share": own},
                {"organisation": university.pk, "share": other},
            ]
        }

    refused = api(seller).post(url, shares("60", "30"), format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"shares": ["The shares add up to 90.00 %, not 100 %."]}
    assert not listing.shares.exists()

    response = api(seller).post(url, shares("60", "40"), format="json")

    assert response.status_code == 200
    assert response.json() == [
        {
            "organisation": organisation.pk,
            "organisation_name": "华清绿能科技有限公司",
            "share": "60.00",
        },
        {"organisation": university.pk, "organisation_name": "清华大学", "share": "40.00"},
    ]


# Matches of a listing ----------------------------------------------------------------------------


def test_the_owner_sees_the_needs_ranked_for_a_listing_with_reasons_in_words(
    api, listing, seller, buyer, office, green_fields
):
    seeker = buyer.organisation
    need = Need.objects.create(
        seeker=seeker,
        title="钢铁烧结余热利用",
        problem="烧结烟气余热未利用。",
        required_outcome="节能10%。",
        stage="solution_design",
    )
    private = Need.objects.create(
        seeker=seeker, title="草稿需求", problem="x", required_outcome="y", stage="draft"
    )
    Match.objects.create(
        need=need,
        listing=listing,
        score=0.72,
        reasons=[
            {"code": "terms", "terms": ["余热", "回收"]},
            {"code": "region", "province": "32"},
            {"code": "mature", "trl": 8},
        ],
    )
    Match.objects.create(need=private, listing=listing, score=0.9, reasons=[])
    url = f"/api/market/listings/{listing.pk}/matches/"

    response = api(seller).get(url)

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "need": need.pk,
            "title": "钢铁烧结余热利用",
            "seeker": seeker.pk,
            "seeker_name": "示例钢铁股份有限公司",
            "score": 0.72,
            "reasons": [
                "Shared key terms: 余热、回收",
                "In the same region",
                "Proven technology (readiness level 8)",
            ],
        }
    ]
    assert [row["need"] for row in api(office).get(url).json()["results"]] == [private.pk, need.pk]
    assert api(buyer).get(url).status_code == 403
    assert api().get(url).status_code == 401
