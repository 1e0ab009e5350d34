"""A visitor browses the guidance catalogue, classifies a text, and checks a piece of equipment
against the elimination catalogue in force."""

from io import StringIO

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(db):
    from django.core.management import call_command

    call_command("load-reference", stdout=StringIO())
    call_command("load-demo", stdout=StringIO())


def test_browse_classify_and_check(page, catalogue):
    page.goto("/catalog/gic-2019/")
    page.fill("#q", "风力")
    page.click("form[role=search] button[type=submit]")
    page.click("text=风力发电装备制造")
    assert "3.1.1" in page.locator("h1").inner_text()

    page.goto("/catalog/classify/")
    page.fill("textarea[name=text]", "直驱永磁风电机组，单机容量6.25MW，适用于中低风速区")
    page.click("main form button[type=submit]")
    suggestions = page.locator("[data-testid=suggestions]").inner_text()
    assert "3.1.1" in suggestions and "风电" in suggestions

    page.goto("/catalog/elimination-check/")
    page.fill("textarea[name=text]", "厂里还有一台S9型配电变压器在用")
    page.fill("input[name=on]", "2022-01-01")
    page.click("main form button[type=submit]")
    assert "S9系列及以下配电变压器" in page.locator("[data-testid=eliminated]").inner_text()
    page.fill("input[name=on]", "2021-03-01")
    page.click("main form button[type=submit]")
    assert page.locator("[data-testid=not-eliminated]").is_visible()
    assert page.console_errors == []
