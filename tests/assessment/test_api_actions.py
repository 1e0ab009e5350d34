"""Every assessment action through the API, by the same services as the pages: staff write a
scheme version, create and run a campaign (open, close, notice, decide) and read its ranking;
an organisation drafts, saves, submits, attaches materials to and withdraws an application,
staff return it or draw its panel; experts declare no conflict or decline and fill their own
blind sheet; anyone objects during the notice, staff answer; staff revoke a certificate. Each
representation lists the `actions` the reader may take now; bad input is a 400 naming the
field, a refusal a 403 (or 404 for what the reader may not see), and nothing changes."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from gtis.assessment import campaigns
from gtis.assessment.models import (
    Application,
    AssessmentCertificate,
    Campaign,
    Objection,
    PanelAssignment,
    SchemeVersion,
    ScoreSheet,
)
from gtis.core.models import Attachment
from gtis.core.roles import Role
from gtis.registry.models import Expert
from tests.assessment.evaluation import evaluated
from tests.assessment.test_campaigns import complete, sheet_for, submitted
from tests.assessment.test_decisions import end_notice
from tests.assessment.test_schemes import SCHEME
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_flat_query_count

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = datetime.date.today()
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def api(user=None):
    """An API client (signed in as `user`, or anonymous) reading English."""
    client = APIClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger", organisation=OrganisationFactory(name="示例路人公司"))


@pytest.fixture
def scored(panel):
    """The panel's application, every expert's sheet in."""
    application, drawn = panel
    scheme = application.campaign.scheme
    for assignment in drawn:
        campaigns.score_application(
            actor=assignment.expert.user,
            assignment=assignment,
            entries=sheet_for(scheme, "best"),
            comments={leaf.code: "好。" for leaf in scheme.leaves()},
        )
    return application


def clean_pool(size, fields=()):
    """`size` experts with accounts, of an organisation unrelated to any applicant."""
    other = OrganisationFactory(name="示例评审中心")
    people = []
    for n in range(size):
        person = Expert.objects.create(name=f"池中专家{n}", affiliation=other)
        person.fields.set(fields)
        person.user = UserFactory(username=f"pool{n}", role=Role.EXPERT)
        person.save()
        people.append(person)
    return people


# Schemes ------------------------------------------------------------------------------------


def test_staff_post_a_scheme_version_and_a_bad_one_names_the_line(office, member):
    created = api(office).post("/api/assessment/schemes/", {"source": SCHEME}, format="json")
    assert created.status_code == 201
    assert (created.json()["code"], [v["label"] for v in created.json()["versions"]]) == (
        "test-scheme",
        ["2026"],
    )
    bad = SCHEME.replace('version: "2026"', 'version: "2027"').replace("weight: 40", "weight: 30")
    refused = api(office).post("/api/assessment/schemes/", {"source": bad}, format="json")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["source"]
    (message,) = refused.json()["errors"]["source"]
    assert "line 37" in message and "the weights add up to 90, not 100" in message
    denied = api(member).post(
        "/api/assessment/schemes/",
        {"source": SCHEME.replace('version: "2026"', 'version: "2028"')},
        format="json",
    )
    assert denied.status_code == 403
    assert list(SchemeVersion.objects.values_list("label", flat=True)) == ["2026"]


# Campaigns ----------------------------------------------------------------------------------


def campaign_body(version, department, **changes):
    return {
        "version": version.pk,
        "title": "2026年绿色工厂评价",
        "organiser": department.pk,
        "tier": "province",
        "opens_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "closes_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
    } | changes


def test_staff_create_and_open_a_campaign_and_an_enterprise_cannot(
    office, member, department, versions
):
    version = versions["green-factory", "GB/T 36132-2018"]
    url = "/api/assessment/campaigns/"
    refused = api(office).post(
        url,
        campaign_body(version, department, closes_on=(TODAY - datetime.timedelta(days=2))),
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "closes_on": ["Applications cannot close before they open."]
    }
    assert (
        api(member).post(url, campaign_body(version, department), format="json").status_code == 403
    )
    assert not Campaign.objects.exists()

    created = api(office).post(url, campaign_body(version, department), format="json")
    assert created.status_code == 201
    body = created.json()
    assert (body["state"], body["version_label"], body["actions"]) == (
        "draft",
        "GB/T 36132-2018",
        ["open"],
    )
    act = f"{url}{body['id']}/act/"
    assert api(member).get(f"{url}{body['id']}/").json()["actions"] == []
    denied = api(member).post(act, {"action": "open"}, format="json")
    assert denied.status_code == 403
    assert Campaign.objects.get().state == "draft"
    unknown = api(office).post(act, {"action": "fly"}, format="json")
    assert unknown.status_code == 400 and list(unknown.json()["errors"]) == ["action"]
    opened = api(office).post(act, {"action": "open"}, format="json")
    assert (opened.status_code, opened.json()["state"], opened.json()["actions"]) == (
        200,
        "open",
        ["close"],
    )
    wrong = api(office).post(act, {"action": "decide"}, format="json")
    assert wrong.json()["errors"] == {
        "non_field_errors": ["This cannot be done while the record is “Open for applications”."]
    }
    assert Campaign.objects.get().state == "open"


def test_a_campaign_runs_through_review_notice_and_decision(office, member, scored):
    campaign = scored.campaign
    url = f"/api/assessment/campaigns/{campaign.pk}/"
    assert api(office).get(url).json()["actions"] == ["notice"]
    ranking = api(office).get(f"{url}ranking/")
    assert ranking.status_code == 200
    assert ranking.json() == [
        {
            "application": scored.pk,
            "subject": scored.subject,
            "applicant": scored.applicant_id,
            "applicant_name": scored.applicant.name,
            "score": "100.00",
            "grade": ranking.json()[0]["grade"],
            "passed": True,
            "reasons": [],
        }
    ]
    assert api(member).get(f"{url}ranking/").status_code == 403
    assert api().get(f"{url}proposed/").json() == []  # nothing is public before the notice

    assert api(member).post(f"{url}act/", {"action": "notice"}, format="json").status_code == 403
    noticed = api(office).post(f"{url}act/", {"action": "notice"}, format="json")
    assert (noticed.json()["state"], noticed.json()["actions"]) == ("notice", ["decide"])
    assert noticed.json()["notice_ends_on"] == (TODAY + datetime.timedelta(days=7)).isoformat()
    (row,) = api().get(f"{url}proposed/").json()
    assert (row["id"], row["panel_score"], row["certificate"]) == (scored.pk, "100.00", None)

    early = api(office).post(f"{url}act/", {"action": "decide"}, format="json")
    assert early.status_code == 400
    assert early.json()["errors"]["non_field_errors"] == [
        f"The public notice runs until {(TODAY + datetime.timedelta(days=7)).isoformat()}."
    ]
    end_notice(campaign)
    assert api(member).post(f"{url}act/", {"action": "decide"}, format="json").status_code == 403
    decided = api(office).post(f"{url}act/", {"action": "decide"}, format="json")
    assert (decided.json()["state"], decided.json()["actions"]) == ("decided", ["archive"])
    (row,) = api().get(f"{url}proposed/").json()
    certificate = AssessmentCertificate.objects.get()
    assert row["certificate"]["number"] == certificate.number
    assert row["certificate"]["verification_url"].endswith(certificate.get_absolute_url())


# Applications -------------------------------------------------------------------------------


def test_an_organisation_drafts_saves_and_submits_with_the_pledge(
    member, factory_campaign, green_fields
):
    scheme = factory_campaign.scheme
    body = complete(factory_campaign)
    first_leaf, *other_leaves = scheme.leaves()
    draft = {
        "campaign": factory_campaign.pk,
        "subject": body["subject"],
        "facts": body["facts"],
        "mandatory": body["mandatory"],
        "evidence": {first_leaf.code: "计量器具清单.pdf"},
        "fields": ["1.1.1"],
    }
    client = api(member)
    refused = client.post("/api/assessment/applications/", draft | {"subject": " "}, format="json")
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["subject"]
    refused = client.post(
        "/api/assessment/applications/", draft | {"fields": ["9.9"]}, format="json"
    )
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["fields"]
    refused = client.post(
        "/api/assessment/applications/", draft | {"facts": {"moon_phase": 1}}, format="json"
    )
    assert refused.json()["errors"] == {"facts": ["The scheme's gates check no facts moon_phase."]}
    assert not Application.objects.exists()

    created = client.post("/api/assessment/applications/", draft, format="json")
    assert created.status_code == 201
    made = created.json()
    assert (made["state"], made["fields"], made["actions"]) == (
        "draft",
        ["1.1.1"],
        ["submit", "withdraw"],
    )
    url = f"/api/assessment/applications/{made['id']}/"
    incomplete = client.post(f"{url}act/", {"action": "submit"}, format="json")
    assert incomplete.status_code == 400
    assert set(incomplete.json()["errors"]) == {"evidence", "pledge", "evaluator"}
    assert incomplete.json()["errors"]["pledge"] == [
        "Sign the pledge that everything submitted is true."
    ]
    saved = client.patch(url, {"evidence": body["evidence"]}, format="json")
    assert saved.status_code == 200
    assert (saved.json()["subject"], saved.json()["fields"]) == (body["subject"], ["1.1.1"])
    assert set(saved.json()["evidence"]) == {leaf.code for leaf in [first_leaf, *other_leaves]}
    evaluated(member, Application.objects.get(pk=made["id"]))
    sent = client.post(f"{url}act/", {"action": "submit", "pledge": True}, format="json")
    assert sent.status_code == 200
    assert (sent.json()["state"], len(sent.json()["pledge_hash"]), sent.json()["actions"]) == (
        "submitted",
        64,
        ["withdraw"],
    )
    late = client.patch(url, {"subject": "另一个工厂"}, format="json")
    assert late.status_code == 400
    assert Application.objects.get().subject == body["subject"]


def test_staff_return_an_application_with_comments_and_the_applicant_withdraws(
    office, member, factory_campaign
):
    application = submitted(member, factory_campaign)
    url = f"/api/assessment/applications/{application.pk}/"
    assert api(office).get(url).json()["actions"] == ["return", "assign"]
    denied = api(member).post(f"{url}act/", {"action": "return", "reason": "补充"}, format="json")
    assert denied.status_code == 403
    blank = api(office).post(f"{url}act/", {"action": "return"}, format="json")
    assert blank.status_code == 400
    assert blank.json()["errors"] == {"reason": ["Say what the applicant must correct."]}
    application.refresh_from_db()
    assert application.state == "submitted"
    returned = api(office).post(
        f"{url}act/", {"action": "return", "reason": "请补充能源审计报告。"}, format="json"
    )
    assert (returned.json()["state"], returned.json()["state_reason"]) == (
        "returned",
        "请补充能源审计报告。",
    )
    assert api(member).get(url).json()["actions"] == ["submit", "withdraw"]
    assert api(office).post(f"{url}act/", {"action": "withdraw"}, format="json").status_code == 403
    withdrawn = api(member).post(f"{url}act/", {"action": "withdraw"}, format="json")
    assert (withdrawn.json()["state"], withdrawn.json()["actions"]) == ("withdrawn", [])


def test_a_stranger_neither_sees_nor_acts_on_an_application(member, stranger, factory_campaign):
    application = submitted(member, factory_campaign)
    url = f"/api/assessment/applications/{application.pk}/"
    assert api(stranger).get(url).status_code == 404
    assert (
        api(stranger).post(f"{url}act/", {"action": "withdraw"}, format="json").status_code == 404
    )
    assert api(stranger).patch(url, {"subject": "偷改"}, format="json").status_code == 404
    assert api().get(url).status_code in (401, 403, 404)
    application.refresh_from_db()
    assert (application.state, application.subject) == ("submitted", "华清绿能常州工厂")


def test_too_few_clean_experts_is_a_400_naming_the_problem_and_draws_none(
    office, member, factory_campaign
):
    application = submitted(member, factory_campaign)
    url = f"/api/assessment/applications/{application.pk}/act/"
    short = api(office).post(url, {"action": "assign"}, format="json")
    assert short.status_code == 400
    assert short.json()["errors"] == {
        "non_field_errors": [
            "Only 0 experts in the application's fields are free of conflicts of interest; "
            "the panel needs 5 more. Add experts to the pool or widen the fields."
        ]
    }
    clean_pool(5)
    assert api(member).post(url, {"action": "assign"}, format="json").status_code == 403
    assert not PanelAssignment.objects.exists()
    drawn = api(office).post(url, {"action": "assign"}, format="json")
    assert drawn.status_code == 200
    assert [row["state"] for row in drawn.json()["panel"]] == ["invited"] * 5


def test_materials_are_attached_checked_and_listed_to_those_who_may_see_them(
    member, office, stranger, factory_campaign
):
    application = campaigns.save_application(
        actor=member, campaign=factory_campaign, **complete(factory_campaign)
    )
    url = f"/api/assessment/applications/{application.pk}/materials/"
    code = factory_campaign.scheme.leaves()[0].code
    client = api(member)
    refused = client.post(
        url, {"indicator": code, "file": SimpleUploadedFile("tool.exe", b"MZ")}, format="multipart"
    )
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["file"]
    assert "files of type .exe are not accepted" in refused.json()["errors"]["file"][0]
    unknown = client.post(
        url,
        {"indicator": "X9", "file": SimpleUploadedFile("a.pdf", PDF)},
        format="multipart",
    )
    assert unknown.json()["errors"] == {"indicator": ["Choose one of the scheme's items."]}
    denied = api(office).post(
        url, {"indicator": code, "file": SimpleUploadedFile("a.pdf", PDF)}, format="multipart"
    )
    assert denied.status_code == 403
    assert not Attachment.objects.exists()
    made = client.post(
        url,
        {
            "indicator": code,
            "file": SimpleUploadedFile("能源审计报告.pdf", PDF),
            "description": "2025年",
        },
        format="multipart",
    )
    assert made.status_code == 201
    assert (made.json()["indicator"], made.json()["name"], made.json()["description"]) == (
        code,
        "能源审计报告.pdf",
        f"{code} 2025年",
    )
    (listed,) = api(office).get(url).json()
    assert listed["url"].endswith(Attachment.objects.get().get_absolute_url())
    assert api(stranger).get(url).status_code == 404


# Experts ------------------------------------------------------------------------------------


def test_an_invited_expert_declares_before_seeing_materials_or_scoring(
    office, member, factory_campaign
):
    application = campaigns.save_application(
        actor=member, campaign=factory_campaign, **complete(factory_campaign)
    )
    campaigns.attach_material(
        actor=member,
        application=application,
        file=SimpleUploadedFile("报告.pdf", PDF),
        indicator=factory_campaign.scheme.leaves()[0].code,
    )
    evaluated(member, application)
    campaigns.submit_application(actor=member, application=application, pledge=True)
    people = clean_pool(6)
    api(office).post(
        f"/api/assessment/applications/{application.pk}/act/", {"action": "assign"}, format="json"
    )
    mine = PanelAssignment.objects.filter(application=application).order_by("pk")
    first, second = mine[0], mine[1]
    reviewer = api(first.expert.user)
    (row,) = reviewer.get("/api/assessment/assignments/").json()["results"]
    assert (row["id"], row["subject"], row["state"], row["actions"]) == (
        first.pk,
        application.subject,
        "invited",
        ["declare_no_conflict", "decline"],
    )
    materials = f"/api/assessment/applications/{application.pk}/materials/"
    assert reviewer.get(materials).status_code == 404
    assert reviewer.get(f"/api/assessment/applications/{application.pk}/").status_code == 404
    campaigns.close_applications(actor=office, campaign=factory_campaign)
    sheet = f"/api/assessment/assignments/{first.pk}/sheet/"
    early = reviewer.post(sheet, {"entries": {}, "comments": {}}, format="json")
    assert early.status_code == 400
    assert early.json()["errors"] == {
        "non_field_errors": ["Declare that you have no conflict of interest first."]
    }
    answered = reviewer.post(
        f"/api/assessment/assignments/{first.pk}/act/",
        {"action": "declare_no_conflict"},
        format="json",
    )
    assert (answered.json()["state"], answered.json()["actions"]) == ("accepted", ["score"])
    assert reviewer.get(materials).status_code == 200
    again = reviewer.post(
        f"/api/assessment/assignments/{first.pk}/act/", {"action": "decline"}, format="json"
    )
    assert again.status_code == 400

    other = api(second.expert.user)
    decline = f"/api/assessment/assignments/{second.pk}/act/"
    blank = other.post(decline, {"action": "decline"}, format="json")
    assert blank.json()["errors"] == {"reason": ["Give the reason you decline."]}
    assert reviewer.post(decline, {"action": "decline", "reason": "x"}).status_code == 404
    declined = other.post(decline, {"action": "decline", "reason": "与申请人有合作项目。"})
    assert (declined.json()["state"], declined.json()["reason"]) == (
        "declined",
        "与申请人有合作项目。",
    )
    # the sixth expert of the pool takes the place of the one who declined
    assert application.panel.exclude(state="declined").count() == 5
    assert {p.pk for p in people} >= set(application.panel.values_list("expert", flat=True))


def test_an_expert_scores_their_own_sheet_blind(panel):
    application, drawn = panel
    scheme = application.campaign.scheme
    mine, theirs = drawn[0], drawn[1]
    client = api(mine.expert.user)
    url = f"/api/assessment/assignments/{mine.pk}/sheet/"
    blank = client.get(url).json()
    assert [row["code"] for row in blank["indicators"]] == [leaf.code for leaf in scheme.leaves()]
    assert (blank["entries"], blank["total"]) == ({}, None)
    (row,) = client.get("/api/assessment/assignments/").json()["results"]
    assert row["actions"] == ["score"]

    code = scheme.leaves()[0].code
    refused = client.post(url, {"entries": {}, "comments": {}}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][f"entry_{code}"] == ["Score this indicator."]
    comments = {leaf.code: "材料齐全。" for leaf in scheme.leaves()}
    scored = client.post(
        url, {"entries": sheet_for(scheme, "best"), "comments": comments}, format="json"
    )
    assert scored.status_code == 200
    assert scored.json()["total"] == "100.00"
    assert ScoreSheet.objects.get().assignment == mine

    # blind: another expert's sheet is not there to read or write
    other = f"/api/assessment/assignments/{theirs.pk}/sheet/"
    assert client.get(other).status_code == 404
    written = client.post(
        other, {"entries": sheet_for(scheme, "worst"), "comments": comments}, format="json"
    )
    assert written.status_code == 404
    assert ScoreSheet.objects.count() == 1
    assert api(theirs.expert.user).get(other).json()["entries"] == {}


def test_an_expert_of_another_panel_cannot_score(panel, member, office, factory_campaign):
    application, drawn = panel
    outsider = UserFactory(username="outsider", role=Role.EXPERT)
    client = api(outsider)
    assert client.get("/api/assessment/assignments/").json()["count"] == 0
    url = f"/api/assessment/assignments/{drawn[0].pk}/sheet/"
    entries = sheet_for(application.campaign.scheme, "best")
    assert client.post(url, {"entries": entries}, format="json").status_code == 404
    assert api().get("/api/assessment/assignments/").status_code in (401, 403)
    assert not ScoreSheet.objects.exists()


# Objections and certificates ----------------------------------------------------------------


def test_anyone_objects_during_the_notice_and_only_staff_read_and_answer(office, member, scored):
    campaign = scored.campaign
    api(office).post(
        f"/api/assessment/campaigns/{campaign.pk}/act/", {"action": "notice"}, format="json"
    )
    url = f"/api/assessment/applications/{scored.pk}/objections/"
    anonymous = api()
    blank = anonymous.post(url, {"name": "张三", "contact": "", "reasons": " "}, format="json")
    assert blank.status_code == 400 and set(blank.json()["errors"]) == {"contact", "reasons"}
    assert not Objection.objects.exists()
    raised = anonymous.post(
        url,
        {"name": "张三", "contact": "13800000000", "reasons": "该厂去年发生环境违法。"},
        format="json",
    )
    assert raised.status_code == 201 and raised.json()["upheld"] is None
    objection = Objection.objects.get()

    assert anonymous.get(url).status_code == 404
    assert api(member).get(url).status_code == 403  # the page shows objections to staff only
    (listed,) = api(office).get(url).json()
    assert (listed["id"], listed["contact"]) == (objection.pk, "13800000000")
    assert api(office).get("/api/assessment/objections/").json()["count"] == 1
    assert api(member).get("/api/assessment/objections/").status_code == 403

    answer = f"/api/assessment/objections/{objection.pk}/answer/"
    body = {"answer": "经核查，已整改。", "upheld": False}
    assert anonymous.post(answer, body, format="json").status_code in (401, 403)
    assert api(member).post(answer, body, format="json").status_code == 403
    blank = api(office).post(answer, {"answer": "", "upheld": False}, format="json")
    assert blank.json()["errors"] == {"answer": ["Write the answer the objector will read."]}
    missing = api(office).post(answer, {"answer": "经核查。"}, format="json")
    assert list(missing.json()["errors"]) == ["upheld"]
    objection.refresh_from_db()
    assert (objection.answer, objection.upheld) == ("", None)
    answered = api(office).post(answer, body, format="json")
    assert (answered.json()["upheld"], answered.json()["answer"]) == (False, "经核查，已整改。")


def test_an_application_not_on_the_list_cannot_be_objected_to(member, factory_campaign):
    application = submitted(member, factory_campaign)
    body = {"name": "张三", "contact": "13800000000", "reasons": "理由"}
    url = f"/api/assessment/applications/{application.pk}/objections/"
    assert api().post(url, body, format="json").status_code == 404
    assert not Objection.objects.exists()


def test_staff_revoke_a_certificate_with_the_reason(office, member, scored):
    campaign = scored.campaign
    client = api(office)
    client.post(f"/api/assessment/campaigns/{campaign.pk}/act/", {"action": "notice"})
    end_notice(campaign)
    client.post(f"/api/assessment/campaigns/{campaign.pk}/act/", {"action": "decide"})
    certificate = AssessmentCertificate.objects.get()
    url = f"/api/assessment/certificates/{certificate.pk}/revoke/"
    assert api(member).post(url, {"reason": "复核不合格。"}, format="json").status_code == 403
    assert api().post(url, {"reason": "复核不合格。"}, format="json").status_code in (401, 403)
    blank = client.post(url, {"reason": " "}, format="json")
    assert blank.json()["errors"] == {"reason": ["Give the reason, which is shown publicly."]}
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    revoked = client.post(url, {"reason": "动态管理复核不合格。"}, format="json")
    assert revoked.status_code == 200
    assert (revoked.json()["revoke_reason"], revoked.json()["revoked_at"] is not None) == (
        "动态管理复核不合格。",
        True,
    )


# Lists cost a fixed number of queries ----------------------------------------------------


def test_the_campaign_list_costs_the_same_queries_however_many(office, factory_campaign):
    client = api(office)

    def add():
        for n in range(3):
            Campaign.objects.create(
                version=factory_campaign.version,
                title=f"批次{n}",
                organiser=factory_campaign.organiser,
                tier="city",
                opens_on=TODAY,
                closes_on=TODAY,
            )

    # count, the page of campaigns with their versions and schemes, the campaigns recommending
    # to them, the recommending units' quotas with their use
    assert_flat_query_count(lambda: client.get("/api/assessment/campaigns/"), add, expected=4)


def test_the_application_list_costs_the_same_queries_however_many(office, panel):
    application, drawn = panel
    client = api(office)

    def add():
        for n in range(3):
            other = Application.objects.create(
                campaign=application.campaign, applicant=application.applicant, subject=f"厂{n}"
            )
            other.fields.set(application.fields.all())
            for assignment in drawn[:2]:
                PanelAssignment.objects.create(application=other, expert=assignment.expert)

    # count, the page with campaigns, the panels with their experts, the fields, the resolutions
    assert_flat_query_count(lambda: client.get("/api/assessment/applications/"), add, expected=6)


def test_the_assignment_list_costs_the_same_queries_however_many(member, panel):
    application, drawn = panel
    expert = drawn[0].expert
    client = api(expert.user)

    def add():
        for n in range(3):
            other = Application.objects.create(
                campaign=application.campaign, applicant=application.applicant, subject=f"厂{n}"
            )
            PanelAssignment.objects.create(application=other, expert=expert)

    # count, the page with applications, campaigns, versions, experts and sheets
    assert_flat_query_count(lambda: client.get("/api/assessment/assignments/"), add, expected=2)


def test_the_objection_list_costs_the_same_queries_however_many(office, scored):
    api(office).post(f"/api/assessment/campaigns/{scored.campaign.pk}/act/", {"action": "notice"})
    client = api(office)
    Objection.objects.create(application=scored, name="异议人", contact="1", reasons="r")

    def add():
        for n in range(3):
            Objection.objects.create(
                application=scored, name=f"异议人{n}", contact="1", reasons="r"
            )

    # count, the page of objections
    assert_flat_query_count(lambda: client.get("/api/assessment/objections/"), add, expected=2)
