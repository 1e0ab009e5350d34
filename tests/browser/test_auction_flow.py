"""The owner of a listing opens an auction; a buyer registers with its deposit and the owner
qualifies it; bidding starts when registration closes; the buyer's page refreshes by itself to
show a rival's bid, the buyer outbids it, and the page shows the sale won when bidding ends."""

import datetime

import pytest
from django.utils import timezone

from gtis.accounts.models import OrganisationRole
from gtis.core.roles import Role
from tests.browser.test_roadmap_flow import sign_in
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def listing_url(green_fields):
    from tests.market.test_listings import published

    office = UserFactory(username="wang", role=Role.COORDINATING_OFFICE)
    seller = UserFactory(
        username="li",
        organisation=OrganisationFactory(name="示例节能装备有限公司", province="32"),
        organisation_role=OrganisationRole.ADMIN,
    )
    UserFactory(username="zhao", organisation=OrganisationFactory(name="示例水泥有限公司"))
    UserFactory(username="qian", organisation=OrganisationFactory(name="示例玻璃有限公司"))
    return published(
        seller, office, seller.organisation, [green_fields["1.1.1"]]
    ).get_absolute_url()


def move_clock(**times):
    from gtis.market.models import Sale

    Sale.objects.update(**times)


def test_open_register_qualify_bid_with_live_refresh_and_win(browser, live_server, listing_url):
    from gtis.accounts.models import User
    from gtis.market import sales
    from gtis.market.models import Sale

    later = timezone.localtime() + datetime.timedelta(days=1)
    seller = browser.new_context(base_url=live_server.url).new_page()
    sign_in(seller, "li")
    seller.goto(listing_url)
    seller.click("[data-testid=open-sale]")
    seller.select_option("select[name=method]", "auction")
    seller.select_option("select[name=mode]", "ordinary_licence")
    seller.fill("input[name=price]", "1000000")
    seller.fill("input[name=increment]", "50000")
    seller.fill("input[name=deposit]", "100000")
    seller.fill("input[name=notice_ends_at]", later.strftime("%Y-%m-%dT%H:%M"))
    seller.fill(
        "input[name=bidding_ends_at]",
        (later + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    )
    seller.click("main button[type=submit].btn-success")
    seller.wait_for_selector("[data-testid=sale-state]")
    sale_url = seller.url

    buyer = browser.new_context(base_url=live_server.url).new_page()
    buyer.console_errors = []
    buyer.on("console", lambda m: m.type == "error" and buyer.console_errors.append(m.text))
    sign_in(buyer, "zhao")
    buyer.goto(sale_url)
    buyer.fill("textarea[name=register-statement]", "用于本公司水泥窑余热改造。")
    buyer.fill("input[name=register-deposit_reference]", "保证金回单 001")
    buyer.click("[data-testid=sale-register]")
    buyer.wait_for_selector("[data-testid=sale-mine]")

    seller.goto(sale_url)
    seller.select_option("select[name=decide-registration]", index=1)
    seller.select_option("select[name=decide-qualified]", "1")
    seller.click("[data-testid=sale-decide]")
    seller.wait_for_selector("[data-testid=sale-registrations]")
    assert "合格" in seller.locator("[data-testid=sale-registrations]").inner_text()

    rival = User.objects.get(username="qian")
    sale = Sale.objects.get()
    registration = sales.register_intent(
        actor=rival, sale=sale, statement="用于玻璃窑改造。", deposit_reference="保证金回单 002"
    )
    sales.decide_registration(
        actor=User.objects.get(username="li"), sale=sale, registration=registration, qualified=True
    )
    move_clock(notice_ends_at=timezone.now() - datetime.timedelta(minutes=1))

    buyer.goto(sale_url)
    assert buyer.locator("[data-testid=sale-state]").inner_text() == "竞价中"
    sales.place_bid(actor=rival, sale=sale, amount="1000000")
    # The panel polls: the rival's bid appears without reloading the page.
    buyer.wait_for_selector("[data-testid=sale-minimum]:has-text('1050000')", timeout=15000)
    buyer.fill("input[name=bid-amount]", "1100000")
    buyer.click("[data-testid=sale-bid]")
    buyer.wait_for_selector("[data-testid=sale-price]:has-text('1100000')")

    move_clock(bidding_ends_at=timezone.now() - datetime.timedelta(seconds=1))
    buyer.wait_for_selector("[data-testid=sale-result]", timeout=15000)
    assert "示例水泥有限公司" in buyer.locator("[data-testid=sale-result]").inner_text()
    assert buyer.console_errors == []
