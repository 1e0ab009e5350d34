"""Permissions of the assessment engine: schemes are public; staff write their versions."""

import rules

from gtis.core.predicates import is_staff

rules.add_perm("assessment.view_scheme", rules.always_allow)
rules.add_perm("assessment.change_scheme", is_staff)
