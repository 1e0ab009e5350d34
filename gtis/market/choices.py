"""Choices of the market: lifecycles, transfer modes, prices, benefits and IP."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("market status", "Submitted")
    IN_MODERATION = "in_moderation", _("In moderation")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", pgettext_lazy("market status", "Rejected")
    PUBLISHED = "published", _("Published")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", pgettext_lazy("market status", "Withdrawn")
    EXPIRED = "expired", _("Expired")
    TRANSFERRED = "transferred", _("Transferred")


class NeedStage(models.TextChoices):
    """The stages of a need, as CTCN runs requests."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("market status", "Submitted")
    IN_REVIEW = "in_review", _("In review")
    SOLUTION_DESIGN = "solution_design", _("Solution design")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("market status", "Withdrawn")


# Needs the public sees: reviewed and accepted, then worked on.
PUBLIC_NEED_STAGES = (
    NeedStage.SOLUTION_DESIGN,
    NeedStage.IN_PROGRESS,
    NeedStage.COMPLETED,
)


class TransferMode(models.TextChoices):
    ASSIGNMENT = "assignment", _("Assignment (转让)")
    EXCLUSIVE_LICENCE = "exclusive_licence", _("Exclusive licence")
    SOLE_LICENCE = "sole_licence", _("Sole licence")
    ORDINARY_LICENCE = "ordinary_licence", _("Ordinary licence")
    CAPITAL_CONTRIBUTION = "capital_contribution", _("Capital contribution (作价入股)")
    DEVELOPMENT = "development", _("Technical development")
    SERVICE = "service", _("Technical service")
    CONSULTING = "consulting", _("Technical consulting")
    FREE_PUBLIC_LICENCE = "free_public_licence", _("Free public licence")


class PriceKind(models.TextChoices):
    FIXED = "fixed", _("Fixed price")
    RANGE = "range", _("Price range")
    NEGOTIABLE = "negotiable", _("Negotiable")
    RESERVE = "reserve", _("Auction reserve")


class BenefitMetric(models.TextChoices):
    ENERGY_SAVED = "energy_saved", _("Energy saved")
    CO2_AVOIDED = "co2_avoided", _("CO₂ avoided")
    WATER_SAVED = "water_saved", _("Water saved")
    POLLUTANT_REDUCED = "pollutant_reduced", _("Pollutant emissions reduced")
    WASTE_REDUCED = "waste_reduced", _("Waste reduced or recycled")
    RENEWABLE_OUTPUT = "renewable_output", _("Renewable energy generated")
    COST_SAVED = "cost_saved", _("Operating cost saved")
    OTHER = "other", _("Other benefit")


class IPKind(models.TextChoices):
    INVENTION_PATENT = "invention_patent", _("Invention patent")
    UTILITY_MODEL = "utility_model", _("Utility model")
    DESIGN = "design", _("Design patent")
    SOFTWARE = "software", _("Software copyright")
    IC_LAYOUT = "ic_layout", _("IC layout design")
    PLANT_VARIETY = "plant_variety", _("Plant variety")
    TRADE_SECRET = "trade_secret", _("Trade secret")


class IPStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    EXPIRED = "expired", _("Expired")
    INVALIDATED = "invalidated", _("Invalidated")


class DisclosureStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")


class CallStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("call status", "Open")
    CLOSED = "closed", _("Closed")
    AWARDED = "awarded", _("Awarded")


class OfferStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("market status", "Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("market status", "Withdrawn")


class DealState(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    NEGOTIATING = "negotiating", _("Negotiating")
    AGREED = "agreed", _("Terms agreed")
    CONTRACTED = "contracted", _("Contract signed")
    DELIVERED = "delivered", _("Delivery accepted")
    CLOSED = "closed", pgettext_lazy("deal state", "Closed")
    CANCELLED = "cancelled", _("Cancelled")
    DISPUTED = "disputed", _("In dispute")


class ContractType(models.TextChoices):
    """The four statutory technology contract types (Civil Code, book III, chapter 20)."""

    DEVELOPMENT = "development", _("Technology development contract")
    TRANSFER = "transfer", _("Technology transfer contract")
    CONSULTING = "consulting", _("Technology consulting contract")
    SERVICE = "service", _("Technology service contract")


class DealOfferStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("deal offer", "Open")
    ACCEPTED = "accepted", _("Accepted")
    SUPERSEDED = "superseded", _("Superseded")


class TradingRuleCode(models.TextChoices):
    """The market rules (deliverable 23) every market action passes."""

    VERIFIED_ORGANISATION = "verified_organisation", _("The organisation is verified")
    NOT_ELIMINATED = (
        "not_eliminated",
        _("The technology is not on an elimination catalogue in force"),
    )
    VALID_PATENTS = "valid_patents", _("The patents a listing claims are valid")
    NO_SERIOUS_INFRINGEMENT = (
        "no_serious_infringement",
        _("The organisation has no active serious infringement credit record"),
    )


class SaleMethod(models.TextChoices):
    """How an exchange sells a technology in public (the negotiated way is a deal)."""

    LISTED = "listed", _("Listed with public notice, then bidding (挂牌)")
    AUCTION = "auction", _("Auction (拍卖)")


class SaleState(models.TextChoices):
    NOTICE = "notice", _("Public notice: registering intent")
    BIDDING = "bidding", _("Bidding")
    SOLD = "sold", _("Sold")
    UNSOLD = "unsold", _("Unsold")
    CANCELLED = "cancelled", pgettext_lazy("sale state", "Cancelled")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Awaiting qualification")
    QUALIFIED = "qualified", _("Qualified")
    REFUSED = "refused", _("Not qualified")


class DepositStatus(models.TextChoices):
    HELD = "held", _("Held")
    APPLIED = "applied", _("Applied to the price")
    REFUND_DUE = "refund_due", _("To be refunded")
    REFUNDED = "refunded", _("Refunded")


class BrokerLevel(models.TextChoices):
    """The grades of the technology broker certificate (技术经纪人)."""

    JUNIOR = "junior", _("Junior technology broker (初级)")
    INTERMEDIATE = "intermediate", _("Intermediate technology broker (中级)")
    SENIOR = "senior", _("Senior technology broker (高级)")


class BrokerStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    CERTIFIED = "certified", _("Certified")
    SUSPENDED = "suspended", _("Suspended")
