"""The coordinating office records a site, finds it on the sites page and its chart, and
designates it under a programme."""

import datetime

import pytest

from gtis.core.roles import Role
from gtis.registry.models import Designation
from tests.browser.test_roadmap_flow import sign_in
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(db):
    from gtis.registry.models import Programme

    UserFactory(username="wang", full_name="王敏", role=Role.COORDINATING_OFFICE)
    Programme.objects.create(code="green-bases", name="国家绿色技术创新基地", validity_years=3)
    return OrganisationFactory(name="示例环境科学研究院", kind="research_institute")


def test_record_a_site_see_it_charted_and_designate_it(page, office):
    sign_in(page, "wang")
    page.goto("/registry/sites/new/")
    page.fill("input[name=name]", "国家环境保护示例工程技术中心")
    page.select_option("select[name=kind]", "engineering_centre")
    page.fill("input[name=host]", "示例环境")
    page.wait_for_selector("#id_host-options option", state="attached")
    page.fill(
        "input[name=host]", page.locator("#id_host-options option").first.get_attribute("value")
    )
    page.select_option("select[name=province]", "32")
    page.fill("input[name=city]", "南京")
    page.fill("input[name=latitude]", "32.06")
    page.click("form button[type=submit].btn-success")
    assert page.locator("#id_longitude_errors").count() == 1
    page.fill("input[name=longitude]", "118.79")
    page.click("form button[type=submit].btn-success")
    page.wait_for_selector("h1:has-text('国家环境保护示例工程技术中心')")

    page.goto("/registry/sites/")
    page.wait_for_selector("#sites-by-province canvas")
    assert page.locator("[data-testid=sites-by-province] td").first.inner_text() == "江苏省"
    page.click("text=国家环境保护示例工程技术中心")

    page.click("details summary")
    page.select_option("select[name=programme]", label="国家绿色技术创新基地")
    page.fill("input[name=designated_on]", "2026-03-01")
    page.click("form[action$='/designate/'] button[type=submit]")
    page.wait_for_selector("[data-testid=designations] td a:has-text('国家绿色技术创新基地')")
    assert page.console_errors == []
    designation = Designation.objects.get()
    assert (designation.site.name, designation.valid_until) == (
        "国家环境保护示例工程技术中心",
        datetime.date(2029, 3, 1),
    )
