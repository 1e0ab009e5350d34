from django.db.models import QuerySet
from rest_framework import viewsets

from gtis.accounts.api.views import OrganisationViewSet as AccountsOrganisationViewSet
from gtis.registry import selectors
from gtis.registry.api.serializers import DesignationSerializer, ProgrammeSerializer
from gtis.registry.models import Designation, Programme


class OrganisationViewSet(AccountsOrganisationViewSet):
    """The registry's directory of organisations: search, kind, province and programme."""

    def get_queryset(self):  # type: ignore[no-untyped-def]
        params = self.request.query_params
        return selectors.directory(
            self.request.user,
            search=params.get("search", "").strip(),
            kind=params.get("kind", ""),
            province=params.get("province", ""),
            programme=params.get("programme", ""),
        )


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Programmes and lists that designate organisations."""

    queryset = Programme.objects.all()
    serializer_class = ProgrammeSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Programme]:
        return selectors.programmes()


class DesignationViewSet(viewsets.ReadOnlyModelViewSet):
    """Designations (filter by programme code, organisation, batch, status)."""

    queryset = Designation.objects.all()
    serializer_class = DesignationSerializer
    filterset_fields = ["programme__code", "organisation", "batch", "status"]

    def get_queryset(self) -> QuerySet[Designation]:
        return Designation.objects.restrict(self.request.user).select_related(
            "programme", "organisation"
        )
