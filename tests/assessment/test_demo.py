"""The assessment demo: a campaign of each of the nine schemes at its stage, through the
services, with reviewers who can answer; loading again adds nothing."""

from io import StringIO

import pytest
from django.db import transaction

from gtis.accounts import demo as account_demo
from gtis.accounts import reference as account_reference
from gtis.assessment import demo, tiers
from gtis.assessment import reference as assessment_reference
from gtis.assessment.models import AssessmentCertificate, Campaign, Objection
from gtis.catalog import reference as catalog_reference
from gtis.market import demo as market_demo
from gtis.registry.demo import organisations as registry_organisations
from gtis.registry.demo import people as registry_people

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def assessment_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        for loader in (
            account_reference,
            catalog_reference,
            assessment_reference,
            account_demo,
            registry_organisations,
            registry_people,
        ):
            loader.load(StringIO())
        market_demo.load(StringIO(), listings=40, needs=10, matched=0)
        out = StringIO()
        demo.load(out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_every_scheme_has_a_campaign_at_its_stage(assessment_demo):
    titles = [spec["title"] for spec in demo.CAMPAIGNS]
    stages = dict(
        Campaign.objects.filter(title__in=titles).values_list("version__scheme__code", "state")
    )
    assert stages == {
        "green-factory": "notice",
        "green-product": "decided",
        "eco-design-product": "decided",
        "technology-verification": "reviewing",
        "patent-fast-track": "reviewing",
        "green-tech-enterprise": "open",
        "competition": "open",
        "demonstration-zone": "draft",
        "double-top-ten": "draft",
    }
    assert Objection.objects.filter(upheld__isnull=True).count() == 1
    certificates = AssessmentCertificate.objects.filter(application__campaign__title__in=titles)
    assert sorted(c.revoked_at is None for c in certificates) == [
        False,
        True,
    ]


def test_a_decided_province_campaign_recommends_to_the_national_one(assessment_demo):
    province = Campaign.objects.get(title=demo.PROVINCE_ROUND["title"])
    national = Campaign.objects.get(title=demo.NATIONAL_ROUND["title"])
    assert (province.tier, province.state, province.feeds) == ("province", "decided", national)
    assert (national.tier, national.state, national.evaluator_cap) == ("national", "open", 15)
    (candidate,) = national.applications.all()
    assert candidate.recommended_from.campaign == province
    assert (candidate.recommended_by.code, candidate.state) == ("js-miit", "submitted")
    assert candidate.evaluator.name == demo.AGENCY[0] and candidate.evaluator_pledge_hash
    assert [(row.unit.code, row.quota, row.used) for row in tiers.quota_use(national)] == [
        ("js-miit", 2, 1),
        ("zj-miit", 3, 0),
    ]


def test_loading_again_adds_nothing(assessment_demo):
    from gtis.accounts.models import User
    from gtis.registry.models import Expert

    counted = (Campaign, AssessmentCertificate, Expert, User)
    before = [model.objects.count() for model in counted]
    out = StringIO()
    demo.load(out)
    registry_people.load(StringIO())  # reviewers' accounts do not make it add them again
    assert out.getvalue().startswith("assessment demo: 0 campaigns added")
    assert [model.objects.count() for model in counted] == before


def test_the_certificate_in_force_has_obligations_one_missed_that_suspended_it(assessment_demo):
    from gtis.assessment.models import DesignationAction, Obligation

    certificate = AssessmentCertificate.objects.get(
        application__campaign__title=demo.AFTER_DESIGNATION, revoked_at__isnull=True
    )
    states = list(certificate.obligations.order_by("due_on").values_list("state", flat=True))
    assert states[:3] == ["accepted", "missed", "due"]
    assert certificate.designation.status == "suspended"
    assert list(DesignationAction.objects.values_list("action", "cause")) == [
        ("suspend", "missed_duty")
    ]
    demo.load(StringIO())
    assert Obligation.objects.filter(state="accepted").count() == 1
    assert DesignationAction.objects.count() == 1


def test_the_verification_campaign_has_a_claim_data_a_report_and_a_statement(assessment_demo):
    from gtis.assessment.models import PerformanceClaim, VerificationDataSet, VerificationStatement
    from gtis.assessment.verification import verify_statement
    from gtis.market.models import Benefit

    assert sorted(PerformanceClaim.objects.values_list("version", flat=True)) == [1, 2]
    assert sorted(VerificationDataSet.objects.values_list("status", flat=True)) == [
        "accepted",
        "rejected",
    ]
    statement = VerificationStatement.objects.get()
    assert statement.report.confirmed
    assert verify_statement(statement.code) == (statement, "valid")
    verified = Benefit.objects.get(verified=True, verification_reference=statement.number)
    assert verified.listing.owner == statement.application.applicant


def test_a_competition_in_its_oral_round_and_a_decision_that_published_a_catalogue(
    assessment_demo,
):
    from gtis.assessment import demo_rounds
    from gtis.assessment.models import PanelResolution

    competition = Campaign.objects.get(title=demo_rounds.COMPETITION)
    assert (competition.state, competition.round_number) == ("reviewing", 2)
    written = PanelResolution.objects.filter(application__campaign=competition, round=1)
    assert sorted(written.values_list("outcome", flat=True)) == [
        "advanced",
        "advanced",
        "not_advanced",
    ]
    promotion = Campaign.objects.get(title=demo_rounds.PROMOTION)
    assert (promotion.state, promotion.edition.kind, promotion.edition.status) == (
        "decided",
        "promotion",
        "published",
    )
    entries = promotion.edition.entries.all()
    assert sorted(e.reference_url for e in entries) == sorted(
        a.get_absolute_url() for a in promotion.applications.all()
    )
