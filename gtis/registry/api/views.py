import datetime
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from gtis.accounts.api.views import OrganisationViewSet as AccountsOrganisationViewSet
from gtis.accounts.models import Organisation
from gtis.accounts.regions import Province
from gtis.registry import selectors, services
from gtis.registry.api import serializers
from gtis.registry.models import (
    Availability,
    CreditRecord,
    DeclaredRelationship,
    Designation,
    Event,
    EventKind,
    Expert,
    Network,
    NetworkKind,
    NetworkMembership,
    PastAffiliation,
    Policy,
    PolicyLevel,
    PolicyStatus,
    Programme,
    Site,
    SiteKind,
    SiteStatus,
    Standard,
)

ViewSet = TypeVar("ViewSet", bound=type)


def filtered_by(*parameters: OpenApiParameter) -> Callable[[ViewSet], ViewSet]:
    """The list's query parameters, documented in the schema and checked on every request:
    a value outside the parameter's `enum` or `pattern` is a 400 naming the parameter."""

    def decorate(viewset: ViewSet) -> ViewSet:
        viewset.list_filters = parameters  # type: ignore[attr-defined]
        return extend_schema_view(list=extend_schema(parameters=list(parameters)))(viewset)

    return decorate


class RecordViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet, ABC
):
    """A registry record: read from the engine's selector, created and updated through its
    service, which checks the permission again, validates, saves and audits."""

    list_filters: tuple[OpenApiParameter, ...] = ()
    # The selectors do the filtering; `list_filters` names their parameters.
    filter_backends: list[Any] = []

    def filter_values(self) -> dict[str, str]:
        """The list's filters from the query string (none for other actions)."""
        if self.action != "list":
            return {}
        values = {}
        for parameter in self.list_filters:
            value = self.request.query_params.get(parameter.name, "").strip()
            if value and parameter.enum is not None and value not in parameter.enum:
                raise APIValidationError(
                    {parameter.name: [_("Choose one of: %s.") % ", ".join(parameter.enum)]}
                )
            if (
                value
                and parameter.pattern is not None
                and not re.fullmatch(parameter.pattern, value)
            ):
                raise APIValidationError(
                    {parameter.name: [_("Enter a value matching %s.") % parameter.pattern]}
                )
            values[parameter.name] = value
        return values

    @abstractmethod
    def save_with_service(self, record: Any, data: dict[str, Any]) -> Model:
        """Create (`record` None) or update the record through the engine's service."""

    def perform_create(self, serializer: BaseSerializer) -> None:
        record = self.save_with_service(None, dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=record.pk)

    def perform_update(self, serializer: BaseSerializer) -> None:
        record = self.save_with_service(serializer.instance, dict(serializer.validated_data))
        # Read again, so that the answer shows the relations as saved, not as prefetched before.
        serializer.instance = self.get_queryset().get(pk=record.pk)


def _related(record: Model | None, data: dict[str, Any], name: str) -> Any:
    """The related records given, or on a partial update the record's current ones (the
    services set a many-to-many relation to exactly what they are given)."""
    if name in data:
        return data.pop(name)
    return list(getattr(record, name).all()) if record is not None else []


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
    serializer_class = serializers.ProgrammeSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Programme]:
        return selectors.programmes()


class DesignationViewSet(viewsets.ReadOnlyModelViewSet):
    """Designations of organisations and sites (filter by programme code, organisation, site,
    batch, status); staff designate (POST), renew and revoke."""

    queryset = Designation.objects.all()
    serializer_class = serializers.DesignationSerializer
    filterset_fields = ["programme__code", "organisation", "site", "batch", "status"]
    permission_map = {
        "renew": "registry.change_designation",
        "revoke": "registry.change_designation",
    }

    def get_queryset(self) -> QuerySet[Designation]:
        return Designation.objects.restrict(self.request.user).select_related(
            "programme", "organisation", "site"
        )

    @extend_schema(
        request=serializers.DesignateSerializer,
        responses={201: serializers.DesignationSerializer},
    )
    def create(self, request: Request) -> Response:
        data = serializers.DesignateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        designation = services.designate(actor=request.user, **data.validated_data)
        return Response(self.get_serializer(designation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.RenewSerializer, responses=serializers.DesignationSerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request: Request, pk: Any = None) -> Response:
        designation = self.get_object()
        data = serializers.RenewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        designation = services.renew(
            actor=request.user, designation=designation, **data.validated_data
        )
        return Response(self.get_serializer(designation).data)

    @extend_schema(
        request=serializers.RevokeSerializer, responses=serializers.DesignationSerializer
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: Any = None) -> Response:
        designation = self.get_object()
        data = serializers.RevokeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        designation = services.revoke(
            actor=request.user, designation=designation, reason=data.validated_data["reason"]
        )
        return Response(self.get_serializer(designation).data)


class CreditRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """Credit records of organisations (filter by organisation and kind), public; staff record
    them (POST) and repair them, through the registry's services."""

    queryset = CreditRecord.objects.all()
    serializer_class = serializers.CreditRecordSerializer
    filterset_fields = ["organisation", "kind"]
    permission_map = {"repair": "registry.change_creditrecord"}

    def get_queryset(self) -> QuerySet[CreditRecord]:
        return CreditRecord.objects.restrict(self.request.user).select_related("organisation")

    @extend_schema(
        request=serializers.RecordCreditEventSerializer,
        responses={201: serializers.CreditRecordSerializer},
    )
    def create(self, request: Request) -> Response:
        data = serializers.RecordCreditEventSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        record = services.record_credit_event(actor=request.user, **data.validated_data)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.RepairCreditRecordSerializer,
        responses=serializers.CreditRecordSerializer,
    )
    @action(detail=True, methods=["post"])
    def repair(self, request: Request, pk: Any = None) -> Response:
        record = self.get_object()
        data = serializers.RepairCreditRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.repair_credit_record(
            actor=request.user, record=record, **data.validated_data
        )
        return Response(self.get_serializer(record).data)


CONFLICT_PARAMETERS = [
    OpenApiParameter(
        "organisations",
        str,
        required=True,
        description="ids of the organisations whose work is evaluated, comma-separated",
    ),
    OpenApiParameter("on", OpenApiTypes.DATE, description="the day of the evaluation (today)"),
]


@filtered_by(
    OpenApiParameter("search", str, description="a fragment of the name, expertise or affiliation"),
    OpenApiParameter(
        "field", str, description="a field's code in gic-2019 (its sub-fields are included)"
    ),
    OpenApiParameter("availability", str, enum=Availability.values),
)
class ExpertViewSet(RecordViewSet):
    """The expert pool (the public sees listed experts; contacts are for staff and the expert);
    staff add experts, staff and the expert themself update the profile."""

    queryset = Expert.objects.all()
    serializer_class = serializers.ExpertSerializer
    permission_map = {
        "past_affiliations": "registry.change_expert",
        "relationships": "registry.change_expert",
        # Whose interests an expert has is for staff (and the expert) only, like the contacts.
        "conflicts": "registry.view_expert_contact",
    }

    def get_queryset(self) -> QuerySet[Expert]:
        return selectors.experts(self.request.user, **self.filter_values()).prefetch_related(
            Prefetch(
                "past_affiliations",
                queryset=PastAffiliation.objects.select_related("organisation"),
            ),
            Prefetch(
                "relationships",
                queryset=DeclaredRelationship.objects.select_related("organisation"),
            ),
        )

    def save_with_service(self, expert: Expert | None, data: dict[str, Any]) -> Expert:
        return services.save_expert(
            actor=self.request.user,
            expert=expert,
            fields_of_work=data.pop("fields", None),
            **data,
        )

    @extend_schema(
        request=serializers.PastAffiliationSerializer,
        responses={201: serializers.PastAffiliationSerializer},
    )
    @action(detail=True, methods=["post"], url_path="past-affiliations")
    def past_affiliations(self, request: Request, pk: Any = None) -> Response:
        expert = self.get_object()
        context = self.get_serializer_context()
        data = serializers.PastAffiliationSerializer(data=request.data, context=context)
        data.is_valid(raise_exception=True)
        tie = services.record_past_affiliation(
            actor=request.user, expert=expert, **data.validated_data
        )
        return Response(
            serializers.PastAffiliationSerializer(tie, context=context).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=serializers.DeclaredRelationshipSerializer,
        responses={201: serializers.DeclaredRelationshipSerializer},
    )
    @action(detail=True, methods=["post"])
    def relationships(self, request: Request, pk: Any = None) -> Response:
        expert = self.get_object()
        context = self.get_serializer_context()
        data = serializers.DeclaredRelationshipSerializer(data=request.data, context=context)
        data.is_valid(raise_exception=True)
        tie = services.declare_relationship(
            actor=request.user, expert=expert, **data.validated_data
        )
        return Response(
            serializers.DeclaredRelationshipSerializer(tie, context=context).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=CONFLICT_PARAMETERS, responses=serializers.ConflictSerializer(many=True)
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def conflicts(self, request: Request, pk: Any = None) -> Response:
        expert = self.get_object()
        organisations = self._organisations(request.query_params.get("organisations", ""))
        on = request.query_params.get("on", "")
        try:
            day = datetime.date.fromisoformat(on) if on else None
        except ValueError:
            raise APIValidationError({"on": [_("Give a date such as 2024-06-30.")]}) from None
        found = selectors.conflicts_of_interest(expert, organisations, on=day)
        return Response(serializers.ConflictSerializer(found, many=True).data)

    def _organisations(self, value: str) -> list[Organisation]:
        ids = [part.strip() for part in value.split(",") if part.strip()]
        if not ids or not all(part.isdigit() for part in ids):
            raise APIValidationError(
                {"organisations": [_("Give organisation ids separated by commas.")]}
            )
        wanted = {int(part) for part in ids}
        organisations = list(Organisation.objects.restrict(self.request.user).filter(pk__in=wanted))
        missing = sorted(wanted - {organisation.pk for organisation in organisations})
        if missing:
            raise APIValidationError(
                {
                    "organisations": [
                        _("No organisation %(ids)s.") % {"ids": ", ".join(map(str, missing))}
                    ]
                }
            )
        return organisations


@filtered_by(
    OpenApiParameter("search", str, description="a fragment of the Chinese or English name"),
    OpenApiParameter("kind", str, enum=NetworkKind.values),
)
class NetworkViewSet(RecordViewSet):
    """Alliances, consortia and unions with their members; staff, or an admin of the leading
    organisation, keep them."""

    queryset = Network.objects.all()
    serializer_class = serializers.NetworkSerializer
    permission_map = {
        "members": "registry.change_network",
        "remove_member": "registry.change_network",
    }

    def get_queryset(self) -> QuerySet[Network]:
        return selectors.networks(**self.filter_values()).prefetch_related(
            Prefetch(
                "memberships", queryset=NetworkMembership.objects.select_related("organisation")
            )
        )

    def save_with_service(self, network: Network | None, data: dict[str, Any]) -> Network:
        return services.save_network(actor=self.request.user, network=network, **data)

    @extend_schema(
        request=serializers.NetworkMemberSerializer,
        responses={
            200: serializers.NetworkMemberSerializer,
            201: serializers.NetworkMemberSerializer,
        },
    )
    @action(detail=True, methods=["post"])
    def members(self, request: Request, pk: Any = None) -> Response:
        """Add a member (201) or change a member's role (200)."""
        network = self.get_object()
        context = self.get_serializer_context()
        data = serializers.NetworkMemberSerializer(data=request.data, context=context)
        data.is_valid(raise_exception=True)
        is_new = not network.memberships.filter(
            organisation=data.validated_data["organisation"]
        ).exists()
        membership = services.set_network_member(
            actor=request.user, network=network, **data.validated_data
        )
        return Response(
            serializers.NetworkMemberSerializer(membership, context=context).data,
            status=status.HTTP_201_CREATED if is_new else status.HTTP_200_OK,
        )

    @extend_schema(
        parameters=[OpenApiParameter("organisation_id", int, OpenApiParameter.PATH)],
        request=None,
        responses={204: None},
    )
    @action(detail=True, methods=["delete"], url_path=r"members/(?P<organisation_id>\d+)")
    def remove_member(
        self, request: Request, pk: Any = None, organisation_id: Any = None
    ) -> Response:
        """Take an organisation out of the network (never its leader)."""
        network = self.get_object()
        membership = get_object_or_404(network.memberships, organisation_id=organisation_id)
        services.remove_network_member(actor=request.user, membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


@filtered_by(
    OpenApiParameter("search", str, description="a fragment of the name or the host's name"),
    OpenApiParameter("kind", str, enum=SiteKind.values),
    OpenApiParameter("province", str, enum=Province.values, description="province code"),
    OpenApiParameter("status", str, enum=SiteStatus.values),
)
class SiteViewSet(RecordViewSet):
    """Bases, stations, centres, spaces, zones and parks; staff, or an admin of the host, keep
    them."""

    queryset = Site.objects.all()
    serializer_class = serializers.SiteSerializer

    def get_queryset(self) -> QuerySet[Site]:
        return selectors.sites(**self.filter_values())

    def save_with_service(self, site: Site | None, data: dict[str, Any]) -> Site:
        return services.save_site(actor=self.request.user, site=site, **data)


@filtered_by(
    OpenApiParameter("search", str, description="a fragment of the name or place"),
    OpenApiParameter("kind", str, enum=EventKind.values),
    OpenApiParameter("year", str, pattern=r"\d{4}", description="the year it starts, e.g. 2021"),
)
class EventViewSet(RecordViewSet):
    """Expos, forums and ceremonies with their organisers and participants (organisation ids)."""

    queryset = Event.objects.all()
    serializer_class = serializers.EventSerializer

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.events(**self.filter_values()).prefetch_related("participants")

    def save_with_service(self, event: Event | None, data: dict[str, Any]) -> Event:
        return services.save_event(
            actor=self.request.user,
            event=event,
            organisers=_related(event, data, "organisers"),
            participants=_related(event, data, "participants"),
            **data,
        )


@filtered_by(
    OpenApiParameter("search", str, description="a fragment of the title or document number"),
    OpenApiParameter("level", str, enum=PolicyLevel.values),
    OpenApiParameter("status", str, enum=PolicyStatus.values),
)
class PolicyViewSet(RecordViewSet):
    """Policy documents, their issuers (department codes) and the deliverables they fulfil."""

    queryset = Policy.objects.all()
    serializer_class = serializers.PolicySerializer

    def get_queryset(self) -> QuerySet[Policy]:
        return selectors.policies(**self.filter_values()).prefetch_related("deliverables")

    def save_with_service(self, policy: Policy | None, data: dict[str, Any]) -> Policy:
        return services.save_policy(
            actor=self.request.user,
            policy=policy,
            issuing_departments=_related(policy, data, "issuing_departments"),
            deliverables=_related(policy, data, "deliverables"),
            **data,
        )


@filtered_by(OpenApiParameter("search", str, description="a fragment of the code or title"))
class StandardViewSet(RecordViewSet):
    """National, sector and group standards, their revision plans and deliverables."""

    queryset = Standard.objects.all()
    serializer_class = serializers.StandardSerializer

    def get_queryset(self) -> QuerySet[Standard]:
        return selectors.standards(**self.filter_values()).prefetch_related("deliverables")

    def save_with_service(self, standard: Standard | None, data: dict[str, Any]) -> Standard:
        return services.save_standard(
            actor=self.request.user,
            standard=standard,
            deliverables=_related(standard, data, "deliverables"),
            **data,
        )
