from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gtis.catalog import classifier, selectors
from gtis.catalog.api import serializers
from gtis.catalog.models import CatalogueEdition, CatalogueEntry, Taxonomy, TaxonomyNode
from gtis.core.api.permissions import RulesPermission


class TaxonomyViewSet(viewsets.ReadOnlyModelViewSet):
    """Green taxonomies (the 2019 guidance catalogue, the 2021 green bond catalogue, IPC)."""

    queryset = Taxonomy.objects.all()
    serializer_class = serializers.TaxonomySerializer

    def get_queryset(self) -> QuerySet[Taxonomy]:
        return selectors.taxonomies(self.request.user)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("taxonomy", str, description="taxonomy id or code"),
            OpenApiParameter(
                "search", str, description="code prefix, name, description or keyword"
            ),
            OpenApiParameter("level", int),
        ]
    )
)
class NodeViewSet(viewsets.ReadOnlyModelViewSet):
    """Taxonomy nodes in tree order."""

    queryset = TaxonomyNode.objects.all()
    serializer_class = serializers.NodeSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[TaxonomyNode]:
        params = self.request.query_params
        taxonomy = None
        if params.get("taxonomy"):
            value = params["taxonomy"]
            lookup = {"pk": value} if value.isdigit() else {"code": value}
            taxonomy = Taxonomy.objects.filter(**lookup).first()
            if taxonomy is None:
                raise APIValidationError({"taxonomy": [f"No taxonomy {value}."]})
        queryset = selectors.nodes(self.request.user, taxonomy, params.get("search", "").strip())
        if params.get("level", "").isdigit():
            queryset = queryset.filter(depth=int(params["level"]))
        return queryset


class EditionViewSet(viewsets.ReadOnlyModelViewSet):
    """Catalogue editions you may see (published and under public notice for everyone)."""

    queryset = CatalogueEdition.objects.all()
    serializer_class = serializers.EditionSerializer
    filterset_fields = ["kind", "status", "year"]

    def get_queryset(self) -> QuerySet[CatalogueEdition]:
        return selectors.editions(self.request.user)


class EntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Entries of the editions you may see (filter with `edition`)."""

    queryset = CatalogueEntry.objects.all()
    serializer_class = serializers.EntrySerializer
    filterset_fields = ["edition", "key"]

    def get_queryset(self) -> QuerySet[CatalogueEntry]:
        return CatalogueEntry.objects.restrict(self.request.user).prefetch_related(
            "nodes__taxonomy"
        )


class ClassifyView(APIView):
    """Suggest taxonomy codes for a text, ranked, with the words behind each."""

    permission_classes = [RulesPermission]
    permission_map = {None: "catalog.classify"}

    @extend_schema(
        request=serializers.ClassifyRequestSerializer,
        responses=serializers.SuggestionSerializer(many=True),
    )
    def post(self, request: Request) -> Response:
        data = serializers.ClassifyRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        taxonomy = get_object_or_404(Taxonomy, code=data.validated_data["taxonomy"])
        suggestions = classifier.classify(
            taxonomy, data.validated_data["text"], k=data.validated_data["k"]
        )
        return Response(serializers.SuggestionSerializer(suggestions, many=True).data)


class EliminationCheckView(APIView):
    """Does a text or a set of taxonomy codes fall under an elimination entry in force?"""

    permission_classes = [RulesPermission]
    permission_map = {None: "catalog.classify"}

    @extend_schema(
        request=serializers.EliminationRequestSerializer,
        responses=serializers.EliminationMatchSerializer(many=True),
    )
    def post(self, request: Request) -> Response:
        data = serializers.EliminationRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        matches = selectors.elimination_check(**data.validated_data)
        return Response(
            {
                "eliminated": bool(matches),
                "matches": serializers.EliminationMatchSerializer(matches, many=True).data,
            }
        )
