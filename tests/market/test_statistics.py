"""Trade statistics: deals closed and their value by month, region, category, mode and broker,
deals at every state, for every year or one; the page, the API and the metrics roadmap
indicators bind to, also as of a past date."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gtis.accounts.models import OrganisationRole
from gtis.core import metrics
from gtis.market import deals, statistics
from gtis.market.choices import DealState
from gtis.market.models import Certificate, Deal, Listing
from tests.factories import OrganisationFactory, UserFactory
from tests.market.test_listings import published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = datetime.date.today()


def at_noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def close(listing, buyer, seller, price, mode, closed_on):
    """A deal on `listing` taken through the services to closed, its certificate dated
    `closed_on`."""
    deal = deals.open_inquiry(actor=buyer, listing=listing, message="请介绍示范项目。")
    deals.make_offer(actor=seller, deal=deal, price=price, mode=mode)
    deals.accept_offer(actor=buyer, deal=deal)
    deals.sign_contract(
        actor=seller, deal=deal, contract_type="transfer", signed_on=TODAY, key_terms="一次付清"
    )
    milestone = deals.add_milestone(
        actor=seller, deal=deal, title="全款", amount=price, due_on=TODAY
    )
    deals.pay_milestone(actor=buyer, deal=deal, milestone=milestone, paid_on=TODAY, evidence="回单")
    deals.accept_delivery(actor=buyer, deal=deal)
    deals.close_deal(actor=seller, deal=deal)
    Certificate.objects.filter(deal=deal).update(issued_at=at_noon(closed_on))
    return deal


@pytest.fixture
def market(seller, buyer, office, organisation, green_fields):
    """Two closed deals, in December 2024 and April 2025: a licence from a Beijing seller whose
    technology has codes in two categories, and an assignment from a Guangdong seller through a
    broker; both bought by a Jiangsu buyer. A third deal is still an inquiry."""
    buyer.organisation.province = "32"
    buyer.organisation.save()
    licence = published(seller, office, organisation, [green_fields["1.1.1"], green_fields["3.2"]])
    south = OrganisationFactory(name="粤海环保科技有限公司", province="44")
    south_seller = UserFactory(organisation=south, organisation_role=OrganisationRole.ADMIN)
    broker = OrganisationFactory(name="华南技术转移中心", province="44")
    assignment = published(
        south_seller,
        office,
        south,
        [green_fields["1.1.1"]],
        title="垃圾焚烧烟气脱硝技术",
        transfer_modes=["assignment"],
    )
    Listing.objects.filter(pk=assignment.pk).update(broker=broker)
    assignment.refresh_from_db()
    first = close(
        licence, buyer, seller, Decimal("1200000"), "ordinary_licence", datetime.date(2024, 12, 20)
    )
    second = close(
        assignment,
        buyer,
        south_seller,
        Decimal("800000.50"),
        "assignment",
        datetime.date(2025, 4, 2),
    )
    inquiry = deals.open_inquiry(actor=buyer, listing=licence, message="能否再许可一条产线？")
    return {"licence": first, "assignment": second, "inquiry": inquiry, "broker": broker}


def figures(rows):
    return [(row.key, row.deals, row.value) for row in rows]


def test_closed_deals_are_grouped_with_exact_counts_and_values(market):
    found = statistics.deal_statistics()

    assert (found.total.deals, found.total.value) == (2, Decimal("2000000.50"))
    assert figures(found.by_month) == [
        ("2024-12", 1, Decimal("1200000.00")),
        ("2025-04", 1, Decimal("800000.50")),
    ]
    assert figures(found.by_seller_region) == [
        ("11", 1, Decimal("1200000.00")),
        ("44", 1, Decimal("800000.50")),
    ]
    assert [row.label for row in found.by_seller_region] == ["Beijing", "Guangdong"]
    assert figures(found.by_buyer_region) == [("32", 2, Decimal("2000000.50"))]
    assert figures(found.by_mode) == [
        ("ordinary_licence", 1, Decimal("1200000.00")),
        ("assignment", 1, Decimal("800000.50")),
    ]
    assert figures(found.by_method) == [("negotiated", 2, Decimal("2000000.50"))]
    assert figures(found.by_broker) == [
        (str(market["broker"].pk), 1, Decimal("800000.50")),
    ]
    assert [row.label for row in found.by_broker] == ["华南技术转移中心"]
    # The licence's technology has codes in both categories: it counts in each.
    assert figures(found.by_category) == [
        ("1", 2, Decimal("2000000.50")),
        ("3", 1, Decimal("1200000.00")),
    ]
    states = {row.key: row.deals for row in found.by_state}
    assert states == {state: 0 for state in DealState.values} | {"closed": 2, "inquiry": 1}
    assert found.by_month[0].value_10k == Decimal("120.00")


def test_a_year_narrows_the_deals_closed_and_the_deals_opened(market):
    found = statistics.deal_statistics(2025)
    assert (found.total.deals, found.total.value) == (1, Decimal("800000.50"))
    assert figures(found.by_month) == [("2025-04", 1, Decimal("800000.50"))]
    assert figures(found.by_category) == [("1", 1, Decimal("800000.50"))]
    assert statistics.deal_statistics(2023).total.deals == 0
    assert {2024, 2025, TODAY.year} == set(found.years)
    # Deals at every state, for a year: those opened that year (all three were opened today).
    opened = {row.key: row.deals for row in statistics.deal_statistics(TODAY.year).by_state}
    assert (opened["closed"], opened["inquiry"]) == (2, 1)
    assert sum(row.deals for row in statistics.deal_statistics(2000).by_state) == 0


def test_the_statistics_take_a_fixed_number_of_queries(market, buyer):
    with CaptureQueriesContext(connection) as first:
        statistics.deal_statistics()
    deal = market["inquiry"]
    deals.make_offer(actor=buyer, deal=deal, price="500000", mode="ordinary_licence")
    with CaptureQueriesContext(connection) as second:
        statistics.deal_statistics()
    assert len(first) == len(second) == 11, [q["sql"] for q in second.captured_queries]


def test_the_page_shows_the_figures_and_links_from_the_market_home(client, market):
    home = client.get(reverse("market:home")).content.decode()
    assert reverse("market:statistics") in home

    response = client.get(reverse("market:statistics"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="statistics-deals">2<' in page
    assert 'data-testid="statistics-value">200.00<' in page
    assert "2024-12" in page and "2025-04" in page
    assert "华南技术转移中心" in page
    assert 'id="deal-statistics-data"' in page
    assert "<script>" not in page  # the charts read JSON; no inline script

    one_year = client.get(reverse("market:statistics"), {"year": "2025"})
    assert one_year.context["figures"].total.deals == 1
    assert '<option value="2025" selected>' in one_year.content.decode()


def test_a_bad_year_is_refused_on_the_page_and_in_the_api(client, api_client, market):
    page = client.get(reverse("market:statistics"), {"year": "twenty"})
    assert page.status_code == 400
    assert page.context["figures"].total.deals == 2

    refused = api_client.get("/api/market/statistics/", {"year": "1800"})
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["year"]


def test_the_api_returns_the_same_figures_to_anyone(api_client, market):
    api_client.cookies["django_language"] = "en"
    response = api_client.get("/api/market/statistics/", {"year": "2024"})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2024
    assert body["total"] == {
        "key": "",
        "label": "All deals closed",
        "deals": 1,
        "value": "1200000.00",
    }
    assert body["by_month"] == [
        {"key": "2024-12", "label": "2024-12", "deals": 1, "value": "1200000.00"}
    ]
    assert [(r["key"], r["deals"]) for r in body["by_category"]] == [("1", 1), ("3", 1)]
    assert body["by_broker"] == []
    assert len(body["by_state"]) == len(DealState.values)


def test_metrics_give_deals_at_every_state_now_and_as_they_stood(market, buyer):
    deal = market["inquiry"]
    # The inquiry was opened ten days ago; today the buyer makes an offer.
    Deal.history.filter(id=deal.pk).update(  # type: ignore[attr-defined]
        history_date=at_noon(TODAY - datetime.timedelta(days=10))
    )
    deals.make_offer(actor=buyer, deal=deal, price="500000", mode="ordinary_licence")
    five_days_ago = TODAY - datetime.timedelta(days=5)

    inquiry, negotiating = (
        metrics.get("market.deals_at.inquiry"),
        metrics.get("market.deals_at.negotiating"),
    )
    assert (inquiry.compute(), negotiating.compute()) == (0, 1)
    assert (inquiry.compute_on(five_days_ago), negotiating.compute_on(five_days_ago)) == (1, 0)
    assert metrics.get("market.deals_at.closed").compute() == 2
    assert metrics.get("market.deals_at.closed").compute_on(five_days_ago) == 0
    assert metrics.get("market.deals_at.closed").value_on(TODAY, TODAY) == 2


def test_metrics_give_deals_closed_and_their_value_by_mode_as_of_a_date(market):
    value = metrics.get("market.deal_value.assignment")
    count = metrics.get("market.deals_closed.ordinary_licence")
    assert value.compute() == Decimal("80.00")
    assert value.compute_on(datetime.date(2025, 4, 1)) == Decimal("0.00")
    assert value.compute_on(datetime.date(2025, 4, 2)) == Decimal("80.00")
    assert (count.compute(), count.compute_on(datetime.date(2024, 12, 19))) == (1, 0)
    assert str(value.unit) == "10,000 yuan"
    assert str(value.label) == "Value of technology deals closed: Assignment (转让)"
