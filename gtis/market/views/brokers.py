"""Technology brokers: the public directory and each broker's track record, the application
of a signed-in member of an organisation, and the staff's certification queue."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gtis.core.generic import apply_service_errors, require_permission
from gtis.market import brokers, selectors
from gtis.market.choices import BrokerLevel
from gtis.market.forms import BrokerApplicationForm, BrokerDecisionForm
from gtis.market.models import BrokerProfile

DECISIONS = {"certify": brokers.certify_broker, "suspend": brokers.suspend_broker}


def directory(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("level", "")
    if level not in BrokerLevel.values:
        level = ""
    page = Paginator(selectors.broker_directory(level), 50).get_page(request.GET.get("page"))
    own = None
    if request.user.is_authenticated:
        own = BrokerProfile.objects.filter(user=request.user).first()
    return render(
        request,
        "market/broker_list.html",
        {"page": page, "level": level, "levels": BrokerLevel.choices, "own": own},
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = BrokerProfile.objects.restrict(request.user, "view").select_related("organisation")
    profile = get_object_or_404(queryset.prefetch_related("expertise"), pk=pk)
    return render(
        request,
        "market/broker_detail.html",
        {"profile": profile, "record": selectors.broker_track_record(profile)},
    )


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    require_permission(request, "market.apply_as_broker")
    form = BrokerApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = brokers.apply_as_broker(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(profile)
    status = 400 if request.method == "POST" else 200
    return render(request, "market/broker_form.html", {"form": form}, status=status)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require_permission(request, "market.certify_broker")
    return _queue(request)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    require_permission(request, "market.certify_broker")
    if decision not in DECISIONS:
        raise Http404
    profile = get_object_or_404(BrokerProfile, pk=pk)
    form = BrokerDecisionForm(request.POST, prefix=f"{decision}-{pk}")
    if form.is_valid():
        try:
            DECISIONS[decision](actor=request.user, profile=profile, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("market:broker_queue")
    return _queue(request, {(pk, decision): form}, status=400)


def _queue(
    request: HttpRequest, bound: dict[tuple[int, str], Form] | None = None, status: int = 200
) -> HttpResponse:
    rows: list[tuple[BrokerProfile, list[tuple[str, Any]]]] = []
    for profile in selectors.certification_queue():
        forms = [
            (
                decision,
                (bound or {}).get((profile.pk, decision))
                or BrokerDecisionForm(prefix=f"{decision}-{profile.pk}"),
            )
            for decision in DECISIONS
            if profile.status in BrokerProfile.sources(decision)
        ]
        rows.append((profile, forms))
    return render(request, "market/broker_queue.html", {"rows": rows}, status=status)
