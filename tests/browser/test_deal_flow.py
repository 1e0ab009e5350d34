"""A buyer asks about a listing and so opens a deal; seller and buyer trade offers, the seller
records the signed contract and a milestone, the buyer pays it and accepts the delivery, and
the seller closes the deal, whose transaction certificate verifies publicly."""

import datetime

import pytest

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
    return published(
        seller, office, seller.organisation, [green_fields["1.1.1"]]
    ).get_absolute_url()


def test_inquiry_counter_offer_contract_payment_and_close(browser, live_server, listing_url):
    today = datetime.date.today().isoformat()
    buyer = browser.new_context(base_url=live_server.url).new_page()
    buyer.console_errors = []
    buyer.on("console", lambda m: m.type == "error" and buyer.console_errors.append(m.text))
    sign_in(buyer, "zhao")
    buyer.goto(listing_url)
    buyer.fill("textarea[name=message]", "有水泥行业的示范项目吗？")
    buyer.click("[data-testid=open-inquiry]")
    buyer.wait_for_selector("[data-testid=deal-state]")
    deal_url = buyer.url
    buyer.fill("input[name=make_offer-price]", "1000000")
    buyer.select_option("select[name=make_offer-mode]", "ordinary_licence")
    buyer.click("[data-testid=deal-make_offer]")
    buyer.wait_for_load_state()

    seller = browser.new_context(base_url=live_server.url).new_page()
    sign_in(seller, "li")
    seller.goto(deal_url)
    seller.fill("input[name=make_offer-price]", "1200000")
    seller.select_option("select[name=make_offer-mode]", "ordinary_licence")
    seller.fill("textarea[name=make_offer-terms]", "普通许可三年")
    seller.click("[data-testid=deal-make_offer]")
    seller.wait_for_load_state()

    buyer.goto(deal_url)
    buyer.click("[data-testid=deal-accept_offer]")
    buyer.wait_for_load_state()

    seller.goto(deal_url)
    seller.select_option("select[name=sign_contract-contract_type]", "transfer")
    seller.fill("input[name=sign_contract-signed_on]", today)
    seller.fill("textarea[name=sign_contract-key_terms]", "普通许可三年，一次付清。")
    seller.click("[data-testid=deal-sign_contract]")
    seller.wait_for_selector("[data-testid=deal-contract]")
    seller.fill("input[name=add_milestone-title]", "全款")
    seller.fill("input[name=add_milestone-amount]", "1200000")
    seller.fill("input[name=add_milestone-due_on]", today)
    seller.click("[data-testid=deal-add_milestone]")
    seller.wait_for_load_state()

    buyer.goto(deal_url)
    buyer.select_option("select[name=pay_milestone-milestone]", index=1)
    buyer.fill("input[name=pay_milestone-paid_on]", today)
    buyer.fill("input[name=pay_milestone-evidence]", "银行回单 20261127-001")
    buyer.click("[data-testid=deal-pay_milestone]")
    buyer.wait_for_load_state()
    buyer.click("[data-testid=deal-accept_delivery]")
    buyer.wait_for_load_state()

    seller.goto(deal_url)
    seller.click("[data-testid=deal-close]")
    seller.wait_for_load_state()
    assert seller.locator("[data-testid=deal-state]").inner_text() == "已成交"
    assert "银行回单 20261127-001" in seller.locator("[data-testid=deal-milestones]").inner_text()
    seller.click("[data-testid=deal-certificate]")
    seller.wait_for_selector("[data-testid=certificate-valid]")
    assert "示例水泥有限公司" in seller.content()
    assert buyer.console_errors == []
