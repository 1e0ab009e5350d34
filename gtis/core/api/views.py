from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gtis.core import selectors, services
from gtis.core.api.serializers import AuditEventSerializer, BackgroundJobSerializer
from gtis.core.filtersets import AuditEventFilterSet, BackgroundJobFilterSet
from gtis.core.models import AuditEvent, BackgroundJob


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail (coordinating office and platform administrators)."""

    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet
    ordering_fields = ["occurred_at", "action", "actor_label"]

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return selectors.audit_events(self.request.user)


class BackgroundJobViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Background jobs: progress, result and error of the jobs you started."""

    queryset = BackgroundJob.objects.all()
    serializer_class = BackgroundJobSerializer
    filterset_class = BackgroundJobFilterSet
    ordering_fields = ["created_at", "status"]
    permission_map = {"cancel": "core.change_backgroundjob", "resume": "core.change_backgroundjob"}

    def get_queryset(self) -> QuerySet[BackgroundJob]:
        return selectors.background_jobs(self.request.user)

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        job = services.request_job_cancel(actor=request.user, job=self.get_object())
        return Response(self.get_serializer(job).data)

    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: Any = None) -> Response:
        job = services.resume_job(actor=request.user, job=self.get_object())
        return Response(self.get_serializer(job).data)
