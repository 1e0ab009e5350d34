"""ISO 14034 verification: the performance claim kept in versions; the verification body's
plan; test data accepted or not, never by the staff of the lab that produced them (who are
also kept off the panel); the report checking each claimed parameter against the accepted
data; and the sealed Statement of Verification that marks the market benefit verified."""

import datetime
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gtis.assessment import campaigns, verification
from gtis.assessment.models import (
    ClaimedParameter,
    PerformanceClaim,
    VerificationDataSet,
    VerificationPlan,
    VerificationReport,
    VerificationStatement,
)
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from gtis.market import services as market
from gtis.market.models import Benefit
from tests.assessment.conftest import CLAIMED
from tests.assessment.evaluation import evaluated
from tests.assessment.test_campaigns import complete, expert
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_permission_matrix

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def data_set(actor, application, lab, values, title="Field test report 2026-01", **extra):
    return verification.add_data_set(
        actor=actor,
        application=application,
        title=title,
        origin=extra.pop("origin", "new"),
        lab=lab,
        accreditation=extra.pop("accreditation", "CNAS L1234"),
        operating_conditions="Feed COD 3000 mg/L, pH 7.5, 10 m³/h",
        measurements=values,
        **extra,
    )


def accepted(verifier, application, lab, values, **extra):
    made = data_set(verifier, application, lab, values, **extra)
    return verification.review_data_set(actor=verifier, data_set=made, accepted=True)


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


IN_RANGE = [("COD removal", "88.5"), ("COD removal", "91.2"), ("Water recovery", "74")]


# The claim ------------------------------------------------------------------------------------


def test_each_change_of_the_claim_is_a_new_version_and_the_old_are_kept(member, etv_draft):
    first = verification.save_performance_claim(
        actor=member, application=etv_draft, parameters=CLAIMED[:1]
    )
    second = verification.save_performance_claim(
        actor=member,
        application=etv_draft,
        parameters=[CLAIMED[0] | {"minimum": "80"}, CLAIMED[1]],
        note="Wider COD range; water recovery added.",
    )
    assert (first.version, second.version) == (1, 2)
    versions = {
        claim.version: [(p.name, str(p.minimum), str(p.maximum)) for p in claim.parameters.all()]
        for claim in PerformanceClaim.objects.filter(application=etv_draft)
    }
    assert versions == {
        1: [("COD removal", "85.0000", "95.0000")],
        2: [("COD removal", "80.0000", "95.0000"), ("Water recovery", "70.0000", "80.0000")],
    }
    saved = AuditEvent.objects.filter(action="save_claim").order_by("pk")
    assert [event.changes["version"] for event in saved] == [1, 2]


def test_an_unchanged_claim_makes_no_version(member, etv_draft):
    verification.save_performance_claim(actor=member, application=etv_draft, parameters=CLAIMED)
    with pytest.raises(ValidationError) as error:
        verification.save_performance_claim(actor=member, application=etv_draft, parameters=CLAIMED)
    assert error.value.message_dict == {
        "parameters": ["This is the claim's current version: change it first."]
    }
    assert PerformanceClaim.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"maximum": "80"}, "Parameter 2: the maximum is below the minimum."),
        ({"minimum": "high"}, "Parameter 2: give the minimum performance as a number."),
        ({"unit": " "}, "Parameter 2: give its unit."),
        (
            {"operating_conditions": ""},
            "Parameter 2: state the operating conditions under which it holds.",
        ),
        ({"name": "Water recovery"}, "Parameter 2: the parameter is stated twice."),
    ],
)
def test_a_bad_parameter_is_refused_naming_it_and_nothing_is_saved(
    member, etv_draft, change, message
):
    rows = [CLAIMED[1], CLAIMED[0] | change]
    with pytest.raises(ValidationError) as error:
        verification.save_performance_claim(actor=member, application=etv_draft, parameters=rows)
    assert error.value.message_dict == {"parameters": [message]}
    assert not PerformanceClaim.objects.exists() and not ClaimedParameter.objects.exists()


def test_a_claim_needs_a_parameter(member, etv_draft):
    with pytest.raises(ValidationError) as error:
        verification.save_performance_claim(actor=member, application=etv_draft, parameters=[])
    assert error.value.message_dict == {"parameters": ["State at least one performance parameter."]}


def test_the_claim_stands_behind_the_applicants_own_listing_only(
    member, office, etv_draft, claim_listing, green_fields
):
    from tests.market.test_listings import published

    stranger = UserFactory(username="stranger")
    theirs = published(stranger, office, stranger.organisation, [green_fields["1.1.1"]])
    with pytest.raises(ValidationError) as error:
        verification.save_performance_claim(
            actor=member, application=etv_draft, parameters=CLAIMED, listing=theirs
        )
    assert error.value.message_dict == {"listing": ["Choose a listing your organisation owns."]}
    their_benefit = market.add_benefit(
        actor=stranger, listing=theirs, metric="water_saved", value="10", unit="%"
    )
    with pytest.raises(ValidationError) as error:
        verification.save_performance_claim(
            actor=member,
            application=etv_draft,
            parameters=CLAIMED,
            listing=claim_listing,
            benefit=their_benefit,
        )
    assert error.value.message_dict == {"benefit": ["Choose a benefit of the chosen listing."]}
    assert not PerformanceClaim.objects.exists()


def test_only_the_applicant_edits_the_claim_and_only_before_submission(
    member, etv_submitted, etv_draft
):
    stranger = UserFactory(username="stranger")
    with pytest.raises(PermissionDenied):
        verification.save_performance_claim(
            actor=stranger, application=etv_draft, parameters=CLAIMED[:1]
        )
    with pytest.raises(ValidationError) as error:
        verification.save_performance_claim(
            actor=member, application=etv_submitted, parameters=CLAIMED[:1]
        )
    assert error.value.messages == ["This cannot be done while the record is “Submitted”."]
    assert PerformanceClaim.objects.count() == 1


def test_a_scheme_that_does_not_verify_takes_no_claim(member, factory_campaign):
    application = campaigns.save_application(
        actor=member, campaign=factory_campaign, **complete(factory_campaign)
    )
    with pytest.raises(ValidationError) as error:
        verification.save_performance_claim(
            actor=member, application=application, parameters=CLAIMED
        )
    assert error.value.messages == ["This scheme does not verify performance claims."]


# The plan -------------------------------------------------------------------------------------


def test_staff_appoint_an_independent_verifier_and_the_verifier_keeps_the_plan(
    office, member, verifier, verifier_org, etv_submitted, organisation
):
    plan_fields = {
        "parameters": ["COD removal"],
        "test_methods": "HJ 828-2017.",
        "data_requirements": "Field data.",
    }
    with pytest.raises(PermissionDenied):
        verification.save_verification_plan(
            actor=verifier, application=etv_submitted, verifier=verifier_org, **plan_fields
        )
    with pytest.raises(ValidationError) as error:
        verification.save_verification_plan(
            actor=office, application=etv_submitted, verifier=organisation, **plan_fields
        )
    assert error.value.message_dict == {
        "verifier": ["The verification body must be independent of the applicant."]
    }
    assert not VerificationPlan.objects.exists()
    verification.save_verification_plan(
        actor=office, application=etv_submitted, verifier=verifier_org, **plan_fields
    )
    plan = verification.save_verification_plan(
        actor=verifier,
        application=etv_submitted,
        **plan_fields | {"parameters": ["COD removal", "Water recovery"]},
    )
    assert (plan.verifier, plan.claim.version, plan.parameters) == (
        verifier_org,
        1,
        ["COD removal", "Water recovery"],
    )
    with pytest.raises(PermissionDenied):
        verification.save_verification_plan(
            actor=verifier, application=etv_submitted, verifier=OrganisationFactory(), **plan_fields
        )
    with pytest.raises(PermissionDenied):
        verification.save_verification_plan(actor=member, application=etv_submitted, **plan_fields)


def test_a_plan_names_claimed_parameters_methods_and_data(office, verifier_org, etv_submitted):
    with pytest.raises(ValidationError) as error:
        verification.save_verification_plan(
            actor=office,
            application=etv_submitted,
            verifier=verifier_org,
            parameters=["Energy use"],
            test_methods=" ",
            data_requirements="",
        )
    assert error.value.message_dict == {
        "parameters": ["The claim states no parameter Energy use."],
        "test_methods": ["Give the test methods (sampling, measurement, calculation)."],
        "data_requirements": ["Say which test data are needed and of what quality."],
    }
    assert not VerificationPlan.objects.exists()


# Test data ------------------------------------------------------------------------------------


def test_a_data_set_takes_values_of_planned_parameters_only(verifier, lab, etv_plan):
    application = etv_plan.application
    with pytest.raises(ValidationError) as error:
        data_set(verifier, application, lab, [("Energy use", "3")])
    assert error.value.message_dict == {
        "measurements": ["Value 1: the plan verifies no parameter “Energy use”."]
    }
    with pytest.raises(ValidationError) as error:
        data_set(verifier, application, None, [("COD removal", "about 90")], title="")
    assert error.value.message_dict == {
        "title": ["Give the data set a title, such as the test report's."],
        "lab": ["Name the test body or laboratory that produced the data."],
        "measurements": ["Value 1: give the measured COD removal as a number."],
    }
    assert not VerificationDataSet.objects.exists()


def test_the_applicant_supplies_existing_data_with_its_report_file(member, lab, etv_plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gtis.core.models import Attachment

    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 test report", "application/pdf")
    made = data_set(member, etv_plan.application, lab, IN_RANGE, origin="existing", file=upload)
    assert made.status == "pending"
    assert [(m.parameter, str(m.value)) for m in made.measurements.all()] == [
        ("COD removal", "88.5000"),
        ("COD removal", "91.2000"),
        ("Water recovery", "74.0000"),
    ]
    assert [a.original_name for a in Attachment.objects.for_object(made)] == ["report.pdf"]
    assert member.has_perm("core.view_attachment", Attachment.objects.get())


def test_the_staff_of_a_lab_never_accept_or_reject_its_data(
    office, verifier, verifier_org, lab, lab_user, etv_plan
):
    application = etv_plan.application
    # The verification body generated data in its own lab: its staff may not judge them.
    own = data_set(verifier, application, verifier_org, IN_RANGE, title="VB's own tests")
    theirs = data_set(verifier, application, lab, IN_RANGE)
    for actor, made in ((verifier, own), (lab_user, theirs)):
        with pytest.raises(PermissionDenied):
            verification.review_data_set(actor=actor, data_set=made, accepted=True)
    assert set(VerificationDataSet.objects.values_list("status", flat=True)) == {"pending"}
    assert not AuditEvent.objects.filter(action="review_data_set").exists()
    # An independent evaluator may.
    verification.review_data_set(actor=office, data_set=own, accepted=True)
    verification.review_data_set(actor=verifier, data_set=theirs, accepted=True)
    assert set(VerificationDataSet.objects.values_list("status", flat=True)) == {"accepted"}


def test_data_not_accepted_need_a_reason_and_are_reviewed_once(verifier, lab, etv_plan):
    made = data_set(verifier, etv_plan.application, lab, IN_RANGE)
    with pytest.raises(ValidationError) as error:
        verification.review_data_set(actor=verifier, data_set=made, accepted=False, reason=" ")
    assert error.value.message_dict == {"reason": ["Say why the data are not accepted."]}
    verification.review_data_set(
        actor=verifier, data_set=made, accepted=False, reason="No calibration records."
    )
    with pytest.raises(ValidationError) as error:
        verification.review_data_set(actor=verifier, data_set=made, accepted=True)
    assert error.value.messages == ["This data set has already been reviewed: Not accepted."]
    made.refresh_from_db()
    assert (made.status, made.review_reason) == ("rejected", "No calibration records.")


def test_lab_staff_are_not_drawn_for_the_panel_and_cannot_score(
    office, verifier, lab, etv_plan, green_fields
):
    application = etv_plan.application
    application.fields.set([green_fields["1.1.1"]])
    independent = OrganisationFactory(name="示例评审机构")
    at_the_lab = expert("检测中心专家", lab, [green_fields["1.1.1"]])
    at_the_lab.user = UserFactory(username="labexpert", role=Role.EXPERT)
    at_the_lab.save()
    for n in range(3):
        expert(f"独立专家{n}", independent, [green_fields["1.1.1"]])
    assert at_the_lab in campaigns.clean_experts(application)
    data_set(verifier, application, lab, IN_RANGE)
    assert at_the_lab not in campaigns.clean_experts(application)
    for seed in range(5):
        drawn = campaigns.assign_panel(
            actor=office, application=application, rng=random.Random(seed)
        )
        assert at_the_lab.pk not in {a.expert_id for a in drawn}
        application.panel.all().delete()
    # Drawn before the lab's data came in: they cannot declare no conflict.
    assignment = application.panel.create(expert=at_the_lab)
    with pytest.raises(PermissionDenied):
        campaigns.declare_no_conflict(actor=at_the_lab.user, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.state == "invited"


# The report -----------------------------------------------------------------------------------


def report(verifier, application):
    return verification.write_verification_report(
        actor=verifier, application=application, conclusions="Verified under the stated conditions."
    )


def test_accepted_data_within_the_claimed_range_confirm_the_claim(verifier, lab, etv_plan):
    application = etv_plan.application
    accepted(verifier, application, lab, IN_RANGE)
    rejected = data_set(verifier, application, lab, [("COD removal", "60")], title="Pilot 2024")
    verification.review_data_set(
        actor=verifier, data_set=rejected, accepted=False, reason="Not under the plan's conditions."
    )
    written = report(verifier, application)
    assert written.confirmed is True
    assert [
        (r["parameter"], r["count"], r["lowest"], r["highest"], r["mean"], r["outcome"])
        for r in written.results
    ] == [
        ("COD removal", 2, "88.5", "91.2", "89.85", "confirmed"),
        ("Water recovery", 1, "74", "74", "74", "confirmed"),
    ]
    assert written.results[0]["data_sets"] == ["Field test report 2026-01"]


def test_a_value_outside_the_claimed_range_does_not_confirm_it(verifier, lab, etv_plan):
    accepted(verifier, etv_plan.application, lab, [*IN_RANGE, ("Water recovery", "81.5")])
    written = report(verifier, etv_plan.application)
    assert written.confirmed is False
    assert [(r["parameter"], r["outside"], r["outcome"]) for r in written.results] == [
        ("COD removal", 0, "confirmed"),
        ("Water recovery", 1, "not_confirmed"),
    ]


def test_a_parameter_without_accepted_data_is_not_confirmed(verifier, lab, etv_plan):
    data_set(verifier, etv_plan.application, lab, IN_RANGE)  # still awaiting review
    written = report(verifier, etv_plan.application)
    assert written.confirmed is False
    assert {r["outcome"] for r in written.results} == {"no_data"}
    with pytest.raises(ValidationError) as error:
        verification.issue_verification_statement(actor=verifier, application=etv_plan.application)
    assert error.value.messages == [
        "The report does not confirm the claim; no statement can be issued."
    ]
    assert not VerificationStatement.objects.exists()


def test_the_lab_whose_data_were_accepted_cannot_write_the_report(
    office, verifier, verifier_org, etv_plan
):
    own = data_set(verifier, etv_plan.application, verifier_org, IN_RANGE)
    verification.review_data_set(actor=office, data_set=own, accepted=True)
    with pytest.raises(PermissionDenied):
        report(verifier, etv_plan.application)
    assert not VerificationReport.objects.exists()
    assert report(office, etv_plan.application).confirmed is True


def test_a_report_needs_conclusions(verifier, etv_plan):
    with pytest.raises(ValidationError) as error:
        verification.write_verification_report(
            actor=verifier, application=etv_plan.application, conclusions=""
        )
    assert error.value.message_dict == {"conclusions": ["Write the verifier's conclusions."]}


def test_a_newer_claim_than_the_plan_must_be_planned_again(office, member, verifier, lab, etv_plan):
    application = etv_plan.application
    campaigns.return_application(actor=office, application=application, reason="Narrow the claim.")
    verification.save_performance_claim(
        actor=member, application=application, parameters=[CLAIMED[0] | {"maximum": "93"}]
    )
    campaigns.submit_application(actor=member, application=application, pledge=True)
    with pytest.raises(ValidationError) as error:
        report(verifier, application)
    assert error.value.messages == [
        "The claim has a newer version than the plan verifies; update the plan."
    ]
    plan = verification.save_verification_plan(
        actor=verifier,
        application=application,
        parameters=["COD removal"],
        test_methods=etv_plan.test_methods,
        data_requirements=etv_plan.data_requirements,
    )
    assert plan.claim.version == 2
    accepted(verifier, application, lab, [("COD removal", "92")])
    assert report(verifier, application).confirmed is True


# The statement --------------------------------------------------------------------------------


def test_the_statement_is_sealed_public_and_marks_the_benefit_verified(
    verifier, lab, etv_plan, claim_listing
):
    application = etv_plan.application
    accepted(verifier, application, lab, IN_RANGE)
    report(verifier, application)
    statement = verification.issue_verification_statement(actor=verifier, application=application)
    year = datetime.date.today().year
    assert statement.number == f"GTIS-ETV-{year}-{application.pk:06d}"
    assert verification.verify_statement(statement.code) == (statement, "valid")
    assert verification.verify_statement(statement.code.lower()) == (statement, "valid")
    contents = statement.contents
    assert (contents["claim_version"], contents["verifier"], contents["subject"]) == (
        1,
        "示例环境技术验证中心",
        application.subject,
    )
    assert [d["lab"] for d in contents["data_sets"]] == ["示例环境检测中心"]
    assert contents["valid_until"] == f"{year + 3}{datetime.date.today().isoformat()[4:]}"
    benefit = Benefit.objects.get(listing=claim_listing)
    assert (benefit.verified, benefit.verification_reference) == (True, statement.number)
    assert AuditEvent.objects.filter(action="verify_benefit", actor_label="system").exists()


def test_an_altered_statement_or_code_shows_invalid(verifier, lab, etv_plan):
    application = etv_plan.application
    accepted(verifier, application, lab, IN_RANGE)
    report(verifier, application)
    statement = verification.issue_verification_statement(actor=verifier, application=application)
    assert verification.verify_statement("AAAAA-BBBBB-CCCCC-DDDDD") == (None, "invalid")
    statement.contents["parameters"][0]["maximum"] = "99"
    statement.save(update_fields=["contents"])
    assert verification.verify_statement(statement.code) == (None, "invalid")


def test_a_statement_needs_a_current_report_and_closes_the_verification(verifier, lab, etv_plan):
    application = etv_plan.application
    accepted(verifier, application, lab, IN_RANGE)
    with pytest.raises(ValidationError) as error:
        verification.issue_verification_statement(actor=verifier, application=application)
    assert error.value.messages == ["Write the verification report first."]
    report(verifier, application)
    accepted(verifier, application, lab, [("COD removal", "97")], title="Second campaign")
    with pytest.raises(ValidationError) as error:
        verification.issue_verification_statement(actor=verifier, application=application)
    assert error.value.messages == [
        "The test data changed since the report was written; write it again."
    ]
    assert not VerificationStatement.objects.exists()
    VerificationDataSet.objects.filter(title="Second campaign").delete()
    verification.issue_verification_statement(actor=verifier, application=application)
    with pytest.raises(ValidationError) as error:
        data_set(verifier, application, lab, IN_RANGE)
    assert error.value.messages == [
        "The Statement of Verification has been issued; the verification is closed."
    ]


def test_without_a_linked_benefit_no_listing_changes(
    member, office, verifier, verifier_org, lab, etv_draft
):
    verification.save_performance_claim(actor=member, application=etv_draft, parameters=CLAIMED)
    evaluated(member, etv_draft)
    campaigns.submit_application(actor=member, application=etv_draft, pledge=True)
    verification.save_verification_plan(
        actor=office,
        application=etv_draft,
        verifier=verifier_org,
        parameters=["COD removal"],
        test_methods="HJ 828-2017.",
        data_requirements="Field data.",
    )
    accepted(verifier, etv_draft, lab, IN_RANGE[:1])
    report(verifier, etv_draft)
    statement = verification.issue_verification_statement(actor=verifier, application=etv_draft)
    assert statement.contents["listing"] == ""
    assert not AuditEvent.objects.filter(action="verify_benefit").exists()


# Permissions ----------------------------------------------------------------------------------


def test_only_an_assessment_marks_a_market_benefit_verified(member, claim_listing):
    benefit = claim_listing.benefits.get()
    with pytest.raises(PermissionDenied):
        market.mark_benefit_verified(actor=member, benefit=benefit, reference="mine")
    benefit.refresh_from_db()
    assert (benefit.verified, benefit.verification_reference) == (False, "")


def test_who_may_do_what_in_a_verification(users, verifier, lab_user, lab, etv_plan):
    application = etv_plan.application
    made = data_set(verifier, application, lab, IN_RANGE)
    users = dict(users)
    assert_permission_matrix(
        """
        permission                                | office | officer | member | expert | anon
        assessment.edit_claim @app                | n      | n       | y      | n      | n
        assessment.view_verification @app         | y      | n       | y      | n      | n
        assessment.appoint_verifier @app          | y      | n       | n      | n      | n
        assessment.plan_verification @app        | y      | n       | n      | n      | n
        assessment.add_verification_data @app     | y      | n       | y      | n      | n
        assessment.review_verification_data @data | y      | n       | n      | n      | n
        assessment.report_verification @app      | y      | n       | n      | n      | n
        assessment.view_verificationstatement     | y      | y       | y      | y      | y
        """,
        users,
        {"app": application, "data": made},
    )
    assert verifier.has_perm("assessment.plan_verification", application)
    assert verifier.has_perm("assessment.review_verification_data", made)
    assert not lab_user.has_perm("assessment.review_verification_data", made)
    assert not lab_user.has_perm("assessment.view_verification", application)
