"""The deal room (messages, offers, contract, milestones, timeline and the actions the reader
may take now), "my deals" and the public verification of transaction certificates; a deal
opens with an inquiry from the listing page."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gtis.core.certificate_pdf import response as pdf_response
from gtis.core.generic import apply_service_errors
from gtis.core.models import Attachment, AuditEvent
from gtis.market import certificate_pdf, certificates, deals
from gtis.market.forms import deal_form
from gtis.market.models import BrokerRating, Deal, DealOffer, Sale, SaleRegistration


@login_required
def my_deals(request: HttpRequest) -> HttpResponse:
    rows = (
        Deal.objects.restrict(request.user, "view")
        .select_related("listing", "buyer", "seller", "broker")
        .order_by("-updated_at", "-pk")
    )
    organisation = getattr(request.user, "organisation_id", None)
    return render(
        request,
        "market/deal_list.html",
        {
            "deals": rows,
            "sales": Sale.objects.filter(
                Q(listing__owner=organisation) | Q(listing__broker=organisation)
            ).select_related("listing", "listing__owner"),
            "registrations": SaleRegistration.objects.filter(
                organisation=organisation
            ).select_related("sale__listing"),
        },
    )


def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone may check a transaction certificate by its code: its contents if the code is
    genuine, a clear refusal (404) otherwise."""
    certificate = certificates.verified(code)
    return render(
        request,
        "market/certificate.html",
        {"certificate": certificate, "code": code},
        status=200 if certificate else 404,
    )


def download_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone downloads a genuine transaction certificate as a PDF to print, its QR code
    opening the verification page; an unknown or altered code is not found."""
    certificate = certificates.verified(code)
    if certificate is None:
        raise Http404
    url = request.build_absolute_uri(certificate.get_absolute_url())
    return pdf_response(certificate_pdf.document(certificate, url))


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "market/deal_detail.html", _context(request, _deal(request, pk)))


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    deal = _deal(request, pk)
    if action not in deals.ACTIONS:
        raise Http404
    form = deal_form(action, deal, request.POST, files=request.FILES)
    if form.is_valid():
        try:
            deals.ACTIONS[action].service(actor=request.user, deal=deal, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(deal)
    deal = _deal(request, pk)  # as saved: a refused action changed nothing
    return render(
        request, "market/deal_detail.html", _context(request, deal, {action: form}), status=400
    )


def _deal(request: HttpRequest, pk: int) -> Deal:
    queryset = Deal.objects.restrict(request.user, "view").select_related(
        "listing", "need", "buyer", "seller", "broker", "agent__organisation"
    )
    return get_object_or_404(
        queryset.select_related("certificate").prefetch_related(
            "milestones",
            Prefetch("offers", queryset=DealOffer.objects.select_related("organisation")),
            "messages__organisation",
            "messages__author",
            Prefetch(
                "broker_ratings", queryset=BrokerRating.objects.select_related("organisation")
            ),
        ),
        pk=pk,
    )


def _context(
    request: HttpRequest, deal: Deal, bound: dict[str, Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    available = deals.available_actions(request.user, deal)
    return {
        "deal": deal,
        "party": deal.party_of(getattr(request.user, "organisation_id", None)),
        "forms": {name: bound.get(name) or deal_form(name, deal) for name in available},
        "documents": Attachment.objects.for_object(deal),
        "timeline": AuditEvent.objects.for_object(deal)
        .select_related("actor")
        .order_by("occurred_at", "pk"),
    }
