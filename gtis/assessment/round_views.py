"""Pages of the rounds of review: the round board on the campaign page (the round under way,
its ranking and recorded resolutions, the button that closes it), the panel's resolutions on
the application page and the organiser's form recording the decision in the last round."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gtis.assessment import rounds, selectors
from gtis.assessment.forms import ResolutionForm
from gtis.assessment.models import Application, Campaign, CampaignState


def campaign_context(request: HttpRequest, campaign: Campaign, staff: bool) -> dict[str, Any]:
    """The scheme's rounds with the one under way, the board of that round for staff while
    the campaign is under review, and the catalogue edition its decision published."""
    scheme = campaign.scheme
    reviewing = campaign.state == CampaignState.REVIEWING
    return {
        "rounds": [
            (number, round_, number == campaign.round_number and reviewing)
            for number, round_ in enumerate(scheme.rounds, start=1)
        ],
        "current_round": scheme.round(min(campaign.round_number, len(scheme.rounds))),
        "last_round": scheme.is_last_round(campaign.round_number),
        "next_round": None
        if scheme.is_last_round(campaign.round_number)
        else scheme.round(campaign.round_number + 1),
        "board": selectors.round_board(campaign) if staff and reviewing else [],
        "edition": campaign.edition,
    }


def application_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    """The panel's resolutions on the application, for those who see its materials or run the
    campaign, and the organiser's form when the last round is under way and it is in it."""
    campaign = application.campaign
    user = request.user
    staff = user.has_perm("assessment.change_campaign", campaign)
    sees = staff or user.has_perm("assessment.view_application", application)
    decides = (
        staff
        and campaign.state == CampaignState.REVIEWING
        and application.state == "submitted"
        and campaign.scheme.is_last_round(campaign.round_number)
        and selectors.in_round(application, campaign.round_number)
    )
    return {
        "resolutions": selectors.resolutions_of(application) if sees else [],
        "resolution_form": ResolutionForm(prefix="resolve") if decides else None,
    }


@login_required
@require_POST
def record_resolution(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser confirms the panel's decision on an application, or overrides it with
    reasons; a refusal names the field."""
    application = get_object_or_404(
        Application.objects.restrict(request.user, "view").select_related("campaign__version"),
        pk=pk,
    )
    form = ResolutionForm(request.POST, prefix="resolve")
    if not form.is_valid():
        _report(request, form, form.errors.as_data())
        return redirect(application)
    try:
        rounds.record_resolution(actor=request.user, application=application, **form.cleaned_data)
    except ValidationError as error:
        errors = error.error_dict if hasattr(error, "error_dict") else {"__all__": [error]}
        _report(request, form, errors)
    else:
        messages.success(request, _("The panel's decision is recorded."))
    return redirect(application)


def _report(request: HttpRequest, form: ResolutionForm, errors: dict[str, Any]) -> None:
    """Each error as a message naming its field."""
    for name, problems in errors.items():
        field = form.fields.get(name)
        for problem in problems:
            text = " ".join(problem.messages) if hasattr(problem, "messages") else str(problem)
            messages.error(request, f"{field.label}: {text}" if field else text)
