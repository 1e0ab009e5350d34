"""Permissions of the registry: staff verify and designate; an organisation's admins keep the
networks it leads and the sites it hosts; experts keep their own profile; everyone reads public
records."""

from typing import Any

import rules

from gtis.accounts.models import OrganisationRole
from gtis.core.predicates import is_department_officer, is_staff


@rules.predicate
def is_organisation_admin(user: Any) -> bool:
    return bool(
        getattr(user, "organisation_id", None) and user.organisation_role == OrganisationRole.ADMIN
    )


def _administers(attribute: str) -> rules.Predicate:
    @rules.predicate(name=f"administers_{attribute}")
    def predicate(user: Any, record: Any) -> bool:
        return (
            record is not None
            and is_organisation_admin(user)
            and getattr(record, f"{attribute}_id") == user.organisation_id
        )

    return predicate


@rules.predicate
def is_own_expert_profile(user: Any, expert: Any) -> bool:
    return (
        expert is not None and getattr(user, "pk", None) is not None and expert.user_id == user.pk
    )


administers_leader = _administers("leader")
administers_host = _administers("host")

rules.add_perm("registry.view_programme", rules.always_allow)
rules.add_perm("registry.view_designation", rules.always_allow)
rules.add_perm("registry.add_programme", is_staff)
rules.add_perm("registry.add_designation", is_staff)
rules.add_perm("registry.change_designation", is_staff)

# Credit records are public; staff record and repair them (the IP engine will, as the system).
rules.add_perm("registry.view_creditrecord", rules.always_allow)
rules.add_perm("registry.add_creditrecord", is_staff)
rules.add_perm("registry.change_creditrecord", is_staff)

rules.add_perm("registry.view_policy", rules.always_allow)
rules.add_perm("registry.add_policy", is_staff)
rules.add_perm("registry.change_policy", is_staff)
rules.add_perm("registry.view_standard", rules.always_allow)
rules.add_perm("registry.add_standard", is_staff)
rules.add_perm("registry.change_standard", is_staff)

rules.add_perm("registry.view_expert", rules.always_allow)
rules.add_perm("registry.add_expert", is_staff)
rules.add_perm("registry.change_expert", is_staff | is_own_expert_profile)
rules.add_perm("registry.view_expert_contact", is_staff | is_own_expert_profile)

rules.add_perm("registry.view_network", rules.always_allow)
rules.add_perm("registry.add_network", is_staff | is_organisation_admin)
rules.add_perm("registry.change_network", is_staff | administers_leader)

rules.add_perm("registry.view_site", rules.always_allow)
rules.add_perm("registry.add_site", is_staff | is_organisation_admin)
rules.add_perm("registry.change_site", is_staff | administers_host)

rules.add_perm("registry.view_event", rules.always_allow)
rules.add_perm("registry.add_event", is_staff | is_department_officer)
rules.add_perm("registry.change_event", is_staff | is_department_officer)
