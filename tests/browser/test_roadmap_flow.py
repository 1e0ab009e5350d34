"""An officer reports with evidence; the coordinating office accepts and closes (销号);
the plan page and the Gantt show the deliverable completed."""

import pytest

from gtis.core.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def roadmap(db):
    from io import StringIO

    from gtis.accounts import reference as account_reference
    from gtis.accounts.models import Department
    from gtis.roadmap import reference

    account_reference.load(StringIO())
    reference.load(StringIO())
    UserFactory(
        username="li",
        full_name="李雷",
        role=Role.DEPARTMENT_OFFICER,
        department=Department.objects.get(code="most"),
    )
    UserFactory(username="wang", full_name="王敏", role=Role.COORDINATING_OFFICE)
    return reference.PLAN_CODE


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn-success")
    page.wait_for_url("**/")


def test_report_accept_close_and_see_it_completed(browser, live_server, roadmap, tmp_path):
    evidence = tmp_path / "工作方案.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    officer = browser.new_context(base_url=live_server.url)
    page = officer.new_page()
    sign_in(page, "li")
    page.goto(f"/roadmap/{roadmap}/d/1/")
    page.click("[data-testid=new-report]")
    page.fill("input[name=period_label]", "2022年第四季度")
    page.fill("input[name=reported_on]", "2022-12-01")
    page.select_option("select[name=claimed_status]", "done")
    page.fill("input[name=percent]", "100")
    page.fill("textarea[name=narrative]", "“十百千”行动已全面完成。")
    page.set_input_files("input[name=evidence_files]", str(evidence))
    page.click("[data-testid=report-form] button[type=submit]")
    page.wait_for_selector("[data-testid=report-state]")
    report_url = page.url
    assert page.locator("a:has-text('工作方案.pdf')").count() == 1
    officer.close()

    office = browser.new_context(base_url=live_server.url)
    page = office.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    sign_in(page, "wang")
    page.goto(report_url)
    page.check("input[name=decision][value=accept]")
    page.click("[data-testid=review-form] button[type=submit]")
    page.wait_for_selector("[data-testid=close-form]")
    page.click("[data-testid=close-form] button[type=submit]")
    page.wait_for_selector("[data-testid=deliverable-status] [data-status=closed]")

    page.goto(f"/roadmap/{roadmap}/")
    row = page.locator('tr[data-number="1"] [data-status]')
    assert row.get_attribute("data-status") == "closed"
    assert row.get_attribute("data-rag") == "green"

    page.goto(f"/roadmap/{roadmap}/gantt/")
    page.wait_for_selector("#gantt[data-ready=true]")
    assert page.locator("#gantt canvas").count() >= 1
    bar = page.evaluate(
        "fetch(document.getElementById('gantt').dataset.url).then(r => r.json())"
        ".then(d => d.rows.find(row => row.number === 1))"
    )
    assert (bar["status"], bar["rag"]) == ("closed", "green") and bar["closed_on"]
    assert errors == [], "no script or content-security-policy errors"
    office.close()
