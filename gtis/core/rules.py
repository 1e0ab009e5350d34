"""Permissions of the platform plumbing."""

import rules

from gtis.core.predicates import is_authenticated, is_job_owner, is_platform_admin, is_staff

rules.add_perm("core.view_auditevent", is_staff)
rules.add_perm("core.export_auditevent", is_staff)
# Which jobs a user sees is BackgroundJob.restriction: their own, or all for an administrator.
rules.add_perm("core.view_backgroundjob", is_authenticated)
rules.add_perm("core.change_backgroundjob", is_authenticated & (is_job_owner | is_platform_admin))
rules.add_perm("core.add_backgroundjob", is_authenticated)
