"""Reads of the after-designation pages and API: obligations as a user may see them, counted
per state, and the public record of what happened to designations."""

from typing import Any

from django.db.models import Count, QuerySet

from gtis.assessment.models import DesignationAction, Obligation, ObligationState, RenewalRequest


def obligations(user: Any, state: str = "") -> QuerySet[Obligation]:
    """The obligations `user` may see (staff: all; a holder's members: theirs), soonest due
    first, optionally of one state; one query."""
    rows = (
        Obligation.objects.restrict(user, "view")
        .select_related("certificate__application", "holder")
        .order_by("due_on", "pk")
    )
    return rows.filter(state=state) if state in ObligationState.values else rows


def counts_by_state(user: Any) -> list[tuple[str, Any, int]]:
    """(state, label, number) of the obligations `user` may see, for every state."""
    found = dict(
        Obligation.objects.restrict(user, "view")
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return [(value, label, found.get(value, 0)) for value, label in ObligationState.choices]


def designation_actions() -> QuerySet[DesignationAction]:
    """The public record, newest first: date, action, cause, reason, certificate; one query."""
    return DesignationAction.objects.select_related("certificate__application__applicant").order_by(
        "-taken_on", "-pk"
    )


def waiting_renewals(user: Any) -> QuerySet[RenewalRequest]:
    return (
        RenewalRequest.objects.restrict(user, "view")
        .filter(state="requested")
        .select_related("certificate__application", "holder")
        .order_by("requested_at", "pk")
    )
