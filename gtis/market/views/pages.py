"""The market's home with its statistics and public pipeline, "mine", the moderation queue,
and the classifier's code suggestions for the posting forms."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gtis.core import pagecache
from gtis.core.generic import apply_service_errors, require_permission
from gtis.market import selectors
from gtis.market import trading_rules as rules_service
from gtis.market.choices import TradingRuleCode
from gtis.market.forms import SuggestForm, TradingRuleForm
from gtis.market.models import TradingRule
from gtis.market.models.trading_rules import DEFAULT_PARAMETERS


@pagecache.for_visitors(selectors.revision)
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "market/home.html",
        {
            "statistics": selectors.statistics(),
            "latest": selectors.latest_listings(request.user),
            "needs": selectors.public_needs(request.user)[:8],
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "market/mine.html",
        {
            "listings": selectors.my_listings(request.user),
            "needs": selectors.my_needs(request.user),
            "disclosures": selectors.disclosures_for(request.user),
        },
    )


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    require_permission(request, "market.moderate_listing")
    return render(
        request,
        "market/moderation.html",
        {"listings": selectors.moderation_queue(), "needs": selectors.review_queue()},
    )


@require_POST
def suggest_codes(request: HttpRequest) -> HttpResponse:
    """Catalogue codes the classifier suggests for what has been typed so far (htmx)."""
    form = SuggestForm(request.POST)
    form.is_valid()
    text = " ".join(str(value) for value in form.cleaned_data.values() if value)
    suggestions = selectors.suggest_codes(text)
    return render(request, "market/_code_suggestions.html", {"suggestions": suggestions})


def _rules_page(
    request: HttpRequest, bound: dict[str, Form] | None = None, status: int = 200
) -> HttpResponse:
    require_permission(request, "market.view_tradingrule")
    rules = {rule.code: rule for rule in TradingRule.objects.all()}
    rows = []
    for code, label in TradingRuleCode.choices:
        rule = rules.get(code)
        form = (bound or {}).get(code) or TradingRuleForm(
            prefix=code,
            initial={
                "enabled": rule.enabled if rule else True,
                # A rule never set runs with its shipped parameters: show those.
                "parameters": json.dumps(
                    rule.parameters if rule else DEFAULT_PARAMETERS[code], ensure_ascii=False
                ),
            },
        )
        rows.append((code, label, rule, form))
    return render(request, "market/rules.html", {"rows": rows}, status=status)


@login_required
def trading_rules(request: HttpRequest) -> HttpResponse:
    """The market rules in force, with their parameters and history (staff)."""
    return _rules_page(request)


@login_required
@require_POST
def set_trading_rule(request: HttpRequest, code: str) -> HttpResponse:
    form = TradingRuleForm(request.POST, prefix=code)
    if form.is_valid():
        try:
            rules_service.set_rule(actor=request.user, code=code, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("market:trading_rules")
    return _rules_page(request, {code: form}, status=400)
