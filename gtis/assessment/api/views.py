from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from gtis.assessment import rounds, selectors
from gtis.assessment.api import serializers
from gtis.assessment.forms import ResolutionForm
from gtis.assessment.models import Application, AssessmentCertificate, Campaign, Scheme


class SchemeViewSet(viewsets.ReadOnlyModelViewSet):
    """The assessment schemes, public, each with every version's full definition; by code."""

    queryset = Scheme.objects.all()
    serializer_class = serializers.SchemeSerializer
    lookup_field = "code"
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Scheme]:
        return selectors.scheme_list()


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """Campaigns, public: the scheme version each keeps, organiser, tier, window and `state`,
    its rounds of review and the catalogue edition its decision published; staff `act` on
    one (close_round)."""

    queryset = Campaign.objects.select_related("version__scheme").order_by("-opens_on", "-pk")
    serializer_class = serializers.CampaignSerializer
    filter_backends: list[Any] = []
    # Campaigns are public; who may act is the services' business.
    permission_map = {"act": None}

    @extend_schema(
        request=serializers.CampaignActionSerializer, responses=serializers.CampaignSerializer
    )
    @action(detail=True, methods=["post"])
    def act(self, request: Request, pk: Any = None) -> Response:
        """Take one of the campaign's round actions; a refusal names the state or the field."""
        campaign = self.get_object()
        choice = serializers.CampaignActionSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        rounds.CAMPAIGN_ACTIONS[choice.validated_data["action"]].service(
            actor=request.user, campaign=campaign
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=campaign.pk)).data)


class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Applications: an organisation's own, those assigned to an expert, every one for staff."""

    queryset = Application.objects.all()
    serializer_class = serializers.ApplicationSerializer
    filter_backends: list[Any] = []
    permission_map = {"list": None, "retrieve": None, "act": None}

    def get_queryset(self) -> QuerySet[Application]:
        return (
            Application.objects.restrict(self.request.user, "view")
            .prefetch_related("panel__expert", "resolutions")
            .order_by("-updated_at", "-pk")
        )

    @extend_schema(
        request=serializers.ApplicationActionSerializer,
        responses=serializers.ApplicationSerializer,
    )
    @action(detail=True, methods=["post"])
    def act(self, request: Request, pk: Any = None) -> Response:
        """Take one of the application's round actions (resolve: `outcome`, `reasons`); a
        refusal names the state or the field."""
        application = self.get_object()
        choice = serializers.ApplicationActionSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        form = ResolutionForm(request.data)
        if not form.is_valid():
            raise APIValidationError(
                {name: [str(m) for m in problems] for name, problems in form.errors.items()}
            )
        rounds.APPLICATION_ACTIONS[choice.validated_data["action"]].service(
            actor=request.user, application=application, **form.cleaned_data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data)


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    """Certificates the assessment engine issued, public, each with its `verification_url`."""

    queryset = AssessmentCertificate.objects.order_by("-issued_at", "-pk")
    serializer_class = serializers.CertificateSerializer
    filter_backends: list[Any] = []
