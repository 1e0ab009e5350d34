"""Trade statistics of the market (deliverables 22–24), as exchanges publish them: deals closed
and their value by month, region, category, transfer mode and broker, and deals at every state.

A deal counts as closed when its transaction certificate is issued, at that time. Every grouping
is one aggregating query, on SQLite and PostgreSQL alike."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gtis.accounts.regions import Province
from gtis.market.choices import DealState, SaleMethod, TransferMode
from gtis.market.models import Certificate, Deal, Listing

TAXONOMY = "gic-2019"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Row:
    """One line of a table: its key, label, the deals closed and their value in yuan."""

    key: str
    label: str
    deals: int
    value: Decimal

    @property
    def value_10k(self) -> Decimal:
        """The value in 10,000 yuan (万元), as exchanges publish it."""
        return ten_thousands(self.value)

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "deals": self.deals, "value": self.value}


@dataclass(frozen=True)
class StateCount:
    key: str
    label: str
    deals: int


@dataclass
class DealStatistics:
    year: int | None
    years: list[int]
    total: Row
    by_month: list[Row] = field(default_factory=list)
    by_seller_region: list[Row] = field(default_factory=list)
    by_buyer_region: list[Row] = field(default_factory=list)
    by_category: list[Row] = field(default_factory=list)
    by_mode: list[Row] = field(default_factory=list)
    by_method: list[Row] = field(default_factory=list)
    by_broker: list[Row] = field(default_factory=list)
    by_state: list[StateCount] = field(default_factory=list)

    GROUPINGS = (
        "by_month",
        "by_seller_region",
        "by_buyer_region",
        "by_category",
        "by_mode",
        "by_method",
        "by_broker",
    )

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "years": self.years,
            "total": self.total.as_dict(),
            **{name: [row.as_dict() for row in getattr(self, name)] for name in self.GROUPINGS},
            "by_state": [
                {"key": row.key, "label": row.label, "deals": row.deals} for row in self.by_state
            ],
        }


def closed_deals(year: int | None = None) -> QuerySet[Certificate]:
    """The certificates of deals closed (in `year`, by the certificate's issue time)."""
    certificates = Certificate.objects.order_by()
    if year is not None:
        certificates = certificates.filter(issued_at__year=year)
    return certificates


def deal_statistics(year: int | None = None) -> DealStatistics:
    """Deals closed and their value by every grouping, and deals at every state (those opened
    in `year` when a year is given): eleven queries, whatever the number of deals."""
    closed = closed_deals(year)
    totals = closed.aggregate(deals=Count("pk"), value=Sum("deal__price"))
    return DealStatistics(
        year=year,
        years=statistics_years(),
        total=Row("", str(_("All deals closed")), totals["deals"], _yuan(totals["value"])),
        by_month=by_month(closed),
        by_seller_region=by_region(closed, "seller"),
        by_buyer_region=by_region(closed, "buyer"),
        by_category=by_category(closed),
        by_mode=by_mode(closed),
        by_method=by_method(closed),
        by_broker=by_broker(closed),
        by_state=by_state(year),
    )


def statistics_years() -> list[int]:
    """The years with a closed deal, and the current one, newest first."""
    years = {day.year for day in Certificate.objects.dates("issued_at", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def by_month(closed: QuerySet[Certificate]) -> list[Row]:
    rows = (
        closed.annotate(month=TruncMonth("issued_at"))
        .values_list("month")
        .annotate(n=Count("pk"), value=Sum("deal__price"))
        .order_by("month")
    )
    return [
        Row(f"{month:%Y-%m}", f"{month:%Y-%m}", n, _yuan(value))
        for month, n, value in rows
        if month
    ]


def by_region(closed: QuerySet[Certificate], party: str) -> list[Row]:
    """By the province of the seller (where the technology comes from) or of the buyer."""
    provinces = dict(Province.choices)
    rows = (
        closed.values_list(f"deal__{party}__province")
        .annotate(n=Count("pk"), value=Sum("deal__price"))
        .order_by("-value", f"deal__{party}__province")
    )
    return [
        Row(code, str(provinces.get(code, _("Region not given"))), n, _yuan(value))
        for code, n, value in rows
    ]


def by_category(closed: QuerySet[Certificate]) -> list[Row]:
    """By the top-level category of the listing's catalogue codes; a deal whose listing has codes
    in two categories counts in each. Two queries: the categories, then every category's count
    and sum in one aggregate."""
    node_model: Any = Listing.nodes.field.related_model
    through: Any = Listing.nodes.through
    categories = list(node_model.objects.filter(taxonomy__code=TAXONOMY, depth=1).order_by("path"))
    if not categories:
        return []

    def in_category(node: Any) -> Q:
        return Q(
            Exists(
                through.objects.filter(
                    listing=OuterRef("deal__listing"),
                    taxonomynode__taxonomy__code=TAXONOMY,
                    taxonomynode__path__startswith=node.path,
                )
            )
        )

    figures = closed.aggregate(
        **{f"n{node.pk}": Count("pk", filter=in_category(node)) for node in categories},
        **{f"v{node.pk}": Sum("deal__price", filter=in_category(node)) for node in categories},
    )
    rows = [
        Row(node.code, str(node), figures[f"n{node.pk}"], _yuan(figures[f"v{node.pk}"]))
        for node in categories
    ]
    return sorted((row for row in rows if row.deals), key=lambda row: (-row.value, row.key))


def by_mode(closed: QuerySet[Certificate]) -> list[Row]:
    rows = (
        closed.values_list("deal__mode")
        .annotate(n=Count("pk"), value=Sum("deal__price"))
        .order_by("-value", "deal__mode")
    )
    return [
        Row(mode, str(TransferMode(mode).label), n, _yuan(value))
        for mode, n, value in rows
        if mode in TransferMode.values
    ]


def by_method(closed: QuerySet[Certificate]) -> list[Row]:
    """By how the deal was made: negotiated, or won in a listed sale (挂牌) or an auction."""
    labels = {value: str(label) for value, label in SaleMethod.choices}
    labels["negotiated"] = str(_("Negotiated (协议转让)"))
    rows = (
        closed.values_list("deal__sale__method")
        .annotate(n=Count("pk"), value=Sum("deal__price"))
        .order_by("-value", "deal__sale__method")
    )
    return [
        Row(method or "negotiated", labels[method or "negotiated"], n, _yuan(value))
        for method, n, value in rows
    ]


def by_broker(closed: QuerySet[Certificate]) -> list[Row]:
    """By the broker organisation; deals closed without a broker are left out."""
    rows = (
        closed.filter(deal__broker__isnull=False)
        .values_list("deal__broker", "deal__broker__name")
        .annotate(n=Count("pk"), value=Sum("deal__price"))
        .order_by("-value", "deal__broker__name")
    )
    return [Row(str(pk), name, n, _yuan(value)) for pk, name, n, value in rows]


def by_state(year: int | None = None) -> list[StateCount]:
    """Deals at every state now (those opened in `year` when a year is given)."""
    deals = Deal.objects.order_by()
    if year is not None:
        deals = deals.filter(opened_at__year=year)
    counts = dict(deals.values_list("state").annotate(n=Count("pk")))
    return [StateCount(s, str(DealState(s).label), counts.get(s, 0)) for s in DealState.values]


def deals_at_state_on(state: str, day: datetime.date | None = None) -> int:
    """Deals at `state` now, or as they stood at the end of `day` (from the deals' history):
    one query."""
    if day is None:
        return Deal.objects.filter(state=state).count()
    history: Any = Deal.history.model  # type: ignore[attr-defined]
    as_of = history.objects.filter(history_date__date__lte=day)
    latest = (
        as_of.filter(id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return as_of.filter(history_id=Subquery(latest), state=state).exclude(history_type="-").count()


def closed_by_mode_on(mode: str, day: datetime.date | None = None) -> tuple[int, Decimal]:
    """Deals closed in `mode` by the end of `day` (or ever), and their value in yuan."""
    certificates = Certificate.objects.filter(deal__mode=mode)
    if day is not None:
        certificates = certificates.filter(issued_at__date__lte=day)
    figures = certificates.aggregate(n=Count("pk"), value=Sum("deal__price"))
    return figures["n"], _yuan(figures["value"])


def ten_thousands(yuan: Decimal | None) -> Decimal:
    """An amount in yuan as 10,000 yuan (万元)."""
    return ((yuan or Decimal(0)) / 10000).quantize(CENT)


def _yuan(value: Decimal | None) -> Decimal:
    return (value or Decimal(0)).quantize(CENT)
