"""The rounds on the pages and the API: the campaign page shows the rounds and, to the
organiser, the board of the round under way with the button that closes it, at a number of
queries that stays flat as applications are added; the application page shows the panel's
resolutions and the organiser's form, which refuses an override without reasons naming the
field; the API shows rounds and resolutions and takes the same actions, refused to others."""

import pytest
from django.urls import reverse

from gtis.assessment import rounds
from gtis.assessment.models import Application, PanelAssignment, PanelResolution, ScoreSheet
from gtis.core.roles import Role
from tests.assessment.test_rounds import TWO_ROUNDS, draw, judges, reviewing, score  # noqa: F401
from tests.helpers import assert_flat_query_count

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


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
def written(office, member, department, judges):  # noqa: F811
    """A two-round campaign in its written round: 甲 scored 100, 乙 96, 丙 92."""
    campaign, applications = reviewing(
        office, member, department, TWO_ROUNDS, ["甲", "乙", "丙"], judges
    )
    for application, grade in zip(applications, "ABC", strict=True):
        score(application, grade)
    return campaign, applications


def test_the_organiser_closes_the_round_from_the_campaign_page(client, office, member, written):
    campaign, applications = written
    client.force_login(member)
    outside = client.get(campaign.get_absolute_url()).content.decode()
    assert 'data-testid="round-close"' not in outside
    client.force_login(office)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'data-testid="round-board"' in page and 'data-testid="round-close"' in page
    assert "Close “Written review”: the best 2 go on to “Oral defence”" in page
    response = client.post(reverse("assessment:campaign_act", args=[campaign.pk, "close_round"]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.round_number == 2
    refused = client.post(reverse("assessment:campaign_act", args=[campaign.pk, "close_round"]))
    assert refused.status_code == 400
    assert "is the last round" in refused.content.decode()
    page = client.get(applications[2].get_absolute_url()).content.decode()
    assert 'data-testid="application-resolutions"' in page
    assert "the shortlist of 2 for “Oral defence” closed at 96.00." in page


def test_the_round_board_costs_the_same_queries_with_more_applications(client, office, written):
    campaign, applications = written
    client.force_login(office)
    url = campaign.get_absolute_url()

    def add_scored_applications():
        for n in range(3):
            application = Application.objects.create(
                campaign=campaign,
                applicant=applications[0].applicant,
                subject=f"补充{n}",
                state="submitted",
            )
            source = applications[0].panel.get()
            assignment = PanelAssignment.objects.create(
                application=application, expert=source.expert, state="accepted"
            )
            ScoreSheet.objects.create(
                assignment=assignment, entries=source.sheet.entries, total=source.sheet.total
            )

    assert_flat_query_count(lambda: client.get(url), add_scored_applications)
    assert client.get(url).content.decode().count('data-testid="round-ranking"') == 1


def test_an_override_without_reasons_is_refused_on_the_page_naming_the_field(
    client, office, written
):
    campaign, applications = written
    rounds.close_round(actor=office, campaign=campaign)
    first = applications[0]
    draw(office, first)
    score(first, "A")
    client.force_login(office)
    page = client.get(first.get_absolute_url()).content.decode()
    assert 'data-testid="application-resolve"' in page
    url = reverse("assessment:application_resolve", args=[first.pk])
    response = client.post(url, {"resolve-outcome": "failed", "resolve-reasons": ""}, follow=True)
    assert (
        "Reasons: The panel&#x27;s scores give “Passed”: write the reasons for deciding otherwise."
        in response.content.decode()
    )
    assert not PanelResolution.objects.filter(round=2).exists()
    client.post(url, {"resolve-outcome": "failed", "resolve-reasons": "答辩未到场。"})
    resolution = PanelResolution.objects.get(round=2)
    assert (resolution.outcome, resolution.reasons, resolution.recorded_by) == (
        "failed",
        "答辩未到场。",
        office,
    )


def test_the_api_shows_rounds_and_resolutions_and_takes_the_actions(
    api_as,
    office,
    member,
    written,
    judges,  # noqa: F811
):
    campaign, applications = written
    url = f"/api/assessment/campaigns/{campaign.pk}/"
    data = api_as(member).get(url).json()
    assert data["round_number"] == 1 and data["edition"] is None
    assert [(r["number"], r["code"], r["shortlist"]) for r in data["rounds"]] == [
        (1, "written", None),
        (2, "oral", 2),
    ]
    refused = api_as(member).post(f"{url}act/", {"action": "close_round"}, format="json")
    assert refused.status_code == 403
    refused = api_as(judges[0].user).post(f"{url}act/", {"action": "close_round"}, format="json")
    assert refused.status_code == 403
    unknown = api_as(office).post(f"{url}act/", {"action": "close_all"}, format="json")
    assert unknown.status_code == 400 and "action" in unknown.json()["errors"]
    campaign.refresh_from_db()
    assert campaign.round_number == 1
    closed = api_as(office).post(f"{url}act/", {"action": "close_round"}, format="json")
    assert closed.status_code == 200 and closed.json()["round_number"] == 2

    first = applications[0]
    draw(office, first)
    score(first, "A")
    act = f"/api/assessment/applications/{first.pk}/act/"
    body = {"action": "resolve", "outcome": "failed", "reasons": ""}
    refused = api_as(member).post(act, body | {"reasons": "不通过"}, format="json")
    assert refused.status_code == 403
    in_english = api_as(office)
    in_english.cookies["django_language"] = "en"
    missing = in_english.post(act, body, format="json")
    assert missing.status_code == 400
    assert missing.json()["errors"] == {
        "reasons": ["The panel's scores give “Passed”: write the reasons for deciding otherwise."]
    }
    recorded = in_english.post(act, body | {"action": "resolve", "outcome": "passed"})
    assert recorded.status_code == 200
    resolutions = recorded.json()["resolutions"]
    assert [(r["round"], r["outcome"], r["overridden"]) for r in resolutions] == [
        (1, "advanced", False),
        (2, "passed", False),
    ]
    mine = api_as(member).get(f"/api/assessment/applications/{first.pk}/").json()
    assert mine["resolutions"][1]["reasons"] == (
        "The panel's score of 100.00 passes the scheme's decision."
    )
