"""Forms of the market's pages; their cleaned data goes to the services as it is."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from gtis.accounts.fields import OrganisationField
from gtis.accounts.regions import Province
from gtis.core.widgets import DateInput, DateTimeInput
from gtis.market.choices import (
    BenefitMetric,
    BrokerLevel,
    ContractType,
    IPKind,
    IPStatus,
    OfferStatus,
    PriceKind,
    SaleMethod,
    TransferMode,
)
from gtis.market.models import (
    BrokerProfile,
    Listing,
    ListingReview,
    Milestone,
    SaleRegistration,
)

TRL_CHOICES = [(level, str(level)) for level in range(1, 10)]


def money(label: Any) -> forms.DecimalField:
    """An optional amount in 10,000 yuan."""
    return forms.DecimalField(
        label=label, max_digits=12, decimal_places=2, required=False, min_value=0
    )


class CodesField(forms.CharField):
    """Codes of the 2019 green industry catalogue typed as text (1.1.1, 3.2 …), as nodes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            gettext_lazy("Codes of the 2019 Green Industry Guidance Catalogue, e.g. 1.1.1 3.2.1."),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if hasattr(value, "all") or isinstance(value, list):
            items = value.all() if hasattr(value, "all") else value
            return " ".join(getattr(node, "code", str(node)) for node in items)
        return value

    def clean(self, value: Any) -> list[Any]:
        text = super().clean(value)
        codes = [code for code in re.split(r"[\s,，、;；]+", text or "") if code]
        node_model: Any = Listing.nodes.field.related_model
        nodes = {
            node.code: node
            for node in node_model.objects.filter(taxonomy__code="gic-2019", code__in=codes)
        }
        unknown = [code for code in codes if code not in nodes]
        if unknown:
            raise forms.ValidationError(
                _("Not a code of the catalogue: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [nodes[code] for code in dict.fromkeys(codes)]


class RegionsField(forms.CharField):
    """A list of regions or countries typed as text, separated by commas."""

    def prepare_value(self, value: Any) -> Any:
        return "、".join(value) if isinstance(value, list) else value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        return [part for part in re.split(r"[,，、;；]+", text) if part.strip()]


class ListingForm(forms.Form):
    owner = OrganisationField(label=gettext_lazy("Owner organisation"))
    broker = OrganisationField(label=gettext_lazy("Broker organisation"), required=False)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("English title"), max_length=200, required=False)
    summary = forms.CharField(
        label=gettext_lazy("Public summary"), widget=forms.Textarea(attrs={"rows": 4})
    )
    summary_en = forms.CharField(
        label=gettext_lazy("English summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    confidential_detail = forms.CharField(
        label=gettext_lazy("Confidential detail"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy(
            "Released only to buyers who accepted the non-disclosure agreement and whom you named."
        ),
    )
    nodes = CodesField(label=gettext_lazy("Taxonomy codes"), required=False)
    trl = forms.TypedChoiceField(
        label=gettext_lazy("Technology readiness level"), choices=TRL_CHOICES, coerce=int
    )
    province = forms.ChoiceField(
        label=gettext_lazy("Region"), choices=[("", "—"), *Province.choices], required=False
    )
    developed_in = RegionsField(label=gettext_lazy("Developed in"), required=False)
    deployed_in = RegionsField(label=gettext_lazy("Deployed in"), required=False)
    transfer_modes = forms.MultipleChoiceField(
        label=gettext_lazy("Transfer modes"), choices=TransferMode.choices
    )
    price_kind = forms.ChoiceField(label=gettext_lazy("Price"), choices=PriceKind.choices)
    price_min = money(gettext_lazy("Price from (10,000 yuan)"))
    price_max = money(gettext_lazy("Price up to (10,000 yuan)"))
    expires_on = forms.DateField(
        label=gettext_lazy("Listed until"), widget=DateInput(), required=False
    )


class NeedForm(forms.Form):
    seeker = OrganisationField(label=gettext_lazy("Seeker"))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("English title"), max_length=200, required=False)
    problem = forms.CharField(
        label=gettext_lazy("Problem statement"), widget=forms.Textarea(attrs={"rows": 4})
    )
    problem_en = forms.CharField(
        label=gettext_lazy("English problem statement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    required_outcome = forms.CharField(
        label=gettext_lazy("Required outcome"), widget=forms.Textarea(attrs={"rows": 3})
    )
    nodes = CodesField(label=gettext_lazy("Taxonomy codes"), required=False)
    industry = forms.CharField(label=gettext_lazy("Industry"), max_length=100, required=False)
    province = forms.ChoiceField(
        label=gettext_lazy("Region"), choices=[("", "—"), *Province.choices], required=False
    )
    budget_min = money(gettext_lazy("Budget from (10,000 yuan)"))
    budget_max = money(gettext_lazy("Budget up to (10,000 yuan)"))
    acceptable_modes = forms.MultipleChoiceField(
        label=gettext_lazy("Acceptable transfer modes"),
        choices=TransferMode.choices,
        required=False,
    )
    deadline = forms.DateField(label=gettext_lazy("Deadline"), widget=DateInput(), required=False)
    constraints_text = forms.CharField(
        label=gettext_lazy("Constraints"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Moderation decision"), choices=ListingReview.Decision.choices
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason the owner will see"), widget=forms.Textarea(attrs={"rows": 2})
    )


class DisclosureRequestForm(forms.Form):
    purpose = forms.CharField(label=gettext_lazy("Why you need the detail"), max_length=300)
    accept_terms = forms.BooleanField(
        label=gettext_lazy(
            "On behalf of my organisation I accept the platform's non-disclosure agreement: "
            "the detail is used only to evaluate this technology and is not passed on."
        ),
        required=False,
    )


class DisclosureDecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=gettext_lazy("Your decision"),
        choices=[("1", gettext_lazy("Release the detail")), ("0", gettext_lazy("Decline"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)


class BenefitForm(forms.Form):
    metric = forms.ChoiceField(label=gettext_lazy("Benefit"), choices=BenefitMetric.choices)
    value = forms.DecimalField(label=gettext_lazy("Value"), max_digits=14, decimal_places=2)
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=30)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200, required=False)


class IPRecordForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=IPKind.choices)
    number = forms.CharField(label=gettext_lazy("Number"), max_length=60, required=False)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    legal_status = forms.ChoiceField(label=gettext_lazy("Legal status"), choices=IPStatus.choices)
    territory = forms.CharField(label=gettext_lazy("Territory"), max_length=40, initial="CN")


class MoveNeedForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CallForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    requirements = forms.CharField(
        label=gettext_lazy("Requirements"), widget=forms.Textarea(attrs={"rows": 4})
    )
    opens_on = forms.DateField(label=gettext_lazy("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=gettext_lazy("Closes on"), widget=DateInput())


class OfferForm(forms.Form):
    listing = forms.ModelChoiceField(
        label=gettext_lazy("Listing offered"), queryset=Listing.objects.none(), required=False
    )
    proposal = forms.CharField(
        label=gettext_lazy("Proposal"), widget=forms.Textarea(attrs={"rows": 4})
    )
    price = forms.DecimalField(
        label=gettext_lazy("Price (10,000 yuan)"), max_digits=12, decimal_places=2, min_value=0
    )
    duration_months = forms.IntegerField(
        label=gettext_lazy("Duration (months)"), min_value=1, max_value=120
    )


class OfferDecisionForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (OfferStatus.SHORTLISTED, OfferStatus.SHORTLISTED.label),
            (OfferStatus.SELECTED, OfferStatus.SELECTED.label),
            (OfferStatus.DECLINED, OfferStatus.DECLINED.label),
        ]
    )


class SuggestForm(forms.Form):
    title = forms.CharField(required=False)
    summary = forms.CharField(required=False)
    problem = forms.CharField(required=False)


# Deals --------------------------------------------------------------------------------------


class InquiryForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Your question to the owner"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DealMessageForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Message"), widget=forms.Textarea(attrs={"rows": 3}))


class DealOfferForm(forms.Form):
    price = forms.DecimalField(
        label=gettext_lazy("Price (yuan)"), min_value=0, max_digits=16, decimal_places=2
    )
    mode = forms.ChoiceField(label=gettext_lazy("Transfer mode"), choices=TransferMode.choices)
    terms = forms.CharField(
        label=gettext_lazy("Terms"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ContractForm(forms.Form):
    contract_type = forms.ChoiceField(
        label=gettext_lazy("Contract type"), choices=ContractType.choices
    )
    signed_on = forms.DateField(label=gettext_lazy("Signed on"), widget=DateInput())
    key_terms = forms.CharField(
        label=gettext_lazy("Key terms"), widget=forms.Textarea(attrs={"rows": 3})
    )
    registration_number = forms.CharField(
        label=gettext_lazy("Registration number (技术合同登记)"), required=False, max_length=40
    )


class RegistrationForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Registration number (技术合同登记)"), max_length=40
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Milestone"), max_length=200)
    amount = forms.DecimalField(
        label=gettext_lazy("Amount (yuan)"), min_value=0, max_digits=16, decimal_places=2
    )
    due_on = forms.DateField(label=gettext_lazy("Due on"), widget=DateInput())


class PaymentForm(forms.Form):
    milestone = forms.ModelChoiceField(
        label=gettext_lazy("Milestone"), queryset=Milestone.objects.none()
    )
    paid_on = forms.DateField(label=gettext_lazy("Paid on"), widget=DateInput())
    evidence = forms.CharField(label=gettext_lazy("Payment evidence"), max_length=200)

    def __init__(self, *args: Any, deal: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if deal is not None:
            field: Any = self.fields["milestone"]
            field.queryset = deal.milestones.filter(paid_on__isnull=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


def commission(label: Any, **kwargs: Any) -> forms.DecimalField:
    """A commission in percent of the price, 0 to 30."""
    return forms.DecimalField(
        label=label, max_digits=5, decimal_places=2, min_value=0, max_value=30, **kwargs
    )


class AssignBrokerForm(forms.Form):
    agent = forms.ModelChoiceField(
        label=gettext_lazy("Technology broker"), queryset=BrokerProfile.objects.none()
    )
    commission_rate = commission(
        gettext_lazy("Commission (%)"),
        required=False,
        help_text=gettext_lazy("Leave empty for the broker's default commission."),
    )
    commission_terms = forms.CharField(
        label=gettext_lazy("Commission terms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, deal: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if deal is not None:
            # Certified brokers of neither party's organisation.
            field: Any = self.fields["agent"]
            field.queryset = (
                BrokerProfile.objects.certified()
                .exclude(organisation__in=[deal.buyer_id, deal.seller_id])
                .select_related("organisation")
            )
            field.label_from_instance = lambda p: f"{p.name}（{p.organisation}）"


class RateBrokerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("Score"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DealDocumentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Document"))
    description = forms.CharField(
        label=gettext_lazy("Description"),
        help_text=gettext_lazy("E.g. the signed contract, a technical annex, an invoice."),
        max_length=200,
        required=False,
    )


# The form of each deal action (deals.ACTIONS); an action without data takes an empty form.
DEAL_FORMS: dict[str, type[forms.Form]] = {
    "message": DealMessageForm,
    "attach": DealDocumentForm,
    "make_offer": DealOfferForm,
    "sign_contract": ContractForm,
    "register_contract": RegistrationForm,
    "add_milestone": MilestoneForm,
    "pay_milestone": PaymentForm,
    "cancel": ReasonForm,
    "dispute": ReasonForm,
    "resolve": ReasonForm,
    "assign_broker": AssignBrokerForm,
    "rate_broker": RateBrokerForm,
}


def deal_form(
    action: str, deal: Any, data: Any = None, prefixed: bool = True, files: Any = None
) -> forms.Form:
    """The form of a deal action; the deal room's are prefixed with the action's name, since
    it shows several, the API's are not."""
    prefix = action if prefixed else None
    form_class = DEAL_FORMS.get(action, forms.Form)
    if form_class in (PaymentForm, AssignBrokerForm):
        return form_class(data, files, deal=deal, prefix=prefix)  # type: ignore[call-arg]
    return form_class(data, files, prefix=prefix)


class TradingRuleForm(forms.Form):
    enabled = forms.BooleanField(label=gettext_lazy("In force"), required=False)
    parameters = forms.CharField(
        label=gettext_lazy("Parameters (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_parameters(self) -> Any:
        import json

        text = self.cleaned_data["parameters"].strip() or "{}"
        try:
            return json.loads(text)
        except ValueError as error:
            message = _("This is not valid JSON: %(error)s") % {"error": error}
            raise forms.ValidationError(message) from error


def yuan(label: Any, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=0, max_digits=16, decimal_places=2, required=required
    )


class SaleForm(forms.Form):
    """Open a public sale of a listing: by listing with notice (挂牌) or by auction."""

    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=SaleMethod.choices)
    mode = forms.ChoiceField(label=gettext_lazy("Transfer mode"), choices=TransferMode.choices)
    price = yuan(gettext_lazy("Listed or starting price (yuan)"))
    reserve = yuan(gettext_lazy("Reserve (yuan, auctions only)"), required=False)
    increment = yuan(gettext_lazy("Minimum increment (yuan)"))
    deposit = yuan(gettext_lazy("Deposit (yuan)"))
    notice_ends_at = forms.DateTimeField(
        label=gettext_lazy("Registration closes"), widget=DateTimeInput()
    )
    bidding_ends_at = forms.DateTimeField(
        label=gettext_lazy("Bidding ends"), widget=DateTimeInput()
    )
    extension_minutes = forms.IntegerField(
        label=gettext_lazy("Anti-sniping extension (minutes)"), min_value=0, max_value=60, initial=5
    )

    def __init__(self, *args: Any, listing: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if listing is not None:
            field: Any = self.fields["mode"]
            field.choices = [(m, TransferMode(m).label) for m in listing.transfer_modes]


class SaleRegistrationForm(forms.Form):
    statement = forms.CharField(
        label=gettext_lazy("Statement of intent"),
        help_text=gettext_lazy(
            "Why your organisation wants the technology and how it will use it."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deposit_reference = forms.CharField(
        label=gettext_lazy("Deposit payment reference"), max_length=100, required=False
    )


class RegistrationChoiceForm(forms.Form):
    """A form acting on one of the sale's registrations."""

    registration = forms.ModelChoiceField(
        label=pgettext_lazy("sale", "Bidder"), queryset=SaleRegistration.objects.none()
    )
    statuses: tuple[str, ...] = ()

    def __init__(self, *args: Any, sale: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sale is not None:
            field: Any = self.fields["registration"]
            field.queryset = sale.registrations.select_related("organisation")


class QualificationForm(RegistrationChoiceForm):
    qualified = forms.TypedChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("1", gettext_lazy("Qualified")), ("0", gettext_lazy("Not qualified"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RefundForm(RegistrationChoiceForm):
    reference = forms.CharField(label=gettext_lazy("Refund payment reference"), max_length=100)


class BidForm(forms.Form):
    amount = yuan(gettext_lazy("Your bid (yuan)"))


# The form of each sale action (sales.ACTIONS).
SALE_FORMS: dict[str, type[forms.Form]] = {
    "register": SaleRegistrationForm,
    "decide": QualificationForm,
    "bid": BidForm,
    "cancel": ReasonForm,
    "refund": RefundForm,
}


def sale_form(action: str, sale: Any, data: Any = None, prefixed: bool = True) -> forms.Form:
    """The form of a sale action (prefixed on the sale page, which shows several)."""
    prefix = action if prefixed else None
    form_class = SALE_FORMS[action]
    if issubclass(form_class, RegistrationChoiceForm):
        return form_class(data, sale=sale, prefix=prefix)
    return form_class(data, prefix=prefix)


class StatisticsForm(forms.Form):
    """The year the trade statistics cover; every year when none is given."""

    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100
    )

    def year_or_none(self) -> int | None:
        return self.cleaned_data.get("year") if self.is_valid() else None


# Technology brokers ---------------------------------------------------------------------------


class BrokerApplicationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name on the certificate"), max_length=100)
    certificate_number = forms.CharField(
        label=pgettext_lazy("broker", "Certificate number"), max_length=40
    )
    level = forms.ChoiceField(label=gettext_lazy("Certificate level"), choices=BrokerLevel.choices)
    certifying_body = forms.CharField(
        label=gettext_lazy("Certifying body"),
        max_length=200,
        help_text=gettext_lazy("The training and certifying body that issued the certificate."),
    )
    certified_on = forms.DateField(label=gettext_lazy("Certified on"), widget=DateInput())
    valid_until = forms.DateField(label=gettext_lazy("Valid until"), widget=DateInput())
    expertise = CodesField(label=gettext_lazy("Fields of expertise"), required=False)
    commission_rate = commission(gettext_lazy("Default commission (%)"))
    commission_terms = forms.CharField(
        label=gettext_lazy("Commission terms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    bio = forms.CharField(
        label=gettext_lazy("Profile"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class BrokerDecisionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason the broker will see"), widget=forms.Textarea(attrs={"rows": 2})
    )
