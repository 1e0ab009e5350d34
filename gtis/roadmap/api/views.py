import datetime
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from gtis.roadmap import selectors, services
from gtis.roadmap.api import serializers
from gtis.roadmap.choices import Status
from gtis.roadmap.models import (
    Baseline,
    CoordinationMeeting,
    Deliverable,
    EscalationEvent,
    Indicator,
    Plan,
    ProgressReport,
)
from gtis.roadmap.status import rollup

AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="Statuses as of this date (default: today)"
)


def _as_of(request: Request) -> Any:
    value = request.query_params.get("as_of")
    if value:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise APIValidationError({"as_of": ["Use a date such as 2020-06-30."]}) from None
    return selectors.parse_as_of(None)


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF]), retrieve=extend_schema(parameters=[AS_OF])
)
class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Roadmaps with their status roll-up as of a date."""

    queryset = Plan.objects.all()
    serializer_class = serializers.PlanSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Plan]:
        return selectors.plans(self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        as_of = _as_of(self.request)
        context["as_of"] = as_of
        rows = selectors.rows_as_of(selectors.deliverables(self.request.user), as_of)
        context["rollups"] = {
            plan.pk: rollup(r.state for r in rows if r.deliverable.plan_id == plan.pk)
            for plan in self.get_queryset()
        }
        return context


@extend_schema_view(
    list=extend_schema(
        parameters=[
            AS_OF,
            OpenApiParameter("plan", str, description="plan code"),
            OpenApiParameter("department", str, description="department code (leads or joins)"),
            OpenApiParameter("status", str, enum=Status.values),
        ]
    ),
    retrieve=extend_schema(parameters=[AS_OF]),
)
class DeliverableViewSet(viewsets.GenericViewSet):
    """Deliverables with their status on `as_of`; close one (销号) with POST …/close/."""

    queryset = Deliverable.objects.all()
    serializer_class = serializers.DeliverableSerializer
    filter_backends: list[Any] = []
    permission_map = {"close": "roadmap.close_deliverable"}

    def get_queryset(self) -> QuerySet[Deliverable]:
        queryset = selectors.deliverables(self.request.user)
        params = self.request.query_params
        if params.get("plan"):
            queryset = queryset.filter(plan__code=params["plan"])
        if params.get("department"):
            queryset = queryset.filter(
                department_links__department__code=params["department"]
            ).distinct()
        return queryset.order_by("plan__code", "number")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "as_of": _as_of(self.request)}

    def list(self, request: Request) -> Response:
        status_filter = request.query_params.get("status")
        if status_filter and status_filter not in Status.values:
            raise APIValidationError({"status": [f"Choose one of {', '.join(Status.values)}."]})
        rows = selectors.rows_as_of(self.get_queryset(), _as_of(request))
        if status_filter:
            rows = [row for row in rows if row.state.status == status_filter]
        page: list[Any] | None = self.paginate_queryset(rows)  # type: ignore[arg-type]
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        deliverable = self.get_object()
        row = selectors.rows_as_of(self.get_queryset().filter(pk=deliverable.pk), _as_of(request))[
            0
        ]
        return Response(self.get_serializer(row).data)

    @extend_schema(request=serializers.CloseSerializer, responses=serializers.DeliverableSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        deliverable = self.get_object()
        data = serializers.CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.close_deliverable(
            actor=request.user, deliverable=deliverable, **data.validated_data
        )
        row = selectors.rows_as_of(self.get_queryset().filter(pk=deliverable.pk), _as_of(request))[
            0
        ]
        return Response(self.get_serializer(row).data)


class ProgressReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Progress reports: officers submit (POST), the coordinating office reviews."""

    queryset = ProgressReport.objects.all()
    serializer_class = serializers.ProgressReportSerializer
    filterset_fields = [
        "state",
        "department__code",
        "deliverable__number",
        "deliverable__plan__code",
    ]
    permission_map = {"create": "roadmap.report", "review": "roadmap.review_report"}

    def get_queryset(self) -> QuerySet[ProgressReport]:
        return (
            ProgressReport.objects.restrict(self.request.user)
            .select_related("deliverable__plan", "department", "submitted_by", "reviewed_by")
            .distinct()
        )

    @extend_schema(
        request=serializers.ReportSubmitSerializer,
        responses={201: serializers.ProgressReportSerializer},
    )
    def create(self, request: Request) -> Response:
        data = serializers.ReportSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        deliverable = get_object_or_404(
            selectors.deliverables(request.user).filter(plan__code=values.pop("plan")),
            number=values.pop("number"),
        )
        report = services.submit_report(actor=request.user, deliverable=deliverable, **values)
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.ReviewSerializer, responses=serializers.ProgressReportSerializer
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: Any = None) -> Response:
        report = self.get_object()
        data = serializers.ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.review_report(actor=request.user, report=report, **data.validated_data)
        return Response(self.get_serializer(report).data)


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings of the coordination mechanism, with their decisions (action items)."""

    queryset = CoordinationMeeting.objects.all()
    serializer_class = serializers.MeetingSerializer

    def get_queryset(self) -> QuerySet[CoordinationMeeting]:
        return (
            CoordinationMeeting.objects.restrict(self.request.user)
            .select_related("plan")
            .prefetch_related("departments_present", "decisions__owner", "decisions__deliverables")
        )


class BaselineViewSet(viewsets.ReadOnlyModelViewSet):
    """Named, immutable snapshots of a plan (filter with `plan`)."""

    queryset = Baseline.objects.all()
    serializer_class = serializers.BaselineSerializer
    filterset_fields = ["plan__code"]
    permission_map = {"list": "roadmap.view_plan", "retrieve": "roadmap.view_plan"}

    def get_queryset(self) -> QuerySet[Baseline]:
        return Baseline.objects.filter(plan__in=selectors.plans(self.request.user)).select_related(
            "plan", "created_by"
        )


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF]), retrieve=extend_schema(parameters=[AS_OF])
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators with their value on `as_of`; POST …/values/ records a measured value."""

    queryset = Indicator.objects.all()
    serializer_class = serializers.IndicatorSerializer
    filterset_fields = ["plan__code"]
    permission_map = {
        "list": "roadmap.view_plan",
        "retrieve": "roadmap.view_plan",
        "values": "roadmap.add_indicatorvalue",
    }

    def get_queryset(self) -> QuerySet[Indicator]:
        return (
            Indicator.objects.restrict(self.request.user)
            .select_related("plan")
            .prefetch_related("values", "deliverables")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "as_of": _as_of(self.request),
            "today": timezone.localdate(),
        }

    @extend_schema(
        request=serializers.IndicatorValueSerializer, responses=serializers.IndicatorSerializer
    )
    @action(detail=True, methods=["post"])
    def values(self, request: Request, pk: Any = None) -> Response:
        indicator = self.get_object()
        data = serializers.IndicatorValueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.record_indicator_value(
            actor=request.user, indicator=indicator, **data.validated_data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=indicator.pk)).data)


class EscalationViewSet(viewsets.ReadOnlyModelViewSet):
    """督查督办 steps: reminders, warnings, 约谈 and 通报 (a department sees its own)."""

    queryset = EscalationEvent.objects.all()
    serializer_class = serializers.EscalationSerializer
    filterset_fields = ["level", "department__code", "deliverable__number"]

    def get_queryset(self) -> QuerySet[EscalationEvent]:
        return EscalationEvent.objects.restrict(self.request.user).select_related(
            "deliverable__plan", "department"
        )
