"""A buyer posts a need, sees matching technologies with reasons, accepts the NDA and asks for
a listing's detail; the owner releases it; the buyer reads it."""

import pytest

from gtis.accounts.models import OrganisationRole
from gtis.core.roles import Role
from tests.browser.test_roadmap_flow import sign_in
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def market(green_fields):
    from tests.market.test_listings import published

    office = UserFactory(username="wang", role=Role.COORDINATING_OFFICE)
    seller = UserFactory(
        username="li",
        organisation=OrganisationFactory(name="示例节能装备有限公司", province="32"),
        organisation_role=OrganisationRole.ADMIN,
    )
    UserFactory(username="zhao", organisation=OrganisationFactory(name="示例水泥有限公司"))
    published(seller, office, seller.organisation, [green_fields["1.1.1"]])


def test_post_a_need_see_matches_and_read_the_detail_under_nda(browser, live_server, market):
    buyer = browser.new_context(base_url=live_server.url)
    page = buyer.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    sign_in(page, "zhao")
    page.goto("/market/needs/new/")
    page.fill("input[name=title]", "水泥窑余热回收发电改造")
    page.fill("textarea[name=problem]", "水泥窑炉烟气余热未回收利用。")
    page.fill("textarea[name=required_outcome]", "余热回收发电，节能10%以上。")
    page.fill("input[name=nodes]", "1.1")
    page.select_option("select[name=province]", "32")
    page.fill("input[name=budget_max]", "500")
    page.select_option("select[name=acceptable_modes]", ["ordinary_licence"])
    page.click("form button[type=submit].btn-success")
    page.wait_for_selector("[data-testid=matches] li a")
    assert page.locator("[data-testid=matches] li a").first.inner_text() == "高效余热回收锅炉系统"
    assert page.locator("[data-testid=match-reasons] li").count() >= 3

    page.locator("[data-testid=matches] li a").first.click()
    page.fill("input[name=purpose]", "评估改造可行性")
    page.check("input[name=accept_terms]")
    page.click("[data-testid=request-disclosure]")
    page.wait_for_selector("[data-testid=disclosure-state]")
    listing_url = page.url

    owner = browser.new_context(base_url=live_server.url)
    owner_page = owner.new_page()
    sign_in(owner_page, "li")
    owner_page.goto(listing_url)
    owner_page.click("[data-testid=grant-disclosure]")
    owner_page.wait_for_load_state()
    owner.close()

    page.goto(listing_url)
    assert (
        page.locator("[data-testid=confidential-detail]").inner_text()
        == "换热器结构图纸与工艺参数。"
    )
    assert page.console_errors == []
    buyer.close()
