"""Live figures of the market, for its home page and for roadmap indicators (deliverables
22–24: the trading market, its rules and its intermediaries)."""

from django.utils.translation import gettext_lazy as _

from gtis.core.metrics import Metric, register
from gtis.market.choices import PUBLIC_NEED_STAGES, ListingStatus, NeedStage
from gtis.market.models import Listing, Need

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
