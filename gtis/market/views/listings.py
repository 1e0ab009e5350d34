"""Listing pages: search with facets, the listing with its confidential detail under NDA,
posting and editing, moderation, benefits and IP records."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gtis.core import pagecache
from gtis.core.forms import AttachmentForm
from gtis.core.generic import (
    RecordFormView,
    apply_service_errors,
    attach_posted_file,
    require_permission,
)
from gtis.core.models import Attachment
from gtis.market import deals, matching, search, selectors, services
from gtis.market.choices import DisclosureStatus
from gtis.market.forms import (
    BenefitForm,
    DisclosureDecisionForm,
    DisclosureRequestForm,
    InquiryForm,
    IPRecordForm,
    ListingForm,
    ModerateForm,
)
from gtis.market.models import Benefit, Deal, Disclosure, IPRecord, Listing

PER_PAGE = 20


class _Page(list):  # type: ignore[type-arg]
    """A search result page that Django's Paginator can count without fetching everything."""

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total

    def count(self) -> int:  # type: ignore[override]
        return self.total


@pagecache.for_visitors(selectors.revision)
def search_page(request: HttpRequest) -> HttpResponse:
    query = selectors.ListingQuery.from_params(request.GET)
    number = _page_number(request)
    result = selectors.search_listings(request.user, query, number, PER_PAGE)
    page = Paginator(_Page(result.total), PER_PAGE).get_page(number)
    for listing in result.objects:
        listing.snippet = search.highlight(listing.summary, query.search)
    params = {name: getattr(query, name) for name in selectors.FILTERS}
    return render(
        request,
        "market/listing_search.html",
        {
            "result": result,
            "page": page,
            "query": query,
            "params": params,
            "facets": _facet_links(params, result.facets),
            "base_query": _urlencode({k: v for k, v in params.items() if v}),
        },
    )


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _urlencode(params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


FACET_TITLES = {
    "node": gettext_lazy("Category"),
    "province": gettext_lazy("Region"),
    "trl": gettext_lazy("Readiness level (at least)"),
    "mode": gettext_lazy("Transfer mode"),
    "price": gettext_lazy("Price"),
    "designated": gettext_lazy("Owner's designation"),
}


def _facet_links(
    params: dict[str, str], facets: dict[str, list[tuple[str, str, int]]]
) -> list[tuple[str, Any, list[dict[str, Any]]]]:
    """Each facet's values as links that set (or clear) that filter and keep the others."""
    groups = []
    for name, values in facets.items():
        links = []
        for value, label, count in values:
            active = params.get(name) == value
            chosen = {**params, name: "" if active else value}
            links.append(
                {
                    "label": label,
                    "count": count,
                    "active": active,
                    "url": "?" + _urlencode({k: v for k, v in chosen.items() if v}),
                }
            )
        if links:
            groups.append((name, FACET_TITLES[name], links))
    return groups


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(
        Listing.objects.restrict(request.user, "view")
        .select_related("owner", "broker")
        .prefetch_related("nodes", "benefits", "ip_records", "shares__organisation"),
        pk=pk,
    )
    return render(request, "market/listing_detail.html", _detail_context(request, listing))


def _detail_context(request: HttpRequest, listing: Listing, **forms: Form) -> dict[str, Any]:
    user: Any = request.user
    prefetch_related_objects([listing], selectors.owner_badges())
    can_change = user.has_perm("market.change_listing", listing)
    mine = (
        listing.disclosures.filter(organisation=user.organisation_id).first()
        if getattr(user, "organisation_id", None)
        else None
    )
    confidential = None
    if user.has_perm("market.view_confidential_detail", listing):
        confidential = services.read_confidential_detail(actor=user, listing=listing)
    matches = selectors.listing_matches(user, listing)[:10] if can_change else []
    return {
        "listing": listing,
        "can_change": can_change,
        "can_moderate": user.has_perm("market.moderate_listing", listing),
        "can_request": user.has_perm("market.request_disclosure", listing)
        and (mine is None or mine.status == DisclosureStatus.DECLINED),
        "my_disclosure": mine,
        "confidential": confidential,
        "disclosures": listing.disclosures.select_related("organisation") if can_change else [],
        "reviews": listing.reviews.all()
        if can_change or user.has_perm("market.moderate_listing")
        else [],
        "matches": [(m, [matching.reason_text(r) for r in m.reasons]) for m in matches],
        "moderate_form": forms.get("moderate_form") or ModerateForm(),
        "disclosure_form": forms.get("disclosure_form") or DisclosureRequestForm(),
        "decision_form": DisclosureDecisionForm(),
        "benefit_form": forms.get("benefit_form") or BenefitForm(),
        "attachments": Attachment.objects.for_object(listing),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "ip_form": forms.get("ip_form") or IPRecordForm(),
        "can_inquire": user.has_perm("market.open_deal", listing),
        "inquiry_form": forms.get("inquiry_form") or InquiryForm(),
        "my_deals": Deal.objects.filter(listing=listing, buyer=user.organisation_id)
        if getattr(user, "organisation_id", None)
        else [],
    }


class ListingFormView(RecordFormView):
    model = Listing
    form_class = ListingForm
    save = staticmethod(services.save_listing)
    record_argument = "listing"
    title = gettext_lazy("Technology listing")
    template_name = "market/listing_form.html"

    def get_form(self, request: HttpRequest, obj: Any, data: Any = None) -> Form:
        form = super().get_form(request, obj, data)
        if obj is None and getattr(request.user, "organisation_id", None):
            form.initial["owner"] = request.user.organisation  # type: ignore[union-attr]
        return form


def _post_form(
    request: HttpRequest, listing: Listing, form_class: type[Form], key: str, action: Any
) -> HttpResponse:
    """Run a listing form posted from the listing page; errors come back on the page."""
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(listing)
    context = _detail_context(request, listing, **{key: form})
    return render(request, "market/listing_detail.html", context, status=400)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk)
    return _run(
        request, listing, lambda: services.submit_listing(actor=request.user, listing=listing)
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk)
    return _run(
        request, listing, lambda: services.withdraw_listing(actor=request.user, listing=listing)
    )


def _run(request: HttpRequest, listing: Listing, action: Any) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        context = _detail_context(request, listing)
        context["error"] = " ".join(error.messages)
        return render(request, "market/listing_detail.html", context, status=400)
    return redirect(listing)


@login_required
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk)
    require_permission(request, "market.moderate_listing", listing)
    return _post_form(
        request,
        listing,
        ModerateForm,
        "moderate_form",
        lambda data: services.moderate_listing(actor=request.user, listing=listing, **data),
    )


PARTS: dict[str, tuple[type[Form], Any, str]] = {
    "benefit": (BenefitForm, services.add_benefit, "benefit_form"),
    "ip": (IPRecordForm, services.add_ip_record, "ip_form"),
}


@login_required
@require_POST
def add_part(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add a green benefit or an IP record from the listing page."""
    listing = get_object_or_404(Listing, pk=pk)
    require_permission(request, "market.change_listing", listing)
    form_class, service, key = PARTS[kind]
    return _post_form(
        request,
        listing,
        form_class,
        key,
        lambda data: service(actor=request.user, listing=listing, **data),
    )


@login_required
@require_POST
def remove_part(request: HttpRequest, pk: int, kind: str, part_pk: int) -> HttpResponse:
    model: Any = Benefit if kind == "benefit" else IPRecord
    part = get_object_or_404(model, pk=part_pk, listing=pk)
    services.remove_part(actor=request.user, part=part)
    return redirect(part.listing)


@login_required
@require_POST
def request_disclosure(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing.objects.restrict(request.user, "view"), pk=pk)
    require_permission(request, "market.request_disclosure", listing)
    return _post_form(
        request,
        listing,
        DisclosureRequestForm,
        "disclosure_form",
        lambda data: services.request_disclosure(actor=request.user, listing=listing, **data),
    )


@login_required
@require_POST
def open_inquiry(request: HttpRequest, pk: int) -> HttpResponse:
    """A buyer's question about a listing opens a deal with its owner."""
    listing = get_object_or_404(Listing.objects.restrict(request.user, "view"), pk=pk)
    require_permission(request, "market.open_deal", listing)
    form = InquiryForm(request.POST)
    if form.is_valid():
        try:
            deal = deals.open_inquiry(actor=request.user, listing=listing, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(deal)
    context = _detail_context(request, listing, inquiry_form=form)
    return render(request, "market/listing_detail.html", context, status=400)


@login_required
@require_POST
def decide_disclosure(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = get_object_or_404(Disclosure.objects.select_related("listing"), pk=pk)
    require_permission(request, "market.decide_disclosure", disclosure.listing)
    return _post_form(
        request,
        disclosure.listing,
        DisclosureDecisionForm,
        "decision_form",
        lambda data: services.decide_disclosure(actor=request.user, disclosure=disclosure, **data),
    )


@login_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a brochure, test report or drawing to a listing (its owner)."""
    listing = get_object_or_404(Listing, pk=pk)
    require_permission(request, "market.change_listing", listing)
    form = AttachmentForm(request.POST, request.FILES)
    if attach_posted_file(request, listing, form, "market.change_listing"):
        return redirect(listing)
    context = _detail_context(request, listing, attachment_form=form)
    return render(request, "market/listing_detail.html", context, status=400)
