"""Live figures of the market, for its home page and for roadmap indicators (deliverables
22–24: the trading market, its rules and its intermediaries)."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gtis.core.metrics import Metric, register
from gtis.market import statistics
from gtis.market.choices import (
    PUBLIC_NEED_STAGES,
    DealState,
    ListingStatus,
    NeedStage,
    TransferMode,
)
from gtis.market.models import Certificate, Listing, Need

register(
    Metric(
        key="market.published_listings",
        label=_("Technologies on the market"),
        compute=lambda: Listing.objects.filter(status=ListingStatus.PUBLISHED).count(),
        headline=True,
        order=60,
    )
)
register(
    Metric(
        key="market.public_needs",
        label=_("Technology needs being answered"),
        compute=lambda: Need.objects.filter(stage__in=PUBLIC_NEED_STAGES).count(),
        order=61,
    )
)
register(
    Metric(
        key="market.needs_completed",
        label=_("Technology needs met"),
        compute=lambda: Need.objects.filter(stage=NeedStage.COMPLETED).count(),
        order=62,
    )
)
register(
    Metric(
        key="market.brokered_listings",
        label=_("Listings handled by brokers"),
        compute=lambda: Listing.objects.filter(
            status=ListingStatus.PUBLISHED, broker__isnull=False
        ).count(),
        order=63,
    )
)


def _closed_deals(day: datetime.date | None = None) -> Any:
    """Deals closed (their certificates issued) by the end of `day`, or ever."""
    certificates = Certificate.objects.all()
    if day is not None:
        certificates = certificates.filter(issued_at__date__lte=day)
    return certificates


register(
    Metric(
        key="market.deals_closed",
        label=_("Technology deals closed"),
        compute=lambda: _closed_deals().count(),
        compute_on=lambda day: _closed_deals(day).count(),
        headline=True,
        order=64,
    )
)
register(
    Metric(
        key="market.deal_value",
        label=_("Value of technology deals closed"),
        unit=_("10,000 yuan"),
        compute=lambda: _value(_closed_deals()),
        compute_on=lambda day: _value(_closed_deals(day)),
        order=65,
    )
)
register(
    Metric(
        key="market.brokered_deals",
        label=_("Technology deals closed with a broker"),
        compute=lambda: _closed_deals().filter(deal__broker__isnull=False).count(),
        compute_on=lambda day: _closed_deals(day).filter(deal__broker__isnull=False).count(),
        order=66,
    )
)


def _value(certificates: Any) -> Decimal:
    total = certificates.aggregate(total=Sum("deal__price"))["total"] or Decimal(0)
    return (total / 10000).quantize(Decimal("0.01"))


# Deals at every state (as they stood on a past date, from the deals' history), and deals closed
# and their value by transfer mode: one metric each, for roadmap indicators to bind to.


def _register_by_state(state: str, label: Any, order: int) -> None:
    register(
        Metric(
            key=f"market.deals_at.{state}",
            label=format_lazy(_("Technology deals: {state}"), state=label),
            compute=lambda: statistics.deals_at_state_on(state),
            compute_on=lambda day: statistics.deals_at_state_on(state, day),
            order=order,
        )
    )


def _register_by_mode(mode: str, label: Any, order: int) -> None:
    register(
        Metric(
            key=f"market.deals_closed.{mode}",
            label=format_lazy(_("Technology deals closed: {mode}"), mode=label),
            compute=lambda: statistics.closed_by_mode_on(mode)[0],
            compute_on=lambda day: statistics.closed_by_mode_on(mode, day)[0],
            order=order,
        )
    )
    register(
        Metric(
            key=f"market.deal_value.{mode}",
            label=format_lazy(_("Value of technology deals closed: {mode}"), mode=label),
            unit=_("10,000 yuan"),
            compute=lambda: statistics.ten_thousands(statistics.closed_by_mode_on(mode)[1]),
            compute_on=lambda day: statistics.ten_thousands(
                statistics.closed_by_mode_on(mode, day)[1]
            ),
            order=order,
        )
    )


for _index, (_state, _label) in enumerate(DealState.choices):
    _register_by_state(_state, _label, 70 + _index)
for _index, (_mode, _label) in enumerate(TransferMode.choices):
    _register_by_mode(_mode, _label, 80 + _index)
