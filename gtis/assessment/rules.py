"""Permissions of the assessment engine: schemes are public; staff write their versions."""

import rules

from gtis.core.predicates import (
    acts_for_an_organisation,
    is_department_officer,
    is_expert,
    is_staff,
)

rules.add_perm("assessment.view_scheme", rules.always_allow)
rules.add_perm("assessment.change_scheme", is_staff)


@rules.predicate
def applies(user: object, application: object) -> bool:
    organisation = getattr(user, "organisation_id", None)
    return (
        application is not None
        and organisation is not None
        and (getattr(application, "applicant_id", None) == organisation)
    )


@rules.predicate
def is_the_expert(user: object, assignment: object) -> bool:
    expert = getattr(assignment, "expert", None)
    return (
        expert is not None
        and expert.user_id is not None
        and expert.user_id == getattr(user, "pk", None)
    )


rules.add_perm("assessment.view_campaign", rules.always_allow)
rules.add_perm("assessment.add_campaign", is_staff)
rules.add_perm("assessment.change_campaign", is_staff)
rules.add_perm("assessment.add_application", acts_for_an_organisation)
rules.add_perm("assessment.change_application", applies)
rules.add_perm("assessment.view_application", applies | is_staff)
rules.add_perm("assessment.decide_application", is_staff)
rules.add_perm("assessment.answer_assignment", is_the_expert)
rules.add_perm("assessment.review", is_staff | is_expert)
rules.add_perm("assessment.view_assessmentcertificate", rules.always_allow)


@rules.predicate
def reviews(user: object, application: object) -> bool:
    """An expert of the application's panel who declared no conflict of interest."""
    panel = getattr(application, "panel", None)
    return bool(
        panel is not None
        and getattr(user, "is_authenticated", False)
        and panel.filter(expert__user=user, state="accepted").exists()
    )


rules.set_perm("assessment.view_application", applies | is_staff | reviews)
# Who sits on a panel is for the organisers and the panel, never the applicant (blind review).
rules.add_perm("assessment.view_panel", is_staff | reviews)


# After designation: the holder's obligations, re-review (复核) and renewal ----------------------


@rules.predicate
def holds(user: object, obj: object) -> bool:
    """A member of the organisation holding the certificate (or owing the obligation)."""
    organisation = getattr(user, "organisation_id", None)
    if obj is None or organisation is None:
        return False
    holder = getattr(obj, "holder_id", None)
    if holder is None and hasattr(obj, "application"):
        holder = obj.application.applicant_id
    return holder == organisation


rules.add_perm("assessment.view_obligation", holds | is_staff)
rules.add_perm("assessment.submit_obligation", holds)
rules.add_perm("assessment.review_obligation", is_staff & ~holds)
rules.add_perm("assessment.re_review", is_staff & ~holds)
rules.add_perm("assessment.request_renewal", holds)
rules.add_perm("assessment.view_renewalrequest", holds | is_staff)
rules.add_perm("assessment.view_designationaction", rules.always_allow)
# ISO 14034 verification --------------------------------------------------------------------


@rules.predicate
def verifies(user: object, application: object) -> bool:
    """A member of the verification body the application's plan appoints."""
    organisation = getattr(user, "organisation_id", None)
    plan = getattr(application, "verification_plan", None)
    return organisation is not None and plan is not None and plan.verifier_id == organisation


@rules.predicate
def verifies_the_data(user: object, data_set: object) -> bool:
    return data_set is not None and verifies(user, data_set.plan.application)  # type: ignore[attr-defined]


@rules.predicate
def works_at_the_lab(user: object, data_set: object) -> bool:
    """The staff of the test body that produced the data set (ISO 14034 via the EU ETV GVP:
    test staff are independent of the staff who evaluate the results)."""
    organisation = getattr(user, "organisation_id", None)
    return organisation is not None and getattr(data_set, "lab_id", None) == organisation


@rules.predicate
def tested_accepted_data(user: object, application: object) -> bool:
    """The user's organisation produced test data accepted for the application."""
    from gtis.assessment.verification_selectors import lab_ids

    organisation = getattr(user, "organisation_id", None)
    return organisation is not None and organisation in lab_ids(application, accepted_only=True)


@rules.predicate
def tests_for_the_application(user: object, assignment: object) -> bool:
    """The expert (or their organisation) is a lab of the assigned application's test data."""
    from gtis.assessment.verification_selectors import lab_ids

    application = getattr(assignment, "application", None)
    if application is None:
        return False
    labs = lab_ids(application)
    expert = getattr(assignment, "expert", None)
    return bool(labs) and (
        getattr(expert, "affiliation_id", None) in labs
        or getattr(user, "organisation_id", None) in labs
    )


rules.add_perm("assessment.edit_claim", applies)
rules.add_perm("assessment.view_verification", applies | is_staff | reviews | verifies)
rules.add_perm("assessment.appoint_verifier", is_staff)
rules.add_perm("assessment.plan_verification", is_staff | verifies)
rules.add_perm("assessment.add_verification_data", applies | is_staff | verifies)
rules.add_perm(
    "assessment.review_verification_data", (is_staff | verifies_the_data) & ~works_at_the_lab
)
rules.add_perm("assessment.report_verification", (is_staff | verifies) & ~tested_accepted_data)
rules.add_perm("assessment.view_verificationstatement", rules.always_allow)
# The staff of a test body never declare for nor score an application whose test data it
# produced; they may still decline.
rules.add_perm("assessment.score_assignment", is_the_expert & ~tests_for_the_application)


@rules.predicate
def sees_the_data(user: object, data_set: object) -> bool:
    return data_set is not None and bool(
        user.has_perm("assessment.view_verification", data_set.plan.application)  # type: ignore[attr-defined]
    )


@rules.predicate
def supplies_the_data(user: object, data_set: object) -> bool:
    return data_set is not None and bool(
        user.has_perm("assessment.add_verification_data", data_set.plan.application)  # type: ignore[attr-defined]
    )


# A data set's file is seen by whoever sees the verification (core.view_attachment asks this).
rules.add_perm("assessment.view_verificationdataset", sees_the_data)
rules.add_perm("assessment.attach_verification_data", supplies_the_data)
# The appointed verification body reviews the application it verifies.
rules.set_perm("assessment.view_application", applies | is_staff | reviews | verifies)


@rules.predicate
def evaluates(user: object, application: object) -> bool:
    """A member of the organisation the application names as its third-party evaluator."""
    organisation = getattr(user, "organisation_id", None)
    return (
        application is not None
        and organisation is not None
        and getattr(application, "evaluator_id", None) == organisation
    )


@rules.predicate
def organised_the_campaign(user: object, application: object) -> bool:
    """An officer of the department that organised the application's campaign: the unit that
    recommends its decided list to the next tier."""
    department = getattr(user, "department_id", None)
    campaign = getattr(application, "campaign", None)
    return department is not None and getattr(campaign, "organiser_id", None) == department


rules.add_perm("assessment.sign_liability_pledge", evaluates)
rules.add_perm(
    "assessment.recommend_application", is_staff | (is_department_officer & organised_the_campaign)
)
