"""Search the directory by a Chinese name fragment, narrow by province, open a record."""

from io import StringIO

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(db):
    from gtis.accounts import reference as account_reference
    from gtis.registry import reference

    account_reference.load(StringIO())
    reference.load(StringIO())


def test_search_narrow_and_open(page, registry):
    page.goto("/registry/")
    page.fill("#search", "钢铁")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector("[data-testid=directory] li")
    page.click("[data-testid=facet-province] a >> text=河北省")
    page.wait_for_load_state()
    assert "province=13" in page.url
    first = page.locator("[data-testid=directory] li a").first
    name = first.inner_text()
    assert "钢铁" in name
    first.click()
    assert page.locator("h1").inner_text() == name
    assert page.locator("[data-testid=designation]").count() >= 1
    assert page.console_errors == []
