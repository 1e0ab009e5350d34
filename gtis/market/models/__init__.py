from gtis.market.models.brokers import BrokerProfile, BrokerRating
from gtis.market.models.deals import Certificate, Deal, DealMessage, DealOffer, Milestone
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
from gtis.market.models.sales import Bid, Sale, SaleRegistration
from gtis.market.models.trading_rules import TradingRule

__all__ = [
    "Benefit",
    "Bid",
    "BrokerProfile",
    "BrokerRating",
    "Certificate",
    "Deal",
    "DealMessage",
    "DealOffer",
    "Disclosure",
    "IPRecord",
    "Listing",
    "ListingReview",
    "ListingShare",
    "Match",
    "Milestone",
    "Need",
    "Offer",
    "Revision",
    "Sale",
    "SaleRegistration",
    "SolutionCall",
    "TradingRule",
]
