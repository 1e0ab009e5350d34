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
