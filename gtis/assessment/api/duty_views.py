from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gtis.assessment import duties, duty_selectors
from gtis.assessment.api import duty_serializers as serializers
from gtis.assessment.models import DesignationAction, Obligation


class ObligationViewSet(viewsets.ReadOnlyModelViewSet):
    """Obligations after designation: a holder's members see theirs, staff every one; filter
    by `state` or `duty`. The holder submits; staff accept or return."""

    queryset = Obligation.objects.all()
    serializer_class = serializers.ObligationSerializer
    filterset_fields = ["state", "duty"]
    ordering_fields = ["due_on", "grace_until"]
    permission_map = {
        "list": None,
        "retrieve": None,
        "submit": "assessment.submit_obligation",
        "accept": "assessment.review_obligation",
        "return_for_correction": "assessment.review_obligation",
    }

    def get_queryset(self) -> QuerySet[Obligation]:
        return duty_selectors.obligations(self.request.user)

    def _read(self, obligation: Obligation) -> dict[str, Any]:
        return serializers.ObligationSerializer(
            self.get_queryset().get(pk=obligation.pk), context=self.get_serializer_context()
        ).data

    @extend_schema(
        request=serializers.ObligationSubmitSerializer, responses=serializers.ObligationSerializer
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        """The holder's report, its figures (name: number) and an optional file."""
        obligation = self.get_object()
        data = serializers.ObligationSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        duties.submit_obligation(actor=request.user, obligation=obligation, **data.validated_data)
        return Response(self._read(obligation))

    @extend_schema(
        request=serializers.ObligationReviewSerializer, responses=serializers.ObligationSerializer
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        """Staff accept the submission (lifting a suspension it caused)."""
        obligation = self.get_object()
        data = serializers.ObligationReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        duties.accept_obligation(actor=request.user, obligation=obligation, **data.validated_data)
        return Response(self._read(obligation))

    @extend_schema(
        request=serializers.ObligationReviewSerializer, responses=serializers.ObligationSerializer
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_correction(self, request: Request, pk: Any = None) -> Response:
        """Staff send the submission back with what to correct (`comment`)."""
        obligation = self.get_object()
        data = serializers.ObligationReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        duties.return_obligation(actor=request.user, obligation=obligation, **data.validated_data)
        return Response(self._read(obligation))


class DesignationActionViewSet(viewsets.ReadOnlyModelViewSet):
    """The public record of designations suspended, reinstated, removed or renewed."""

    queryset = DesignationAction.objects.all()
    serializer_class = serializers.DesignationActionSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[DesignationAction]:
        return duty_selectors.designation_actions()
