"""What the market API reads and writes.

The confidential detail is written through `ListingWriteSerializer` (write-only there) and read
only through the listing's `confidential` action: `ListingSerializer` has no such field, so no
list, detail or nested answer can carry it."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from rest_framework import serializers

from gtis.accounts.models import Organisation
from gtis.core import verifiers
from gtis.market import deals, matching, sales, selectors, services
from gtis.market.choices import OfferStatus, SaleState, TransferMode
from gtis.market.models import (
    Benefit,
    BrokerProfile,
    Deal,
    DealMessage,
    DealOffer,
    Disclosure,
    IPRecord,
    Listing,
    ListingReview,
    ListingShare,
    Match,
    Milestone,
    Need,
    Offer,
    Sale,
    SolutionCall,
)
from gtis.registry import selectors as registry_selectors
from gtis.registry.models import Designation
from gtis.roadmap import selectors as roadmap_selectors

NODE_TAXONOMY = "gic-2019"
NODES_HELP = "Codes of nodes of the 2019 Green Industry Guidance Catalogue (gic-2019), e.g. 1.1.1."
MODES_HELP = "Transfer modes, any of: " + ", ".join(TransferMode.values) + "."


def _viewer(field: serializers.Field) -> Any:
    return getattr(field.context.get("request"), "user", None)


def code_nodes() -> QuerySet[Any]:
    """The taxonomy nodes a listing's or need's codes are chosen from."""
    node_model: Any = Listing.nodes.field.related_model
    return node_model.objects.filter(taxonomy__code=NODE_TAXONOMY)  # type: ignore[no-any-return]


def node_codes(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code", queryset=code_nodes(), many=True, help_text=NODES_HELP, **kwargs
    )


def mode_list(**kwargs: Any) -> serializers.ListField:
    # Checked by the services, which name the unknown modes.
    return serializers.ListField(
        child=serializers.CharField(max_length=30), help_text=MODES_HELP, **kwargs
    )


class OrganisationField(serializers.PrimaryKeyRelatedField):
    """An organisation by id, among those the requester may see."""

    def get_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.restrict(_viewer(self))


class ListingField(serializers.PrimaryKeyRelatedField):
    """A listing by id, among those the requester may see."""

    def get_queryset(self) -> QuerySet[Listing]:
        return Listing.objects.restrict(_viewer(self), "view")


class NeedField(serializers.PrimaryKeyRelatedField):
    """A need by id, among those the requester may see."""

    def get_queryset(self) -> QuerySet[Need]:
        return selectors.needs(_viewer(self))


class CallField(serializers.PrimaryKeyRelatedField):
    """A call for solutions by id, among those the requester may see."""

    def get_queryset(self) -> QuerySet[SolutionCall]:
        return SolutionCall.objects.restrict(_viewer(self), "view")


class DeliverableField(serializers.PrimaryKeyRelatedField):
    """A roadmap deliverable by id, among those the requester may see."""

    def get_queryset(self) -> QuerySet[Any]:
        return roadmap_selectors.deliverables(_viewer(self))


# Listings --------------------------------------------------------------------------------------


class BenefitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Benefit
        fields = [
            "id",
            "metric",
            "value",
            "unit",
            "description",
            "verified",
            "verification_reference",
        ]


class IPRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = IPRecord
        fields = ["id", "kind", "number", "title", "legal_status", "territory"]


class ListingShareSerializer(serializers.ModelSerializer):
    organisation = OrganisationField()
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = ListingShare
        fields = ["organisation", "organisation_name", "share"]
        validators: list = []


class CoOwnersSerializer(serializers.Serializer):
    shares = ListingShareSerializer(many=True, allow_empty=True)


class ListingSerializer(serializers.ModelSerializer):
    """A listing as the public and its owner read it (never the confidential detail)."""

    owner_name = serializers.CharField(source="owner.name", read_only=True)
    broker_name = serializers.CharField(source="broker.name", read_only=True, allow_null=True)
    co_owners = ListingShareSerializer(source="shares", many=True, read_only=True)
    nodes: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text=NODES_HELP
    )
    developed_in = serializers.ListField(child=serializers.CharField(), read_only=True)
    deployed_in = serializers.ListField(child=serializers.CharField(), read_only=True)
    transfer_modes = serializers.ListField(child=serializers.CharField(), read_only=True)
    benefits = BenefitSerializer(many=True, read_only=True)
    ip_records = IPRecordSerializer(many=True, read_only=True)
    is_editable = serializers.BooleanField(read_only=True)

    class Meta:
        model = Listing
        fields = [
            "id",
            "owner",
            "owner_name",
            "broker",
            "broker_name",
            "co_owners",
            "title",
            "title_en",
            "summary",
            "summary_en",
            "nodes",
            "trl",
            "province",
            "developed_in",
            "deployed_in",
            "transfer_modes",
            "price_kind",
            "price_min",
            "price_max",
            "status",
            "status_reason",
            "is_editable",
            "published_at",
            "expires_on",
            "benefits",
            "ip_records",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "status_reason": {"help_text": "The moderators' last reason (owner and staff only)."}
        }

    def to_representation(self, instance: Listing) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = _viewer(self)
        if user is None or not user.has_perm("market.change_listing", instance):
            data.pop("status_reason", None)
        return data


class DesignationBadgeSerializer(serializers.ModelSerializer):
    """A designation in force of the listing's owner, and the page verifying its certificate
    (null when the designation has none, e.g. one from a published government list)."""

    programme = serializers.CharField(source="programme.name", read_only=True)
    programme_code = serializers.CharField(source="programme.code", read_only=True)
    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = Designation
        fields = [
            "id",
            "programme",
            "programme_code",
            "title",
            "batch",
            "designated_on",
            "valid_until",
            "verification_url",
        ]
        read_only_fields = fields

    def get_verification_url(self, designation: Designation) -> str | None:
        path = verifiers.verification_url(designation)
        return self.context["request"].build_absolute_uri(path) if path else None


class ListingDetailSerializer(ListingSerializer):
    """A listing as its page shows it: also the owner's designations in force, the market's
    badges (`designations`)."""

    designations = DesignationBadgeSerializer(source="owner.badges", many=True, read_only=True)

    class Meta(ListingSerializer.Meta):
        fields = [*ListingSerializer.Meta.fields, "designations"]
        read_only_fields = fields


class ListingWriteSerializer(serializers.ModelSerializer):
    """What `save_listing` takes: the owner by id, codes as a list of gic-2019 codes."""

    owner = OrganisationField()
    broker = OrganisationField(required=False, allow_null=True)
    nodes = node_codes(required=False)
    developed_in = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False
    )
    deployed_in = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    transfer_modes = mode_list(required=False)

    class Meta:
        model = Listing
        fields = [
            "owner",
            "broker",
            "title",
            "title_en",
            "summary",
            "summary_en",
            "confidential_detail",
            "nodes",
            "trl",
            "province",
            "developed_in",
            "deployed_in",
            "transfer_modes",
            "price_kind",
            "price_min",
            "price_max",
            "expires_on",
        ]
        extra_kwargs = {"confidential_detail": {"write_only": True}}


class ConfidentialDetailSerializer(serializers.Serializer):
    listing = serializers.IntegerField()
    confidential_detail = serializers.CharField()


class ModerationSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ListingReview.Decision.choices)
    # Blank passes here so that the service explains what is missing.
    reason = serializers.CharField(allow_blank=True)


class _MatchSerializer(serializers.ModelSerializer):
    """A match with its reasons in words, in the reader's language."""

    reasons = serializers.SerializerMethodField()

    def get_reasons(self, match: Match) -> list[str]:
        return [str(matching.reason_text(reason)) for reason in match.reasons]


class ListingMatchSerializer(_MatchSerializer):
    """A need ranked for a listing."""

    title = serializers.CharField(source="need.title", read_only=True)
    seeker = serializers.IntegerField(source="need.seeker_id", read_only=True)
    seeker_name = serializers.CharField(source="need.seeker.name", read_only=True)

    class Meta:
        model = Match
        fields = ["need", "title", "seeker", "seeker_name", "score", "reasons"]
        read_only_fields = fields


class NeedMatchSerializer(_MatchSerializer):
    """A published listing ranked for a need."""

    title = serializers.CharField(source="listing.title", read_only=True)
    owner = serializers.IntegerField(source="listing.owner_id", read_only=True)
    owner_name = serializers.CharField(source="listing.owner.name", read_only=True)

    class Meta:
        model = Match
        fields = ["listing", "title", "owner", "owner_name", "score", "reasons"]
        read_only_fields = fields


# Disclosures under the non-disclosure agreement ------------------------------------------------


class DisclosureSerializer(serializers.ModelSerializer):
    listing_title = serializers.CharField(source="listing.title", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "listing",
            "listing_title",
            "organisation",
            "organisation_name",
            "purpose",
            "terms_version",
            "terms_accepted_at",
            "status",
            "decided_at",
            "reason",
        ]
        read_only_fields = fields


class DisclosureRequestSerializer(serializers.Serializer):
    purpose = serializers.CharField(max_length=300, allow_blank=True)
    accept_terms = serializers.BooleanField(
        help_text="Accept the platform's non-disclosure agreement "
        f"(version {services.NDA_VERSION})."
    )


class DisclosureDecisionSerializer(serializers.Serializer):
    grant = serializers.BooleanField()
    reason = serializers.CharField(max_length=300, allow_blank=True, default="")


# Needs -----------------------------------------------------------------------------------------


class NeedSerializer(serializers.ModelSerializer):
    seeker = OrganisationField()
    seeker_name = serializers.CharField(source="seeker.name", read_only=True)
    nodes = node_codes(required=False)
    programme: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code",
        queryset=registry_selectors.programmes(),
        required=False,
        allow_null=True,
        help_text="Code of the programme the need serves.",
    )
    deliverable = DeliverableField(required=False, allow_null=True)
    acceptable_modes = mode_list(required=False)

    class Meta:
        model = Need
        fields = [
            "id",
            "seeker",
            "seeker_name",
            "title",
            "title_en",
            "problem",
            "problem_en",
            "required_outcome",
            "nodes",
            "industry",
            "province",
            "programme",
            "deliverable",
            "budget_min",
            "budget_max",
            "acceptable_modes",
            "deadline",
            "constraints_text",
            "stage",
            "stage_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "stage", "stage_reason", "created_at", "updated_at"]
        extra_kwargs = {
            "stage_reason": {"help_text": "The last decision's reason (seeker and staff only)."}
        }

    def to_representation(self, instance: Need) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = _viewer(self)
        if user is None or not user.has_perm("market.change_need", instance):
            data.pop("stage_reason", None)
        return data


class NeedMoveSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=list(services.NEED_STEPS))
    reason = serializers.CharField(allow_blank=True, default="")


# Calls for solutions and offers ----------------------------------------------------------------


class SolutionCallSerializer(serializers.ModelSerializer):
    need = NeedField()
    need_title = serializers.CharField(source="need.title", read_only=True)

    class Meta:
        model = SolutionCall
        fields = [
            "id",
            "need",
            "need_title",
            "title",
            "requirements",
            "opens_on",
            "closes_on",
            "status",
        ]
        read_only_fields = ["id", "status"]


class OfferSerializer(serializers.ModelSerializer):
    call = CallField()
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    listing = ListingField(required=False, allow_null=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "call",
            "organisation",
            "organisation_name",
            "listing",
            "proposal",
            "price",
            "duration_months",
            "trl",
            "status",
            "submitted_at",
        ]
        read_only_fields = ["id", "organisation", "trl", "status", "submitted_at"]
        # One offer per bidder is checked by the service, with the pages' message.
        validators: list = []


class OfferDecisionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[
            (value, label)
            for value, label in OfferStatus.choices
            if value in (OfferStatus.SHORTLISTED, OfferStatus.SELECTED, OfferStatus.DECLINED)
        ]
    )


# Deals -------------------------------------------------------------------------------------------


class DealOfferSerializer(serializers.ModelSerializer):
    class Meta:
        model = DealOffer
        fields = ["id", "organisation", "price", "mode", "terms", "status", "created_at"]
        read_only_fields = fields


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "amount", "due_on", "paid_on", "evidence"]
        read_only_fields = fields


class DealMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = DealMessage
        fields = ["id", "organisation", "body", "sent_at"]
        read_only_fields = fields


class DealSerializer(serializers.ModelSerializer):
    """A deal as its parties see it: its `state`, the offers, contract, milestones and
    messages, and the `actions` the reader may take now."""

    listing_title = serializers.CharField(source="listing.title", read_only=True)
    offers = DealOfferSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    messages = DealMessageSerializer(many=True, read_only=True)
    documents = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = Deal
        fields = [
            "id",
            "listing",
            "listing_title",
            "need",
            "buyer",
            "seller",
            "broker",
            "agent",
            "commission_rate",
            "commission_terms",
            "state",
            "state_reason",
            "price",
            "mode",
            "terms",
            "contract_type",
            "contract_signed_on",
            "contract_terms",
            "registration_number",
            "opened_at",
            "updated_at",
            "offers",
            "milestones",
            "messages",
            "documents",
            "actions",
            "certificate",
        ]
        read_only_fields = fields

    def get_documents(self, deal: Deal) -> list[dict[str, Any]]:
        """The deal room's documents, each with where a party downloads it."""
        from gtis.core.models import Attachment

        request = self.context["request"]
        return [
            {
                "name": a.original_name,
                "description": a.description,
                "size": a.size,
                "uploaded_at": a.uploaded_at,
                "url": request.build_absolute_uri(a.get_absolute_url()),
            }
            for a in Attachment.objects.for_object(deal)
        ]

    def get_actions(self, deal: Deal) -> list[str]:
        return deals.available_actions(self.context["request"].user, deal)

    def get_certificate(self, deal: Deal) -> dict[str, str] | None:
        """The transaction certificate of a closed deal: its number, code, the public page
        that verifies it and the PDF to print."""
        certificate = getattr(deal, "certificate", None)
        if certificate is None:
            return None
        request = self.context["request"]
        pdf = reverse("market:certificate_pdf", args=[certificate.code])
        return {
            "number": certificate.number,
            "code": certificate.code,
            "verification_url": request.build_absolute_uri(certificate.get_absolute_url()),
            "pdf_url": request.build_absolute_uri(pdf),
        }


class BrokerProfileSerializer(serializers.ModelSerializer):
    """A technology broker: the certificate, the organisation, the fields of expertise (codes of
    gic-2019), the default commission, and the track record: deals closed and their value
    (yuan), deals open, the mean rating (null when unrated) and the number of ratings."""

    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    expertise: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    closed_deals = serializers.IntegerField(read_only=True)
    closed_value = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)
    open_deals = serializers.IntegerField(read_only=True)
    mean_rating = serializers.SerializerMethodField()
    rating_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = BrokerProfile
        fields = [
            "id",
            "name",
            "organisation",
            "organisation_name",
            "level",
            "certificate_number",
            "certifying_body",
            "certified_on",
            "valid_until",
            "expertise",
            "bio",
            "commission_rate",
            "commission_terms",
            "status",
            "closed_deals",
            "closed_value",
            "open_deals",
            "mean_rating",
            "rating_count",
        ]
        read_only_fields = fields

    def get_mean_rating(self, profile: BrokerProfile) -> float | None:
        mean = getattr(profile, "mean_rating", None)
        return None if mean is None else round(mean, 2)


class InquirySerializer(serializers.Serializer):
    listing = serializers.PrimaryKeyRelatedField(queryset=Listing.objects.published())
    message = serializers.CharField(allow_blank=True)
    need = serializers.PrimaryKeyRelatedField(
        queryset=Need.objects.all(), required=False, allow_null=True
    )


class DealActionSerializer(serializers.Serializer):
    """`action` (one of the deal's `actions`) and that action's fields, as the deal room's
    forms take them: file and description (multipart, for attach); price, mode, terms;
    contract_type, signed_on, key_terms; number; title, amount, due_on; milestone, paid_on,
    evidence; reason; body."""

    action = serializers.ChoiceField(choices=sorted(deals.ACTIONS))


class SaleSerializer(serializers.ModelSerializer):
    """A public sale: its `state`, prices and times, the bids by bidder number, the result, the
    reader's own registration (`you`) and the `actions` the reader may take now. The reserve
    itself stays with the seller: bidders see whether it is met."""

    listing_title = serializers.CharField(source="listing.title", read_only=True)
    seller = serializers.CharField(source="listing.owner.name", read_only=True)
    minimum_bid = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    has_reserve = serializers.SerializerMethodField()
    reserve_met = serializers.BooleanField(read_only=True)
    bids = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    you = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Sale
        fields = [
            "id",
            "listing",
            "listing_title",
            "seller",
            "method",
            "mode",
            "state",
            "state_reason",
            "price",
            "increment",
            "deposit",
            "has_reserve",
            "reserve_met",
            "notice_ends_at",
            "bidding_ends_at",
            "extension_minutes",
            "current_price",
            "minimum_bid",
            "bid_count",
            "bids",
            "result",
            "you",
            "actions",
            "opened_at",
            "decided_at",
        ]
        read_only_fields = fields

    def get_has_reserve(self, sale: Sale) -> bool:
        return sale.reserve is not None

    def get_bids(self, sale: Sale) -> list[dict[str, Any]]:
        return [
            {"bidder": bid.registration.number, "amount": str(bid.amount), "at": bid.placed_at}
            for bid in sale.bids.all()
        ]

    def get_result(self, sale: Sale) -> dict[str, Any] | None:
        """Who bought, at what price (once sold)."""
        if sale.state != SaleState.SOLD or sale.leader is None:
            return None
        return {
            "bidder": sale.leader.number,
            "organisation": sale.leader.organisation.name,
            "price": str(sale.current_price),
            "deal": sale.deal_id,
        }

    def get_you(self, sale: Sale) -> dict[str, Any] | None:
        """The reader's organisation's registration: bidder number, qualification, deposit
        and whether it won."""
        organisation = getattr(self.context["request"].user, "organisation_id", None)
        mine = next(
            (
                r
                for r in sale.registrations.all()
                if organisation and r.organisation_id == organisation
            ),
            None,
        )
        if mine is None:
            return None
        return {
            "bidder": mine.number,
            "qualification": mine.status,
            "deposit": mine.deposit_status,
            "won": sale.state == SaleState.SOLD and sale.leader_id == mine.pk,
        }

    def get_actions(self, sale: Sale) -> list[str]:
        user = self.context["request"].user
        return sales.available_actions(user, sale) if user.is_authenticated else []


class SaleOpenSerializer(serializers.Serializer):
    """The listing to offer, then the sale's fields as the form takes them: method, mode,
    price, reserve, increment, deposit, notice_ends_at, bidding_ends_at, extension_minutes."""

    listing = serializers.PrimaryKeyRelatedField(queryset=Listing.objects.all())


class SaleActionSerializer(serializers.Serializer):
    """`action` (one of the sale's `actions`) and its fields: statement, deposit_reference;
    registration, qualified (1 or 0), reason; amount; reference."""

    action = serializers.ChoiceField(choices=sorted(sales.ACTIONS))


class StatisticsRowSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="The month (YYYY-MM), region code, category code, "
        "transfer mode or broker organisation id."
    )
    label = serializers.CharField()  # type: ignore[assignment]  # shadows Field.label
    deals = serializers.IntegerField(help_text="Deals closed.")
    value = serializers.DecimalField(
        max_digits=18, decimal_places=2, help_text="Their agreed prices, in yuan."
    )


class StateCountSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # shadows Field.label
    deals = serializers.IntegerField()


class DealStatisticsSerializer(serializers.Serializer):
    """Deals closed (their certificates issued) and their value; a deal whose technology has
    codes in two categories counts in each."""

    year = serializers.IntegerField(allow_null=True)
    years = serializers.ListField(child=serializers.IntegerField())
    total = StatisticsRowSerializer()
    by_month = StatisticsRowSerializer(many=True)
    by_seller_region = StatisticsRowSerializer(many=True)
    by_buyer_region = StatisticsRowSerializer(many=True)
    by_category = StatisticsRowSerializer(many=True)
    by_mode = StatisticsRowSerializer(many=True)
    by_method = StatisticsRowSerializer(many=True)
    by_broker = StatisticsRowSerializer(many=True)
    by_state = StateCountSerializer(many=True)
