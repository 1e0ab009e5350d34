"""Permissions on accounts, departments and organisations."""

from typing import Any

import rules

from gtis.accounts.models import OrganisationRole
from gtis.core.predicates import is_authenticated, is_platform_admin, is_staff


@rules.predicate
def is_self(user: Any, other: Any) -> bool:
    return other is not None and getattr(user, "pk", None) == other.pk


@rules.predicate
def administers_organisation(user: Any, organisation: Any) -> bool:
    return (
        organisation is not None
        and getattr(user, "organisation_id", None) == organisation.pk
        and user.organisation_role == OrganisationRole.ADMIN
    )


@rules.predicate
def belongs_to_organisation(user: Any, organisation: Any) -> bool:
    return organisation is not None and getattr(user, "organisation_id", None) == organisation.pk


rules.add_perm("accounts.view_department", rules.always_allow)
rules.add_perm("accounts.add_department", is_platform_admin)
rules.add_perm("accounts.change_department", is_platform_admin)

rules.add_perm("accounts.view_organisation", rules.always_allow)
rules.add_perm("accounts.add_organisation", is_platform_admin)
rules.add_perm("accounts.change_organisation", is_platform_admin | administers_organisation)
rules.add_perm("accounts.verify_organisation", is_staff)
rules.add_perm("accounts.view_private_contact", is_staff | belongs_to_organisation)

rules.add_perm("accounts.view_user", is_staff | is_self)
rules.add_perm("accounts.add_user", is_platform_admin)
rules.add_perm("accounts.change_user", is_platform_admin)
rules.add_perm("accounts.unlock_user", is_platform_admin)
rules.add_perm("accounts.change_own_account", is_authenticated)
