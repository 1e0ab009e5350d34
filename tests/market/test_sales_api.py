"""The sales API and pages: a sale is public with its state and bids by bidder number; the
owner opens one; buyers register and bid through `act`; refusals name the field or state; a
bidder sees its own result; the sale page refreshes its panel while the sale runs."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from gtis.market.models import Bid, Sale
from tests.market.test_sales import bidder, close_registration, end_bidding, open_sale, qualified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def listing(seller, office, organisation, green_fields):
    from tests.market.test_listings import published

    return published(seller, office, organisation, [green_fields["1.1.1"]])


def api(user=None):
    client = APIClient()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_owner_opens_an_auction_through_the_api_and_a_stranger_cannot(seller, buyer, listing):
    data = {
        "listing": listing.pk,
        "method": "auction",
        "mode": "ordinary_licence",
        "price": "1000000",
        "reserve": "1100000",
        "increment": "50000",
        "deposit": "100000",
        "notice_ends_at": "2099-01-01T10:00",
        "bidding_ends_at": "2099-01-02T10:00",
        "extension_minutes": 5,
    }
    assert api(buyer).post("/api/market/sales/", data).status_code == 403
    response = api(seller).post("/api/market/sales/", data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["has_reserve"], body["reserve_met"], body["minimum_bid"]) == (
        "notice",
        True,
        False,
        "1000000.00",
    )
    assert "reserve" not in body
    assert body["actions"] == ["cancel"]


def test_a_bad_field_is_named_and_nothing_is_opened(seller, listing):
    response = api(seller).post(
        "/api/market/sales/",
        {"listing": listing.pk, "method": "listed", "mode": "ordinary_licence", "price": "x"},
    )
    assert response.status_code == 400
    assert {"price", "increment", "deposit", "notice_ends_at", "bidding_ends_at"} <= set(
        response.json()["errors"]
    )
    assert not Sale.objects.exists()


def test_buyers_register_and_bid_through_act_and_see_their_result(seller, buyer, listing):
    other = bidder("other")
    sale = open_sale(seller, listing, method="auction")
    for user in (buyer, other):
        response = api(user).post(
            f"/api/market/sales/{sale.pk}/act/",
            {"action": "register", "statement": "用于改造。", "deposit_reference": "DEP-1"},
        )
        assert response.status_code == 200, response.content
    for registration in sale.registrations.all():
        response = api(seller).post(
            f"/api/market/sales/{sale.pk}/act/",
            {"action": "decide", "registration": registration.pk, "qualified": "1"},
        )
        assert response.status_code == 200, response.content
    close_registration(sale)
    low = api(buyer).post(f"/api/market/sales/{sale.pk}/act/", {"action": "bid", "amount": "1"})
    assert low.status_code == 400
    assert low.json()["errors"] == {"amount": ["Bid at least 1,000,000.00 yuan."]}
    api(buyer).post(f"/api/market/sales/{sale.pk}/act/", {"action": "bid", "amount": "1000000"})
    api(other).post(f"/api/market/sales/{sale.pk}/act/", {"action": "bid", "amount": "1200000"})
    end_bidding(sale)
    mine = api(buyer).get(f"/api/market/sales/{sale.pk}/").json()
    theirs = api(other).get(f"/api/market/sales/{sale.pk}/").json()
    assert mine["state"] == theirs["state"] == "sold"
    assert mine["result"]["price"] == "1200000.00"
    assert (mine["you"]["won"], mine["you"]["deposit"]) == (False, "refund_due")
    assert (theirs["you"]["won"], theirs["you"]["deposit"]) == (True, "applied")
    assert [b["amount"] for b in mine["bids"]] == ["1200000.00", "1000000.00"]


def test_the_sale_page_shows_the_panel_and_refreshes_it_while_running(
    client, seller, buyer, listing
):
    sale = open_sale(seller, listing, method="auction")
    qualified(sale, seller, buyer)
    close_registration(sale)
    page = client.get(reverse("market:sale_detail", args=[sale.pk]))
    html = page.content.decode()
    assert 'hx-trigger="every 5s"' in html
    assert "1000000" in html
    fragment = client.get(reverse("market:sale_detail", args=[sale.pk]), HTTP_HX_REQUEST="true")
    assert fragment.content.decode().startswith('<section id="sale-panel"')
    assert client.get(reverse("market:sale_list")).status_code == 200


def test_a_bid_form_below_the_minimum_shows_the_message_and_changes_nothing(
    client, seller, buyer, listing
):
    buyer.language = "en"
    buyer.save()
    sale = open_sale(seller, listing, method="auction")
    qualified(sale, seller, buyer)
    close_registration(sale)
    client.force_login(buyer)
    response = client.post(reverse("market:sale_act", args=[sale.pk, "bid"]), {"bid-amount": "10"})
    assert response.status_code == 400
    assert "Bid at least 1,000,000.00 yuan." in response.content.decode()
    assert not Bid.objects.exists()
    response = client.post(
        reverse("market:sale_act", args=[sale.pk, "bid"]), {"bid-amount": "1000000"}
    )
    assert response.status_code == 302
    assert Bid.objects.get().amount == 1000000


def test_the_owner_opens_a_listed_sale_from_the_form(client, seller, listing):
    seller.language = "en"
    seller.save()
    client.force_login(seller)
    url = reverse("market:sale_open", args=[listing.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "method": "listed",
            "mode": "ordinary_licence",
            "price": "1000000",
            "increment": "10000",
            "deposit": "50000",
            "notice_ends_at": "2099-01-01T10:00",
            "bidding_ends_at": "2099-01-01T12:00",
            "extension_minutes": "5",
        },
    )
    sale = Sale.objects.get()
    assert response.status_code == 302 and response["Location"] == sale.get_absolute_url()
    assert (sale.method, sale.state) == ("listed", "notice")


def test_my_deals_lists_my_sales_and_my_registrations(client, seller, buyer, listing):
    sale = open_sale(seller, listing, method="auction")
    qualified(sale, seller, buyer)
    client.force_login(seller)
    assert listing.title in client.get(reverse("market:deal_list")).content.decode()
    client.force_login(buyer)
    page = client.get(reverse("market:deal_list")).content.decode()
    assert 'data-testid="my-registrations"' in page and listing.title in page


def test_the_sale_lists_cost_the_same_queries_however_many_sales(
    client, seller, buyer, office, organisation, green_fields
):
    from tests.helpers import assert_flat_query_count
    from tests.market.test_listings import published

    def add_sales(count):
        for n in range(count):
            listing = published(
                seller, office, organisation, [green_fields["1.1.1"]], title=f"余热发电技术{n}"
            )
            sale = open_sale(seller, listing, method="auction")
            qualified(sale, seller, bidder(f"b{listing.pk}"))

    add_sales(1)
    assert_flat_query_count(
        lambda: client.get(reverse("market:sale_list")), lambda: add_sales(2), expected=3
    )
    assert_flat_query_count(
        lambda: api(buyer).get("/api/market/sales/"), lambda: add_sales(2), expected=5
    )


def test_anyone_reads_the_sales_api_but_only_a_signed_in_user_acts(seller, listing):
    sale = open_sale(seller, listing, method="auction")
    assert api().get("/api/market/sales/").json()["count"] == 1
    assert api().get(f"/api/market/sales/{sale.pk}/").json()["actions"] == []
    response = api().post(f"/api/market/sales/{sale.pk}/act/", {"action": "register"})
    assert response.status_code in (401, 403)
