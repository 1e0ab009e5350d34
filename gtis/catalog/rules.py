"""Permissions on taxonomies and catalogue editions."""

from typing import Any

import rules

from gtis.core.predicates import is_coordinating_office, is_department_officer, is_platform_admin

is_office_or_admin = is_coordinating_office | is_platform_admin


@rules.predicate
def manages_edition(user: Any, edition: Any) -> bool:
    """The user's department manages the edition (or, for a new one, is the given department)."""
    if edition is None:
        return False
    department_id = getattr(edition, "owner_department_id", getattr(edition, "pk", None))
    return department_id is not None and department_id == user.department_id


rules.add_perm("catalog.view_taxonomy", rules.always_allow)
rules.add_perm("catalog.view_taxonomynode", rules.always_allow)
rules.add_perm("catalog.view_catalogueedition", rules.always_allow)  # rows: restriction()
rules.add_perm("catalog.view_catalogueentry", rules.always_allow)
rules.add_perm("catalog.classify", rules.always_allow)
rules.add_perm("catalog.change_taxonomy", is_office_or_admin)
rules.add_perm(
    "catalog.add_catalogueedition",
    is_coordinating_office | (is_department_officer & manages_edition),
)
rules.add_perm(
    "catalog.change_catalogueedition",
    is_coordinating_office | (is_department_officer & manages_edition),
)
rules.add_perm(
    "catalog.review_catalogueedition",
    is_coordinating_office | (is_department_officer & manages_edition),
)
