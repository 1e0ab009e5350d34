"""Rounds of review and the panel's recorded decision: a scheme declares its rounds (checked
naming the line); the organiser closes a round and the next round's shortlist advances — the
best by the round's aggregate among those the round passes, everyone tied at the line too —
while the others are recorded as not advanced with the reason; experts score only in the round
under way; in the last round the organiser confirms the computed decision or overrides it only
with written reasons; the proposed list comes from the last round's resolutions. Only the
organiser closes a round or records a resolution."""

import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gtis.assessment import campaigns, decisions, rounds, schemes, selectors, services
from gtis.assessment.models import PanelResolution
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from tests.assessment.evaluation import evaluated
from tests.assessment.test_campaigns import campaign_of, complete, expert, sheet_for
from tests.assessment.test_schemes import SCHEME
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROUNDS = """
rounds:
  - code: written
    name: {zh: 书面评审, en: Written review}
  - code: oral
    name: {zh: 答辩, en: Oral defence}
    shortlist: 2
"""
# One expert a panel, scored by the mean, so that each application's score is one sheet's.
ONE_ROUND = (
    SCHEME.replace("code: test-scheme", "code: rounds-test")
    .replace("experts: 5\naggregation: trimmed_mean", "experts: 1\naggregation: mean")
    .replace("same_region: true", "same_region: false")
)
TWO_ROUNDS = ONE_ROUND.replace('version: "2026"', 'version: "2026-rounds"') + ROUNDS
# The total with every indicator at its best but the management grade: A 100, B 96, C 92, E 80.
GRADE_TOTALS = {"A": 100, "B": 96, "C": 92, "E": 80}


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


@pytest.fixture
def judges(db):
    """Two experts with accounts, free of conflicts with the applicant."""
    other = OrganisationFactory(name="示例评审机构")
    people = []
    for n in range(2):
        person = expert(f"答辩专家{n}", other)
        person.user = UserFactory(username=f"panel{n}", role=Role.EXPERT)
        person.save()
        people.append(person)
    return people


def reviewing(office, member, department, source, subjects, judges):
    """A campaign of the scheme in `source`, under review, with a submitted application per
    subject, each with its panel of one who declared no conflict."""
    version = services.save_scheme_version(actor=office, source=source)
    campaign = campaign_of(office, department, version)
    applications = []
    for subject in subjects:
        application = campaigns.save_application(
            actor=member, campaign=campaign, **(complete(campaign) | {"subject": subject})
        )
        evaluated(member, application)
        applications.append(
            campaigns.submit_application(actor=member, application=application, pledge=True)
        )
    campaigns.close_applications(actor=office, campaign=campaign)
    for application in applications:
        draw(office, application)
    return campaign, applications


def draw(office, application):
    (assignment,) = campaigns.assign_panel(
        actor=office, application=application, rng=random.Random(application.pk)
    )
    campaigns.declare_no_conflict(actor=assignment.expert.user, assignment=assignment)
    return assignment


def score(application, grade="A", level="best"):
    """The application's expert in the round under way scores it: every indicator at `level`,
    the management indicator at `grade`."""
    application.refresh_from_db()
    scheme = application.campaign.scheme
    assignment = application.panel.get(round=application.campaign.round_number)
    entries = sheet_for(scheme, level) | ({"I3": grade} if level == "best" else {})
    return campaigns.score_application(
        actor=assignment.expert.user,
        assignment=assignment,
        entries=entries,
        comments={leaf.code: "评分意见。" for leaf in scheme.leaves()},
    )


def outcomes(campaign, number):
    return {
        r.application.subject: (r.outcome, r.rank, r.reasons)
        for r in PanelResolution.objects.filter(
            application__campaign=campaign, round=number
        ).select_related("application")
    }


@pytest.fixture
def two_rounds(office, member, department, judges):
    """A two-round campaign under review, its four applications scored 100, 96, 92 and 0
    in the written round."""
    campaign, applications = reviewing(
        office, member, department, TWO_ROUNDS, ["甲", "乙", "丙", "丁"], judges
    )
    for application, grade in zip(applications[:3], "ABC", strict=True):
        score(application, grade)
    score(applications[3], level="worst")
    return campaign, applications


# The scheme's rounds ------------------------------------------------------------------------


def test_a_scheme_without_rounds_is_reviewed_once_in_writing():
    scheme = schemes.parse(ONE_ROUND, "test.yaml")
    assert [(r.code, r.name.en, r.shortlist) for r in scheme.rounds] == [
        ("written", "Written review", None)
    ]
    assert scheme.is_last_round(1)
    two = schemes.parse(TWO_ROUNDS, "test.yaml")
    assert [(r.code, r.shortlist) for r in two.rounds] == [("written", None), ("oral", 2)]
    assert not two.is_last_round(1) and two.is_last_round(2)


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (("code: written", "code: written\n    shortlist: 5"), "rounds[0].shortlist", "only later"),
        (("    shortlist: 2\n", ""), "rounds[1].shortlist", "give how many"),
        (("code: oral", "code: Oral"), "rounds[1].code", "lower-case"),
        (("code: oral", "code: written"), "rounds[1].code", "used twice"),
    ],
)
def test_a_bad_round_is_refused_naming_the_line_and_key(change, key, problem):
    text = TWO_ROUNDS.replace(*change)
    with pytest.raises(schemes.SchemeError) as error:
        schemes.parse(text, "test.yaml")
    message = str(error.value)
    assert f", {key}: " in message and problem in message
    assert message.startswith("test.yaml, line ")


def test_a_later_round_cannot_take_more_than_the_round_before():
    text = TWO_ROUNDS + "  - code: final\n    name: {zh: 终审, en: Final}\n    shortlist: 3\n"
    with pytest.raises(schemes.SchemeError) as error:
        schemes.parse(text, "test.yaml")
    line = text.count("\n")  # the last line, where the shortlist of 3 is
    assert str(error.value) == (
        f"test.yaml, line {line}, rounds[2].shortlist: cannot take more than the round before "
        "took (2)"
    )


# Closing a round ------------------------------------------------------------------------------


def test_closing_a_round_advances_the_shortlist_and_records_the_others_with_the_reason(
    office, two_rounds
):
    campaign, _applications = two_rounds
    rounds.close_round(actor=office, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.round_number == 2
    assert outcomes(campaign, 1) == {
        "甲": (
            "advanced",
            1,
            "Ranked 1 of 3 passing with 100.00; within the shortlist of 2 for “Oral defence”.",
        ),
        "乙": (
            "advanced",
            2,
            "Ranked 2 of 3 passing with 96.00, the last place of the shortlist of 2 for "
            "“Oral defence”.",
        ),
        "丙": (
            "not_advanced",
            3,
            "Ranked 3 of 3 passing with 92.00; the shortlist of 2 for “Oral defence” closed at "
            "96.00.",
        ),
        "丁": (
            "not_advanced",
            None,
            "Does not pass the round with 10.00: below the pass mark of 60.",
        ),
    }
    event = AuditEvent.objects.filter(action="close_round").get()
    assert event.changes["round"] == [1, 2]
    with pytest.raises(ValidationError) as error:
        rounds.close_round(actor=office, campaign=campaign)
    assert error.value.code == "last_round"


def test_everyone_tied_at_the_shortlist_line_advances_and_the_record_says_why(
    office, member, department, judges
):
    campaign, applications = reviewing(
        office, member, department, TWO_ROUNDS, ["甲", "乙", "丙"], judges
    )
    for application, grade in zip(applications, "ABB", strict=True):
        score(application, grade)
    rounds.close_round(actor=office, campaign=campaign)
    recorded = outcomes(campaign, 1)
    assert {subject: row[:2] for subject, row in recorded.items()} == {
        "甲": ("advanced", 1),
        "乙": ("advanced", 2),
        "丙": ("advanced", 2),
    }
    assert recorded["丙"][2] == (
        "Ranked 2 of 3 passing with 96.00, tied at the shortlist line; everyone tied at the "
        "line advances to “Oral defence”, so 3 go through instead of 2."
    )


def test_a_round_is_not_closed_before_every_application_in_it_is_scored(
    office, member, department, judges
):
    campaign, applications = reviewing(office, member, department, TWO_ROUNDS, ["甲", "乙"], judges)
    score(applications[0])
    with pytest.raises(ValidationError) as error:
        rounds.close_round(actor=office, campaign=campaign)
    assert error.value.messages == ["Not enough experts have scored: 乙."]
    campaign.refresh_from_db()
    assert campaign.round_number == 1 and not PanelResolution.objects.exists()


def test_experts_score_only_in_the_round_under_way(office, two_rounds):
    campaign, applications = two_rounds
    first, _second, third, _fourth = applications
    written = first.panel.get(round=1)
    rounds.close_round(actor=office, campaign=campaign)
    with pytest.raises(ValidationError) as error:
        campaigns.score_application(
            actor=written.expert.user, assignment=written, entries={}, comments={}
        )
    assert error.value.messages == [
        "The round “Written review” is closed: scores are taken only in the round under way."
    ]
    with pytest.raises(ValidationError) as error:
        campaigns.assign_panel(actor=office, application=third)
    assert error.value.messages == ["This application did not advance to “Oral defence”."]
    oral = draw(office, first)
    assert oral.round == 2
    score(first, "E")
    first.refresh_from_db()
    assert selectors.panel_result(first).score == 80
    assert selectors.panel_result(first, 1).score == 100


# The panel's decision and the proposed list ---------------------------------------------------


@pytest.fixture
def oral_round(office, two_rounds):
    """The written round closed; the oral round's panels drawn; 甲 scores 0 there, 乙 96."""
    campaign, applications = two_rounds
    rounds.close_round(actor=office, campaign=campaign)
    campaign.refresh_from_db()
    for application in applications[:2]:
        draw(office, application)
    score(applications[0], level="worst")
    score(applications[1], "B")
    return campaign, applications


def test_the_proposed_list_comes_from_the_last_round(office, two_rounds):
    campaign, applications = two_rounds
    with pytest.raises(ValidationError) as error:
        decisions.publish_notice(actor=office, campaign=campaign)
    assert error.value.messages == [
        "Close the round “Written review” first: the proposed list comes from “Oral defence”."
    ]
    rounds.close_round(actor=office, campaign=campaign)
    campaign.refresh_from_db()
    for application in applications[:2]:
        draw(office, application)
    score(applications[0], level="worst")
    score(applications[1], "B")
    decisions.publish_notice(actor=office, campaign=campaign)
    listed = {
        a.subject: (a.proposed, a.panel_score, a.decision_reason)
        for a in campaign.applications.all()
    }
    assert listed == {
        "甲": (False, 10, "pass_mark"),
        "乙": (True, 96, ""),
        "丙": (False, 92, "not_advanced"),
        "丁": (False, 10, "not_advanced"),
    }
    assert outcomes(campaign, 2) == {
        "甲": (
            "failed",
            2,
            "The panel's score of 10.00 fails the scheme's decision: below the pass mark of 60.",
        ),
        "乙": ("passed", 1, "The panel's score of 96.00 passes the scheme's decision."),
    }


def test_overriding_the_computed_decision_needs_written_reasons(office, oral_round):
    campaign, applications = oral_round
    passing = applications[1]
    with pytest.raises(ValidationError) as error:
        rounds.record_resolution(actor=office, application=passing, outcome="failed")
    assert error.value.message_dict == {
        "reasons": ["The panel's scores give “Passed”: write the reasons for deciding otherwise."]
    }
    assert not PanelResolution.objects.filter(round=2).exists()
    with pytest.raises(ValidationError) as error:
        rounds.record_resolution(actor=office, application=passing, outcome="maybe")
    assert error.value.message_dict == {"outcome": ["Choose passed or failed."]}

    resolution = rounds.record_resolution(
        actor=office,
        application=passing,
        outcome="failed",
        reasons="答辩中发现核心数据与检测报告不一致。",
    )
    assert (resolution.outcome, resolution.computed, resolution.overridden) == (
        "failed",
        "passed",
        True,
    )
    event = AuditEvent.objects.filter(action="override_resolution").get()
    assert event.changes["reasons"] == "答辩中发现核心数据与检测报告不一致。"
    confirmed = rounds.record_resolution(
        actor=office, application=applications[0], outcome="failed"
    )
    assert not confirmed.overridden
    assert confirmed.reasons.endswith("below the pass mark of 60.")

    decisions.publish_notice(actor=office, campaign=campaign)
    passing.refresh_from_db()
    assert (passing.proposed, passing.decision_reason) == (False, "override")


def test_a_resolution_is_recorded_only_in_the_last_round_for_an_application_in_it(
    office, two_rounds
):
    campaign, applications = two_rounds
    with pytest.raises(ValidationError) as error:
        rounds.record_resolution(actor=office, application=applications[0], outcome="passed")
    assert error.value.message_dict == {
        "outcome": [
            "The panel decides in the last round, “Oral defence”: close “Written review” first."
        ]
    }
    rounds.close_round(actor=office, campaign=campaign)
    with pytest.raises(ValidationError) as error:
        rounds.record_resolution(actor=office, application=applications[2], outcome="passed")
    assert error.value.message_dict == {
        "outcome": ["This application did not advance to “Oral defence”."]
    }


def test_a_single_round_campaign_records_the_computed_decision_at_the_notice(
    office, member, department, judges
):
    campaign, applications = reviewing(office, member, department, ONE_ROUND, ["甲"], judges)
    score(applications[0], "B")
    decisions.publish_notice(actor=office, campaign=campaign)
    (resolution,) = PanelResolution.objects.all()
    assert (resolution.round, resolution.outcome, resolution.score, resolution.rank) == (
        1,
        "passed",
        96,
        1,
    )
    assert resolution.recorded_by == office and not resolution.overridden


# Who may act ----------------------------------------------------------------------------------


def test_only_the_organiser_closes_a_round_or_records_a_resolution(
    users, member, two_rounds, judges
):
    campaign, applications = two_rounds
    reviewer = judges[0].user
    for outsider in (member, reviewer, users[Role.EXPERT], users[Role.DEPARTMENT_OFFICER]):
        with pytest.raises(PermissionDenied):
            rounds.close_round(actor=outsider, campaign=campaign)
        with pytest.raises(PermissionDenied):
            rounds.record_resolution(
                actor=outsider, application=applications[0], outcome="failed", reasons="不通过"
            )
    campaign.refresh_from_db()
    assert campaign.round_number == 1
    assert not PanelResolution.objects.exists()
