"""Reads of the market that pages and the API share: search with facets, matches, the public
pipeline and statistics."""

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Substr, TruncMonth
from django.db.models.lookups import Contains
from django.utils.translation import gettext_lazy as _

from gtis.accounts.regions import Province
from gtis.core import verifiers
from gtis.core.links import LinkedRecord
from gtis.market import search
from gtis.market.choices import (
    PUBLIC_NEED_STAGES,
    BrokerStatus,
    DealState,
    ListingStatus,
    NeedStage,
    PriceKind,
    TransferMode,
)
from gtis.market.models import (
    BrokerProfile,
    BrokerRating,
    Deal,
    Disclosure,
    Listing,
    Match,
    Need,
    Revision,
)
from gtis.registry import selectors as registry_selectors
from gtis.registry.models import Designation, DesignationStatus

T = TypeVar("T")

# Price bands of the search facet, in 10,000 yuan: (key, label, low, high).
PRICE_BANDS = [
    ("under-50", _("Under 500,000 yuan"), None, Decimal(50)),
    ("50-200", _("500,000 to 2 million yuan"), Decimal(50), Decimal(200)),
    ("200-1000", _("2 to 10 million yuan"), Decimal(200), Decimal(1000)),
    ("over-1000", _("Over 10 million yuan"), Decimal(1000), None),
    ("negotiable", _("Negotiable"), None, None),
]
TAXONOMY = "gic-2019"
FILTERS = ("search", "node", "province", "trl", "mode", "price", "designated")


@dataclass
class ListingQuery:
    search: str = ""
    node: str = ""
    province: str = ""
    trl: str = ""
    mode: str = ""
    price: str = ""
    designated: str = ""

    @classmethod
    def from_params(cls, params: Any) -> "ListingQuery":
        return cls(**{name: str(params.get(name, "")).strip() for name in FILTERS})


@dataclass
class ResultPage:
    total: int
    objects: list[Any]
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    capped: bool = False  # more match than `total` (search.COUNT_CAP)


def listing_base(viewer: Any) -> QuerySet[Listing]:
    """Published listings, as everyone may see them."""
    return Listing.objects.restrict(viewer, "view").filter(status=ListingStatus.PUBLISHED)


def filter_listings(queryset: QuerySet[Listing], query: ListingQuery) -> QuerySet[Listing]:
    """`queryset` narrowed by every filter of `query` except the text."""
    if query.node:
        node = _node(query.node)
        queryset = (
            queryset.filter(nodes__path__startswith=node.path).distinct()
            if node
            else queryset.none()
        )
    if query.province:
        queryset = queryset.filter(province=query.province)
    if query.trl.isdigit():
        queryset = queryset.filter(trl__gte=int(query.trl))
    if query.mode in TransferMode.values:
        queryset = queryset.filter(_mode(query.mode))
    band = next((b for b in PRICE_BANDS if b[0] == query.price), None)
    if band:
        queryset = queryset.filter(_price_band(band))
    if query.designated:
        queryset = queryset.filter(owner__in=_designated_organisations())
    return queryset


def _mode(mode: str) -> Q:
    """Listings offered in `mode`: its quoted code in the stored JSON list (a plain LIKE, which
    both databases run without converting the case of every row)."""
    return Q(Contains(Cast("transfer_modes", TextField()), f'"{mode}"'))


def _node(code: str) -> Any:
    node_model: Any = Listing.nodes.field.related_model
    return node_model.objects.filter(taxonomy__code=TAXONOMY, code=code).first()


def _price_band(band: tuple[str, Any, Decimal | None, Decimal | None]) -> Q:
    key, _label, low, high = band
    if key == "negotiable":
        return Q(price_kind=PriceKind.NEGOTIABLE)
    condition = ~Q(price_kind=PriceKind.NEGOTIABLE) & Q(price_min__isnull=False)
    if low is not None:
        condition &= Q(price_min__gte=low)
    if high is not None:
        condition &= Q(price_min__lt=high)
    return condition


def _designated_organisations() -> QuerySet[Any]:
    return Designation.objects.filter(
        status=DesignationStatus.ACTIVE, organisation__isnull=False
    ).values("organisation")


def search_listings(
    viewer: Any, query: ListingQuery, page: int = 1, per_page: int = 20, with_facets: bool = True
) -> ResultPage:
    """A page of published listings for `query`, best first when there is text, newest first
    otherwise, with (unless asked not to) the facet counts of everything that matches."""
    filtered = filter_listings(listing_base(viewer), query)
    offset = (max(page, 1) - 1) * per_page
    if query.search:
        hits = search.search(filtered, query.search, offset, per_page)
        total, ids, capped = hits.total, hits.ids, hits.capped
        matched = search.matching(filtered, query.search)
    else:
        # Counting every published listing reads them all: cached.
        total = cached_over(filtered, "count", QuerySet.count, 0)
        ids = list(
            filtered.order_by("-published_at", "-pk").values_list("pk", flat=True)[
                offset : offset + per_page
            ]
        )
        matched = filtered
        capped = False
    objects = {listing.pk: listing for listing in _for_cards(Listing.objects.filter(pk__in=ids))}
    return ResultPage(
        total=total,
        objects=[objects[pk] for pk in ids if pk in objects],
        facets=listing_facets(matched) if with_facets else {},
        capped=capped,
    )


def _for_cards(queryset: QuerySet[Listing]) -> QuerySet[Listing]:
    return queryset.select_related("owner").prefetch_related("nodes", owner_badges())


def owner_badges() -> Prefetch[Any]:
    """What gives each listing's owner `badges`: its designations in force, each knowing the
    page that verifies it (`gtis.core.verifiers`), all in one query."""
    return Prefetch(
        "owner__designations",
        queryset=verifiers.verifiable(registry_selectors.designations_in_force()),
        to_attr="badges",
    )


def latest_listings(viewer: Any, count: int = 8) -> list[Listing]:
    """The newest published listings, ready for cards."""
    return list(_for_cards(listing_base(viewer)).order_by("-published_at", "-pk")[:count])


FACET_TTL = 600  # seconds; bounds how long a registry designation change takes to show


def listing_facets(queryset: QuerySet[Listing]) -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) per facet over `queryset`: category, region, readiness, mode,
    price band and designation. The counts are cached until the listings next change."""
    empty: dict[str, list[tuple[str, int]]] = {name: [] for name in FACET_TITLES}
    return _labelled(cached_over(queryset, "facets", _facet_counts, empty))


def cached_over(
    queryset: QuerySet[Any], kind: str, compute: Callable[[QuerySet[Any]], T], empty: T
) -> T:
    """`compute(queryset)`, kept until the market next changes; `empty` for a queryset that
    can match nothing."""
    try:
        sql = str(queryset.order_by().query)
    except EmptyResultSet:
        return empty
    return cached(f"{kind}:{sql}", lambda: compute(queryset.order_by()))


def revision() -> int:
    """The market's revision: raised by every change to its listings and needs."""
    return Revision.current(Revision.MARKET)


def cached(key: str, compute: Callable[[], T]) -> T:
    """`compute()`, kept until the market next changes (at most FACET_TTL seconds)."""
    digest = "market:" + hashlib.sha256(f"{revision()}:{key}".encode()).hexdigest()
    value = cache.get(digest)
    if value is None:
        value = compute()
        cache.set(digest, value, FACET_TTL)
    return value  # type: ignore[no-any-return]


FACET_TITLES = ("node", "province", "trl", "mode", "price", "designated")


def _facet_counts(queryset: QuerySet[Listing]) -> dict[str, list[tuple[str, int]]]:
    """Counts per facet value, in five queries: categories (through the codes), regions,
    readiness levels, mode combinations, and price bands with designation."""
    through: Any = Listing.nodes.through
    steplen = through._meta.get_field("taxonomynode").related_model.steplen
    by_category = (
        through.objects.filter(
            listing__in=queryset.values("pk"), taxonomynode__taxonomy__code=TAXONOMY
        )
        .annotate(root=Substr("taxonomynode__path", 1, steplen))
        .values_list("root")
        .annotate(n=Count("listing", distinct=True))
        .order_by("root")
    )
    by_region = (
        queryset.exclude(province="").values_list("province").annotate(n=Count("pk")).order_by("-n")
    )
    by_trl = queryset.values_list("trl").annotate(n=Count("pk")).order_by("-trl")
    by_modes: Counter[str] = Counter()
    for modes, n in queryset.values_list("transfer_modes").annotate(n=Count("pk")).order_by():
        by_modes.update(dict.fromkeys(modes or [], n))
    together = queryset.aggregate(
        **{f"price:{b[0]}": Count("pk", filter=_price_band(b)) for b in PRICE_BANDS},
        designated=Count("pk", filter=Q(owner__in=_designated_organisations())),
    )
    return {
        "node": list(by_category),
        "province": list(by_region),
        "trl": [(str(level), n) for level, n in by_trl],
        "mode": [(m, by_modes[m]) for m in TransferMode.values],
        "price": [(b[0], together[f"price:{b[0]}"]) for b in PRICE_BANDS],
        "designated": [("1", together["designated"])],
    }


def _labelled(counts: dict[str, list[tuple[str, int]]]) -> dict[str, list[tuple[str, str, int]]]:
    node_model: Any = Listing.nodes.field.related_model
    categories = {
        node.path: node for node in node_model.objects.filter(taxonomy__code=TAXONOMY, depth=1)
    }
    provinces = dict(Province.choices)
    labels: dict[str, Callable[[str], str]] = {
        "node": lambda path: str(categories[path]) if path in categories else path,
        "province": lambda code: str(provinces.get(code, code)),
        "trl": str,
        "mode": lambda mode: str(TransferMode(mode).label),
        "price": lambda key: str(next(b[1] for b in PRICE_BANDS if b[0] == key)),
        "designated": lambda _value: str(_("Designated enterprises")),
    }
    values: dict[str, Callable[[str], str]] = {
        "node": lambda path: categories[path].code if path in categories else path
    }
    return {
        name: [
            (values.get(name, str)(value), labels[name](value), n)
            for value, n in rows
            if n and (name != "node" or value in categories)
        ]
        for name, rows in counts.items()
    }


def listing_matches(viewer: Any, listing: Listing) -> QuerySet[Match]:
    """The needs a listing could answer, among those the viewer may see."""
    return (
        listing.matches.filter(need__in=needs(viewer))
        .select_related("need__seeker")
        .order_by("-score")
    )


def need_matches(need: Need) -> QuerySet[Match]:
    return (
        need.matches.filter(listing__status=ListingStatus.PUBLISHED)
        .select_related("listing__owner")
        .order_by("-score")
    )


def needs(
    viewer: Any, search_text: str = "", stage: str = "", province: str = ""
) -> QuerySet[Need]:
    queryset: QuerySet[Need] = Need.objects.restrict(viewer, "view").select_related("seeker")
    if stage:
        queryset = queryset.filter(stage=stage)
    if province:
        queryset = queryset.filter(province=province)
    if search_text:
        queryset = search.matching(queryset, search_text)
    return queryset.order_by("-created_at", "-pk")


def pipeline() -> list[tuple[str, Any, int]]:
    """Needs at every stage, as CTCN publishes its requests (stage, label, count)."""
    counts = dict(
        Need.objects.exclude(stage=NeedStage.DRAFT)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("pk"))
    )
    return [
        (s, NeedStage(s).label, counts.get(s, 0)) for s in NeedStage.values if s != NeedStage.DRAFT
    ]


def statistics() -> dict[str, Any]:
    """Listings and needs by month, region, category and mode, for the market home page."""
    published = Listing.objects.filter(status=ListingStatus.PUBLISHED).order_by()
    public_needs = Need.objects.filter(stage__in=PUBLIC_NEED_STAGES).order_by()
    facets = listing_facets(published)
    counts = cached(
        "statistics",
        lambda: {
            "listings": published.count(),
            "needs": public_needs.count(),
            "listings_by_month": _by_month(published, "published_at"),
            "needs_by_month": _by_month(Need.objects.exclude(stage=NeedStage.DRAFT), "created_at"),
            "pipeline": pipeline(),
            "deals": deal_statistics(),
        },
    )
    return {
        **counts,
        "listings_by_region": facets["province"][:10],
        "listings_by_category": facets["node"],
        "listings_by_mode": facets["mode"],
    }


def _by_month(queryset: QuerySet[Any], field_name: str) -> list[tuple[str, int]]:
    rows = (
        queryset.order_by()
        .annotate(month=TruncMonth(field_name))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return [(month.strftime("%Y-%m"), n) for month, n in rows if month]


def my_listings(viewer: Any) -> QuerySet[Listing]:
    return Listing.objects.filter(
        Q(owner=viewer.organisation_id) | Q(broker=viewer.organisation_id)
    ).order_by("-updated_at")


def my_needs(viewer: Any) -> QuerySet[Need]:
    return Need.objects.filter(seeker=viewer.organisation_id).order_by("-updated_at")


def moderation_queue() -> QuerySet[Listing]:
    return (
        Listing.objects.filter(status__in=[ListingStatus.SUBMITTED, ListingStatus.IN_MODERATION])
        .select_related("owner")
        .order_by("updated_at")
    )


def review_queue() -> QuerySet[Need]:
    return (
        Need.objects.filter(stage__in=[NeedStage.SUBMITTED, NeedStage.IN_REVIEW])
        .select_related("seeker")
        .order_by("updated_at")
    )


def disclosures_for(viewer: Any) -> QuerySet[Disclosure]:
    """Disclosures the viewer's organisation asked for or must decide on."""
    organisation = getattr(viewer, "organisation_id", None)
    return (
        Disclosure.objects.filter(
            Q(organisation=organisation)
            | Q(listing__owner=organisation)
            | Q(listing__broker=organisation)
        )
        .select_related("listing", "organisation")
        .order_by("-terms_accepted_at")
    )


def suggest_codes(text: str, k: int = 5) -> list[Any]:
    """The catalogue codes the classifier suggests for a listing's or need's text."""
    from gtis.catalog import classifier
    from gtis.catalog.models import Taxonomy

    taxonomy = Taxonomy.objects.filter(code="gic-2019").first()
    if taxonomy is None or not text.strip():
        return []
    return classifier.classify(taxonomy, text, k=k)


def public_needs(viewer: Any) -> QuerySet[Need]:
    return needs(viewer).filter(stage__in=PUBLIC_NEED_STAGES)


def offers_for(viewer: Any) -> QuerySet[Any]:
    """Offers the viewer may read: staff every one, a seeker those answering its needs' calls,
    a bidder its own."""
    from gtis.market.models import Offer, SolutionCall

    # "change" on a call: staff every call, others the calls on their own needs.
    decides = SolutionCall.objects.restrict(viewer, "change").values("pk")
    organisation = getattr(viewer, "organisation_id", None)
    return (
        Offer.objects.filter(Q(call__in=decides) | Q(organisation=organisation))
        .select_related("call", "organisation", "listing")
        .order_by("call", "price", "pk")
    )


def market_records_of(viewer: Any, organisation: Any) -> list[LinkedRecord]:
    """The organisation's listings and needs the viewer may see, for its registry page."""
    listings = Listing.objects.restrict(viewer, "view").filter(owner=organisation.pk)
    needs_ = Need.objects.restrict(viewer, "view").filter(seeker=organisation.pk)
    return [
        *(
            LinkedRecord(
                kind=_("Technology listing"),
                title=listing.title,
                url=listing.get_absolute_url(),
                note=str(listing.get_status_display()),
            )
            for listing in listings.order_by("-published_at")[:20]
        ),
        *(
            LinkedRecord(
                kind=_("Technology need"),
                title=need.title,
                url=need.get_absolute_url(),
                note=str(need.get_stage_display()),
            )
            for need in needs_.order_by("-created_at")[:20]
        ),
    ]


def deal_statistics() -> dict[str, Any]:
    """For the market home: deals at every state, and the deals closed (by their certificates)
    with their value in 10,000 yuan by transfer mode."""
    from gtis.market import statistics

    return {
        "by_state": [(row.key, row.label, row.deals) for row in statistics.by_state()],
        "by_mode": [
            (row.key, row.label, row.deals, row.value_10k)
            for row in statistics.by_mode(statistics.closed_deals())
        ],
    }


def disputed_deals(viewer: Any) -> QuerySet[Any]:
    """Deals in dispute, oldest dispute first, each with `disputed_since` (when its latest
    dispute was raised, from the audit trail): one query."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, OuterRef, Subquery

    from gtis.core.models import AuditEvent
    from gtis.market.choices import DealState
    from gtis.market.models import Deal

    raised = (
        AuditEvent.objects.filter(
            object_type=ContentType.objects.get_for_model(Deal),
            object_id=Cast(OuterRef("pk"), CharField()),
            action="dispute",
        )
        .order_by("-occurred_at", "-pk")
        .values("occurred_at")[:1]
    )
    return (
        Deal.objects.restrict(viewer, "view")
        .filter(state=DealState.DISPUTED)
        .select_related("listing", "buyer", "seller", "broker")
        .annotate(disputed_since=Subquery(raised))
        .order_by("disputed_since", "pk")
    )


# Technology brokers ------------------------------------------------------------------------------


def with_track_record(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Brokers with their figures, each a subquery of the one query: `closed_deals` and
    `closed_value` (yuan) of the deals they closed, `open_deals`, `mean_rating` (None when
    unrated) and `rating_count`."""
    deals = Deal.objects.filter(agent=OuterRef("pk")).order_by().values("agent")
    closed = deals.filter(state=DealState.CLOSED)
    still_open = deals.exclude(state__in=[DealState.CLOSED, DealState.CANCELLED])
    ratings = BrokerRating.objects.filter(broker=OuterRef("pk")).order_by().values("broker")
    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=18, decimal_places=2)
    return queryset.annotate(
        closed_deals=Coalesce(
            Subquery(closed.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
        ),
        closed_value=Coalesce(
            Subquery(closed.annotate(v=Sum("price")).values("v"), output_field=money),
            Decimal(0),
            output_field=money,
        ),
        open_deals=Coalesce(
            Subquery(still_open.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            0,
        ),
        mean_rating=Subquery(
            ratings.annotate(m=Avg("score")).values("m"), output_field=FloatField()
        ),
        rating_count=Coalesce(
            Subquery(ratings.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
        ),
    )


def broker_directory(level: str = "") -> QuerySet[Any]:
    """Certified brokers (of one `level`, if given) with their organisation, fields and track
    record figures, most deals closed first."""
    queryset = BrokerProfile.objects.certified()
    if level:
        queryset = queryset.filter(level=level)
    return (
        with_track_record(queryset)
        .select_related("organisation")
        .prefetch_related("expertise")
        .order_by("-closed_deals", "-closed_value", "name", "pk")
    )


@dataclass(frozen=True)
class TrackRecord:
    closed: list[Any]
    ratings: list[Any]
    open_deals: int
    closed_value: Decimal
    mean_rating: float | None


def broker_track_record(profile: Any) -> TrackRecord:
    """A broker's closed deals (listing, value, mode, the date closed), the ratings with their
    comments, and the number of deals still open."""
    closed = list(
        profile.deals.filter(state=DealState.CLOSED)
        .select_related("listing", "certificate")
        .order_by("-certificate__issued_at", "-pk")
    )
    ratings = list(
        profile.ratings.select_related("organisation", "deal__listing").order_by(
            "-created_at", "-pk"
        )
    )
    mean = profile.ratings.aggregate(mean=Avg("score"))["mean"]
    return TrackRecord(
        closed=closed,
        ratings=ratings,
        open_deals=profile.deals.exclude(state__in=[DealState.CLOSED, DealState.CANCELLED]).count(),
        closed_value=sum((deal.price or Decimal(0) for deal in closed), Decimal(0)),
        mean_rating=mean,
    )


def certification_queue() -> QuerySet[Any]:
    """Every broker profile for staff: applications first, then the certified and suspended."""
    waiting = Case(
        When(status=BrokerStatus.APPLIED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        BrokerProfile.objects.select_related("organisation", "user")
        .annotate(waiting=waiting)
        .order_by("waiting", "-applied_at", "-pk")
    )
