"""Technology brokers: the application with the certificate, staff certifying and suspending,
a certified broker assigned to an open deal with the commission, rated once by each party after
closing; the directory's figures, the pages, the API and their query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gtis.accounts.models import OrganisationKind
from gtis.core.models import AuditEvent, Notification
from gtis.core.roles import Role
from gtis.market import brokers, deals, selectors
from gtis.market.choices import BrokerLevel, BrokerStatus, DealState
from gtis.market.models import BrokerProfile, BrokerRating, Deal
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_flat_query_count
from tests.market.test_deals import contracted
from tests.market.test_listings import published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = datetime.date.today()
PRICE = Decimal("1200000.00")
BAD_COMMISSION = "Give a commission from 0 to 30 percent, such as 3.5."


def certificate(**changes):
    """The details of a valid technology broker certificate."""
    return {
        "name": "刘洋",
        "certificate_number": "JSJJR-2024-0001",
        "level": BrokerLevel.SENIOR,
        "certifying_body": "中国技术市场协会",
        "certified_on": TODAY - datetime.timedelta(days=400),
        "valid_until": TODAY + datetime.timedelta(days=700),
        "commission_rate": "3.00",
        "commission_terms": "成交后按合同金额收取。",
        **changes,
    }


def broker_user(organisation=None, **extra):
    """A broker of a technology transfer organisation (of a new one unless given)."""
    return UserFactory(
        role=Role.BROKER,
        organisation=organisation or OrganisationFactory(kind=OrganisationKind.INTERMEDIARY),
        language="en",
        **extra,
    )


def certified(office, user=None, **changes):
    profile = brokers.apply_as_broker(actor=user or broker_user(), **certificate(**changes))
    return brokers.certify_broker(actor=office, profile=profile, reason="证书核验无误。")


@pytest.fixture
def listing(seller, office, organisation, green_fields):
    return published(seller, office, organisation, [green_fields["1.1.1"]])


@pytest.fixture
def deal(buyer, listing):
    return deals.open_inquiry(actor=buyer, listing=listing, message="能否提供示范项目数据？")


@pytest.fixture
def agent(office):
    agency = OrganisationFactory(name="示例技术转移中心", kind=OrganisationKind.INTERMEDIARY)
    return certified(office, broker_user(agency))


def closed(deal, buyer, seller, price=PRICE):
    """Take an open deal to closed at `price`."""
    deals.make_offer(actor=buyer, deal=deal, price=price, mode="ordinary_licence")
    deals.accept_offer(actor=seller, deal=deal)
    deals.sign_contract(
        actor=seller, deal=deal, contract_type="transfer", signed_on=TODAY, key_terms="许可三年"
    )
    milestone = deals.add_milestone(
        actor=seller, deal=deal, title="全款", amount=price, due_on=TODAY
    )
    deals.pay_milestone(
        actor=buyer, deal=deal, milestone=milestone, paid_on=TODAY, evidence="银行回单"
    )
    deals.accept_delivery(actor=buyer, deal=deal)
    return deals.close_deal(actor=seller, deal=deal)


def assign(deal, actor, agent, **changes):
    values = {"commission_rate": "2.50", "commission_terms": "按成交额2.5%收取。", **changes}
    return brokers.assign_broker(actor=actor, deal=deal, agent=agent, **values)


# Applying, certifying, suspending ------------------------------------------------------------


def test_a_member_applies_and_staff_certify_with_the_reason(
    office, admin_user, green_fields, django_capture_on_commit_callbacks
):
    user = broker_user()
    with django_capture_on_commit_callbacks(execute=True):
        profile = brokers.apply_as_broker(
            actor=user, expertise=[green_fields["1.1.1"]], **certificate()
        )
    assert (profile.status, profile.organisation, profile.user) == (
        BrokerStatus.APPLIED,
        user.organisation,
        user,
    )
    assert [node.code for node in profile.expertise.all()] == ["1.1.1"]
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        office.pk,
        admin_user.pk,
    }

    with django_capture_on_commit_callbacks(execute=True):
        brokers.certify_broker(actor=office, profile=profile, reason="证书核验无误。")
    profile.refresh_from_db()
    assert (profile.status, profile.status_reason) == (BrokerStatus.CERTIFIED, "证书核验无误。")
    events = AuditEvent.objects.for_object(profile).order_by("occurred_at", "pk")
    assert list(events.values_list("action", flat=True)) == [
        "create",
        "certify",
    ]
    assert Notification.objects.get(recipient=user).title == (
        "You are certified as a technology broker"
    )


def test_an_application_names_every_bad_field_and_saves_nothing():
    with pytest.raises(ValidationError) as error:
        brokers.apply_as_broker(
            actor=broker_user(),
            **certificate(
                name=" ",
                certificate_number="",
                level="master",
                certifying_body="",
                certified_on=TODAY + datetime.timedelta(days=1),
                commission_rate="31",
            ),
        )
    assert error.value.message_dict == {
        "name": ["Give the name the certificate bears."],
        "certificate_number": ["Give the certificate number."],
        "level": ["Choose the certificate's level: junior, intermediate or senior."],
        "certifying_body": ["Give the body that issued the certificate."],
        "certified_on": ["A certificate cannot be issued in the future."],
        "commission_rate": [BAD_COMMISSION],
    }
    assert not BrokerProfile.objects.exists()


def test_an_expired_certificate_is_refused():
    with pytest.raises(ValidationError) as error:
        brokers.apply_as_broker(
            actor=broker_user(), **certificate(valid_until=TODAY - datetime.timedelta(days=1))
        )
    assert error.value.message_dict == {"valid_until": ["The certificate has expired."]}
    assert not BrokerProfile.objects.exists()


def test_a_certificate_number_and_a_user_are_registered_once(agent):
    with pytest.raises(ValidationError) as error:
        brokers.apply_as_broker(actor=broker_user(), **certificate())
    assert error.value.message_dict == {
        "certificate_number": ["A broker with this certificate number is registered."]
    }
    with pytest.raises(ValidationError) as error:
        brokers.apply_as_broker(actor=agent.user, **certificate(certificate_number="JSJJR-2"))
    assert error.value.messages == ["You have already applied as a broker."]
    assert BrokerProfile.objects.count() == 1


def test_a_user_of_no_organisation_cannot_apply(users):
    with pytest.raises(PermissionDenied):
        brokers.apply_as_broker(actor=users[Role.EXPERT], **certificate())
    assert not BrokerProfile.objects.exists()


def test_only_staff_certify_and_suspend_and_a_suspension_needs_a_reason(office, seller):
    profile = brokers.apply_as_broker(actor=broker_user(), **certificate())
    for actor in (seller, profile.user):
        with pytest.raises(PermissionDenied):
            brokers.certify_broker(actor=actor, profile=profile, reason="自行认证")
    assert BrokerProfile.objects.get().status == BrokerStatus.APPLIED
    brokers.certify_broker(actor=office, profile=profile, reason="证书核验无误。")
    with pytest.raises(ValidationError) as error:
        brokers.suspend_broker(actor=office, profile=profile, reason="  ")
    assert error.value.message_dict == {"reason": ["Give the reason the broker will see."]}
    assert BrokerProfile.objects.get().status == BrokerStatus.CERTIFIED
    brokers.suspend_broker(actor=office, profile=profile, reason="证书被注销。")
    assert BrokerProfile.objects.get().status == BrokerStatus.SUSPENDED
    with pytest.raises(ValidationError) as error:
        brokers.suspend_broker(actor=office, profile=profile, reason="再次暂停")
    assert error.value.messages == ["This cannot be done while the record is “Suspended”."]


# Assigning a broker to a deal ----------------------------------------------------------------


def test_a_party_assigns_a_certified_broker_whose_organisation_becomes_the_deals(
    deal, buyer, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assign(deal, buyer, agent)
    deal = Deal.objects.get()
    assert (deal.agent, deal.broker, deal.commission_rate, deal.commission_terms) == (
        agent,
        agent.organisation,
        Decimal("2.50"),
        "按成交额2.5%收取。",
    )
    assert AuditEvent.objects.for_object(deal).filter(action="assign_broker").count() == 1
    assert list(Deal.objects.restrict(agent.user, "view")) == [deal]
    assert Notification.objects.filter(recipient=agent.user, kind="market.deal").count() == 1


def test_without_a_commission_the_brokers_default_applies(deal, seller, agent):
    assign(deal, seller, agent, commission_rate=None, commission_terms="")
    deal = Deal.objects.get()
    assert (deal.commission_rate, deal.commission_terms) == (
        Decimal("3.00"),
        "成交后按合同金额收取。",
    )


def test_assigning_refuses_an_uncertified_or_a_partys_own_broker_and_a_bad_commission(
    deal, buyer, seller, office, agent
):
    applied = brokers.apply_as_broker(
        actor=broker_user(OrganisationFactory()), **certificate(certificate_number="JSJJR-2")
    )
    own = certified(
        office, broker_user(buyer.organisation), certificate_number="JSJJR-3", name="钢铁经纪人"
    )
    cases = [
        (applied, "2", {"agent": ["Choose a certified technology broker."]}),
        (
            own,
            "2",
            {"agent": ["The broker cannot be from the buyer's or the seller's organisation."]},
        ),
        (agent, "30.5", {"commission_rate": [BAD_COMMISSION]}),
        (agent, "-1", {"commission_rate": [BAD_COMMISSION]}),
    ]
    for profile, rate, expected in cases:
        with pytest.raises(ValidationError) as error:
            assign(deal, seller, profile, commission_rate=rate)
        assert error.value.message_dict == expected
    brokers.suspend_broker(actor=office, profile=agent, reason="暂停")
    with pytest.raises(ValidationError) as error:
        assign(deal, seller, agent)
    assert error.value.message_dict == {"agent": ["Choose a certified technology broker."]}
    deal = Deal.objects.get()
    assert (deal.agent, deal.broker, deal.commission_rate) == (None, None, None)
    assert not AuditEvent.objects.for_object(deal).filter(action="assign_broker").exists()


def test_only_the_buyer_or_the_seller_assigns_a_broker(deal, agent, office):
    for actor in (UserFactory(organisation=OrganisationFactory()), agent.user, office):
        with pytest.raises(PermissionDenied):
            assign(deal, actor, agent)
    assert Deal.objects.get().agent is None


def test_a_closed_or_cancelled_deal_takes_no_broker(deal, buyer, seller, agent, listing):
    deals.cancel_deal(actor=buyer, deal=deal, reason="项目延期")
    with pytest.raises(ValidationError) as error:
        assign(deal, buyer, agent)
    assert error.value.messages == ["This cannot be done while the record is “Cancelled”."]
    other = deals.open_inquiry(
        actor=UserFactory(organisation=OrganisationFactory()), listing=listing, message="询价"
    )
    closed(other, other.buyer.members.get(), seller)
    with pytest.raises(ValidationError) as error:
        assign(other, seller, agent)
    assert error.value.messages == ["This cannot be done while the record is “Closed”."]
    assert not Deal.objects.exclude(agent=None).exists()


# Rating the broker ---------------------------------------------------------------------------


def test_each_party_rates_the_broker_once_and_only_after_closing(deal, buyer, seller, agent):
    assign(deal, buyer, agent)
    contracted(deal, buyer, seller)
    with pytest.raises(ValidationError) as error:
        brokers.rate_broker(actor=buyer, deal=deal, score=5)
    assert error.value.messages == ["This cannot be done while the record is “Contract signed”."]
    assert not BrokerRating.objects.exists()

    milestone = deals.add_milestone(
        actor=seller, deal=deal, title="全款", amount=PRICE, due_on=TODAY
    )
    deals.pay_milestone(actor=buyer, deal=deal, milestone=milestone, paid_on=TODAY, evidence="回单")
    deals.accept_delivery(actor=buyer, deal=deal)
    deals.close_deal(actor=seller, deal=deal)

    rating = brokers.rate_broker(actor=buyer, deal=deal, score=5, comment="撮合高效。")
    assert (rating.broker, rating.organisation, rating.score, rating.comment) == (
        agent,
        buyer.organisation,
        5,
        "撮合高效。",
    )
    with pytest.raises(ValidationError) as error:
        brokers.rate_broker(actor=buyer, deal=deal, score=1)
    assert error.value.messages == ["Your organisation has already rated the broker."]
    brokers.rate_broker(actor=seller, deal=deal, score="4")
    assert sorted(BrokerRating.objects.values_list("score", flat=True)) == [4, 5]
    assert AuditEvent.objects.for_object(deal).filter(action="rate_broker").count() == 2


@pytest.mark.parametrize("score", [0, 6, "4.5", "", None])
def test_a_score_outside_1_to_5_is_refused(deal, buyer, seller, agent, score):
    assign(deal, buyer, agent)
    closed(deal, buyer, seller)
    with pytest.raises(ValidationError) as error:
        brokers.rate_broker(actor=buyer, deal=deal, score=score)
    assert error.value.message_dict == {"score": ["Give a score from 1 to 5."]}
    assert not BrokerRating.objects.exists()


def test_only_the_parties_rate_and_only_a_deal_with_a_broker(deal, buyer, seller, agent, office):
    closed(deal, buyer, seller)
    with pytest.raises(ValidationError) as error:
        brokers.rate_broker(actor=buyer, deal=deal, score=5)
    assert error.value.messages == ["This deal had no broker to rate."]
    Deal.objects.filter(pk=deal.pk).update(agent=agent, broker=agent.organisation)
    deal = Deal.objects.get()
    for actor in (agent.user, office, UserFactory(organisation=OrganisationFactory())):
        with pytest.raises(PermissionDenied):
            brokers.rate_broker(actor=actor, deal=deal, score=5)
    assert not BrokerRating.objects.exists()


@pytest.mark.parametrize("state", DealState.values)
def test_the_deal_room_offers_assigning_while_open_and_rating_once_closed(
    state, deal, buyer, agent
):
    Deal.objects.filter(pk=deal.pk).update(state=state)
    deal = Deal.objects.get()
    offered = deals.available_actions(buyer, deal)
    is_open = state not in (DealState.CLOSED, DealState.CANCELLED)
    assert ("assign_broker" in offered) == is_open
    assert "rate_broker" not in offered  # no broker yet
    Deal.objects.filter(pk=deal.pk).update(agent=agent, broker=agent.organisation)
    deal = Deal.objects.get()
    assert ("rate_broker" in deals.available_actions(buyer, deal)) == (state == DealState.CLOSED)
    assert "rate_broker" not in deals.available_actions(agent.user, deal)


# The directory and the track record -------------------------------------------------------------


def test_the_directory_figures_are_exact(listing, buyer, seller, office, agent):
    second_buyer = UserFactory(organisation=OrganisationFactory(), language="en")
    first = deals.open_inquiry(actor=buyer, listing=listing, message="询价一")
    second = deals.open_inquiry(actor=second_buyer, listing=listing, message="询价二")
    still_open = deals.open_inquiry(
        actor=UserFactory(organisation=OrganisationFactory()), listing=listing, message="询价三"
    )
    for deal in (first, second, still_open):
        assign(deal, seller, agent)
    closed(first, buyer, seller, price=Decimal("1200000"))
    closed(second, second_buyer, seller, price=Decimal("800000.50"))
    brokers.rate_broker(actor=buyer, deal=first, score=5)
    brokers.rate_broker(actor=seller, deal=first, score=4)
    brokers.rate_broker(actor=second_buyer, deal=second, score=3)
    idle = certified(office, certificate_number="JSJJR-2", name="王芳", level=BrokerLevel.JUNIOR)
    brokers.apply_as_broker(actor=broker_user(), **certificate(certificate_number="JSJJR-3"))

    rows = [
        (b.name, b.closed_deals, b.closed_value, b.open_deals, b.mean_rating, b.rating_count)
        for b in selectors.broker_directory()
    ]
    assert rows == [
        ("刘洋", 2, Decimal("2000000.50"), 1, 4.0, 3),
        ("王芳", 0, Decimal("0"), 0, None, 0),
    ]
    assert [b.name for b in selectors.broker_directory(BrokerLevel.JUNIOR)] == [idle.name]

    record = selectors.broker_track_record(agent)
    assert [(d.pk, d.price, d.mode) for d in record.closed] == [
        (second.pk, Decimal("800000.50"), "ordinary_licence"),
        (first.pk, Decimal("1200000.00"), "ordinary_licence"),
    ]
    assert (record.open_deals, record.closed_value, record.mean_rating) == (
        1,
        Decimal("2000000.50"),
        4.0,
    )
    assert [r.score for r in record.ratings] == [3, 4, 5]


def test_the_directory_page_lists_certified_brokers_with_their_figures(
    client, deal, buyer, seller, agent, office
):
    assign(deal, buyer, agent)
    closed(deal, buyer, seller)
    brokers.rate_broker(actor=buyer, deal=deal, score=5, comment="专业")
    brokers.apply_as_broker(
        actor=broker_user(), **certificate(certificate_number="JSJJR-9", name="申请中")
    )

    page = client.get(reverse("market:broker_list")).content.decode()
    assert "刘洋" in page and "1200000.00" in page and "5.0" in page
    assert "申请中" not in page
    assert (
        client.get(reverse("market:broker_list"), {"level": "junior"})
        .content.decode()
        .count("刘洋")
        == 0
    )
    assert reverse("market:broker_list") in client.get(reverse("market:home")).content.decode()


def test_the_track_record_page_is_public_for_the_certified_only(client, deal, buyer, seller, agent):
    assign(deal, buyer, agent)
    closed(deal, buyer, seller)
    brokers.rate_broker(actor=seller, deal=deal, score=4, comment="沟通及时。")
    page = client.get(agent.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "JSJJR-2024-0001" in text and "沟通及时。" in text and deal.listing.title in text

    applicant = brokers.apply_as_broker(
        actor=broker_user(), **certificate(certificate_number="JSJJR-9")
    )
    assert client.get(applicant.get_absolute_url()).status_code == 404
    client.force_login(applicant.user)
    assert client.get(applicant.get_absolute_url()).status_code == 200


def test_a_member_applies_on_the_page_and_a_bad_field_is_named(client):
    user = broker_user()
    client.force_login(user)
    assert client.get(reverse("market:broker_apply")).status_code == 200
    data = {**certificate(), "certified_on": "2024-01-01", "valid_until": "2020-01-01"}
    refused = client.post(reverse("market:broker_apply"), data)
    assert refused.status_code == 400
    assert "The certificate has expired." in refused.content.decode()
    assert not BrokerProfile.objects.exists()
    data["valid_until"] = (TODAY + datetime.timedelta(days=30)).isoformat()
    response = client.post(reverse("market:broker_apply"), data)
    profile = BrokerProfile.objects.get()
    assert response.url == profile.get_absolute_url()
    assert profile.status == BrokerStatus.APPLIED


def test_staff_certify_from_the_queue_which_others_cannot_open(client, office, seller):
    profile = brokers.apply_as_broker(actor=broker_user(), **certificate())
    client.force_login(seller)
    assert client.get(reverse("market:broker_queue")).status_code == 403
    office.language = "en"
    office.save()
    client.force_login(office)
    assert "JSJJR-2024-0001" in client.get(reverse("market:broker_queue")).content.decode()
    url = reverse("market:broker_decide", args=[profile.pk, "certify"])
    refused = client.post(url, {f"certify-{profile.pk}-reason": ""})
    assert refused.status_code == 400
    assert BrokerProfile.objects.get().status == BrokerStatus.APPLIED
    response = client.post(url, {f"certify-{profile.pk}-reason": "证书核验无误。"})
    assert response.url == reverse("market:broker_queue")
    assert BrokerProfile.objects.get().status == BrokerStatus.CERTIFIED


def test_the_deal_room_assigns_the_broker_and_shows_the_rating(client, deal, buyer, seller, agent):
    buyer.language = "en"
    buyer.save()
    client.force_login(buyer)
    page = client.get(deal.get_absolute_url()).content.decode()
    assert 'data-testid="deal-assign_broker"' in page
    url = reverse("market:deal_act", args=[deal.pk, "assign_broker"])
    response = client.post(
        url, {"assign_broker-agent": agent.pk, "assign_broker-commission_rate": "2.5"}
    )
    assert response.url == deal.get_absolute_url()
    deal.refresh_from_db()
    closed(deal, buyer, seller)
    client.post(
        reverse("market:deal_act", args=[deal.pk, "rate_broker"]),
        {"rate_broker-score": "5", "rate_broker-comment": "专业高效"},
    )
    page = client.get(deal.get_absolute_url()).content.decode()
    assert "刘洋" in page and "2.50" in page and "5/5" in page and "专业高效" in page
    assert 'data-testid="deal-rate_broker"' not in page  # rated once


# The API --------------------------------------------------------------------------------------


def test_the_api_lists_brokers_with_their_track_record(api_client, deal, buyer, seller, agent):
    assign(deal, buyer, agent)
    closed(deal, buyer, seller)
    brokers.rate_broker(actor=buyer, deal=deal, score=5)
    brokers.rate_broker(actor=seller, deal=deal, score=4)

    found = api_client.get("/api/market/brokers/").json()
    assert found["count"] == 1
    row = found["results"][0]
    assert {key: row[key] for key in ("name", "level", "status", "organisation_name")} == {
        "name": "刘洋",
        "level": "senior",
        "status": "certified",
        "organisation_name": "示例技术转移中心",
    }
    assert (row["closed_deals"], row["closed_value"], row["open_deals"]) == (1, "1200000.00", 0)
    assert (row["mean_rating"], row["rating_count"]) == (4.5, 2)
    one = api_client.get(f"/api/market/brokers/{agent.pk}/").json()
    assert one["closed_value"] == "1200000.00"
    assert api_client.get("/api/market/brokers/", {"level": "junior"}).json()["count"] == 0
    assert api_client.get("/api/market/brokers/", {"level": "master"}).status_code == 400


def test_the_api_hides_applications_but_from_staff_and_the_applicant(api_client, api_as, office):
    profile = brokers.apply_as_broker(actor=broker_user(), **certificate())
    assert api_client.get(f"/api/market/brokers/{profile.pk}/").status_code == 404
    assert api_as(profile.user).get(f"/api/market/brokers/{profile.pk}/").status_code == 200
    assert api_as(office).get("/api/market/brokers/").json()["count"] == 1


def test_the_deal_api_assigns_and_rates_the_broker(api_as, deal, buyer, seller, agent):
    client = api_as(buyer)
    url = f"/api/market/deals/{deal.pk}/act/"
    refused = client.post(
        url, {"action": "assign_broker", "agent": agent.pk, "commission_rate": "31"}
    )
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["commission_rate"]
    made = client.post(url, {"action": "assign_broker", "agent": agent.pk}).json()
    assert (made["agent"], made["broker"], made["commission_rate"]) == (
        agent.pk,
        agent.organisation_id,
        "3.00",
    )
    deal.refresh_from_db()
    closed(deal, buyer, seller)
    assert "rate_broker" in client.get(f"/api/market/deals/{deal.pk}/").json()["actions"]
    rated = client.post(url, {"action": "rate_broker", "score": "5"})
    assert rated.status_code == 200 and "rate_broker" not in rated.json()["actions"]
    assert BrokerRating.objects.get().score == 5


def _add_brokers(office, listing, seller, n):
    """`n` certified brokers, each with a closed, rated deal and fields of expertise."""
    node = listing.nodes.first()
    for _n in range(n):
        user = broker_user(OrganisationFactory(kind=OrganisationKind.INTERMEDIARY))
        agent = certified(office, user, certificate_number=f"JSJJR-{user.pk}")
        agent.expertise.set([node])
        buyer = UserFactory(organisation=OrganisationFactory())
        deal = deals.open_inquiry(actor=buyer, listing=listing, message="询价")
        assign(deal, buyer, agent)
        closed(deal, buyer, seller)
        brokers.rate_broker(actor=buyer, deal=deal, score=4)


def test_the_directory_costs_the_same_queries_however_many_brokers(
    client, api_client, office, listing, seller
):
    _add_brokers(office, listing, seller, 1)

    # the page: count, brokers with organisations and figures, fields of expertise
    assert_flat_query_count(
        lambda: client.get(reverse("market:broker_list")),
        lambda: _add_brokers(office, listing, seller, 3),
        expected=3,
    )
    # the API: count, brokers with organisations and figures, fields of expertise
    assert_flat_query_count(
        lambda: api_client.get("/api/market/brokers/"),
        lambda: _add_brokers(office, listing, seller, 2),
        expected=3,
    )
