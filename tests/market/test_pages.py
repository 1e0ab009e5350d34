"""The market's pages: search with facets and snippets, the NDA flow on the listing page,
posting with code suggestions, moderation, needs with their matches, and the public pages
kept for visitors until the market changes."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from gtis.accounts.models import OrganisationRole
from gtis.core import pagecache
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from gtis.market.models import Disclosure, Listing
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_flat_query_count
from tests.market.test_listings import published
from tests.market.test_needs_and_matching import accepted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
SECRET = "换热器结构图纸与工艺参数。"


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def seller(organisation):
    return UserFactory(
        username="seller",
        organisation=organisation,
        organisation_role=OrganisationRole.ADMIN,
        language="en",
    )


@pytest.fixture
def buyer():
    return UserFactory(username="buyer", organisation=OrganisationFactory(), language="en")


@pytest.fixture
def listing(seller, office, organisation, green_fields):
    return published(seller, office, organisation, [green_fields["1.1.1"]])


def test_the_search_page_highlights_and_counts_by_facet(client, listing):
    response = client.get(reverse("market:listing_search"), {"search": "余热回收"})
    assert response.context["result"].total == 1
    assert "烟气<mark>余热</mark>发电" in response.content.decode()
    facets = {name: links for name, _title, links in response.context["facets"]}
    assert [(link["label"], link["count"]) for link in facets["trl"]] == [("8", 1)]
    assert (
        facets["province"][0]["url"] == "?search=%E4%BD%99%E7%83%AD%E5%9B%9E%E6%94%B6&province=32"
    )


def test_the_search_page_costs_the_same_queries_however_many_listings(
    client, seller, office, organisation, green_fields, listing
):
    assert_flat_query_count(
        lambda: client.get(reverse("market:listing_search"), {"search": "余热"}),
        lambda: [
            published(seller, office, organisation, [green_fields["1.1.1"]], title=f"余热设备{n}")
            for n in range(4)
        ],
    )


def test_the_public_never_sees_the_confidential_detail(client, listing, buyer):
    assert SECRET not in client.get(listing.get_absolute_url()).content.decode()
    client.force_login(buyer)
    assert SECRET not in client.get(listing.get_absolute_url()).content.decode()


def test_request_grant_and_read_the_detail(client, listing, buyer, seller):
    client.force_login(buyer)
    refused = client.post(
        reverse("market:disclosure_request", args=[listing.pk]), {"purpose": "评估"}
    )
    assert refused.status_code == 400
    assert refused.context["disclosure_form"].errors["accept_terms"] == [
        "Accept the non-disclosure agreement first."
    ]
    client.post(
        reverse("market:disclosure_request", args=[listing.pk]),
        {"purpose": "评估技术可行性", "accept_terms": "on"},
    )
    assert SECRET not in client.get(listing.get_absolute_url()).content.decode()
    disclosure = Disclosure.objects.get()
    assert (
        client.post(
            reverse("market:disclosure_decide", args=[disclosure.pk]), {"grant": "1"}
        ).status_code
        == 403
    )
    client.force_login(seller)
    client.post(reverse("market:disclosure_decide", args=[disclosure.pk]), {"grant": "1"})
    client.force_login(buyer)
    assert SECRET in client.get(listing.get_absolute_url()).content.decode()
    assert AuditEvent.objects.filter(action="read_confidential_detail").count() == 1


def test_posting_a_listing_with_an_unknown_code_names_the_field(
    client, seller, organisation, green_fields
):
    client.force_login(seller)
    response = client.post(
        reverse("market:listing_create"),
        {
            "owner": organisation.credit_code,
            "title": "余热锅炉",
            "summary": "回收余热。",
            "nodes": "1.1.1 9.9",
            "trl": "6",
            "transfer_modes": ["assignment"],
            "price_kind": "negotiable",
        },
    )
    assert response.context["form"].errors["nodes"] == ["Not a code of the catalogue: 9.9."]
    assert not Listing.objects.exists()


def test_posting_a_listing_through_the_form(client, seller, organisation, green_fields):
    client.force_login(seller)
    response = client.post(
        reverse("market:listing_create"),
        {
            "owner": organisation.credit_code,
            "title": "余热锅炉",
            "summary": "回收余热。",
            "nodes": "1.1.1",
            "trl": "6",
            "transfer_modes": ["assignment", "ordinary_licence"],
            "price_kind": "range",
            "price_min": "100",
            "price_max": "300",
            "developed_in": "江苏、浙江",
        },
    )
    listing = Listing.objects.get()
    assert response["Location"] == listing.get_absolute_url()
    assert (listing.transfer_modes, listing.developed_in, listing.status) == (
        ["assignment", "ordinary_licence"],
        ["江苏", "浙江"],
        "draft",
    )


def test_the_classifier_suggests_codes_while_posting(client, seller, green_fields):
    client.force_login(seller)
    response = client.post(
        reverse("market:suggest_codes"), {"title": "节能锅炉制造", "summary": "高效节能锅炉"}
    )
    assert response.status_code == 200
    assert response.context["suggestions"][0].code.startswith("1")


def test_only_staff_open_the_moderation_queue(client, seller, office):
    client.force_login(seller)
    assert client.get(reverse("market:moderation")).status_code == 403
    client.force_login(office)
    assert client.get(reverse("market:moderation")).status_code == 200


def test_a_need_page_lists_matches_with_reasons(client, listing, office, green_fields):
    seeker = UserFactory(organisation=OrganisationFactory())
    need = accepted(seeker, office, [green_fields["1.1.1"]])
    from gtis.market import matching

    matching.recompute("need", need.pk)
    client.force_login(UserFactory(role=Role.COORDINATING_OFFICE, language="en"))
    response = client.get(need.get_absolute_url())
    matches = response.context["matches"]
    assert matches[0][0].listing == listing
    assert "The price fits the budget" in matches[0][1]


def test_the_market_home_shows_the_pipeline(client, listing):
    response = client.get(reverse("market:home"))
    assert response.context["statistics"]["listings"] == 1
    assert [row[0] for row in response.context["statistics"]["pipeline"]][:2] == [
        "submitted",
        "in_review",
    ]


def test_an_organisation_page_lists_its_published_listings(client, listing, organisation):
    response = client.get(organisation.get_absolute_url())
    assert [record.title for record in response.context["linked"]] == ["高效余热回收锅炉系统"]


def test_a_draft_listings_attachment_is_not_downloadable_by_others(
    client, seller, organisation, green_fields, buyer
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.market.test_listings import post

    draft = post(seller, organisation, [green_fields["1.1.1"]])
    client.force_login(seller)
    brochure = SimpleUploadedFile(
        "说明书.pdf", b"%PDF-1.4 brochure", content_type="application/pdf"
    )
    client.post(reverse("market:listing_attach", args=[draft.pk]), {"file": brochure})
    from gtis.core.models import Attachment

    attachment = Attachment.objects.get()
    assert client.get(attachment.get_absolute_url()).status_code == 200
    client.force_login(buyer)
    assert client.get(attachment.get_absolute_url()).status_code == 403


# Pages kept for visitors -------------------------------------------------------------------------


def test_a_visitor_reads_a_kept_page_until_the_market_changes(
    client, django_assert_num_queries, seller, office, organisation, green_fields, listing
):
    url = reverse("market:listing_search")
    first = client.get(url).content.decode()
    with django_assert_num_queries(1):  # the market's revision
        again = client.get(url).content.decode()
    assert again.replace(_token(again), "") == first.replace(_token(first), "")
    published(seller, office, organisation, [green_fields["1.1.1"]], title="氢能储运装备")
    assert "氢能储运装备" in client.get(url).content.decode()


def test_each_visitor_of_a_kept_page_gets_a_csrf_token_of_their_own(listing):
    url = reverse("market:listing_search")
    Client(enforce_csrf_checks=True).get(url)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url).content.decode()
    assert pagecache.CSRF_PLACEHOLDER not in page
    switched = visitor.post(
        reverse("accounts:switch_language"),
        {"language": "en", "next": url, "csrfmiddlewaretoken": _token(page)},
    )
    assert switched.status_code == 302


def test_a_signed_in_page_is_never_kept_for_visitors(client, seller, listing):
    url = reverse("market:listing_search")
    signed_in = reverse("accounts:logout")  # the form only a signed-in page has
    client.force_login(seller)
    assert signed_in in client.get(url).content.decode()
    client.logout()
    assert signed_in not in client.get(url).content.decode()


def test_an_api_answer_for_a_user_is_never_kept_for_visitors(api_as, seller, listing):
    url = "/api/market/listings/?mine=1"
    assert api_as(seller).get(url).json()["count"] == 1
    assert APIClient().get(url).status_code in (401, 403)
    APIClient().get("/api/market/listings/")
    assert api_as(seller).get(url).json()["count"] == 1


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
