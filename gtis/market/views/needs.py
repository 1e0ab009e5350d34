"""Need pages: the list, the need with its matches and stages, calls for solutions with their
offers side by side."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gtis.accounts.regions import Province
from gtis.core import pagecache
from gtis.core.generic import RecordFormView, apply_service_errors, require_permission
from gtis.market import matching, selectors, services
from gtis.market.choices import NeedStage
from gtis.market.forms import CallForm, MoveNeedForm, NeedForm, OfferDecisionForm, OfferForm
from gtis.market.models import Listing, Need, Offer, SolutionCall

# The steps a need's page offers, by stage: (step, label, who may take it).
STEPS = {
    NeedStage.DRAFT: [("submit", gettext_lazy("Submit"), "market.change_need")],
    NeedStage.SUBMITTED: [
        ("start_review", gettext_lazy("Start the review"), "market.review_need"),
        ("decline", gettext_lazy("Decline"), "market.review_need"),
    ],
    NeedStage.IN_REVIEW: [
        ("accept", gettext_lazy("Accept the need"), "market.review_need"),
        ("decline", gettext_lazy("Decline"), "market.review_need"),
    ],
    NeedStage.SOLUTION_DESIGN: [
        ("start_work", gettext_lazy("A solution is being carried out"), "market.change_need"),
        ("withdraw", gettext_lazy("Withdraw"), "market.change_need"),
    ],
    NeedStage.IN_PROGRESS: [("complete", gettext_lazy("Completed"), "market.change_need")],
}


@pagecache.for_visitors(selectors.revision)
def list_page(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET.get(name, "").strip() for name in ("search", "stage", "province")}
    needs = selectors.needs(request.user, params["search"], params["stage"], params["province"])
    page = Paginator(needs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "market/need_list.html",
        {
            "page": page,
            "params": params,
            "stages": NeedStage.choices,
            "provinces": Province.choices,
            "pipeline": selectors.pipeline(),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(
        Need.objects.restrict(request.user, "view").select_related("seeker", "programme"),
        pk=pk,
    )
    return render(request, "market/need_detail.html", _context(request, need))


def _context(request: HttpRequest, need: Need, **forms: Form) -> dict[str, Any]:
    user = request.user
    matches = selectors.need_matches(need)[:20]
    return {
        "need": need,
        "can_change": user.has_perm("market.change_need", need),
        "steps": [
            (step, label)
            for step, label, permission in STEPS.get(need.stage, [])
            if user.has_perm(permission, need)
        ],
        "move_form": forms.get("move_form") or MoveNeedForm(),
        "matches": [(m, [matching.reason_text(r) for r in m.reasons]) for m in matches],
        "calls": need.calls.all(),
        "can_open_call": user.has_perm("market.add_solutioncall", need)
        and need.stage == NeedStage.SOLUTION_DESIGN,
        "call_form": forms.get("call_form") or CallForm(),
    }


class NeedFormView(RecordFormView):
    model = Need
    form_class = NeedForm
    save = staticmethod(services.save_need)
    record_argument = "need"
    title = gettext_lazy("Technology need")
    template_name = "market/need_form.html"

    def get_form(self, request: HttpRequest, obj: Any, data: Any = None) -> Form:
        form = super().get_form(request, obj, data)
        if obj is None and getattr(request.user, "organisation_id", None):
            form.initial["seeker"] = request.user.organisation  # type: ignore[union-attr]
        return form


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(Need, pk=pk)
    form = MoveNeedForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["step"] == "submit":
                services.submit_need(actor=request.user, need=need)
            else:
                services.move_need(actor=request.user, need=need, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(need)
    return render(
        request, "market/need_detail.html", _context(request, need, move_form=form), status=400
    )


@login_required
@require_POST
def open_call(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(Need, pk=pk)
    require_permission(request, "market.add_solutioncall", need)
    form = CallForm(request.POST)
    if form.is_valid():
        try:
            call = services.open_call(actor=request.user, need=need, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(call)
    return render(
        request, "market/need_detail.html", _context(request, need, call_form=form), status=400
    )


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(
        SolutionCall.objects.restrict(request.user, "view").select_related("need__seeker"), pk=pk
    )
    return render(request, "market/call_detail.html", _call_context(request, call))


def _call_context(request: HttpRequest, call: SolutionCall, **forms: Form) -> dict[str, Any]:
    user = request.user
    can_see_offers = user.has_perm("market.view_offers", call)
    offers = call.offers.select_related("organisation", "listing")
    if not can_see_offers:
        offers = offers.filter(organisation=getattr(user, "organisation_id", None))
    offer_form = forms.get("offer_form") or OfferForm()
    offer_form.fields["listing"].queryset = Listing.objects.filter(  # type: ignore[attr-defined]
        owner=getattr(user, "organisation_id", None)
    ).published()
    return {
        "call": call,
        "offers": offers,
        "can_see_offers": can_see_offers,
        "can_decide": user.has_perm("market.change_solutioncall", call),
        "can_offer": user.has_perm("market.add_offer", call),
        "offer_form": offer_form,
        "decision_form": OfferDecisionForm(),
    }


@login_required
@require_POST
def submit_offer(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(SolutionCall, pk=pk)
    require_permission(request, "market.add_offer", call)
    form = OfferForm(request.POST)
    form.fields["listing"].queryset = Listing.objects.filter(  # type: ignore[attr-defined]
        owner=request.user.organisation_id  # type: ignore[union-attr]
    )
    if form.is_valid():
        try:
            services.submit_offer(actor=request.user, call=call, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(call)
    context = _call_context(request, call, offer_form=form)
    return render(request, "market/call_detail.html", context, status=400)


@login_required
@require_POST
def decide_offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.select_related("call"), pk=pk)
    require_permission(request, "market.change_solutioncall", offer.call)
    form = OfferDecisionForm(request.POST)
    if form.is_valid():
        services.decide_offer(actor=request.user, offer=offer, status=form.cleaned_data["status"])
    return redirect(offer.call)
