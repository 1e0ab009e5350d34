"""A designation shows as a badge on the market: every designation in force of a listing's
owner, on the cards of the search and home pages and on the listing's page, linked to the
verification page of its assessment certificate where it has one and to the owner's registry
page otherwise; the listing's API representation lists them. Expired and revoked designations
show nowhere, and the pages cost the same queries however many listings and badges."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from gtis.assessment import services as assessment_services
from gtis.assessment.models import AssessmentCertificate, SchemeVersion
from gtis.core.actors import SYSTEM
from gtis.core.roles import Role
from gtis.core.seals import seal
from gtis.registry.models import Designation, DesignationStatus, Programme
from tests.assessment.test_campaigns import campaign_of, submitted
from tests.factories import OrganisationFactory
from tests.helpers import assert_flat_query_count
from tests.market.test_listings import published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = datetime.date.today()


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


@pytest.fixture
def listing(member, office, organisation, green_fields):
    return published(member, office, organisation, [green_fields["1.1.1"]])


def designate(organisation, code, name, **fields):
    programme, _created = Programme.objects.get_or_create(code=code, defaults={"name": name})
    values = {"designated_on": TODAY - datetime.timedelta(days=30)} | fields
    return Designation.objects.create(programme=programme, organisation=organisation, **values)


def certify(designation, member, office, department):
    """An assessment certificate issued with `designation`."""
    assessment_services.load_shipped_schemes(actor=SYSTEM)
    version = SchemeVersion.objects.get(scheme__code="green-factory", label="GB/T 36132-2018")
    application = submitted(member, campaign_of(office, department, version))
    contents = {"number": "GTIS-GREEN-FACTORY-2026-000001", "holder": member.organisation.name}
    return AssessmentCertificate.objects.create(
        application=application,
        designation=designation,
        number=contents["number"],
        code=seal(contents),
        contents=contents,
    )


@pytest.fixture
def designations(organisation, member, office, department):
    """The owner's designations: a green factory certified by an assessment, a green supply
    chain from a published list, one expired and one revoked."""
    factory = designate(
        organisation,
        "assessment-green-factory",
        "绿色工厂",
        title="国家级",
        valid_until=TODAY + datetime.timedelta(days=365),
    )
    supply_chain = designate(organisation, "miit-green-supply-chain", "绿色供应链管理企业")
    designate(organisation, "expired", "过期名单", valid_until=TODAY - datetime.timedelta(days=1))
    designate(organisation, "revoked", "撤销名单", status=DesignationStatus.REVOKED)
    certificate = certify(factory, member, office, department)
    return factory, supply_chain, certificate


def badges(html):
    """(href, text) of every designation badge on a page."""
    found = re.findall(
        r'<a class="badge[^"]*" href="([^"]+)" data-testid="designation-badge"[^>]*>'
        r"<i[^>]*></i> ([^<]+)</a>",
        html,
    )
    return [(href, text.strip()) for href, text in found]


def expected_badges(organisation, certificate):
    return [
        (
            reverse("assessment:certificate_verify", args=[certificate.code]),
            "绿色工厂 · 国家级",
        ),
        (organisation.get_absolute_url(), "绿色供应链管理企业"),
    ]


def test_cards_show_the_owners_designations_in_force_linked_to_their_proof(
    client, listing, organisation, designations
):
    _factory, _chain, certificate = designations

    search = client.get(reverse("market:listing_search")).content.decode()
    home = client.get(reverse("market:home")).content.decode()

    assert badges(search) == expected_badges(organisation, certificate)
    assert badges(home) == expected_badges(organisation, certificate)


def test_the_listing_page_shows_the_owners_badges(client, listing, organisation, designations):
    _factory, _chain, certificate = designations

    page = client.get(listing.get_absolute_url()).content.decode()

    assert badges(page) == expected_badges(organisation, certificate)


def test_a_revoked_certificate_leaves_no_badge(client, office, listing, designations):
    from gtis.assessment import decisions

    _factory, _chain, certificate = designations
    decisions.revoke_certificate(actor=office, certificate=certificate, reason="复核不合格。")

    page = client.get(listing.get_absolute_url()).content.decode()

    assert [text for _href, text in badges(page)] == ["绿色供应链管理企业"]


def test_the_listing_api_lists_the_owners_designations(listing, designations):
    factory, chain, certificate = designations

    data = APIClient().get(f"/api/market/listings/{listing.pk}/").json()

    assert data["designations"] == [
        {
            "id": factory.pk,
            "programme": "绿色工厂",
            "programme_code": "assessment-green-factory",
            "title": "国家级",
            "batch": "",
            "designated_on": factory.designated_on.isoformat(),
            "valid_until": factory.valid_until.isoformat(),
            "verification_url": f"http://testserver/assessment/certificates/{certificate.code}/",
        },
        {
            "id": chain.pk,
            "programme": "绿色供应链管理企业",
            "programme_code": "miit-green-supply-chain",
            "title": "",
            "batch": "",
            "designated_on": chain.designated_on.isoformat(),
            "valid_until": None,
            "verification_url": None,
        },
    ]


def test_a_listing_without_designated_owner_has_none(listing):
    data = APIClient().get(f"/api/market/listings/{listing.pk}/").json()
    assert data["designations"] == []
    assert "designations" not in APIClient().get("/api/market/listings/").json()["results"][0]


def test_badges_cost_the_same_queries_however_many_listings_and_designations(
    office, listing, designations, green_fields
):
    client = Client()
    client.force_login(office)

    def add_designated_listings():
        for n in range(3):
            owner = OrganisationFactory()
            designate(owner, "miit-green-factory", "绿色工厂名单", batch=f"第{n}批")
            designate(owner, "miit-green-supply-chain", "绿色供应链管理企业")
            published(office, office, owner, [green_fields["1.1.1"]], title=f"余热设备{n}")

    def both_pages():
        client.get(reverse("market:listing_search"))
        client.get(reverse("market:home"))

    assert_flat_query_count(both_pages, add_designated_listings)
