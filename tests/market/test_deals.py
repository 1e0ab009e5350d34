"""Deals: an inquiry, offers and counter-offers, the contract, milestones paid, delivery and
closing, every move audited, and every move a state does not allow refused (a table of state
× action)."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from gtis.core.models import AuditEvent
from gtis.market import certificates, deals
from gtis.market.choices import DealState
from gtis.market.models import Certificate, Deal, Milestone
from tests.factories import OrganisationFactory, UserFactory
from tests.market.test_listings import published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = datetime.date.today()
PRICE = Decimal("1200000.00")


@pytest.fixture
def listing(seller, office, organisation, green_fields):
    return published(seller, office, organisation, [green_fields["1.1.1"]])


@pytest.fixture
def deal(buyer, listing):
    return deals.open_inquiry(actor=buyer, listing=listing, message="能否提供示范项目数据？")


def contracted(deal, buyer, seller):
    deals.make_offer(actor=buyer, deal=deal, price="1000000", mode="ordinary_licence")
    deals.make_offer(actor=seller, deal=deal, price=PRICE, mode="ordinary_licence", terms="三年")
    deals.accept_offer(actor=buyer, deal=deal)
    return deals.sign_contract(
        actor=seller,
        deal=deal,
        contract_type="transfer",
        signed_on=TODAY,
        key_terms="普通许可三年，分两期付款。",
    )


def test_an_inquiry_to_a_closed_deal(deal, buyer, seller):
    contracted(deal, buyer, seller)
    assert (deal.price, deal.mode, deal.terms) == (PRICE, "ordinary_licence", "三年")
    first = deals.add_milestone(
        actor=seller, deal=deal, title="首付款", amount="600000", due_on=TODAY
    )
    second = deals.add_milestone(
        actor=seller, deal=deal, title="尾款", amount="600000.00", due_on=TODAY
    )
    for milestone in (first, second):
        deals.pay_milestone(
            actor=buyer, deal=deal, milestone=milestone, paid_on=TODAY, evidence="银行回单"
        )
    deals.register_contract(actor=seller, deal=deal, number="2026320100001234")
    deals.accept_delivery(actor=buyer, deal=deal)
    deals.close_deal(actor=seller, deal=deal)

    deal.refresh_from_db()
    assert deal.state == DealState.CLOSED
    assert deal.registration_number == "2026320100001234"
    actions = list(AuditEvent.objects.for_object(deal).values_list("action", flat=True))
    assert {"create", "make_offer", "accept_offer", "sign_contract", "close"} <= set(actions)
    assert deal.messages.count() == 1


def test_an_offer_is_accepted_by_the_other_party_only(deal, buyer):
    deals.make_offer(actor=buyer, deal=deal, price="900000", mode="ordinary_licence")
    with pytest.raises(ValidationError) as error:
        deals.accept_offer(actor=buyer, deal=deal)
    assert error.value.messages == ["The other party must accept your offer."]


def test_an_offer_in_a_mode_the_listing_does_not_offer_is_refused(deal, buyer):
    with pytest.raises(ValidationError) as error:
        deals.make_offer(actor=buyer, deal=deal, price="abc", mode="assignment")
    assert error.value.message_dict == {
        "price": ["Give an amount in yuan, such as 1200000.00."],
        "mode": ["Choose a mode the listing offers: Ordinary licence."],
    }
    assert Deal.objects.get().state == DealState.INQUIRY


def test_milestones_may_not_exceed_the_price_and_a_deal_closes_only_paid(deal, buyer, seller):
    contracted(deal, buyer, seller)
    deals.add_milestone(actor=seller, deal=deal, title="首付款", amount="600000", due_on=TODAY)
    with pytest.raises(ValidationError) as error:
        deals.add_milestone(actor=seller, deal=deal, title="尾款", amount="700000", due_on=TODAY)
    assert error.value.message_dict == {
        "amount": ["The milestones would come to more than the agreed price."]
    }
    deals.accept_delivery(actor=buyer, deal=deal)
    with pytest.raises(ValidationError) as error:
        deals.close_deal(actor=seller, deal=deal)
    assert error.value.messages == [
        "The milestones come to 600000.00 yuan, not the price of 1200000.00 yuan."
    ]
    assert Deal.objects.get().state == DealState.DELIVERED


def test_only_the_parties_take_part_and_only_the_buyer_pays(deal, buyer, seller, listing):
    stranger = UserFactory(organisation=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        deals.post_message(actor=stranger, deal=deal, body="你好")
    with pytest.raises(PermissionDenied):
        deals.open_inquiry(actor=seller, listing=listing, message="自己询价")
    contracted(deal, buyer, seller)
    milestone = deals.add_milestone(
        actor=seller, deal=deal, title="全款", amount=PRICE, due_on=TODAY
    )
    with pytest.raises(PermissionDenied):
        deals.pay_milestone(
            actor=seller, deal=deal, milestone=milestone, paid_on=TODAY, evidence="回单"
        )
    assert Milestone.objects.get().paid_on is None
    assert list(Deal.objects.restrict(stranger, "view")) == []
    assert list(Deal.objects.restrict(buyer, "view")) == [deal]


def test_a_dispute_needs_a_reason_and_staff_decide_it(deal, buyer, seller, office):
    contracted(deal, buyer, seller)
    with pytest.raises(ValidationError) as error:
        deals.dispute_deal(actor=buyer, deal=deal, reason=" ")
    assert error.value.message_dict == {"reason": ["Give the reason the other party will see."]}
    deals.dispute_deal(actor=buyer, deal=deal, reason="交付的图纸不完整。")
    with pytest.raises(PermissionDenied):
        deals.resolve_dispute(actor=seller, deal=deal, reason="已补交。")
    deals.resolve_dispute(actor=office, deal=deal, reason="卖方已补交图纸。")
    assert Deal.objects.get().state == DealState.CONTRACTED


# Every state × every action: allowed moves succeed, the others are refused naming the state.

ALLOWED = {
    "make_offer": {DealState.INQUIRY, DealState.NEGOTIATING},
    "accept_offer": {DealState.NEGOTIATING},
    "sign_contract": {DealState.AGREED},
    "register_contract": {
        DealState.CONTRACTED,
        DealState.DELIVERED,
        DealState.CLOSED,
        DealState.DISPUTED,
    },
    "add_milestone": {DealState.CONTRACTED},
    "pay_milestone": {DealState.CONTRACTED, DealState.DELIVERED},
    "accept_delivery": {DealState.CONTRACTED},
    "close": {DealState.DELIVERED},
    "cancel": {
        DealState.INQUIRY,
        DealState.NEGOTIATING,
        DealState.AGREED,
        DealState.DISPUTED,
    },
    "dispute": {DealState.AGREED, DealState.CONTRACTED, DealState.DELIVERED},
    "resolve": {DealState.DISPUTED},
    "message": set(DealState.values) - {DealState.CLOSED, DealState.CANCELLED},
}


def act(action, deal, buyer, seller, office):
    """Take `action` on `deal` with valid data, as the party who may."""
    if action == "make_offer":
        return deals.make_offer(actor=buyer, deal=deal, price=PRICE, mode="ordinary_licence")
    if action == "accept_offer":
        return deals.accept_offer(actor=buyer, deal=deal)
    if action == "sign_contract":
        return deals.sign_contract(
            actor=seller, deal=deal, contract_type="transfer", signed_on=TODAY, key_terms="条款"
        )
    if action == "register_contract":
        return deals.register_contract(actor=seller, deal=deal, number="2026320100000001")
    if action == "add_milestone":
        return deals.add_milestone(actor=seller, deal=deal, title="尾款", amount=1, due_on=TODAY)
    if action == "pay_milestone":
        milestone = deal.milestones.get(paid_on=None)
        return deals.pay_milestone(
            actor=buyer, deal=deal, milestone=milestone, paid_on=TODAY, evidence="回单"
        )
    if action == "accept_delivery":
        return deals.accept_delivery(actor=buyer, deal=deal)
    if action == "close":
        return deals.close_deal(actor=seller, deal=deal)
    if action == "message":
        return deals.post_message(actor=buyer, deal=deal, body="进展如何？")
    staff_decides = action == "resolve" or (action == "cancel" and deal.state == DealState.DISPUTED)
    actor = office if staff_decides else buyer
    service = {
        "cancel": deals.cancel_deal,
        "dispute": deals.dispute_deal,
        "resolve": deals.resolve_dispute,
    }[action]
    return service(actor=actor, deal=deal, reason="理由")


@pytest.mark.parametrize("state", DealState.values)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_every_state_allows_only_its_actions(state, action, deal, buyer, seller, office):
    # A deal as far as it can be in any state: an open offer, a price, a contract, a paid
    # milestone of the whole price but one yuan and an unpaid one of one yuan.
    deals.make_offer(actor=seller, deal=deal, price=PRICE, mode="ordinary_licence")
    Deal.objects.filter(pk=deal.pk).update(
        state=state, price=PRICE, contract_signed_on=TODAY, mode="ordinary_licence"
    )
    Milestone.objects.create(
        deal=deal, title="首付款", amount=PRICE - 1, due_on=TODAY, paid_on=TODAY, evidence="回单"
    )
    Milestone.objects.create(deal=deal, title="尾款", amount=Decimal(1), due_on=TODAY)
    if state == DealState.DELIVERED and action == "close":
        Milestone.objects.filter(paid_on=None).update(paid_on=TODAY, evidence="回单")
    if action == "add_milestone":
        Milestone.objects.filter(paid_on=None).delete()
    deal = Deal.objects.get(pk=deal.pk)

    if state in ALLOWED[action]:
        act(action, deal, buyer, seller, office)
    else:
        with pytest.raises(ValidationError) as error:
            act(action, deal, buyer, seller, office)
        label = DealState(state).label
        assert error.value.messages == [f"This cannot be done while the record is “{label}”."]
        assert Deal.objects.get(pk=deal.pk).state == state


# The deal room and the API -------------------------------------------------------------------


def test_the_deal_room_takes_a_deal_from_the_listing_page_to_closed(client, listing, buyer, seller):
    buyer.language = seller.language = "en"
    buyer.save(), seller.save()
    client.force_login(buyer)
    response = client.post(
        reverse("market:deal_open", args=[listing.pk]), {"message": "有示范项目吗？"}
    )
    deal = Deal.objects.get()
    assert response.url == deal.get_absolute_url()

    def act(user, action, **data):
        client.force_login(user)
        posted = {f"{action}-{key}": value for key, value in data.items()}
        return client.post(reverse("market:deal_act", args=[deal.pk, action]), posted)

    act(buyer, "make_offer", price="1000000", mode="ordinary_licence")
    act(seller, "make_offer", price="1200000", mode="ordinary_licence", terms="三年")
    act(buyer, "accept_offer")
    refused = act(buyer, "sign_contract", contract_type="transfer", key_terms="")
    assert refused.status_code == 400
    assert "Give the contract&#x27;s key terms." in refused.content.decode() or (
        "This field is required." in refused.content.decode()
    )
    act(seller, "sign_contract", contract_type="transfer", signed_on=TODAY, key_terms="三年许可")
    act(seller, "add_milestone", title="全款", amount="1200000", due_on=TODAY)
    milestone = deal.milestones.get()
    act(buyer, "pay_milestone", milestone=milestone.pk, paid_on=TODAY, evidence="银行回单")
    act(buyer, "accept_delivery")
    act(seller, "close")

    page = client.get(deal.get_absolute_url()).content.decode()
    assert Deal.objects.get().state == DealState.CLOSED
    assert "Closed" in page and "银行回单" in page


def test_a_stranger_cannot_open_the_deal_room(client, deal):
    client.force_login(UserFactory(organisation=OrganisationFactory()))
    assert client.get(deal.get_absolute_url()).status_code == 404


def test_the_api_shows_the_state_and_takes_actions_naming_what_is_refused(api_as, deal, seller):
    client = api_as(seller)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    found = client.get(f"/api/market/deals/{deal.pk}/").json()
    assert (found["state"], found["actions"]) == (
        "inquiry",
        ["message", "attach", "make_offer", "cancel", "assign_broker"],
    )
    url = f"/api/market/deals/{deal.pk}/act/"
    refused = client.post(url, {"action": "make_offer", "price": "-1", "mode": "service"})
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["price"]
    refused = client.post(url, {"action": "make_offer", "price": "1", "mode": "assignment"})
    assert refused.json()["errors"] == {
        "mode": ["Choose a mode the listing offers: Ordinary licence."]
    }
    made = client.post(
        url, {"action": "make_offer", "price": "1200000", "mode": "ordinary_licence"}
    )
    assert made.json()["state"] == "negotiating"
    wrong = client.post(url, {"action": "close"})
    assert wrong.status_code == 400
    assert wrong.json()["errors"] == {
        "non_field_errors": ["This cannot be done while the record is “Negotiating”."]
    }
    assert client.post(url, {"action": "fly"}).status_code == 400


def test_the_api_opens_deals_for_buyers_only(api_as, listing, buyer, seller):
    body = {"listing": listing.pk, "message": "价格可谈吗？"}
    assert api_as(seller).post("/api/market/deals/", body).status_code == 403
    opened = api_as(buyer).post("/api/market/deals/", body)
    assert opened.status_code == 201 and opened.json()["buyer"] == buyer.organisation_id
    assert (
        api_as(UserFactory(organisation=OrganisationFactory()))
        .get("/api/market/deals/")
        .json()["count"]
        == 0
    )


def test_closing_an_assignment_marks_the_listing_transferred(
    seller, office, organisation, green_fields, buyer
):
    listing = published(
        seller, office, organisation, [green_fields["1.1.1"]], transfer_modes=["assignment"]
    )
    deal = deals.open_inquiry(actor=buyer, listing=listing, message="整体转让价格？")
    deals.make_offer(actor=seller, deal=deal, price=PRICE, mode="assignment")
    deals.accept_offer(actor=buyer, deal=deal)
    deals.sign_contract(
        actor=seller, deal=deal, contract_type="transfer", signed_on=TODAY, key_terms="专利权转让"
    )
    milestone = deals.add_milestone(
        actor=seller, deal=deal, title="全款", amount=PRICE, due_on=TODAY
    )
    deals.pay_milestone(actor=buyer, deal=deal, milestone=milestone, paid_on=TODAY, evidence="回单")
    deals.accept_delivery(actor=buyer, deal=deal)
    deals.close_deal(actor=seller, deal=deal)
    listing.refresh_from_db()
    assert listing.status == "transferred"


# Transaction certificates --------------------------------------------------------------------


def closed(deal, buyer, seller):
    contracted(deal, buyer, seller)
    milestone = deals.add_milestone(
        actor=seller, deal=deal, title="全款", amount=PRICE, due_on=TODAY
    )
    deals.pay_milestone(actor=buyer, deal=deal, milestone=milestone, paid_on=TODAY, evidence="回单")
    deals.accept_delivery(actor=buyer, deal=deal)
    return deals.close_deal(actor=seller, deal=deal)


def test_a_closed_deal_issues_a_certificate_that_verifies_publicly(
    api_as, client, deal, buyer, seller
):
    closed(deal, buyer, seller)
    found = api_as(buyer).get(f"/api/market/deals/{deal.pk}/").json()["certificate"]
    assert found["number"] == f"GTIS-{TODAY:%Y}-{deal.pk:06d}"
    page = client.get(found["verification_url"])
    assert page.status_code == 200
    assert "高效余热回收锅炉系统" in page.content.decode()

    code = found["code"]
    changed = code[:-1] + ("A" if code[-1] != "A" else "B")
    refused = client.get(found["verification_url"].replace(code, changed))
    assert refused.status_code == 404
    assert "本平台签发的凭证中没有核验码为" in refused.content.decode()  # visitors read Chinese


def test_a_certificate_whose_contents_were_changed_no_longer_verifies(deal, buyer, seller):
    closed(deal, buyer, seller)
    certificate = Certificate.objects.get()
    assert certificates.verified(certificate.code.lower()) == certificate
    certificate.contents["price_yuan"] = "1.00"
    certificate.save()
    assert certificates.verified(certificate.code) is None


def test_an_open_deal_has_no_certificate(api_as, deal, buyer):
    assert api_as(buyer).get(f"/api/market/deals/{deal.pk}/").json()["certificate"] is None


# Statistics ---------------------------------------------------------------------------------


def test_closed_deals_count_in_the_metrics_and_the_home_page(client, deal, buyer, seller):
    from gtis.core import metrics

    assert metrics.get("market.deals_closed").compute() == 0
    closed(deal, buyer, seller)
    assert metrics.get("market.deals_closed").compute() == 1
    assert metrics.get("market.deal_value").compute() == Decimal("120.00")
    assert metrics.get("market.deals_closed").compute_on(TODAY - datetime.timedelta(days=1)) == 0
    statistics = client.get(reverse("market:home")).context["statistics"]["deals"]
    assert ("closed", 1) in [(state, n) for state, _label, n in statistics["by_state"]]
    assert [(m, n, v) for m, _label, n, v in statistics["by_mode"]] == [
        ("ordinary_licence", 1, Decimal("120.00"))
    ]


def test_the_parties_share_documents_in_the_deal_room_and_nobody_else_reads_them(
    client, deal, buyer, seller
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gtis.core.models import Attachment

    seller.language = "en"
    seller.save()
    client.force_login(seller)
    url = reverse("market:deal_act", args=[deal.pk, "attach"])
    refused = client.post(url, {"attach-file": SimpleUploadedFile("macro.exe", b"MZ")})
    assert refused.status_code == 400
    assert "files of type .exe are not accepted" in refused.content.decode()
    contract = SimpleUploadedFile("技术转让合同.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    response = client.post(url, {"attach-file": contract, "attach-description": "签署版合同"})
    assert response.status_code == 302
    document = Attachment.objects.get()
    assert document.description == "签署版合同"
    client.force_login(buyer)
    assert client.get(document.get_absolute_url()).status_code == 200
    api = APIClient()
    api.force_authenticate(buyer)
    (listed,) = api.get(f"/api/market/deals/{deal.pk}/").json()["documents"]
    assert listed["name"] == "技术转让合同.pdf"
    uploaded = api.post(
        f"/api/market/deals/{deal.pk}/act/",
        {"action": "attach", "file": SimpleUploadedFile("附件.pdf", b"%PDF-1.4\n%%EOF\n")},
        format="multipart",
    )
    assert uploaded.status_code == 200 and len(uploaded.json()["documents"]) == 2
    client.force_login(UserFactory(organisation=OrganisationFactory(name="示例旁观公司")))
    assert client.get(document.get_absolute_url()).status_code in (403, 404)
