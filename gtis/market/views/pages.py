"""The market's home with its statistics and public pipeline, "mine", the moderation queue,
and the classifier's code suggestions for the posting forms."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gtis.core import pagecache
from gtis.core.generic import require_permission
from gtis.market import selectors
from gtis.market.forms import SuggestForm


@pagecache.for_visitors(selectors.revision)
def home(request: HttpRequest) -> HttpResponse:
    base = selectors.listing_base(request.user)
    return render(
        request,
        "market/home.html",
        {
            "statistics": selectors.statistics(),
            "latest": base.select_related("owner").order_by("-published_at")[:8],
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
