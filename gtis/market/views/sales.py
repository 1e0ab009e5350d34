"""Public sales: the list of listed sales and auctions, a sale's page (its panel refreshes
itself while the sale runs), the seller's form to open one and the actions of buyers, sellers
and staff."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gtis.core.generic import ServiceFormView, apply_service_errors, require_permission
from gtis.market import sales
from gtis.market.choices import SaleState
from gtis.market.forms import SaleForm, sale_form
from gtis.market.models import Listing, Sale
from gtis.market.models.sales import LIVE_STATES


def sale_list(request: HttpRequest) -> HttpResponse:
    """Sales running now, then those that ended."""
    sales.advance_due()
    rows = Sale.objects.select_related("listing", "listing__owner").order_by("-opened_at", "-pk")
    return render(
        request,
        "market/sale_list.html",
        {
            "live": rows.filter(state__in=LIVE_STATES),
            "ended": rows.exclude(state__in=LIVE_STATES)[:50],
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    sale = sales.advance(_sale(pk))
    context = _context(request, _sale(sale.pk))
    if getattr(request, "htmx", False):
        return render(request, "market/_sale_panel.html", context)
    return render(request, "market/sale_detail.html", context)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    sale = _sale(pk)
    if action not in sales.ACTIONS:
        raise Http404
    form = sale_form(action, sale, request.POST)
    if form.is_valid():
        try:
            sales.ACTIONS[action].service(actor=request.user, sale=sale, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(sale)
    context = _context(request, _sale(pk), {action: form})  # as saved: nothing changed
    return render(request, "market/sale_detail.html", context, status=400)


class SaleOpenView(ServiceFormView):
    """The owner of a published listing offers it by listing with notice or by auction."""

    form_class = SaleForm
    title = _("Offer the technology in a public sale")

    def get_object(self, request: HttpRequest, **kwargs: Any) -> Listing:
        listing = get_object_or_404(Listing.objects.restrict(request.user, "view"), pk=kwargs["pk"])
        require_permission(request, "market.open_sale", listing)
        return listing

    def get_form(self, request: HttpRequest, obj: Model | None, data: Any = None) -> Form:
        return SaleForm(data, listing=obj)

    def perform(self, request: HttpRequest, form: Form, obj: Model | None) -> Sale:
        assert isinstance(obj, Listing)
        return sales.open_sale(actor=request.user, listing=obj, **form.cleaned_data)


def _sale(pk: int) -> Sale:
    queryset = Sale.objects.select_related("listing", "listing__owner", "deal", "leader")
    return get_object_or_404(queryset, pk=pk)


def _context(
    request: HttpRequest, sale: Sale, bound: dict[str, Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    user = request.user
    organisation = getattr(user, "organisation_id", None)
    registrations = list(sale.registrations.select_related("organisation"))
    mine = next(
        (r for r in registrations if organisation and r.organisation_id == organisation), None
    )
    manages = user.has_perm("market.manage_sale", sale)
    actions = sales.available_actions(user, sale) if user.is_authenticated else []
    if mine is not None and "register" in actions:
        actions.remove("register")
    return {
        "sale": sale,
        "live": sale.is_live,
        "mine": mine,
        "manages": manages,
        "registrations": registrations if manages else [],
        "registered": len(registrations),
        "qualified": sum(r.status == "qualified" for r in registrations),
        "bids": sale.bids.select_related("registration")[:20],
        "winner": sale.leader if sale.state == SaleState.SOLD else None,
        "forms": {name: bound.get(name) or sale_form(name, sale) for name in actions},
    }
