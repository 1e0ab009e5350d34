from gtis.market.models.listings import (
    Benefit,
    Disclosure,
    IPRecord,
    Listing,
    ListingReview,
    ListingShare,
)
from gtis.market.models.needs import Match, Need, Offer, SolutionCall
from gtis.market.models.revision import Revision

__all__ = [
    "Benefit",
    "Disclosure",
    "IPRecord",
    "Listing",
    "ListingReview",
    "ListingShare",
    "Match",
    "Need",
    "Offer",
    "Revision",
    "SolutionCall",
]
