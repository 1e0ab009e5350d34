"""The market rules: an unverified organisation, an organisation with an active serious
infringement credit record, an eliminated technology or an invalid patent is refused with the
rule named, through the services, the API and the forms; staff switch and parametrise the rules,
with their history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gtis.catalog.choices import EditionKind
from gtis.market import deals, services, trading_rules
from gtis.market.models import Deal, Listing, TradingRule
from gtis.registry import services as registry
from tests.factories import OrganisationFactory, UserFactory
from tests.market.test_listings import post, published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
ELIMINATED = (
    "Refused by the market rule “The technology is not on an elimination catalogue in force”"
)

INFRINGEMENT = (
    "Refused by the market rule “The organisation has no active serious infringement credit "
    "record”: 华清绿能科技有限公司 has an active credit record: "
    "北京市知识产权局 京知信〔2024〕12号."
)


@pytest.fixture
def infringement(office, organisation):
    """An active serious IP infringement record of 华清绿能 (the seller's organisation)."""
    return registry.record_credit_event(
        actor=office,
        organisation=organisation,
        kind="serious_ip_infringement",
        authority="北京市知识产权局",
        document_number="京知信〔2024〕12号",
        decided_on=datetime.date(2024, 3, 1),
        summary="重复专利侵权，列入严重失信主体名单。",
    )


@pytest.fixture
def eliminated(office, green_fields):
    """An elimination catalogue in force that bans 高效余热回收锅炉系统 (the listings' title)."""
    from tests.catalog.test_editions import edition, publish

    made = edition(
        office,
        kind=EditionKind.ELIMINATION,
        year=2024,
        entries=[
            {
                "key": "7",
                "title": "高效余热回收锅炉系统",
                "banned_from": datetime.date(2024, 1, 1),
                "replacement": "新一代余热锅炉",
                "node_codes": [],
            }
        ],
    )
    return publish(office, made, datetime.date(2024, 1, 1))


def test_an_unverified_owner_cannot_submit_until_the_rule_is_switched_off(
    seller, organisation, office, green_fields
):
    organisation.verification = "unverified"
    organisation.save()
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    with pytest.raises(ValidationError) as error:
        services.submit_listing(actor=seller, listing=listing)
    assert error.value.messages == [
        "Refused by the market rule “The organisation is verified”: "
        f"{organisation.name} is not verified on the platform."
    ]
    trading_rules.set_rule(actor=office, code="verified_organisation", enabled=False, parameters={})
    services.submit_listing(actor=seller, listing=listing)
    assert Listing.objects.get().status == "submitted"
    change = TradingRule.objects.get(code="verified_organisation").history.get()
    assert (change.enabled, change.history_user) == (False, office)


def test_an_eliminated_technology_is_refused_through_the_api(
    api_as, seller, organisation, green_fields, eliminated
):
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    client = api_as(seller)
    client.cookies["django_language"] = "en"
    response = client.post(f"/api/market/listings/{listing.pk}/submit/")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"][0].startswith(ELIMINATED)
    assert Listing.objects.get().status == "draft"


def test_an_eliminated_technology_is_refused_through_the_form(
    client, seller, organisation, green_fields, eliminated
):
    seller.language = "en"
    seller.save()
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    client.force_login(seller)
    response = client.post(reverse("market:listing_submit", args=[listing.pk]))
    assert response.status_code == 400
    assert ELIMINATED in response.content.decode()
    assert Listing.objects.get().status == "draft"


def test_an_invalidated_patent_is_refused_and_the_statuses_are_a_parameter(
    seller, organisation, office, green_fields
):
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    services.add_ip_record(
        actor=seller,
        listing=listing,
        kind="invention_patent",
        number="ZL202110123456.7",
        title="一种余热锅炉",
        legal_status="invalidated",
        territory="CN",
    )
    with pytest.raises(ValidationError) as error:
        services.submit_listing(actor=seller, listing=listing)
    assert error.value.messages == [
        "Refused by the market rule “The patents a listing claims are valid”: "
        "Patent ZL202110123456.7 is Invalidated."
    ]
    trading_rules.set_rule(
        actor=office,
        code="valid_patents",
        enabled=True,
        parameters={"refused_statuses": ["expired"]},
    )
    services.submit_listing(actor=seller, listing=listing)


def test_opening_a_deal_passes_the_rules_too(seller, office, organisation, green_fields):
    listing = published(seller, office, organisation, [green_fields["1.1.1"]])
    unverified = UserFactory(organisation=OrganisationFactory(verification="unverified"))
    with pytest.raises(ValidationError) as error:
        deals.open_inquiry(actor=unverified, listing=listing, message="询价")
    assert error.value.error_list[0].code == "verified_organisation"


def test_only_staff_set_rules_and_bad_parameters_are_named(seller, office, client):
    with pytest.raises(PermissionDenied):
        trading_rules.set_rule(actor=seller, code="not_eliminated", enabled=False, parameters={})
    with pytest.raises(ValidationError) as error:
        trading_rules.set_rule(
            actor=office, code="valid_patents", enabled=True, parameters={"colour": "red"}
        )
    assert error.value.message_dict == {"parameters": ["Unknown parameters: colour."]}
    office.language = "en"
    office.save()
    client.force_login(office)
    page = client.post(
        reverse("market:trading_rule_set", args=["valid_patents"]),
        {"valid_patents-enabled": "on", "valid_patents-parameters": "{not json"},
    )
    assert page.status_code == 400
    assert "This is not valid JSON" in page.content.decode()
    assert client.get(reverse("market:trading_rules")).status_code == 200


def test_an_owner_with_an_active_infringement_record_is_refused_through_the_api(
    api_as, seller, organisation, green_fields, infringement
):
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    versions = listing.history.count()
    client = api_as(seller)
    client.cookies["django_language"] = "en"

    response = client.post(f"/api/market/listings/{listing.pk}/submit/")

    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == [INFRINGEMENT]
    assert Listing.objects.get().status == "draft"
    assert listing.history.count() == versions


def test_an_owner_with_an_active_infringement_record_is_refused_through_the_form(
    client, seller, organisation, green_fields, infringement
):
    seller.language = "en"
    seller.save()
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    client.force_login(seller)

    response = client.post(reverse("market:listing_submit", args=[listing.pk]))

    assert response.status_code == 400
    assert INFRINGEMENT in response.content.decode()
    assert Listing.objects.get().status == "draft"


def test_a_repaired_infringement_record_no_longer_refuses(
    seller, office, organisation, green_fields, infringement
):
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    with pytest.raises(ValidationError) as error:
        services.submit_listing(actor=seller, listing=listing)
    assert error.value.messages == [INFRINGEMENT]
    assert error.value.error_list[0].code == "no_serious_infringement"

    registry.repair_credit_record(
        actor=office,
        record=infringement,
        repaired_on=datetime.date(2025, 1, 10),
        reason="已履行赔偿，准予信用修复。",
    )
    services.submit_listing(actor=seller, listing=listing)

    assert Listing.objects.get().status == "submitted"


def test_an_expired_infringement_record_no_longer_refuses(
    seller, office, organisation, green_fields
):
    registry.record_credit_event(
        actor=office,
        organisation=organisation,
        kind="serious_ip_infringement",
        authority="北京市知识产权局",
        document_number="京知信〔2020〕1号",
        decided_on=datetime.date(2020, 3, 1),
        in_force_until=datetime.date(2023, 2, 28),
        summary="侵权。",
    )
    listing = post(seller, organisation, [green_fields["1.1.1"]])

    services.submit_listing(actor=seller, listing=listing)

    assert Listing.objects.get().status == "submitted"


def test_switching_the_infringement_rule_off_lets_the_listing_pass(
    seller, office, organisation, green_fields, infringement
):
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    trading_rules.set_rule(
        actor=office,
        code="no_serious_infringement",
        enabled=False,
        parameters={"kinds": ["serious_ip_infringement"]},
    )

    services.submit_listing(actor=seller, listing=listing)

    assert Listing.objects.get().status == "submitted"


def test_the_refused_kinds_are_a_parameter(seller, office, organisation, green_fields):
    registry.record_credit_event(
        actor=office,
        organisation=organisation,
        kind="environmental_violation",
        authority="北京市生态环境局",
        document_number="京环罚〔2024〕88号",
        decided_on=datetime.date(2024, 5, 1),
        summary="超标排放。",
    )
    listing = post(seller, organisation, [green_fields["1.1.1"]])
    trading_rules.set_rule(
        actor=office,
        code="no_serious_infringement",
        enabled=True,
        parameters={"kinds": ["serious_ip_infringement", "environmental_violation"]},
    )

    with pytest.raises(ValidationError) as error:
        services.submit_listing(actor=seller, listing=listing)

    assert error.value.messages == [
        "Refused by the market rule “The organisation has no active serious infringement "
        "credit record”: 华清绿能科技有限公司 has an active credit record: "
        "北京市生态环境局 京环罚〔2024〕88号."
    ]
    trading_rules.set_rule(
        actor=office,
        code="no_serious_infringement",
        enabled=True,
        parameters={"kinds": ["serious_ip_infringement"]},
    )
    services.submit_listing(actor=seller, listing=listing)
    assert Listing.objects.get().status == "submitted"


def test_an_inquiry_on_a_listing_whose_owner_has_a_record_is_refused(
    seller, buyer, office, organisation, green_fields
):
    listing = published(seller, office, organisation, [green_fields["1.1.1"]])
    registry.record_credit_event(
        actor=office,
        organisation=organisation,
        kind="serious_ip_infringement",
        authority="北京市知识产权局",
        document_number="京知信〔2024〕12号",
        decided_on=datetime.date(2024, 3, 1),
        summary="侵权。",
    )

    with pytest.raises(ValidationError) as error:
        deals.open_inquiry(actor=buyer, listing=listing, message="询价")

    assert error.value.messages == [INFRINGEMENT]
    assert not Deal.objects.exists()


def test_a_buyer_with_a_record_cannot_open_a_deal(
    seller, buyer, office, organisation, green_fields
):
    listing = published(seller, office, organisation, [green_fields["1.1.1"]])
    registry.record_credit_event(
        actor=office,
        organisation=buyer.organisation,
        kind="serious_ip_infringement",
        authority="北京市知识产权局",
        document_number="京知信〔2024〕20号",
        decided_on=datetime.date(2024, 3, 1),
        summary="侵权。",
    )

    with pytest.raises(ValidationError) as error:
        deals.open_inquiry(actor=buyer, listing=listing, message="询价")

    assert error.value.messages == [
        "Refused by the market rule “The organisation has no active serious infringement "
        "credit record”: 示例钢铁股份有限公司 has an active credit record: "
        "北京市知识产权局 京知信〔2024〕20号."
    ]
    assert not Deal.objects.exists()


@pytest.mark.parametrize("kinds", [["parking_fine"], "serious_ip_infringement", [{"a": 1}]])
def test_unknown_credit_kinds_are_refused_naming_the_parameters(office, kinds):
    with pytest.raises(ValidationError) as error:
        trading_rules.set_rule(
            actor=office,
            code="no_serious_infringement",
            enabled=True,
            parameters={"kinds": kinds},
        )

    assert error.value.message_dict == {
        "parameters": [
            "Give the kinds as a list of: serious_ip_infringement, serious_dishonesty, "
            "environmental_violation."
        ]
    }
    assert not TradingRule.objects.filter(code="no_serious_infringement").exists()


def test_the_rules_page_shows_the_infringement_rule_with_its_kinds(client, office):
    office.language = "en"
    office.save()
    client.force_login(office)

    page = client.get(reverse("market:trading_rules"))

    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="rule-no_serious_infringement"' in html
    assert "The organisation has no active serious infringement credit record" in html
    assert "serious_ip_infringement" in html
