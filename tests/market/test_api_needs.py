"""The market API for needs, their matches, calls for solutions and offers: who reads what,
writes through the services, bad input, and lists whose query count stays flat."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from gtis.accounts.models import OrganisationRole
from gtis.core.roles import Role
from gtis.market import matching, services
from gtis.market.models import Match, Need, Offer, SolutionCall
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_flat_query_count
from tests.market.test_api import draft, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


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
    """A member of 华清绿能科技有限公司, which offers technologies."""
    return UserFactory(
        username="seller", organisation=organisation, organisation_role=OrganisationRole.ADMIN
    )


@pytest.fixture
def seeker():
    return UserFactory(username="seeker", organisation=OrganisationFactory(name="示例水泥有限公司"))


def post_need(seeker, nodes, **extra):
    values = {
        "seeker": seeker.organisation,
        "title": "水泥窑余热回收发电改造",
        "problem": "水泥窑炉烟气温度高，余热未回收利用。",
        "required_outcome": "余热回收发电，综合节能10%以上。",
        "province": "32",
        "budget_max": Decimal("500"),
        "acceptable_modes": ["ordinary_licence", "assignment"],
    } | extra
    return services.save_need(actor=seeker, nodes=nodes, **values)


def accept(need, seeker, office):
    services.submit_need(actor=seeker, need=need)
    services.move_need(actor=office, need=need, step="start_review")
    return services.move_need(actor=office, need=need, step="accept")


@pytest.fixture
def need(seeker, office, green_fields):
    """An accepted (public) need of 示例水泥, coded 1.1."""
    return accept(post_need(seeker, [green_fields["1.1"]]), seeker, office)


def need_data(seeker, **overrides):
    return {
        "seeker": seeker.organisation_id,
        "title": "光伏电站智能运维",
        "problem": "分布式光伏电站运维成本高。",
        "required_outcome": "运维成本降低20%。",
        "nodes": ["3.2"],
        "province": "11",
        "budget_min": "20.00",
        "budget_max": "100.00",
        "acceptable_modes": ["service"],
        **overrides,
    }


def ids(response):
    return [row["id"] for row in response.json()["results"]]


# Reading needs -----------------------------------------------------------------------------------


def test_the_public_reads_an_accepted_need(api, need, seeker):
    response = api().get(f"/api/market/needs/{need.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": need.pk,
        "seeker": seeker.organisation_id,
        "seeker_name": "示例水泥有限公司",
        "title": "水泥窑余热回收发电改造",
        "title_en": "",
        "problem": "水泥窑炉烟气温度高，余热未回收利用。",
        "problem_en": "",
        "required_outcome": "余热回收发电，综合节能10%以上。",
        "nodes": ["1.1"],
        "industry": "",
        "province": "32",
        "programme": None,
        "deliverable": None,
        "budget_min": None,
        "budget_max": "500.00",
        "acceptable_modes": ["ordinary_licence", "assignment"],
        "deadline": None,
        "constraints_text": "",
        "stage": "solution_design",
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }


def test_drafts_are_seen_by_their_seeker_and_staff_only(
    api, need, seeker, seller, office, green_fields
):
    hidden = post_need(seeker, [green_fields["3.2"]], title="草稿需求")

    assert ids(api().get("/api/market/needs/")) == [need.pk]
    assert ids(api(seller).get("/api/market/needs/")) == [need.pk]
    assert ids(api(seeker).get("/api/market/needs/")) == [hidden.pk, need.pk]
    assert ids(api(office).get("/api/market/needs/")) == [hidden.pk, need.pk]
    assert api().get(f"/api/market/needs/{hidden.pk}/").status_code == 404
    assert api(seller).get(f"/api/market/needs/{hidden.pk}/").status_code == 404


def test_the_reason_of_the_last_decision_is_for_the_seeker_and_staff(
    api, seeker, office, seller, green_fields
):
    need = post_need(seeker, [green_fields["1.1"]])
    services.submit_need(actor=seeker, need=need)
    services.move_need(actor=office, need=need, step="decline", reason="不属于绿色技术范围。")
    url = f"/api/market/needs/{need.pk}/"

    assert api(seeker).get(url).json()["stage_reason"] == "不属于绿色技术范围。"
    assert api(office).get(url).json()["stage_reason"] == "不属于绿色技术范围。"
    assert api(seller).get(url).status_code == 404


def test_needs_filter_by_stage_province_and_text(api, need, seeker, office, green_fields):
    other = accept(
        post_need(
            seeker,
            [green_fields["3.2"]],
            title="光伏电站运维",
            problem="分布式光伏电站运维成本高。",
            required_outcome="运维成本降低20%。",
            province="11",
        ),
        seeker,
        office,
    )
    client = api()

    def found(**params):
        return ids(client.get("/api/market/needs/", params))

    assert found(province="11") == [other.pk]
    assert found(search="余热回收") == [need.pk]
    assert found(stage="solution_design") == [other.pk, need.pk]
    assert found(stage="draft") == []


@pytest.mark.parametrize(("param", "value"), [("stage", "dreaming"), ("province", "99")])
def test_a_bad_need_filter_is_a_400_naming_it(api, need, param, value):
    response = api().get("/api/market/needs/", {param: value})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [param]
    assert response.json()["errors"][param][0].startswith("Choose one of: ")


def test_the_need_list_costs_the_same_queries_however_many_needs(api, need, seeker, office):
    client = api()

    def add_needs():
        for n in range(3):
            accept(post_need(seeker, [], title=f"需求{n}"), seeker, office)

    # count, needs with seekers and programmes, nodes
    assert_flat_query_count(lambda: client.get("/api/market/needs/"), add_needs, expected=3)


# Writing needs -----------------------------------------------------------------------------------


def test_a_seeker_posts_a_draft_need_with_codes(api, seeker, green_fields):
    response = api(seeker).post("/api/market/needs/", need_data(seeker), format="json")

    assert response.status_code == 201
    need = Need.objects.get()
    body = response.json()
    assert (body["id"], body["stage"], body["nodes"], body["stage_reason"]) == (
        need.pk,
        "draft",
        ["3.2"],
        "",
    )
    assert (need.seeker, need.created_by, need.acceptable_modes) == (
        seeker.organisation,
        seeker,
        ["service"],
    )


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"nodes": ["9"]}, {"nodes": ["Object with code=9 does not exist."]}),
        (
            {"acceptable_modes": ["rental"]},
            {"acceptable_modes": ["Unknown transfer mode: rental."]},
        ),
        ({"title": ""}, {"title": ["This field may not be blank."]}),
        ({"programme": "nowhere"}, {"programme": ["Object with code=nowhere does not exist."]}),
    ],
    ids=["unknown-code", "unknown-mode", "no-title", "unknown-programme"],
)
def test_bad_need_input_is_a_400_naming_the_field_and_adds_nothing(
    api, seeker, green_fields, overrides, errors
):
    response = api(seeker).post("/api/market/needs/", need_data(seeker, **overrides), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert not Need.objects.exists()


def test_nobody_posts_a_need_for_another_organisation(api, seeker, seller, green_fields):
    response = api(seller).post("/api/market/needs/", need_data(seeker), format="json")

    assert response.status_code == 403
    assert not Need.objects.exists()


def test_the_seeker_edits_a_draft_and_others_cannot(api, seeker, seller, green_fields):
    need = post_need(seeker, [green_fields["1.1"]])
    url = f"/api/market/needs/{need.pk}/"

    assert api(seller).patch(url, {"title": "x"}, format="json").status_code == 404
    response = api(seeker).patch(url, {"title": "烧结余热利用", "nodes": ["1"]}, format="json")

    assert (response.status_code, response.json()["title"], response.json()["nodes"]) == (
        200,
        "烧结余热利用",
        ["1"],
    )
    assert Need.objects.get().title == "烧结余热利用"


def test_a_need_in_review_is_not_edited_by_its_seeker(api, seeker, office, green_fields):
    need = post_need(seeker, [green_fields["1.1"]])
    services.submit_need(actor=seeker, need=need)
    services.move_need(actor=office, need=need, step="start_review")

    response = api(seeker).patch(f"/api/market/needs/{need.pk}/", {"title": "x"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["A need can be edited only until its review starts."]
    }
    assert Need.objects.get().title == "水泥窑余热回收发电改造"


# Stages ------------------------------------------------------------------------------------------


def test_the_seeker_submits_and_staff_review_and_accept(api, seeker, office, green_fields):
    need = post_need(seeker, [green_fields["1.1"]])
    url = f"/api/market/needs/{need.pk}/"

    submitted = api(seeker).post(f"{url}submit/")
    by_seeker = api(seeker).post(f"{url}move/", {"step": "start_review"}, format="json")
    assert (submitted.json()["stage"], by_seeker.status_code) == ("submitted", 403)
    assert Need.objects.get().stage == "submitted"

    api(office).post(f"{url}move/", {"step": "start_review"}, format="json")
    accepted = api(office).post(f"{url}move/", {"step": "accept"}, format="json")

    assert (accepted.status_code, accepted.json()["stage"]) == (200, "solution_design")
    assert ids(api().get("/api/market/needs/")) == [need.pk]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"step": "decline"}, {"reason": ["Give the reason the seeker will see."]}),
        ({"step": "teleport"}, {"step": ['"teleport" is not a valid choice.']}),
        (
            {"step": "complete"},
            {"non_field_errors": ["This cannot be done while the record is “Submitted”."]},
        ),
    ],
    ids=["decline-without-reason", "unknown-step", "skipped-stage"],
)
def test_a_bad_move_is_a_400_naming_the_field_and_changes_nothing(
    api, seeker, office, green_fields, data, errors
):
    need = post_need(seeker, [green_fields["1.1"]])
    services.submit_need(actor=seeker, need=need)

    response = api(office).post(f"/api/market/needs/{need.pk}/move/", data, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert Need.objects.get().stage == "submitted"


def test_anonymous_users_cannot_move_a_need(api, need):
    response = api().post(f"/api/market/needs/{need.pk}/move/", {"step": "withdraw"}, format="json")

    assert response.status_code == 401
    assert Need.objects.get().stage == "solution_design"


# Matches of a need -------------------------------------------------------------------------------


def test_a_need_lists_published_listings_ranked_with_reasons_in_words(
    api, need, seller, office, organisation, green_fields
):
    best = publish(draft(seller, organisation, [green_fields["1.1.1"]]), seller, office)
    other = publish(
        draft(seller, organisation, [green_fields["3.2"]], title="光伏组件回收"), seller, office
    )
    withdrawn = draft(seller, organisation, [green_fields["1.1.1"]], title="撤回的技术")
    Match.objects.create(
        need=need,
        listing=best,
        score=0.81,
        reasons=[
            {"code": "node", "node": "1.1 高效节能装备制造"},
            {"code": "budget_fits"},
            {"code": "mode", "modes": ["ordinary_licence"]},
        ],
    )
    Match.objects.create(need=need, listing=other, score=0.3, reasons=[{"code": "negotiable"}])
    Match.objects.create(need=need, listing=withdrawn, score=0.95, reasons=[])

    response = api().get(f"/api/market/needs/{need.pk}/matches/")

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "listing": best.pk,
            "title": "高效余热回收锅炉系统",
            "owner": organisation.pk,
            "owner_name": "华清绿能科技有限公司",
            "score": 0.81,
            "reasons": [
                "Same catalogue category: 1.1 高效节能装备制造",
                "The price fits the budget",
                "Offered as the need accepts: Ordinary licence",
            ],
        },
        {
            "listing": other.pk,
            "title": "光伏组件回收",
            "owner": organisation.pk,
            "owner_name": "华清绿能科技有限公司",
            "score": 0.3,
            "reasons": ["The price is negotiable"],
        },
    ]


def test_recomputed_matches_are_served_with_their_reasons_in_words(
    api, need, seller, office, organisation, green_fields
):
    listing = publish(draft(seller, organisation, [green_fields["1.1.1"]]), seller, office)
    matching.recompute("need", need.pk)
    stored = Match.objects.get(need=need, listing=listing)

    rows = api().get(f"/api/market/needs/{need.pk}/matches/").json()["results"]

    assert [(row["listing"], row["score"]) for row in rows] == [(listing.pk, stored.score)]
    assert rows[0]["reasons"] == [str(matching.reason_text(reason)) for reason in stored.reasons]
    assert "In the same region" in rows[0]["reasons"]


def test_a_drafts_matches_are_hidden_with_the_draft(api, seeker, seller, green_fields):
    hidden = post_need(seeker, [green_fields["1.1"]])

    assert api(seller).get(f"/api/market/needs/{hidden.pk}/matches/").status_code == 404
    assert api(seeker).get(f"/api/market/needs/{hidden.pk}/matches/").status_code == 200


def test_need_matches_cost_the_same_queries_however_many(
    api, need, seller, office, organisation, green_fields
):
    client = api()

    def add_matches(n):
        for _n in range(n):
            listing = publish(draft(seller, organisation, [green_fields["1.1.1"]]), seller, office)
            Match.objects.create(
                need=need, listing=listing, score=0.5, reasons=[{"code": "region"}]
            )

    add_matches(1)

    # the need, count, matches with listings and owners
    assert_flat_query_count(
        lambda: client.get(f"/api/market/needs/{need.pk}/matches/"),
        lambda: add_matches(3),
        expected=3,
    )


# Calls for solutions -----------------------------------------------------------------------------


def call_data(need, **overrides):
    today = timezone.localdate()
    return {
        "need": need.pk,
        "title": "水泥窑余热发电揭榜",
        "requirements": "两年内投运，发电效率不低于20%。",
        "opens_on": (today - datetime.timedelta(days=1)).isoformat(),
        "closes_on": (today + datetime.timedelta(days=30)).isoformat(),
        **overrides,
    }


@pytest.fixture
def call(need, seeker):
    today = timezone.localdate()
    return services.open_call(
        actor=seeker,
        need=need,
        title="水泥窑余热发电揭榜",
        requirements="两年内投运。",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
    )


def test_the_seeker_opens_a_call_the_public_reads(api, need, seeker):
    response = api(seeker).post("/api/market/calls/", call_data(need), format="json")

    assert response.status_code == 201
    call = SolutionCall.objects.get()
    assert response.json() == {
        "id": call.pk,
        "need": need.pk,
        "need_title": "水泥窑余热回收发电改造",
        "title": "水泥窑余热发电揭榜",
        "requirements": "两年内投运，发电效率不低于20%。",
        "opens_on": call_data(need)["opens_on"],
        "closes_on": call_data(need)["closes_on"],
        "status": "open",
    }
    assert ids(api().get("/api/market/calls/")) == [call.pk]
    assert api().get(f"/api/market/calls/{call.pk}/").status_code == 200


def test_nobody_opens_a_call_on_anothers_need(api, need, seller):
    response = api(seller).post("/api/market/calls/", call_data(need), format="json")

    assert response.status_code == 403
    assert not SolutionCall.objects.exists()
    assert api().post("/api/market/calls/", call_data(need), format="json").status_code == 401


def test_a_call_closing_before_it_opens_is_a_400_naming_closes_on(api, need, seeker):
    data = call_data(need, opens_on="2026-06-01", closes_on="2026-05-01")

    response = api(seeker).post("/api/market/calls/", data, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"closes_on": ["The call closes before it opens."]}
    assert not SolutionCall.objects.exists()


def test_a_call_on_a_draft_need_is_refused(api, seeker, green_fields):
    hidden = post_need(seeker, [green_fields["1.1"]])

    response = api(seeker).post("/api/market/calls/", call_data(hidden), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["A call can be opened only on an accepted need in solution design."]
    }
    assert not SolutionCall.objects.exists()


def test_calls_on_drafts_are_hidden_and_the_list_stays_flat(api, call, need, seeker, office):
    client = api()

    def add_calls():
        for n in range(3):
            other = accept(post_need(seeker, [], title=f"需求{n}"), seeker, office)
            services.open_call(
                actor=seeker,
                need=other,
                title=f"揭榜{n}",
                requirements="要求",
                opens_on=call.opens_on,
                closes_on=call.closes_on,
            )

    # count, calls with needs
    assert_flat_query_count(lambda: client.get("/api/market/calls/"), add_calls, expected=2)
    services.move_need(actor=seeker, need=need, step="withdraw")
    assert call.pk not in ids(client.get("/api/market/calls/"))
    assert api(seeker).get(f"/api/market/calls/{call.pk}/").status_code == 200


# Offers ------------------------------------------------------------------------------------------


def offer_data(answered, **overrides):
    return {
        "call": answered.pk,
        "proposal": "余热锅炉加汽轮机发电，18个月投运。",
        "price": "420.00",
        "duration_months": 18,
        **overrides,
    }


def test_a_technology_owner_answers_a_call_with_a_listing(
    api, call, seller, office, organisation, green_fields
):
    listing = publish(draft(seller, organisation, [green_fields["1.1.1"]]), seller, office)

    response = api(seller).post(
        "/api/market/offers/", offer_data(call, listing=listing.pk), format="json"
    )

    assert response.status_code == 201
    offer = Offer.objects.get()
    assert response.json() == {
        "id": offer.pk,
        "call": call.pk,
        "organisation": organisation.pk,
        "organisation_name": "华清绿能科技有限公司",
        "listing": listing.pk,
        "proposal": "余热锅炉加汽轮机发电，18个月投运。",
        "price": "420.00",
        "duration_months": 18,
        "trl": 8,
        "status": "submitted",
        "submitted_at": response.json()["submitted_at"],
    }


def test_offers_are_seen_by_the_seeker_staff_and_each_bidder_its_own(
    api, call, seller, seeker, office
):
    mine = services.submit_offer(
        actor=seller, call=call, proposal="方案甲", price=Decimal(420), duration_months=18
    )
    rival = UserFactory(organisation=OrganisationFactory(name="另一家节能公司"))
    theirs = services.submit_offer(
        actor=rival, call=call, proposal="方案乙", price=Decimal(380), duration_months=24
    )
    outsider = UserFactory(organisation=OrganisationFactory())

    assert ids(api(seeker).get("/api/market/offers/")) == [theirs.pk, mine.pk]
    assert ids(api(office).get("/api/market/offers/")) == [theirs.pk, mine.pk]
    assert ids(api(seller).get("/api/market/offers/")) == [mine.pk]
    assert ids(api(outsider).get("/api/market/offers/")) == []
    assert api(seller).get(f"/api/market/offers/{theirs.pk}/").status_code == 404
    assert api().get("/api/market/offers/").status_code == 401


def test_the_seeker_cannot_offer_on_its_own_call(api, call, seeker):
    response = api(seeker).post("/api/market/offers/", offer_data(call), format="json")

    assert response.status_code == 403
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"price": "abc"}, {"price": ["A valid number is required."]}),
        ({"call": 999}, {"call": ['Invalid pk "999" - object does not exist.']}),
        ({"duration_months": None}, {"duration_months": ["This field may not be null."]}),
    ],
    ids=["bad-price", "unknown-call", "no-duration"],
)
def test_a_bad_offer_is_a_400_naming_the_field_and_adds_nothing(
    api, call, seller, overrides, errors
):
    response = api(seller).post("/api/market/offers/", offer_data(call, **overrides), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert not Offer.objects.exists()


def test_an_offer_of_anothers_listing_is_a_400_naming_listing(
    api, call, seller, office, green_fields
):
    rival = UserFactory(organisation=OrganisationFactory(name="另一家节能公司"))
    theirs = publish(draft(rival, rival.organisation, [green_fields["1.1.1"]]), rival, office)

    response = api(seller).post(
        "/api/market/offers/", offer_data(call, listing=theirs.pk), format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "listing": ["Offer one of your own organisation's listings."]
    }
    assert not Offer.objects.exists()


def test_the_seeker_selects_an_offer_and_the_call_is_awarded(api, call, seller, seeker):
    offer = services.submit_offer(
        actor=seller, call=call, proposal="方案甲", price=Decimal(420), duration_months=18
    )
    url = f"/api/market/offers/{offer.pk}/decide/"

    by_bidder = api(seller).post(url, {"status": "selected"}, format="json")
    unknown = api(seeker).post(url, {"status": "adored"}, format="json")
    assert (by_bidder.status_code, unknown.status_code) == (403, 400)
    assert unknown.json()["errors"] == {"status": ['"adored" is not a valid choice.']}
    assert (Offer.objects.get().status, SolutionCall.objects.get().status) == ("submitted", "open")

    response = api(seeker).post(url, {"status": "selected"}, format="json")

    assert (response.status_code, response.json()["status"]) == (200, "selected")
    assert SolutionCall.objects.get().status == "awarded"


def test_the_offer_list_costs_the_same_queries_however_many(api, call, seeker):
    client = api(seeker)

    def add_offers(n):
        for _n in range(n):
            bidder = UserFactory(organisation=OrganisationFactory())
            services.submit_offer(
                actor=bidder, call=call, proposal="方案", price=Decimal(100), duration_months=12
            )

    add_offers(1)

    # count, offers with calls, bidders and listings
    assert_flat_query_count(
        lambda: client.get("/api/market/offers/"), lambda: add_offers(3), expected=2
    )
