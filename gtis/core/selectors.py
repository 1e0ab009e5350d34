"""Reads of the platform plumbing that pages and the API share."""

from typing import Any

from django.db.models import QuerySet

from gtis.core.filtersets import AuditEventFilterSet
from gtis.core.models import AuditEvent, BackgroundJob


def audit_events(user: Any) -> QuerySet[AuditEvent]:
    """Audit events this user may browse, with what the list shows."""
    return AuditEvent.objects.restrict(user).select_related("object_type")


def audit_events_for_export(filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Every audit event matching the audit page's filters, oldest first."""
    filterset = AuditEventFilterSet(filters or None, queryset=AuditEvent.objects.all())
    events = filterset.qs if filterset.is_bound else filterset.queryset
    return events.select_related("object_type").order_by("pk")


def background_jobs(user: Any) -> QuerySet[BackgroundJob]:
    """Jobs this user may see: their own, or every job for an administrator."""
    return BackgroundJob.objects.restrict(user).select_related("started_by")
