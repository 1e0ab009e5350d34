from typing import Any

from django.db.models import Prefetch, QuerySet
from rest_framework import viewsets

from gtis.assessment import selectors, tiers
from gtis.assessment.api import serializers
from gtis.assessment.api.tier_views import ApplicationTierActions, CampaignTierActions
from gtis.assessment.models import Application, AssessmentCertificate, Campaign, Scheme


class SchemeViewSet(viewsets.ReadOnlyModelViewSet):
    """The assessment schemes, public, each with every version's full definition; by code."""

    queryset = Scheme.objects.all()
    serializer_class = serializers.SchemeSerializer
    lookup_field = "code"
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Scheme]:
        return selectors.scheme_list()


class CampaignViewSet(CampaignTierActions, viewsets.ReadOnlyModelViewSet):
    """Campaigns, public: the scheme version each keeps, organiser, tier, window and `state`;
    the campaign it recommends to (`feeds`), those recommending to it (`fed_by`) and the
    recommending units' `quotas` with their use."""

    queryset = (
        Campaign.objects.select_related("version__scheme")
        .prefetch_related("fed_by", Prefetch("quotas", queryset=tiers.quotas_with_use()))
        .order_by("-opens_on", "-pk")
    )
    serializer_class = serializers.CampaignSerializer
    filter_backends: list[Any] = []


class ApplicationViewSet(ApplicationTierActions, viewsets.ReadOnlyModelViewSet):
    """Applications: an organisation's own, those assigned to an expert, every one for staff."""

    queryset = Application.objects.all()
    serializer_class = serializers.ApplicationSerializer
    filter_backends: list[Any] = []
    permission_map = {"list": None, "retrieve": None}

    def get_queryset(self) -> QuerySet[Application]:
        return (
            Application.objects.restrict(self.request.user, "view")
            .prefetch_related("panel__expert")
            .order_by("-updated_at", "-pk")
        )


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    """Certificates the assessment engine issued, public, each with its `verification_url`."""

    queryset = AssessmentCertificate.objects.order_by("-issued_at", "-pk")
    serializer_class = serializers.CertificateSerializer
    filter_backends: list[Any] = []
