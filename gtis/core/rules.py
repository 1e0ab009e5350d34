"""Permissions of the platform plumbing."""

from typing import Any

import rules

from gtis.core.predicates import is_authenticated, is_job_owner, is_platform_admin, is_staff

rules.add_perm("core.view_auditevent", is_staff)
rules.add_perm("core.export_auditevent", is_staff)
# Which jobs a user sees is BackgroundJob.restriction: their own, or all for an administrator.
rules.add_perm("core.view_backgroundjob", is_authenticated)
rules.add_perm("core.change_backgroundjob", is_authenticated & (is_job_owner | is_platform_admin))
rules.add_perm("core.add_backgroundjob", is_authenticated)


@rules.predicate
def may_view_attached_record(user: Any, attachment: Any) -> bool:
    if attachment is None:
        return False
    meta = attachment.content_type
    return bool(user.has_perm(f"{meta.app_label}.view_{meta.model}", attachment.target))


rules.add_perm("core.view_attachment", may_view_attached_record)
rules.add_perm("core.view_notification", is_authenticated)
