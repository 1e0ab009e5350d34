"""Live figures of the market, for its home page and for roadmap indicators (deliverables
22–24: the trading market, its rules and its intermediaries)."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from gtis.core.metrics import Metric, register
from gtis.market.choices import PUBLIC_NEED_STAGES, ListingStatus, NeedStage
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
