"""From scores to certificates: the proposed list goes to public notice; anyone objects; the
organiser answers; after the notice the decision designates in the registry and issues a
certificate that verifies publicly at the `verification_url` its API representation carries —
valid, invalid with one character of its code changed, revoked after revocation."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from gtis.assessment import campaigns, decisions
from gtis.assessment.models import AssessmentCertificate, Campaign
from gtis.registry.models import Designation
from tests.assessment.test_campaigns import sheet_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def office(users):
    from gtis.core.roles import Role

    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    from gtis.core.roles import Role

    return users[Role.ORGANISATION_MEMBER]


@pytest.fixture
def scored(panel):
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


def end_notice(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(
        notice_ends_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    campaign.refresh_from_db()


def object_to(application, **fields):
    values = {"name": "张三", "contact": "13800000000", "reasons": "该厂去年发生环境违法。"}
    return decisions.raise_objection(
        actor=AnonymousUser(), application=application, **(values | fields)
    )


def test_the_notice_needs_every_application_scored(office, panel):
    application, _drawn = panel
    with pytest.raises(ValidationError) as error:
        decisions.publish_notice(actor=office, campaign=application.campaign)
    assert error.value.messages == [f"Not enough experts have scored: {application.subject}."]


def test_notice_objection_answer_decision_and_a_certificate_that_verifies(office, scored):
    campaign = scored.campaign
    decisions.publish_notice(actor=office, campaign=campaign)
    scored.refresh_from_db()
    assert (scored.proposed, scored.panel_score) == (True, 100)
    assert campaign.notice_ends_on == datetime.date.today() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        object_to(scored, reasons=" ", contact="")
    assert set(error.value.message_dict) == {"reasons", "contact"}
    objection = object_to(scored)
    with pytest.raises(ValidationError) as error:
        decisions.decide_campaign(actor=office, campaign=campaign)
    assert error.value.code == "notice"
    end_notice(campaign)
    with pytest.raises(ValidationError) as error:
        decisions.decide_campaign(actor=office, campaign=campaign)
    assert error.value.messages == ["Answer every objection first (1 waiting)."]
    decisions.answer_objection(
        actor=office, objection=objection, answer="经核查，该违法行为已于前年整改。", upheld=False
    )
    (certificate,) = decisions.decide_campaign(actor=office, campaign=campaign)
    designation = Designation.objects.get()
    assert (designation.organisation, designation.title) == (scored.applicant, scored.subject)
    assert designation.programme.code == "assessment-green-factory"

    client = APIClient()
    (row,) = client.get("/api/assessment/certificates/").json()["results"]
    url = row["verification_url"]
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="certificate-valid"' in page.content.decode()
    code = certificate.code
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    wrong = client.get(url.replace(code, forged))
    assert (
        wrong.status_code == 404 and 'data-testid="certificate-invalid"' in wrong.content.decode()
    )
    decisions.revoke_certificate(
        actor=office, certificate=certificate, reason="动态管理复核不合格。"
    )
    revoked = client.get(url)
    assert 'data-testid="certificate-revoked"' in revoked.content.decode()
    designation.refresh_from_db()
    assert designation.status == "revoked"


def test_altered_contents_no_longer_verify(office, scored):
    campaign = scored.campaign
    decisions.publish_notice(actor=office, campaign=campaign)
    end_notice(campaign)
    (certificate,) = decisions.decide_campaign(actor=office, campaign=campaign)
    AssessmentCertificate.objects.filter(pk=certificate.pk).update(
        contents={**certificate.contents, "score": "60.00"}
    )
    assert decisions.verify(certificate.code) == (None, "invalid")


def test_an_upheld_objection_takes_the_application_off_the_list(office, scored):
    campaign = scored.campaign
    decisions.publish_notice(actor=office, campaign=campaign)
    scored.refresh_from_db()
    objection = object_to(scored)
    decisions.answer_objection(actor=office, objection=objection, answer="属实。", upheld=True)
    end_notice(campaign)
    assert decisions.decide_campaign(actor=office, campaign=campaign) == []
    scored.refresh_from_db()
    assert (scored.proposed, scored.decision_reason) == (False, "objection")
    assert not Designation.objects.exists()


def test_certificates_in_force_are_a_metric_also_as_of_a_past_date(office, scored):
    from gtis.core.metrics import get as get_metric

    campaign = scored.campaign
    decisions.publish_notice(actor=office, campaign=campaign)
    end_notice(campaign)
    (certificate,) = decisions.decide_campaign(actor=office, campaign=campaign)
    metric = get_metric("assessment.certificates.green-factory")
    today = datetime.date.today()
    assert metric.compute() == 1
    assert metric.value_on(today - datetime.timedelta(days=1), today) == 0
    decisions.revoke_certificate(actor=office, certificate=certificate, reason="复核不合格。")
    assert metric.compute() == 0
    assert get_metric("assessment.applications.green-factory").compute() == 1


def test_a_decided_campaign_is_closed_for_the_record_by_staff_only(office, member, scored):
    campaign = scored.campaign
    decisions.publish_notice(actor=office, campaign=campaign)
    with pytest.raises(ValidationError):
        decisions.close_campaign(actor=office, campaign=campaign)
    end_notice(campaign)
    (certificate,) = decisions.decide_campaign(actor=office, campaign=campaign)
    client = APIClient()
    client.force_authenticate(member)
    refused = client.post(
        f"/api/assessment/campaigns/{campaign.pk}/act/", {"action": "archive"}, format="json"
    )
    assert refused.status_code == 403
    client.force_authenticate(office)
    url = f"/api/assessment/campaigns/{campaign.pk}/"
    assert "archive" in client.get(url).json()["actions"]
    closed = client.post(f"{url}act/", {"action": "archive"}, format="json")
    assert (closed.status_code, closed.json()["state"], closed.json()["actions"]) == (
        200,
        "closed",
        [],
    )
    assert decisions.verify(certificate.code) == (certificate, "valid")


def test_one_organisation_holds_two_titles_of_a_long_named_campaign(
    office, member, department, green_fields
):
    from tests.assessment.test_campaign_catalogue import noticed_campaign

    title = "2026年工业和信息化部绿色制造名单推荐——绿色工厂与绿色设计产品（第二批）"
    campaign, _applications = noticed_campaign(
        office,
        department,
        green_fields,
        [("常州生产基地", member, "A"), ("宜兴膜材料工厂", member, "B")],
        title=title,
    )
    certificates = decisions.decide_campaign(actor=office, campaign=campaign)
    assert len(certificates) == 2
    designations = Designation.objects.filter(organisation=member.organisation)
    assert sorted(designations.values_list("batch", "title")) == [
        (title, "宜兴膜材料工厂"),
        (title, "常州生产基地"),
    ]
