"""The campaign pages: staff create and open a campaign; an organisation applies through the
form its scheme version generates, then submits with the pledge; staff draw the panel; an
invited expert sees the materials only after declaring no conflict; the API shows each
reader what they may see."""

import datetime

import pytest
from django.urls import reverse

from gtis.assessment import campaigns
from gtis.assessment.models import Application, Campaign
from gtis.core.roles import Role
from gtis.registry.models import Expert
from tests.assessment.evaluation import evaluated
from tests.assessment.test_campaigns import eligible_facts, sheet_for, submitted
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = datetime.date.today()


@pytest.fixture
def office(users):
    office = users[Role.COORDINATING_OFFICE]
    office.language = "en"
    office.save()
    return office


@pytest.fixture
def member(users):
    member = users[Role.ORGANISATION_MEMBER]
    member.language = "en"
    member.save()
    return member


@pytest.fixture
def campaign(client, office, department, versions):
    version = next(v for key, v in versions.items() if key[0] == "green-product")
    client.force_login(office)
    response = client.post(
        reverse("assessment:campaign_create"),
        {
            "version": version.pk,
            "title": "2026年绿色产品认证",
            "organiser": department.pk,
            "tier": "national",
            "opens_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "closes_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
    )
    made = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    client.post(reverse("assessment:campaign_act", args=[made.pk, "open"]))
    made.refresh_from_db()
    assert made.state == "open"
    client.logout()
    return made


def test_an_organisation_applies_through_the_generated_form_and_submits(client, member, campaign):
    client.force_login(member)
    url = reverse("assessment:apply", args=[campaign.pk])
    page = client.get(url).content.decode()
    scheme = campaign.scheme
    for leaf in scheme.leaves():
        assert f'name="evidence_{leaf.code}"' in page
    data = {"subject": "低碳水泥 P·O 42.5"}
    data |= {f"mandatory_{m.code}": "1" for m in scheme.mandatory}
    data |= {f"evidence_{leaf.code}": "检测报告.pdf" for leaf in scheme.leaves()}
    facts = eligible_facts(scheme)
    data |= {f"fact_{k}": ("1" if v is True else v) for k, v in facts.items()}
    response = client.post(url, data)
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    refused = client.post(reverse("assessment:application_act", args=[application.pk, "submit"]))
    assert refused.status_code == 400
    assert "Sign the pledge that everything submitted is true." in refused.content.decode()
    evaluated(member, application)
    client.post(
        reverse("assessment:application_act", args=[application.pk, "submit"]),
        {"submit-pledge": "on"},
    )
    application.refresh_from_db()
    assert application.state == "submitted" and application.pledge_hash


def test_an_invited_expert_sees_the_materials_only_after_declaring(
    client, office, member, campaign, organisation
):
    application = submitted(
        member,
        campaign,
        **eligible_facts(campaign.scheme),
    )
    other = OrganisationFactory(name="示例检测中心")
    people = []
    for n in range(campaign.scheme.experts):
        person = Expert.objects.create(name=f"专家{n}", affiliation=other)
        person.user = UserFactory(username=f"reviewer{n}", role=Role.EXPERT, language="en")
        person.save()
        people.append(person)
    client.force_login(office)
    client.post(reverse("assessment:application_act", args=[application.pk, "assign"]))
    assert application.panel.count() == campaign.scheme.experts
    reviewer = application.panel.first().expert.user
    client.force_login(reviewer)
    page = client.get(application.get_absolute_url()).content.decode()
    assert 'data-testid="assignment-accept"' in page and "检测报告" not in page
    assert client.get("/api/assessment/applications/").json()["count"] == 0
    client.post(
        reverse("assessment:assignment_answer", args=[application.panel.first().pk, "accept"])
    )
    page = client.get(application.get_absolute_url()).content.decode()
    assert 'data-testid="application-evidence"' in page
    assert client.get("/api/assessment/applications/").json()["count"] == 1
    assert client.get(reverse("assessment:my_assignments")).status_code == 200


def test_a_stranger_neither_sees_nor_acts_on_an_application(client, member, campaign):
    application = submitted(
        member,
        campaign,
        **eligible_facts(campaign.scheme),
    )
    client.force_login(UserFactory(organisation=OrganisationFactory(name="示例路人公司")))
    assert client.get(application.get_absolute_url()).status_code == 404
    assert (
        client.post(
            reverse("assessment:application_act", args=[application.pk, "withdraw"])
        ).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.state == "submitted"
    assert client.get("/api/assessment/campaigns/").json()["count"] == 1


def test_an_expert_fills_the_scoring_sheet_and_staff_see_the_panel(client, office, panel):
    application, drawn = panel
    scheme = application.campaign.scheme
    reviewer = drawn[0].expert.user
    reviewer.language = "en"
    reviewer.save()
    client.force_login(reviewer)
    url = reverse("assessment:score", args=[drawn[0].pk])
    assert f'name="entry_{scheme.leaves()[0].code}"' in client.get(url).content.decode()
    refused = client.post(url, {})
    assert refused.status_code == 400 and "Score this indicator." in refused.content.decode()
    data = {}
    for code, value in sheet_for(scheme, "best").items():
        data[f"entry_{code}"] = "1" if value is True else value
        data[f"comment_{code}"] = "材料齐全。"
    response = client.post(url, data)
    assert response.status_code == 302
    assert drawn[0].sheet.total == 100
    other = reverse("assessment:score", args=[drawn[1].pk])
    assert client.get(other).status_code == 404  # blind: another expert's sheet
    client.force_login(office)
    page = client.get(application.get_absolute_url()).content.decode()
    assert 'data-testid="panel-scores"' in page
    board = client.get(application.campaign.get_absolute_url()).content.decode()
    assert 'data-testid="campaign-ranking"' in board


def test_materials_are_uploaded_checked_and_seen_only_by_those_who_may(
    client, member, office, panel
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gtis.core.models import Attachment

    application, drawn = panel
    campaign = application.campaign
    draft = campaigns.save_application(
        actor=member,
        campaign=Campaign.objects.create(
            version=campaign.version,
            title="另一批次",
            organiser=campaign.organiser,
            tier="city",
            opens_on=TODAY,
            closes_on=TODAY,
            state="open",
        ),
        subject="第二工厂",
        facts={},
        mandatory={},
        evidence={},
    )
    client.force_login(member)
    url = reverse("assessment:application_attach", args=[draft.pk])
    code = draft.campaign.scheme.leaves()[0].code
    refused = client.post(
        url, {"indicator": code, "file": SimpleUploadedFile("tool.exe", b"MZ binary")}
    )
    assert (
        refused.status_code == 400
        and "files of type .exe are not accepted" in refused.content.decode()
    )
    pdf = SimpleUploadedFile("能源审计报告.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    assert client.post(url, {"indicator": code, "file": pdf}).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.description == code
    assert client.get(attachment.get_absolute_url()).status_code == 200
    client.force_login(UserFactory(organisation=OrganisationFactory(name="示例旁人公司")))
    assert client.get(attachment.get_absolute_url()).status_code in (403, 404)
    client.force_login(drawn[0].expert.user)  # on another application's panel
    assert client.get(attachment.get_absolute_url()).status_code in (403, 404)
