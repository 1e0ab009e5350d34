"""Who a user is, as `rules` predicates every engine composes its permissions from."""

from typing import Any

import rules

from gtis.core.roles import Role


def _has_role(*roles: Role) -> rules.Predicate:
    names = "_or_".join(role.value for role in roles)

    @rules.predicate(name=f"has_role_{names}")
    def predicate(user: Any) -> bool:
        return bool(
            getattr(user, "is_authenticated", False) and user.is_active and user.role in roles
        )

    return predicate


is_authenticated = rules.is_authenticated
is_coordinating_office = _has_role(Role.COORDINATING_OFFICE)
is_department_officer = _has_role(Role.DEPARTMENT_OFFICER)
is_organisation_member = _has_role(Role.ORGANISATION_MEMBER)
is_broker = _has_role(Role.BROKER)
is_financial_institution = _has_role(Role.FINANCIAL_INSTITUTION)
is_expert = _has_role(Role.EXPERT)
is_platform_admin = _has_role(Role.PLATFORM_ADMIN)
is_staff = is_coordinating_office | is_platform_admin


@rules.predicate
def acts_for_an_organisation(user: Any) -> bool:
    """A signed-in user acting for an organisation."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "organisation_id", None))


@rules.predicate
def is_job_owner(user: Any, job: Any) -> bool:
    return job is not None and job.started_by_id == getattr(user, "pk", None)


@rules.predicate
def in_same_department(user: Any, obj: Any) -> bool:
    department_id = getattr(user, "department_id", None)
    return obj is not None and department_id is not None and obj_department_id(obj) == department_id


@rules.predicate
def in_same_organisation(user: Any, obj: Any) -> bool:
    organisation_id = getattr(user, "organisation_id", None)
    return (
        obj is not None
        and organisation_id is not None
        and obj_organisation_id(obj) == organisation_id
    )


def obj_department_id(obj: Any) -> int | None:
    return getattr(obj, "department_id", None)


def obj_organisation_id(obj: Any) -> int | None:
    return getattr(obj, "organisation_id", None)
