"""The market's published trade statistics, the model technology contracts (blank, and a deal's
draft filled with its values) and the staff's list of disputed deals."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gtis.core.generic import require_permission
from gtis.market import contracts, selectors, statistics
from gtis.market.choices import ContractType
from gtis.market.forms import StatisticsForm, deal_form
from gtis.market.models import Deal

DISPUTE_ACTIONS = ("resolve", "cancel")


def statistics_page(request: HttpRequest) -> HttpResponse:
    """Deals closed and their value by month, region, category, mode and broker, and deals at
    every state, for every year or one."""
    form = StatisticsForm(request.GET)
    year = form.year_or_none()
    figures = statistics.deal_statistics(year)
    return render(
        request,
        "market/statistics.html",
        {
            "form": form,
            "figures": figures,
            "chart_data": _chart_data(figures),
        },
        status=200 if form.is_valid() else 400,
    )


def _chart_data(figures: statistics.DealStatistics) -> dict[str, Any]:
    """What the charts draw: plain numbers, values in 10,000 yuan."""

    def rows(items: list[statistics.Row]) -> list[dict[str, Any]]:
        return [
            {"label": row.label, "deals": row.deals, "value": float(row.value_10k)} for row in items
        ]

    return {
        "by_month": rows(figures.by_month),
        "by_mode": rows(figures.by_mode),
        "by_seller_region": rows(figures.by_seller_region),
    }


def contract_templates(request: HttpRequest) -> HttpResponse:
    """The four model technology contracts."""
    return render(
        request, "market/contract_templates.html", {"templates": contracts.all_templates()}
    )


def contract_template(request: HttpRequest, contract_type: str) -> HttpResponse:
    """One model contract, blank, to print."""
    if contract_type not in ContractType.values:
        raise Http404
    template = contracts.load(contract_type)
    return render(
        request,
        "market/contract.html",
        {"template": template, "clauses": contracts.fill(template), "deal": None},
    )


@login_required
def deal_contract(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft contract of a deal, filled with its parties, technology, price, milestones,
    date and registration number: the signed type, or (before signing) the one the parties
    pick. Only the deal's parties and staff see it."""
    deal = get_object_or_404(
        Deal.objects.restrict(request.user, "view")
        .select_related("listing", "buyer", "seller")
        .prefetch_related("milestones"),
        pk=pk,
    )
    chosen = request.GET.get("type", "")
    if deal.contract_type or chosen not in ContractType.values:
        chosen = contracts.suggested_type(deal)
    template = contracts.load(chosen)
    return render(
        request,
        "market/contract.html",
        {
            "template": template,
            "clauses": contracts.fill(template, contracts.deal_values(deal)),
            "deal": deal,
            "types": [] if deal.contract_type else ContractType.choices,
        },
    )


@login_required
def disputes(request: HttpRequest) -> HttpResponse:
    """Deals in dispute, with their parties, the reason, and since when (staff)."""
    require_permission(request, "market.decide_dispute")
    rows = [
        (deal, {name: deal_form(name, deal) for name in DISPUTE_ACTIONS})
        for deal in selectors.disputed_deals(request.user)
    ]
    return render(request, "market/disputes.html", {"rows": rows})
