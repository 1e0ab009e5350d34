"""Campaigns and applications: a campaign keeps its scheme version; an application is checked
on submission (gates, mandatory items, evidence for every indicator, the pledge) and signed
with a hash; experts are drawn at random among those free of conflicts of interest — never
from the applicant, nor who left it within the scheme's look-back, nor with a declared tie —
and when too few are clean the organiser is told and nothing is drawn."""

import datetime
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gtis.assessment import campaigns, services
from gtis.assessment.models import Application, PanelAssignment
from gtis.core.roles import Role
from gtis.registry.models import DeclaredRelationship, Expert, PastAffiliation
from tests.assessment.evaluation import evaluated
from tests.assessment.test_schemes import SCHEME
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = datetime.date.today()


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


def campaign_of(office, department, version):
    campaign = campaigns.create_campaign(
        actor=office,
        version=version,
        title=f"{version.scheme.name} {TODAY.year}",
        organiser=department,
        tier="province",
        opens_on=TODAY - datetime.timedelta(days=1),
        closes_on=TODAY + datetime.timedelta(days=30),
    )
    return campaigns.open_campaign(actor=office, campaign=campaign)


def eligible_facts(scheme):
    """Facts that meet every gate of `scheme`."""
    limits = {"true": True, "in": None, "ne": "—"}
    facts = {}
    for gate in scheme.gates:
        value = limits.get(gate.operator, gate.threshold)
        facts[gate.field] = gate.threshold[0] if gate.operator == "in" else value
        if gate.operator == "gt":
            facts[gate.field] = gate.threshold + 1
        if gate.operator == "lt":
            facts[gate.field] = gate.threshold - 1
    return facts


def complete(campaign, **facts):
    scheme = campaign.scheme
    return {
        "subject": "华清绿能常州工厂",
        "facts": eligible_facts(scheme) | facts,
        "mandatory": {item.code: True for item in scheme.mandatory},
        "evidence": {leaf.code: f"{leaf.code} 证明材料.pdf" for leaf in scheme.leaves()},
    }


def submitted(member, campaign, **facts):
    application = campaigns.save_application(
        actor=member, campaign=campaign, **complete(campaign, **facts)
    )
    evaluated(member, application)
    return campaigns.submit_application(actor=member, application=application, pledge=True)


def test_a_campaign_keeps_the_version_it_opened_with(office, factory_campaign):
    services.save_scheme_version(
        actor=office, source=SCHEME.replace("test-scheme", "green-factory")
    )
    factory_campaign.refresh_from_db()
    assert factory_campaign.version.label == "GB/T 36132-2018"
    assert factory_campaign.scheme.code == "green-factory"


def test_an_incomplete_application_is_refused_naming_what_is_missing(member, factory_campaign):
    application = campaigns.save_application(
        actor=member,
        campaign=factory_campaign,
        subject="华清绿能常州工厂",
        facts={},
        mandatory={},
        evidence={"I1.1": "计量器具清单.pdf"},
    )
    with pytest.raises(ValidationError) as error:
        campaigns.submit_application(actor=member, application=application, pledge=False)
    assert set(error.value.message_dict) == {"mandatory", "evidence", "pledge", "evaluator"}
    assert error.value.message_dict["pledge"] == [
        "Sign the pledge that everything submitted is true."
    ]
    application.refresh_from_db()
    assert (application.state, application.pledge_hash) == ("draft", "")


def test_a_submitted_application_carries_the_hash_of_its_pledge(member, factory_campaign):
    application = submitted(member, factory_campaign)
    assert application.state == "submitted" and len(application.pledge_hash) == 64
    assert application.pledge_hash == campaigns.pledge_hash(
        application, signer=member.get_username(), at=application.pledged_at
    )
    tampered = Application.objects.get(pk=application.pk)
    tampered.evidence["I1.1"] = "另一份材料.pdf"
    assert (
        campaigns.pledge_hash(tampered, signer=member.get_username(), at=application.pledged_at)
        != application.pledge_hash
    )


def test_the_gates_refuse_an_ineligible_applicant_naming_the_rule(
    member, office, department, versions
):
    campaign = campaign_of(office, department, versions["green-tech-enterprise", "2019-v1"])
    facts = {
        gate.field: (True if gate.operator == "true" else 100) for gate in campaign.scheme.gates
    }
    application = campaigns.save_application(
        actor=member, campaign=campaign, **complete(campaign, **{**facts, "years_registered": 0})
    )
    with pytest.raises(ValidationError) as error:
        campaigns.submit_application(actor=member, application=application, pledge=True)
    (message,) = error.value.message_dict["facts"]
    assert message.startswith("Not eligible: G1 ")
    campaigns.save_application(
        actor=member, campaign=campaign, application=application, **complete(campaign)
    )
    application = campaigns.submit_application(actor=member, application=application, pledge=True)
    assert set(application.gate_results.values()) == {"confirmed"}


def test_staff_return_an_application_and_the_applicant_resubmits(member, office, factory_campaign):
    application = submitted(member, factory_campaign)
    with pytest.raises(ValidationError):
        campaigns.return_application(actor=office, application=application, reason=" ")
    with pytest.raises(PermissionDenied):
        campaigns.return_application(actor=member, application=application, reason="补充")
    campaigns.return_application(actor=office, application=application, reason="补充能源审计报告。")
    assert (application.state, application.state_reason) == ("returned", "补充能源审计报告。")
    campaigns.submit_application(actor=member, application=application, pledge=True)
    assert application.state == "submitted"


def test_another_organisation_cannot_touch_the_application(member, factory_campaign):
    application = submitted(member, factory_campaign)
    stranger = UserFactory(organisation=OrganisationFactory(name="示例其他公司"))
    with pytest.raises(PermissionDenied):
        campaigns.withdraw_application(actor=stranger, application=application)
    application.refresh_from_db()
    assert application.state == "submitted"


# Experts and conflicts of interest --------------------------------------------------------


def expert(name, affiliation=None, fields=()):
    made = Expert.objects.create(name=name, affiliation=affiliation)
    made.fields.set(fields)
    return made


@pytest.fixture
def pool(organisation, green_fields):
    """Three conflicted experts (of the applicant, left it a year ago, a declared tie) and
    four clean ones (one left the applicant five years ago), all in field 1."""
    field = [green_fields["1.1.1"]]
    other = OrganisationFactory(name="示例研究院")
    conflicted = [expert("现任员工", organisation, field)]
    recent = expert("一年前离职", other, field)
    PastAffiliation.objects.create(
        expert=recent, organisation=organisation, ended_on=TODAY - datetime.timedelta(days=365)
    )
    tied = expert("持股专家", other, field)
    DeclaredRelationship.objects.create(expert=tied, organisation=organisation, kind="shareholding")
    conflicted += [recent, tied]
    long_ago = expert("五年前离职", other, field)
    PastAffiliation.objects.create(
        expert=long_ago,
        organisation=organisation,
        ended_on=TODAY - datetime.timedelta(days=5 * 366),
    )
    clean = [long_ago] + [expert(f"独立专家{n}", other, field) for n in range(3)]
    expert("另一领域专家", other, [green_fields["3.2"]])
    return {"conflicted": conflicted, "clean": clean}


def test_too_few_clean_experts_tells_the_organiser_and_draws_none(
    member, office, factory_campaign, pool, green_fields
):
    application = submitted(member, factory_campaign)
    application.fields.set([green_fields["1.1"]])
    with pytest.raises(ValidationError) as error:
        campaigns.assign_panel(actor=office, application=application)
    assert error.value.messages == [
        "Only 4 experts in the application's fields are free of conflicts of interest; the "
        "panel needs 5 more. Add experts to the pool or widen the fields."
    ]
    assert not PanelAssignment.objects.exists()


def test_a_conflicted_expert_is_never_drawn(
    member, office, factory_campaign, pool, green_fields, organisation
):
    application = submitted(member, factory_campaign)
    application.fields.set([green_fields["1.1.1"]])
    other = pool["clean"][1].affiliation
    extra = [expert(f"补充专家{n}", other, [green_fields["1.1"]]) for n in range(4)]
    clean = {e.pk for e in pool["clean"] + extra}
    conflicted = {e.pk for e in pool["conflicted"]}
    for seed in range(20):
        PanelAssignment.objects.all().delete()
        drawn = campaigns.assign_panel(
            actor=office, application=application, rng=random.Random(seed)
        )
        chosen = {a.expert_id for a in drawn}
        assert len(chosen) == 5 and chosen <= clean and not chosen & conflicted


def test_a_declined_expert_is_replaced_and_only_the_expert_answers(
    member, office, factory_campaign, pool, green_fields
):
    application = submitted(member, factory_campaign)
    application.fields.set([green_fields["1.1.1"]])
    other = pool["clean"][1].affiliation
    people = [expert(f"补充专家{n}", other, [green_fields["1.1.1"]]) for n in range(3)]
    users = []
    for person in pool["clean"] + people:
        person.user = UserFactory(username=f"e{person.pk}", role=Role.EXPERT)
        person.save()
        users.append(person.user)
    drawn = campaigns.assign_panel(actor=office, application=application, rng=random.Random(1))
    first = drawn[0]
    with pytest.raises(PermissionDenied):
        campaigns.declare_no_conflict(actor=member, assignment=first)
    campaigns.declare_no_conflict(actor=first.expert.user, assignment=first)
    second = drawn[1]
    campaigns.decline_assignment(actor=second.expert.user, assignment=second, reason="出差。")
    states = sorted(application.panel.values_list("state", flat=True))
    assert states == ["accepted", "declined", "invited", "invited", "invited", "invited"]
    assert application.panel.exclude(state="declined").count() == 5


# Scoring -----------------------------------------------------------------------------------


def sheet_for(scheme, level):
    """Entries that score every indicator at `level` (best, worst)."""
    entries = {}
    for leaf in scheme.leaves():
        s = leaf.scoring
        best = level == "best"
        entries[leaf.code] = {
            "pass_fail": best,
            "points_bands": max(
                range(len(s.bands)), key=lambda i: s.bands[i].points * (1 if best else -1)
            )
            if s.bands
            else 0,
            "count_bands": (s.bands[0].min if best else 0) if s.bands else 0,
            "grade": "A" if best else "E",
            "interpolate": (s.leading if best else s.baseline),
        }[s.kind]
    return entries


def test_experts_score_blind_and_the_panel_aggregates_with_outliers_flagged(office, panel):
    from gtis.assessment import selectors

    application, drawn = panel
    scheme = application.campaign.scheme
    comments = {leaf.code: "符合要求。" for leaf in scheme.leaves()}
    for assignment in drawn[:4]:
        campaigns.score_application(
            actor=assignment.expert.user,
            assignment=assignment,
            entries=sheet_for(scheme, "best"),
            comments=comments,
        )
    campaigns.score_application(
        actor=drawn[4].expert.user,
        assignment=drawn[4],
        entries=sheet_for(scheme, "worst"),
        comments=comments,
    )
    application.refresh_from_db()
    result = selectors.panel_result(application)
    totals = [total for _expert, total, _flag in result.totals]
    assert totals == [100, 100, 100, 100, 0]
    assert [flag for _expert, _total, flag in result.totals] == [False] * 4 + [True]
    assert result.score == 100  # the trimmed mean drops one 100 and the 0
    assert result.decision.passed
    ranking = selectors.campaign_ranking(application.campaign)
    # Grades never exceed their shares: alone, it is all of the population, so the last band.
    assert [(a.pk, grade) for a, _result, grade in ranking] == [(application.pk, "B")]


def test_a_bad_score_names_the_indicator_and_changes_nothing(panel):
    application, drawn = panel
    scheme = application.campaign.scheme
    leaf = scheme.leaves()[0]
    entries = sheet_for(scheme, "best")
    del entries[leaf.code]
    with pytest.raises(ValidationError) as error:
        campaigns.score_application(
            actor=drawn[0].expert.user, assignment=drawn[0], entries=entries, comments={}
        )
    assert error.value.message_dict[f"entry_{leaf.code}"] == ["Score this indicator."]
    assert f"comment_{scheme.leaves()[1].code}" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        campaigns.score_application(
            actor=drawn[1].expert.user, assignment=drawn[0], entries=entries, comments={}
        )
    assert not application.panel.filter(sheet__isnull=False).exists()


def test_an_expert_scores_only_after_declaring(member, office, factory_campaign, green_fields):
    application = submitted(member, factory_campaign)
    other = OrganisationFactory(name="示例评价机构")
    for n in range(5):
        person = expert(f"评审专家{n}", other, [green_fields["1.1.1"]])
        person.user = UserFactory(username=f"judge{n}", role=Role.EXPERT)
        person.save()
    drawn = campaigns.assign_panel(actor=office, application=application)
    campaigns.close_applications(actor=office, campaign=factory_campaign)
    with pytest.raises(ValidationError) as error:
        campaigns.score_application(
            actor=drawn[0].expert.user, assignment=drawn[0], entries={}, comments={}
        )
    assert error.value.messages == ["Declare that you have no conflict of interest first."]
