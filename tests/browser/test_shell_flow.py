import pytest

from gtis.core.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_switch_to_english_and_back_and_open_the_home_page(page):
    UserFactory(username="li", full_name="李雷", role=Role.EXPERT)

    page.goto("/accounts/login/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    page.fill("input[name=username]", "li")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn-success")
    page.wait_for_url("**/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert page.locator("#menu-user").inner_text().strip() == "李雷"

    page.click("[data-testid=switch-language]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "Green Technology Innovation System"

    page.goto("/")
    assert page.get_attribute("html", "lang") == "en", "the choice persists"

    page.click("[data-testid=switch-language]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert page.locator("h1").inner_text() == "绿色技术创新体系"
    assert page.locator("[data-metric]").count() >= 3
    assert page.console_errors == [], "no script or content-security-policy errors"


def test_a_wrong_password_shows_the_message_on_the_form(page):
    UserFactory(username="li", role=Role.EXPERT)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "li")
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit].btn-success")
    assert page.locator(".alert-danger").is_visible()
    assert page.url.endswith("/accounts/login/")
