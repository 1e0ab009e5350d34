"""Pages of campaign tiers and third-party evaluation: the tier chain, quotas and the
recommend button on a campaign's page, the evaluator on an application's page, and the
evaluator's own list of applications where its staff sign the liability pledge."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gtis.assessment import evaluators, tiers
from gtis.assessment.models import Application, Campaign, CampaignState
from gtis.assessment.tier_forms import (
    EvaluatorForm,
    LiabilityPledgeForm,
    QuotaForm,
    TierSettingsForm,
)


def campaign_tiers(request: HttpRequest, campaign: Campaign, decided: Any) -> dict[str, Any]:
    """The campaign page's tier chain (the campaign it recommends to, those recommending to
    it), its quotas with their use, the forms staff change them with, and which applications
    of the decided list the reader may recommend."""
    staff = request.user.has_perm("assessment.change_campaign", campaign)
    takes_candidates = campaign.state in tiers.TAKING_CANDIDATES
    return {
        "higher_tier": campaign.feeds,
        "lower_tiers": list(campaign.fed_by.select_related("organiser").order_by("pk")),
        "quota_use": tiers.quota_use(campaign),
        "tier_form": TierSettingsForm(campaign=campaign)
        if staff and campaign.state != CampaignState.CLOSED
        else None,
        "quota_form": QuotaForm() if staff and takes_candidates else None,
        "recommendable": tiers.recommendable(request.user, campaign, decided),
    }


def application_evaluation(request: HttpRequest, application: Application) -> dict[str, Any]:
    """The application page's third-party evaluator: who it is, whether its liability pledge
    holds, and the form the applicant names it with."""
    needed = evaluators.needs_evaluator(application.campaign)
    editable = application.state in evaluators.EDITABLE and request.user.has_perm(
        "assessment.change_application", application
    )
    initial = {"evaluator": application.evaluator_id}
    return {
        "needs_evaluator": needed,
        "liability_holds": needed and evaluators.liability_pledge_holds(application),
        "evaluator_form": EvaluatorForm(initial=initial) if needed and editable else None,
    }


@login_required
@require_POST
def campaign_tier_settings(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("version"), pk=pk)
    form = TierSettingsForm(request.POST, campaign=campaign)
    _perform(
        request,
        form,
        lambda data: tiers.configure_tiers(actor=request.user, campaign=campaign, **data),
    )
    return redirect(campaign)


@login_required
@require_POST
def campaign_quota(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    form = QuotaForm(request.POST)
    _perform(
        request, form, lambda data: tiers.set_quota(actor=request.user, campaign=campaign, **data)
    )
    return redirect(campaign)


@login_required
@require_POST
def recommend(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser of a decided campaign recommends an application of its list upwards."""
    application = get_object_or_404(
        Application.objects.select_related("campaign__feeds", "campaign__organiser"), pk=pk
    )
    try:
        candidate = tiers.recommend(actor=request.user, application=application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(subject)s is recommended to %(campaign)s.")
            % {"subject": candidate.subject, "campaign": candidate.campaign.title},
        )
    return redirect(application.campaign)


@login_required
@require_POST
def name_evaluator(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("campaign"), pk=pk)
    form = EvaluatorForm(request.POST)
    _perform(
        request,
        form,
        lambda data: evaluators.name_evaluator(actor=request.user, application=application, **data),
    )
    return redirect(application)


@login_required
@require_POST
def sign_liability_pledge(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("campaign"), pk=pk)
    form = LiabilityPledgeForm(request.POST, prefix=f"pledge{pk}")
    _perform(
        request,
        form,
        lambda data: evaluators.sign_liability_pledge(
            actor=request.user, application=application, **data
        ),
    )
    return redirect("assessment:my_evaluations")


@login_required
def my_evaluations(request: HttpRequest) -> HttpResponse:
    """The applications naming the reader's organisation as third-party evaluator, each with
    the liability pledge to sign while it can still be signed."""
    rows = [
        (
            application,
            LiabilityPledgeForm(prefix=f"pledge{application.pk}")
            if application.state in evaluators.EDITABLE
            else None,
        )
        for application in evaluators.evaluations_of(getattr(request.user, "organisation_id", None))
    ]
    return render(request, "assessment/my_evaluations.html", {"rows": rows})


def _perform(request: HttpRequest, form: Form, service: Callable[[dict[str, Any]], Any]) -> None:
    """Run the service with the form's data; each refusal, or bad field, becomes a message
    that names the field."""
    errors: dict[str, list[str]]
    if form.is_valid():
        try:
            service(form.cleaned_data)
        except ValidationError as error:
            errors = _by_field(error)
        else:
            messages.success(request, _("Saved."))
            return
    else:
        errors = {name: [str(text) for text in texts] for name, texts in form.errors.items()}
    for name, texts in errors.items():
        label = form.fields[name].label if name in form.fields else ""
        messages.error(request, f"{label}: {' '.join(texts)}" if label else " ".join(texts))


def _by_field(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
