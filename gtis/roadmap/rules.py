"""Permissions on the roadmap: departments report, the coordinating office reviews and closes."""

from typing import Any

import rules

from gtis.core.predicates import (
    is_authenticated,
    is_coordinating_office,
    is_department_officer,
    is_staff,
)


def _department_ids(deliverable: Any, role: str | None = None) -> set[int]:
    links = deliverable.department_links.all()
    return {link.department_id for link in links if role is None or link.role == role}


@rules.predicate
def works_on_deliverable(user: Any, deliverable: Any) -> bool:
    """The user's department leads or joins the deliverable."""
    return deliverable is not None and user.department_id in _department_ids(deliverable)


@rules.predicate
def leads_deliverable(user: Any, deliverable: Any) -> bool:
    return deliverable is not None and user.department_id in _department_ids(deliverable, "lead")


@rules.predicate
def owns_decision(user: Any, decision: Any) -> bool:
    return decision is not None and decision.owner_id == user.department_id


@rules.predicate
def submitted_report(user: Any, report: Any) -> bool:
    return report is not None and report.department_id == user.department_id


rules.add_perm("roadmap.view_plan", rules.always_allow)
rules.add_perm("roadmap.view_deliverable", rules.always_allow)
rules.add_perm(
    "roadmap.view_progressreport", rules.always_allow
)  # rows: ProgressReport.restriction
rules.add_perm("roadmap.change_plan", is_coordinating_office)
rules.add_perm("roadmap.add_plan", is_coordinating_office)
rules.add_perm("roadmap.change_statusrules", is_coordinating_office)
rules.add_perm("roadmap.add_baseline", is_coordinating_office)
rules.add_perm("roadmap.report", is_department_officer)
rules.add_perm("roadmap.submit_report", is_department_officer & works_on_deliverable)
rules.add_perm("roadmap.attach_evidence", is_department_officer & submitted_report)
rules.add_perm(
    "roadmap.set_participants", is_coordinating_office | (is_department_officer & leads_deliverable)
)
rules.add_perm("roadmap.review_report", is_coordinating_office)
rules.add_perm("roadmap.close_deliverable", is_coordinating_office)
rules.add_perm("roadmap.escalate", is_coordinating_office)
rules.add_perm("roadmap.view_coordinationmeeting", is_staff | is_department_officer)
rules.add_perm("roadmap.add_coordinationmeeting", is_coordinating_office)
rules.add_perm(
    "roadmap.change_decision", is_coordinating_office | (is_department_officer & owns_decision)
)
rules.add_perm("roadmap.add_indicatorvalue", is_coordinating_office)
rules.add_perm("roadmap.add_indicator", is_coordinating_office)
rules.add_perm("roadmap.import_progress", is_coordinating_office | is_department_officer)
rules.add_perm("roadmap.view_escalationevent", is_authenticated)
