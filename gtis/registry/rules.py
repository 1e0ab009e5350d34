"""Permissions of the registry: staff verify and designate; everyone reads public records."""

import rules

from gtis.core.predicates import is_staff

rules.add_perm("registry.view_programme", rules.always_allow)
rules.add_perm("registry.view_designation", rules.always_allow)
rules.add_perm("registry.add_programme", is_staff)
rules.add_perm("registry.add_designation", is_staff)
rules.add_perm("registry.change_designation", is_staff)
rules.add_perm("registry.view_policy", rules.always_allow)
rules.add_perm("registry.change_policy", is_staff)
rules.add_perm("registry.view_standard", rules.always_allow)
rules.add_perm("registry.change_standard", is_staff)
