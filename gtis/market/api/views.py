"""The market API: listings searched with facets, needs and their matches, disclosures under the
non-disclosure agreement, calls for solutions and offers.

Reads come from the market's selectors; every write goes through its service, which checks the
permission again, validates, saves and audits."""

import re
from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpResponseBase
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from gtis.accounts.regions import Province
from gtis.core import pagecache
from gtis.core.api.pagination import StandardPagination
from gtis.core.api.permissions import RulesPermission
from gtis.market import deals, sales, search, selectors, services, statistics
from gtis.market.api import serializers
from gtis.market.choices import BrokerLevel, NeedStage, TransferMode
from gtis.market.forms import SaleForm, StatisticsForm, deal_form, sale_form
from gtis.market.models import (
    BrokerProfile,
    Deal,
    Disclosure,
    Listing,
    ListingShare,
    Need,
    Offer,
    Sale,
    SolutionCall,
)

# Query parameters -------------------------------------------------------------------------------

FLAG_VALUES = {"": False, "0": False, "false": False, "1": True, "true": True}


def query_values(request: Request, parameters: Sequence[OpenApiParameter]) -> dict[str, Any]:
    """The documented query parameters of a list, checked: a value outside a parameter's `enum`
    or `pattern`, or a flag that is not 1/0/true/false, is a 400 naming the parameter."""
    values: dict[str, Any] = {}
    for parameter in parameters:
        value = request.query_params.get(parameter.name, "").strip()
        if parameter.type is bool:
            if value.lower() not in FLAG_VALUES:
                raise APIValidationError({parameter.name: [_("Enter 1 or 0.")]})
            values[parameter.name] = FLAG_VALUES[value.lower()]
            continue
        if value and parameter.enum is not None and value not in parameter.enum:
            raise APIValidationError(
                {parameter.name: [_("Choose one of: %s.") % ", ".join(parameter.enum)]}
            )
        if value and parameter.pattern is not None and not re.fullmatch(parameter.pattern, value):
            raise APIValidationError(
                {parameter.name: [_("Enter a value matching %s.") % parameter.pattern]}
            )
        values[parameter.name] = value
    return values


LISTING_FILTERS = [
    OpenApiParameter(
        "search",
        str,
        description="words of the title, summary, owner, codes or benefits, in Chinese or "
        "English; published results come best first",
    ),
    OpenApiParameter(
        "node",
        str,
        pattern=r"\d+(\.\d+)*",
        description="a gic-2019 code; its sub-codes are included",
    ),
    OpenApiParameter("province", str, enum=Province.values, description="province code"),
    OpenApiParameter(
        "trl", str, pattern=r"[1-9]", description="the lowest technology readiness level"
    ),
    OpenApiParameter("mode", str, enum=TransferMode.values, description="a transfer mode"),
    OpenApiParameter(
        "price", str, enum=[band[0] for band in selectors.PRICE_BANDS], description="price band"
    ),
    OpenApiParameter("designated", bool, description="owners designated by a programme only"),
    OpenApiParameter(
        "mine",
        bool,
        description="your organisation's listings in any state (newest change first) instead "
        "of the published market",
    ),
    OpenApiParameter(
        "facets", bool, description="add `facets`: value, label and count of each filter"
    ),
]
BROKER_FILTERS = [
    OpenApiParameter("level", str, enum=BrokerLevel.values, description="certificate level"),
]
NEED_FILTERS = [
    OpenApiParameter("search", str, description="words of the title, problem or industry"),
    OpenApiParameter("stage", str, enum=NeedStage.values),
    OpenApiParameter("province", str, enum=Province.values, description="province code"),
]


# Pagination -------------------------------------------------------------------------------------


class _Counted(Sequence[Any]):
    """One page of a selector's ResultPage, seen by Django's Paginator as the whole result:
    its length is the total, and any slice of it is the page the selector fetched."""

    def __init__(self, result: selectors.ResultPage) -> None:
        self.result = result

    def __len__(self) -> int:
        return self.result.total

    def __getitem__(self, index: Any) -> Any:
        return self.result.objects


class ResultPagePagination(StandardPagination):
    """The standard `count`, `next`, `previous`, `results` (and `page`, `page_size`) around a
    selector that fetches one page and the total itself, such as `search_listings`."""

    def paginate_result_page(
        self, request: Request, fetch: Callable[[int, int], selectors.ResultPage]
    ) -> selectors.ResultPage:
        self.request = request
        size = self.get_page_size(request) or self.max_page_size
        raw = request.query_params.get(self.page_query_param, "1")
        if not raw.isdigit() or int(raw) < 1:
            raise NotFound(self.invalid_page_message.format(page_number=raw, message=""))
        result = fetch(int(raw), size)
        try:
            self.page = Paginator(_Counted(result), size).page(int(raw))
        except InvalidPage as error:
            message = self.invalid_page_message.format(page_number=raw, message=str(error))
            raise NotFound(message) from error
        return result

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["facets"] = {
            "type": "object",
            "description": "With `facets=1`: per filter, its values with their counts.",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "value": {"type": "string"},
                        "label": {"type": "string"},
                        "count": {"type": "integer"},
                    },
                    "required": ["value", "label", "count"],
                },
            },
        }
        paginated["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "True when more records match a search than `count` (1,000): "
            "narrow the search to see them all.",
        }
        return paginated


def facets_data(facets: dict[str, list[tuple[str, str, int]]]) -> dict[str, Any]:
    return {
        name: [{"value": value, "label": label, "count": count} for value, label, count in rows]
        for name, rows in facets.items()
    }


# Listings ---------------------------------------------------------------------------------------

# What ListingSerializer renders beyond the owner and broker, which every read selects.
LISTING_PREFETCH: list[str | Prefetch[Any]] = [
    "nodes",
    "benefits",
    "ip_records",
    Prefetch("shares", queryset=ListingShare.objects.select_related("organisation")),
]


@extend_schema_view(
    list=extend_schema(parameters=LISTING_FILTERS),
    retrieve=extend_schema(
        description="A listing you may see (never its confidential detail), with its owner's "
        "designations in force.",
        responses=serializers.ListingDetailSerializer,
    ),
)
class ListingViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Technology listings: the published market, searched in Chinese and English with facets;
    your organisation's listings in any state; moderation by staff; the confidential detail for
    buyers whose disclosure the owner granted."""

    queryset = Listing.objects.all()
    serializer_class = serializers.ListingSerializer
    pagination_class = ResultPagePagination
    filter_backends: list[Any] = []
    permission_map = {
        "submit": "market.change_listing",
        "withdraw": "market.change_listing",
        "benefits": "market.change_listing",
        "ip_records": "market.change_listing",
        "co_owners": "market.change_listing",
        "moderate": "market.moderate_listing",
        "confidential": "market.view_confidential_detail",
        "disclosures": "market.request_disclosure",
        # A listing's leads are its owner's (and staff's), as on the listing page.
        "matches": "market.change_listing",
    }

    def get_queryset(self) -> QuerySet[Listing]:
        queryset = (
            Listing.objects.restrict(self.request.user, "view")
            .select_related("owner", "broker")
            .prefetch_related(*LISTING_PREFETCH)
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(selectors.owner_badges())
        return queryset

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action == "retrieve":
            return serializers.ListingDetailSerializer
        return super().get_serializer_class()

    def _read(self, listing: Listing) -> dict[str, Any]:
        """The listing as saved, read again with what the serializer renders."""
        return self.get_serializer(self.get_queryset().get(pk=listing.pk)).data

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        """The published market, as visitors read it, comes from the cache until the market
        changes."""
        return pagecache.respond(  # type: ignore[no-any-return]
            request, selectors.revision, lambda: self._rendered(request, self._list(request))
        )

    def _rendered(self, request: Request, response: Response) -> HttpResponseBase:
        finalized = self.finalize_response(request, response)
        finalized.render()
        return finalized

    def _list(self, request: Request) -> Response:
        values = query_values(request, LISTING_FILTERS)
        query = selectors.ListingQuery(
            **{name: values[name] for name in selectors.FILTERS if name != "designated"},
            designated="1" if values["designated"] else "",
        )
        if values["mine"]:
            if not request.user.is_authenticated:
                raise NotAuthenticated()
            queryset = selectors.filter_listings(selectors.my_listings(request.user), query)
            if query.search:
                queryset = search.matching(queryset, query.search)
            objects = self.paginate_queryset(
                queryset.select_related("owner", "broker").prefetch_related(*LISTING_PREFETCH)
            )
            facets = selectors.listing_facets(queryset) if values["facets"] else {}
            capped = False
        else:
            paginator = self.paginator
            assert isinstance(paginator, ResultPagePagination)
            result = paginator.paginate_result_page(
                request,
                lambda number, size: selectors.search_listings(
                    request.user, query, number, size, with_facets=bool(values["facets"])
                ),
            )
            objects = result.objects
            # The selector selects the owner; the broker comes in one query, if any is named.
            prefetch_related_objects(objects, "broker", *LISTING_PREFETCH)
            facets, capped = result.facets, result.capped
        response = self.get_paginated_response(self.get_serializer(objects, many=True).data)
        response.data["count_capped"] = capped
        if values["facets"]:
            response.data["facets"] = facets_data(facets)
        return response

    @extend_schema(
        request=serializers.ListingWriteSerializer, responses={201: serializers.ListingSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Post a draft listing for your organisation (staff: for any)."""
        data = serializers.ListingWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        listing = services.save_listing(
            actor=request.user, nodes=values.pop("nodes", None), **values
        )
        return Response(self._read(listing), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.ListingWriteSerializer, responses=serializers.ListingSerializer
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Edit a draft, or a listing the moderators sent back (staff: any)."""
        listing = self.get_object()
        data = serializers.ListingWriteSerializer(
            listing,
            data=request.data,
            partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        services.save_listing(
            actor=request.user, listing=listing, nodes=values.pop("nodes", None), **values
        )
        return Response(self._read(listing))

    @extend_schema(
        request=serializers.ListingWriteSerializer, responses=serializers.ListingSerializer
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(request=None, responses=serializers.ListingSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        """Hand the listing to the moderators (it needs at least one code)."""
        listing = services.submit_listing(actor=request.user, listing=self.get_object())
        return Response(self._read(listing))

    @extend_schema(request=None, responses=serializers.ListingSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        """Take the listing off the market."""
        listing = services.withdraw_listing(actor=request.user, listing=self.get_object())
        return Response(self._read(listing))

    @extend_schema(
        request=serializers.ModerationSerializer, responses=serializers.ListingSerializer
    )
    @action(detail=True, methods=["post"])
    def moderate(self, request: Request, pk: Any = None) -> Response:
        """Approve, ask for changes, reject, suspend or reinstate, with the reason the owner
        sees (staff)."""
        listing = self.get_object()
        data = serializers.ModerationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.moderate_listing(actor=request.user, listing=listing, **data.validated_data)
        return Response(self._read(listing))

    @extend_schema(responses=serializers.ConfidentialDetailSerializer)
    @action(detail=True, methods=["get"])
    def confidential(self, request: Request, pk: Any = None) -> Response:
        """The confidential detail: for the owner, staff, and buyers whose disclosure was
        granted; every buyer's read is in the audit trail."""
        listing = self.get_object()
        detail = services.read_confidential_detail(actor=request.user, listing=listing)
        response = Response(
            serializers.ConfidentialDetailSerializer(
                {"listing": listing.pk, "confidential_detail": detail}
            ).data
        )
        add_never_cache_headers(response)
        return response

    @extend_schema(
        request=serializers.DisclosureRequestSerializer,
        responses={201: serializers.DisclosureSerializer},
    )
    @action(detail=True, methods=["post"])
    def disclosures(self, request: Request, pk: Any = None) -> Response:
        """Accept the non-disclosure agreement and ask the owner for the confidential detail."""
        listing = self.get_object()
        data = serializers.DisclosureRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        disclosure = services.request_disclosure(
            actor=request.user, listing=listing, **data.validated_data
        )
        return Response(
            serializers.DisclosureSerializer(disclosure).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=serializers.ListingMatchSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=StandardPagination)
    def matches(self, request: Request, pk: Any = None) -> Response:
        """Needs ranked for the listing, best first, with the reasons in words."""
        listing = self.get_object()
        found = selectors.listing_matches(request.user, listing)
        page = self.paginate_queryset(found)
        return self.get_paginated_response(serializers.ListingMatchSerializer(page, many=True).data)

    @extend_schema(
        request=serializers.BenefitSerializer, responses={201: serializers.BenefitSerializer}
    )
    @action(detail=True, methods=["post"])
    def benefits(self, request: Request, pk: Any = None) -> Response:
        """Add a green benefit with its figure (only staff mark it verified)."""
        listing = self.get_object()
        data = serializers.BenefitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        benefit = services.add_benefit(actor=request.user, listing=listing, **data.validated_data)
        return Response(serializers.BenefitSerializer(benefit).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.IPRecordSerializer, responses={201: serializers.IPRecordSerializer}
    )
    @action(detail=True, methods=["post"], url_path="ip-records")
    def ip_records(self, request: Request, pk: Any = None) -> Response:
        """Add a patent, software copyright or other right behind the listing."""
        listing = self.get_object()
        data = serializers.IPRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.add_ip_record(actor=request.user, listing=listing, **data.validated_data)
        return Response(serializers.IPRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.CoOwnersSerializer,
        responses=serializers.ListingShareSerializer(many=True),
    )
    @action(detail=True, methods=["post"], url_path="co-owners", pagination_class=None)
    def co_owners(self, request: Request, pk: Any = None) -> Response:
        """Replace the co-owners and their shares (adding up to 100 %, the owner among them)."""
        listing = self.get_object()
        context = self.get_serializer_context()
        data = serializers.CoOwnersSerializer(data=request.data, context=context)
        data.is_valid(raise_exception=True)
        shares = [(row["organisation"], row["share"]) for row in data.validated_data["shares"]]
        services.set_co_owners(actor=request.user, listing=listing, shares=shares)
        saved = listing.shares.select_related("organisation").order_by("pk")
        return Response(serializers.ListingShareSerializer(saved, many=True).data)


# Needs ------------------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=NEED_FILTERS))
class NeedViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Technology needs: the public sees accepted ones, a seeker its own too; staff review them
    and seekers move them on."""

    queryset = Need.objects.all()
    serializer_class = serializers.NeedSerializer
    filter_backends: list[Any] = []
    permission_map = {
        "submit": "market.change_need",
        # Each step names its own permission, checked by the service.
        "move": None,
        "matches": "market.view_match",
    }

    def get_queryset(self) -> QuerySet[Need]:
        values = query_values(self.request, NEED_FILTERS) if self.action == "list" else {}
        queryset = selectors.needs(
            self.request.user,
            values.get("search", ""),
            values.get("stage", ""),
            values.get("province", ""),
        )
        if self.action == "matches":
            return queryset
        return queryset.select_related("programme").prefetch_related("nodes")

    def _save(self, need: Need | None, data: dict[str, Any]) -> Need:
        return services.save_need(
            actor=self.request.user, need=need, nodes=data.pop("nodes", None), **data
        )

    def perform_create(self, serializer: BaseSerializer) -> None:
        need = self._save(None, dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=need.pk)

    def perform_update(self, serializer: BaseSerializer) -> None:
        need = self._save(serializer.instance, dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=need.pk)

    @extend_schema(request=None, responses=serializers.NeedSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        """Hand the need to the platform for review."""
        need = services.submit_need(actor=request.user, need=self.get_object())
        return Response(self.get_serializer(need).data)

    @extend_schema(request=serializers.NeedMoveSerializer, responses=serializers.NeedSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: Any = None) -> Response:
        """Move the need on: staff review, accept or decline (with a reason); the seeker starts
        work, completes or withdraws."""
        need = self.get_object()
        data = serializers.NeedMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.move_need(actor=request.user, need=need, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=need.pk)).data)

    @extend_schema(responses=serializers.NeedMatchSerializer(many=True))
    @action(detail=True, methods=["get"])
    def matches(self, request: Request, pk: Any = None) -> Response:
        """Published listings ranked for the need, best first, with the reasons in words."""
        page = self.paginate_queryset(selectors.need_matches(self.get_object()))
        return self.get_paginated_response(serializers.NeedMatchSerializer(page, many=True).data)


# Disclosures ------------------------------------------------------------------------------------


class DisclosureViewSet(viewsets.ReadOnlyModelViewSet):
    """Requests for confidential detail your organisation made or must decide."""

    queryset = Disclosure.objects.all()
    serializer_class = serializers.DisclosureSerializer
    filter_backends: list[Any] = []
    # Who may see one is the selector's business; who may decide, the service's.
    permission_map = {"list": None, "retrieve": None, "decide": None}

    def get_queryset(self) -> QuerySet[Disclosure]:
        return selectors.disclosures_for(self.request.user)

    @extend_schema(
        request=serializers.DisclosureDecisionSerializer,
        responses=serializers.DisclosureSerializer,
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: Any = None) -> Response:
        """Grant the detail to the buyer, or decline with the reason the buyer sees (owner)."""
        disclosure = self.get_object()
        data = serializers.DisclosureDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        disclosure = services.decide_disclosure(
            actor=request.user, disclosure=disclosure, **data.validated_data
        )
        return Response(self.get_serializer(disclosure).data)


# Calls for solutions and offers -----------------------------------------------------------------


class SolutionCallViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Calls for solutions (揭榜): public when their need is; the seeker opens one on an
    accepted need."""

    queryset = SolutionCall.objects.all()
    serializer_class = serializers.SolutionCallSerializer
    filter_backends: list[Any] = []
    # Opening a call is allowed on the need, which the service checks.
    permission_map = {"create": None}

    def get_queryset(self) -> QuerySet[SolutionCall]:
        return SolutionCall.objects.restrict(self.request.user, "view").select_related("need")

    def perform_create(self, serializer: BaseSerializer) -> None:
        call = services.open_call(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=call.pk)


class OfferViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Offers answering calls: the call's seeker and staff see them all, a bidder its own."""

    queryset = Offer.objects.all()
    serializer_class = serializers.OfferSerializer
    filter_backends: list[Any] = []
    # Who may see one is the selector's business; who may decide, the service's.
    permission_map = {"list": None, "retrieve": None, "decide": None}

    def get_queryset(self) -> QuerySet[Offer]:
        return selectors.offers_for(self.request.user)

    def perform_create(self, serializer: BaseSerializer) -> None:
        offer = services.submit_offer(actor=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=offer.pk)

    @extend_schema(
        request=serializers.OfferDecisionSerializer, responses=serializers.OfferSerializer
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: Any = None) -> Response:
        """Shortlist, select or decline the offer; selecting one awards the call (the seeker)."""
        offer = self.get_object()
        data = serializers.OfferDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        offer = services.decide_offer(
            actor=request.user, offer=offer, status=data.validated_data["status"]
        )
        return Response(self.get_serializer(offer).data)


# Deals --------------------------------------------------------------------------------------------


class DealViewSet(viewsets.ReadOnlyModelViewSet):
    """Deals your organisation is a party to (staff: every deal), each with its `state` and
    the `actions` you may take now; an inquiry opens one, `act` takes an action."""

    queryset = Deal.objects.all()
    serializer_class = serializers.DealSerializer
    filter_backends: list[Any] = []
    # Who may see one is the queryset's business; who may act, the services'.
    permission_map = {"list": None, "retrieve": None, "create": None, "act": None}

    def get_queryset(self) -> QuerySet[Deal]:
        return (
            Deal.objects.restrict(self.request.user, "view")
            .select_related("listing", "buyer", "seller", "broker", "certificate")
            .prefetch_related("offers", "milestones", "messages", "broker_ratings")
        )

    @extend_schema(
        request=serializers.InquirySerializer, responses={201: serializers.DealSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Open a deal with a question to a published listing's owner."""
        data = serializers.InquirySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        deal = deals.open_inquiry(actor=request.user, **data.validated_data)
        return Response(self._read(deal), status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.DealActionSerializer, responses=serializers.DealSerializer)
    @action(detail=True, methods=["post"])
    def act(self, request: Request, pk: Any = None) -> Response:
        """Take one of the deal's `actions` with its fields; a refusal names the state or the
        field."""
        deal = self.get_object()
        choice = serializers.DealActionSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        name = choice.validated_data["action"]
        form = deal_form(name, deal, request.data, prefixed=False, files=request.FILES)
        _raise_form_errors(form)
        deals.ACTIONS[name].service(actor=request.user, deal=deal, **form.cleaned_data)
        return Response(self._read(deal))

    def _read(self, deal: Deal) -> dict[str, Any]:
        return self.get_serializer(self.get_queryset().get(pk=deal.pk)).data  # type: ignore[no-any-return]


class SaleViewSet(viewsets.ReadOnlyModelViewSet):
    """Listed sales (挂牌) and auctions, public: each with its `state`, bids by bidder number,
    the result, your registration (`you`) and the `actions` you may take now; the owner of a
    published listing opens one, `act` registers, qualifies, bids, cancels and refunds."""

    queryset = Sale.objects.all()
    serializer_class = serializers.SaleSerializer
    filter_backends: list[Any] = []
    # Sales are public (market.view_sale); who may act is the services' business.
    permission_map = {"create": None, "act": None}

    def get_queryset(self) -> QuerySet[Sale]:
        return (
            Sale.objects.select_related("listing__owner", "leader__organisation")
            .prefetch_related("registrations", "bids__registration")
            .order_by("-opened_at", "-pk")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        sales.advance_due()
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        sales.advance(self.get_object())
        return Response(self._read(self.get_object()))

    @extend_schema(
        request=serializers.SaleOpenSerializer, responses={201: serializers.SaleSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Offer a published listing you own in a listed sale or an auction."""
        data = serializers.SaleOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        listing = data.validated_data["listing"]
        form = SaleForm(request.data, listing=listing)
        _raise_form_errors(form)
        sale = sales.open_sale(actor=request.user, listing=listing, **form.cleaned_data)
        return Response(self._read(sale), status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.SaleActionSerializer, responses=serializers.SaleSerializer)
    @action(detail=True, methods=["post"])
    def act(self, request: Request, pk: Any = None) -> Response:
        """Take one of the sale's `actions` with its fields; a refusal names the state, the
        time or the field."""
        sale = self.get_object()
        choice = serializers.SaleActionSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        name = choice.validated_data["action"]
        form = sale_form(name, sale, request.data, prefixed=False)
        _raise_form_errors(form)
        sales.ACTIONS[name].service(actor=request.user, sale=sale, **form.cleaned_data)
        return Response(self._read(sale))

    def _read(self, sale: Sale) -> dict[str, Any]:
        return self.get_serializer(self.get_queryset().get(pk=sale.pk)).data  # type: ignore[no-any-return]


def _raise_form_errors(form: Any) -> None:
    """A form's errors as the API's validation error, naming each field."""
    if not form.is_valid():
        raise APIValidationError(
            {
                field: [str(message) for message in messages]
                for field, messages in form.errors.items()
            }
        )


class StatisticsView(APIView):
    """The market's published trade statistics: deals closed and their value in yuan by month,
    the seller's and the buyer's region, category, transfer mode and broker, and deals at every
    state; `year` narrows them to one year."""

    permission_classes = [RulesPermission]
    permission_map = {None: "market.view_statistics"}

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="A year, such as 2025")],
        responses=serializers.DealStatisticsSerializer,
    )
    def get(self, request: Request) -> Response:
        form = StatisticsForm(request.query_params)
        if not form.is_valid():
            raise APIValidationError(
                {name: [str(message) for message in errors] for name, errors in form.errors.items()}
            )
        figures = statistics.deal_statistics(form.cleaned_data.get("year"))
        return Response(serializers.DealStatisticsSerializer(figures.as_dict()).data)


# Technology brokers -------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=BROKER_FILTERS))
class BrokerViewSet(viewsets.ReadOnlyModelViewSet):
    """Technology brokers: the certified, for everyone (staff: every profile; a broker: also
    their own), with the track record figures; most deals closed first."""

    queryset = BrokerProfile.objects.all()
    serializer_class = serializers.BrokerProfileSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[BrokerProfile]:
        queryset = BrokerProfile.objects.restrict(self.request.user, "view")
        if self.action == "list":
            level = query_values(self.request, BROKER_FILTERS)["level"]
            if level:
                queryset = queryset.filter(level=level)
        return (
            selectors.with_track_record(queryset)
            .select_related("organisation")
            .prefetch_related("expertise")
            .order_by("-closed_deals", "-closed_value", "name", "pk")
        )
