"""A green factory's application, from the form its scheme generates through submission with
the pledge (once the third-party evaluator has signed its liability pledge), a two-expert
panel (a province's pilot version of GB/T 36132-2018) declaring no conflict and scoring, the
public notice with one objection answered, to the decision and a certificate that verifies
publicly."""

import datetime

import pytest

from gtis.accounts.models import OrganisationKind, OrganisationRole
from gtis.core.roles import Role
from tests.browser.test_roadmap_flow import sign_in
from tests.factories import DepartmentFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PILOT = "GB/T 36132-2018 江苏试点"


@pytest.fixture
def pilot(green_fields):
    """The shipped schemes, a pilot version with a panel of two, the office, an enterprise and
    two experts of field 1.1.1 with accounts."""
    from gtis.assessment import schemes, services
    from gtis.core.actors import SYSTEM
    from gtis.registry.models import Expert

    services.load_shipped_schemes(actor=SYSTEM)
    office = UserFactory(username="wang", role=Role.COORDINATING_OFFICE)
    shipped = (schemes.DIRECTORY / "green-factory-2018.yaml").read_text(encoding="utf-8")
    source = (
        shipped.replace("version: GB/T 36132-2018", f"version: {PILOT}")
        .replace("experts: 5", "experts: 2")
        .replace("aggregation: trimmed_mean", "aggregation: mean")
    )
    services.save_scheme_version(actor=office, source=source)
    DepartmentFactory(code="miit", short_name="工业和信息化部", name="工业和信息化部")
    UserFactory(
        username="li",
        organisation=OrganisationFactory(name="示例绿色纺织有限公司", province="32"),
        organisation_role=OrganisationRole.ADMIN,
    )
    agency = OrganisationFactory(name="示例第三方评价机构", kind=OrganisationKind.INTERMEDIARY)
    UserFactory(username="zhou", organisation=agency)
    evaluators = OrganisationFactory(name="示例绿色制造评价中心", province="11")
    for n in (1, 2):
        expert = Expert.objects.create(name=f"专家{n}", affiliation=evaluators)
        expert.fields.set([green_fields["1.1.1"]])
        expert.user = UserFactory(username=f"expert{n}", role=Role.EXPERT)
        expert.save()


def fill_all(page, selector, value):
    for element in page.locator(selector).all():
        element.fill(value)


def choose_first(page, selector):
    for element in page.locator(selector).all():
        element.select_option(index=1)


def test_apply_score_notice_object_decide_and_verify(browser, live_server, pilot):
    from gtis.assessment.models import Campaign

    today = datetime.date.today()
    office = browser.new_context(base_url=live_server.url).new_page()
    office.console_errors = []
    office.on("console", lambda m: m.type == "error" and office.console_errors.append(m.text))
    sign_in(office, "wang")
    office.goto("/assessment/campaigns/new/")
    office.select_option("select[name=version]", label=f"green-factory {PILOT}")
    office.fill("input[name=title]", "2026年江苏省绿色工厂")
    office.select_option("select[name=organiser]", index=1)
    office.select_option("select[name=tier]", "province")
    office.fill("input[name=opens_on]", (today - datetime.timedelta(days=1)).isoformat())
    office.fill("input[name=closes_on]", (today + datetime.timedelta(days=30)).isoformat())
    office.click("main button[type=submit].btn-success")
    office.click("[data-testid=campaign-open]")
    office.wait_for_selector("[data-testid=campaign-close]")
    campaign_url = office.url

    applicant = browser.new_context(base_url=live_server.url).new_page()
    sign_in(applicant, "li")
    applicant.goto(campaign_url)
    applicant.click("[data-testid=apply]")
    applicant.fill("input[name=subject]", "示例绿色纺织常州工厂")
    applicant.fill("input[name=fields_]", "1.1.1")
    choose_first(applicant, "select[name^=mandatory_]")
    fill_all(applicant, "textarea[name^=evidence_]", "见附件证明材料")
    applicant.click("[data-testid=application-save]")
    applicant.wait_for_selector("[data-testid=application-state]")
    application_url = applicant.url
    applicant.select_option("select[name=evaluator]", label="示例第三方评价机构")
    applicant.click("[data-testid=name-evaluator]")
    applicant.wait_for_selector("[data-testid=application-evaluator]")
    evaluator = browser.new_context(base_url=live_server.url).new_page()
    sign_in(evaluator, "zhou")
    evaluator.goto("/assessment/evaluations/")
    evaluator.check("[data-testid=my-evaluations] input[type=checkbox]")
    evaluator.click("[data-testid=sign-liability-pledge]")
    evaluator.wait_for_selector("[data-testid=my-evaluations] code")
    applicant.goto(application_url)
    applicant.wait_for_selector("[data-testid=liability-pledge]")
    applicant.check("input[name=submit-pledge]")
    applicant.click("[data-testid=application-submit]")
    applicant.wait_for_selector("[data-testid=application-pledge]")

    office.goto(campaign_url)
    office.click("[data-testid=campaign-close]")
    office.goto(application_url)
    office.click("[data-testid=application-assign]")
    office.wait_for_selector("[data-testid=application-panel]")
    assert office.locator("[data-testid=application-panel] li").count() == 2

    for username in ("expert1", "expert2"):
        expert = browser.new_context(base_url=live_server.url).new_page()
        sign_in(expert, username)
        expert.goto(application_url)
        expert.click("[data-testid=assignment-accept]")
        expert.goto(application_url)
        expert.click("[data-testid=score]")
        choose_first(expert, "select[name^=entry_]")
        fill_all(expert, "input[name^=entry_]", "100")
        fill_all(expert, "textarea[name^=comment_]", "符合要求。")
        expert.click("[data-testid=score-submit]")
        expert.wait_for_selector("[data-testid=application-state]")

    office.goto(campaign_url)
    office.click("[data-testid=campaign-notice]")
    office.wait_for_selector("[data-testid=proposed-list]")

    public = browser.new_context(base_url=live_server.url).new_page()
    public.goto(campaign_url)
    public.click("details summary")
    public.select_option("select[name=application]", index=1)
    public.fill("input[name=name]", "张三")
    public.fill("input[name=contact]", "13800000000")
    public.fill("textarea[name=reasons]", "该厂去年曾因废水超标被处罚。")
    public.click("[data-testid=object]")
    public.wait_for_selector("[data-testid=proposed-list]")

    office.goto(application_url)
    office.fill("textarea[name$=answer]", "经核查，处罚事项已整改到位并通过验收。")
    office.click("[data-testid=objection-answer]")
    office.wait_for_selector("[data-testid=objection]")
    Campaign.objects.update(notice_ends_on=today - datetime.timedelta(days=1))
    office.goto(campaign_url)
    office.click("[data-testid=campaign-decide]")
    office.wait_for_selector("[data-testid=proposed-list] a")
    office.click("[data-testid=proposed-list] a")
    office.wait_for_selector("[data-testid=certificate-valid]")
    assert "示例绿色纺织常州工厂" in office.content()
    assert office.console_errors == []
