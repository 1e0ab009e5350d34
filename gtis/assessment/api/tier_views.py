"""API actions of campaign tiers and third-party evaluation, mixed into the campaign and
application viewsets: a quota, a recommendation, the evaluator and its liability pledge. Who
may act is the services' business; each refusal names the field."""

from collections.abc import Callable
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gtis.assessment import evaluators, tiers
from gtis.assessment.api import tier_serializers
from gtis.assessment.models import Application, Campaign


class CampaignTierActions:
    """`quota`: staff set a recommending unit's quota in a higher-tier campaign."""

    @extend_schema(
        request=tier_serializers.QuotaInputSerializer, responses=tier_serializers.QuotaSerializer
    )
    @action(detail=True, methods=["post"])
    def quota(self, request: Request, pk: Any = None) -> Response:
        campaign = get_object_or_404(Campaign, pk=pk)
        data = tier_serializers.QuotaInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tiers.set_quota(actor=request.user, campaign=campaign, **data.validated_data)
        row = tiers.quotas_with_use().get(campaign=campaign, unit=data.validated_data["unit"])
        return Response(tier_serializers.QuotaSerializer(row).data)


class ApplicationTierActions:
    """`recommend` an application of a decided list to the next tier (201: the candidate);
    name its `evaluator`; the evaluator's staff sign the `liability_pledge`."""

    # The application viewset's: the application as the reader sees it after acting.
    _read: Callable[[Application], Any]

    @extend_schema(request=None, responses={201: None})
    @action(detail=True, methods=["post"])
    def recommend(self, request: Request, pk: Any = None) -> Response:
        application = _application(pk)
        candidate = tiers.recommend(actor=request.user, application=application)
        return Response(self._read(candidate), status=status.HTTP_201_CREATED)

    @extend_schema(request=tier_serializers.EvaluatorInputSerializer)
    @action(detail=True, methods=["post"])
    def evaluator(self, request: Request, pk: Any = None) -> Response:
        application = _application(pk)
        data = tier_serializers.EvaluatorInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evaluators.name_evaluator(
            actor=request.user, application=application, **data.validated_data
        )
        return Response(self._read(application))

    @extend_schema(request=tier_serializers.LiabilityPledgeSerializer)
    @action(detail=True, methods=["post"], url_path="liability-pledge")
    def liability_pledge(self, request: Request, pk: Any = None) -> Response:
        application = _application(pk)
        data = tier_serializers.LiabilityPledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evaluators.sign_liability_pledge(
            actor=request.user, application=application, **data.validated_data
        )
        return Response(self._read(application))


def _application(pk: Any) -> Application:
    """The application acted on: the services decide who may act, since the recommending unit
    and the evaluator do not see it among their own applications."""
    return get_object_or_404(
        Application.objects.select_related("campaign__feeds", "campaign__organiser", "evaluator"),
        pk=pk,
    )
