"""Needs through their stages, calls for solutions with offers, and matches with reasons
re-ranked in the background when a need changes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gtis.accounts.models import OrganisationRole
from gtis.core.roles import Role
from gtis.market import matching, selectors, services
from gtis.market.models import Match, Need
from tests.factories import OrganisationFactory, UserFactory
from tests.market.test_listings import published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def seller(organisation):
    return UserFactory(
        username="seller", organisation=organisation, organisation_role=OrganisationRole.ADMIN
    )


@pytest.fixture
def seeker():
    return UserFactory(username="seeker", organisation=OrganisationFactory(name="示例水泥有限公司"))


def need_for(seeker, nodes, **extra):
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


def accepted(seeker, office, nodes, **extra):
    need = need_for(seeker, nodes, **extra)
    services.submit_need(actor=seeker, need=need)
    services.move_need(actor=office, need=need, step="start_review")
    return services.move_need(actor=office, need=need, step="accept")


def test_a_need_moves_through_the_ctcn_stages(seeker, office, green_fields):
    need = accepted(seeker, office, [green_fields["1.1.1"]])
    services.move_need(actor=seeker, need=need, step="start_work")
    services.move_need(actor=seeker, need=need, step="complete")
    assert Need.objects.get().stage == "completed"
    assert [row[2] for row in selectors.pipeline() if row[0] == "completed"] == [1]


def test_declining_needs_a_reason_the_seeker_sees(seeker, office, green_fields):
    need = need_for(seeker, [green_fields["1.1.1"]])
    services.submit_need(actor=seeker, need=need)
    with pytest.raises(ValidationError) as error:
        services.move_need(actor=office, need=need, step="decline")
    assert error.value.message_dict["reason"] == ["Give the reason the seeker will see."]
    services.move_need(actor=office, need=need, step="decline", reason="不属于绿色技术范围。")
    need.refresh_from_db()
    assert (need.stage, need.stage_reason) == ("declined", "不属于绿色技术范围。")


def test_a_seeker_cannot_accept_their_own_need(seeker, green_fields):
    need = need_for(seeker, [green_fields["1.1.1"]])
    services.submit_need(actor=seeker, need=need)
    with pytest.raises(PermissionDenied):
        services.move_need(actor=seeker, need=need, step="start_review")
    assert Need.objects.get().stage == "submitted"


def test_a_skipped_stage_is_refused_naming_the_stage(seeker, office, green_fields):
    need = need_for(seeker, [green_fields["1.1.1"]])
    with pytest.raises(ValidationError) as error:
        services.move_need(actor=office, need=need, step="accept")
    assert error.value.messages == ["This cannot be done while the record is “Draft”."]


def test_matches_come_with_reasons_in_words(seller, seeker, office, organisation, green_fields):
    listing = published(seller, office, organisation, [green_fields["1.1.1"]])
    published(
        seller,
        office,
        organisation,
        [green_fields["3.2"]],
        title="分布式光伏电站运维",
        summary="光伏电站智能运维。",
        province="11",
    )
    need = accepted(seeker, office, [green_fields["1.1"]])
    found = matching.listings_for(need)
    assert found[0].listing == listing
    reasons = [matching.reason_text(r) for r in found[0].reasons]
    assert reasons[0].startswith("Shared key terms: ") and "余热" in reasons[0]
    assert "Same catalogue category: 1.1 高效节能装备制造" in reasons
    assert "The price fits the budget" in reasons
    assert "Offered as the need accepts: Ordinary licence" in reasons
    assert "In the same region" in reasons


def test_a_change_to_the_need_reranks_its_matches_in_the_background(
    seller, seeker, office, organisation, green_fields, django_capture_on_commit_callbacks
):
    heat = published(seller, office, organisation, [green_fields["1.1.1"]])
    solar = published(
        seller,
        office,
        organisation,
        [green_fields["3.2"]],
        title="分布式光伏电站运维",
        summary="光伏电站智能运维，发电效率提升。",
    )
    with django_capture_on_commit_callbacks(execute=True):
        need = accepted(seeker, office, [green_fields["1.1.1"]])
    assert Match.objects.filter(need=need).first().listing == heat
    with django_capture_on_commit_callbacks(execute=True):
        services.save_need(
            actor=office,
            need=need,
            nodes=[green_fields["3.2"]],
            title="厂区分布式光伏电站运维",
            problem="光伏电站发电效率低。",
            required_outcome="光伏运维。",
        )
    assert Match.objects.filter(need=need).first().listing == solar


def test_a_call_receives_offers_compared_side_by_side(
    seller, seeker, office, organisation, green_fields
):
    listing = published(seller, office, organisation, [green_fields["1.1.1"]])
    need = accepted(seeker, office, [green_fields["1.1.1"]])
    call = services.open_call(
        actor=seeker,
        need=need,
        title="水泥窑余热发电揭榜",
        requirements="三年内投运。",
        opens_on=datetime.date(2026, 11, 1),
        closes_on=datetime.date(2026, 12, 31),
    )
    offer = services.submit_offer(
        actor=seller,
        call=call,
        listing=listing,
        proposal="提供许可及安装调试。",
        price=Decimal("420"),
        duration_months=18,
        on=datetime.date(2026, 11, 27),
    )
    assert offer.trl == 8
    with pytest.raises(ValidationError):
        services.submit_offer(
            actor=UserFactory(organisation=OrganisationFactory()),
            call=call,
            proposal="迟到",
            price=Decimal("1"),
            duration_months=1,
            on=datetime.date(2027, 1, 5),
        )
    with pytest.raises(PermissionDenied):
        services.decide_offer(actor=seller, offer=offer, status="selected")
    services.decide_offer(actor=seeker, offer=offer, status="selected")
    call.refresh_from_db()
    assert call.status == "awarded"


def test_a_call_needs_an_accepted_need(seeker, green_fields):
    need = need_for(seeker, [green_fields["1.1.1"]])
    with pytest.raises(ValidationError):
        services.open_call(
            actor=seeker,
            need=need,
            title="x",
            requirements="y",
            opens_on=datetime.date(2026, 1, 1),
            closes_on=datetime.date(2026, 2, 1),
        )
