"""The platform's URLs plus bare Django views: the baseline each scenario is measured against."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from gtis.accounts.models import User
from gtis.core.models import AuditEvent
from gtis.roadmap.models import Deliverable

PAGE = 50


def bare_audit_events(request: HttpRequest) -> JsonResponse:
    rows = list(
        AuditEvent.objects.order_by("-occurred_at", "-id").values(
            "id", "occurred_at", "actor_label", "action", "object_repr"
        )[:PAGE]
    )
    return JsonResponse({"results": rows})


def bare_users(request: HttpRequest) -> JsonResponse:
    rows = list(
        User.objects.order_by("username").values("id", "username", "full_name", "role")[:PAGE]
    )
    return JsonResponse({"results": rows})


def bare_deliverables(request: HttpRequest) -> JsonResponse:
    rows = list(
        Deliverable.objects.order_by("number").values(
            "id", "number", "text", "period_start", "period_end"
        )
    )
    return JsonResponse({"results": rows})


urlpatterns = [
    path("bare/deliverables/", bare_deliverables),
    path("bare/audit-events/", bare_audit_events),
    path("bare/users/", bare_users),
    path("", include("gtis.urls")),
]
