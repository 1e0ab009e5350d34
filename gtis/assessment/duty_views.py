"""Pages after designation: the holder's obligations and staff's board, an obligation with its
submit, accept and return forms, the public record of designation actions, and on a
certificate's page the re-review and renewal forms."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gtis.assessment import duties, duty_selectors
from gtis.assessment.duty_forms import (
    CommentForm,
    ObligationSubmitForm,
    RenewalDecisionForm,
    RenewalRequestForm,
    ReReviewForm,
)
from gtis.assessment.models import AssessmentCertificate, Obligation, RenewalRequest
from gtis.assessment.models.duties import OPEN_STATES
from gtis.core.actions import Action
from gtis.core.generic import apply_service_errors
from gtis.core.models import Attachment


@login_required
def obligation_list(request: HttpRequest) -> HttpResponse:
    """A holder's obligations, or (staff) every holder's, with the number in each state."""
    state = request.GET.get("state", "")
    page = Paginator(duty_selectors.obligations(request.user, state), 50).get_page(
        request.GET.get("page")
    )
    staff = request.user.has_perm("assessment.review_obligation")
    return render(
        request,
        "assessment/duty_obligations.html",
        {
            "page": page,
            "state": state,
            "counts": duty_selectors.counts_by_state(request.user),
            "staff": staff,
            "renewals": duty_selectors.waiting_renewals(request.user) if staff else [],
        },
    )


def _submit(request: HttpRequest, obligation: Obligation, form: Form) -> Any:
    return duties.submit_obligation(actor=request.user, obligation=obligation, **form.cleaned_data)


def _accept(request: HttpRequest, obligation: Obligation, form: Form) -> Any:
    return duties.accept_obligation(actor=request.user, obligation=obligation, **form.cleaned_data)


def _return(request: HttpRequest, obligation: Obligation, form: Form) -> Any:
    return duties.return_obligation(actor=request.user, obligation=obligation, **form.cleaned_data)


OBLIGATION_ACTIONS: dict[str, tuple[Action, type[Form]]] = {
    "submit": (
        Action(_submit, "assessment.submit_obligation", tuple(OPEN_STATES)),
        ObligationSubmitForm,
    ),
    "accept": (Action(_accept, "assessment.review_obligation", ("submitted",)), CommentForm),
    "return": (Action(_return, "assessment.review_obligation", ("submitted",)), CommentForm),
}


@login_required
def obligation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _obligation(request, pk)
    return render(
        request, "assessment/duty_obligation.html", _obligation_context(request, obligation)
    )


@login_required
@require_POST
def obligation_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    obligation = _obligation(request, pk)
    if action not in OBLIGATION_ACTIONS:
        raise Http404
    taken, form_class = OBLIGATION_ACTIONS[action]
    form = form_class(request.POST, request.FILES, prefix=action)
    if form.is_valid():
        try:
            taken.service(request, obligation, form)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(obligation)
    obligation = _obligation(request, pk)
    context = _obligation_context(request, obligation, {action: form})
    return render(request, "assessment/duty_obligation.html", context, status=400)


def _obligation(request: HttpRequest, pk: int) -> Obligation:
    queryset = Obligation.objects.restrict(request.user, "view").select_related(
        "certificate__application__campaign", "holder", "submitted_by", "reviewed_by"
    )
    return get_object_or_404(queryset, pk=pk)


def _obligation_context(
    request: HttpRequest, obligation: Obligation, bound: dict[str, Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    forms = {
        name: bound.get(name) or form_class(prefix=name)
        for name, (taken, form_class) in OBLIGATION_ACTIONS.items()
        if taken.open_to(request.user, obligation)
    }
    return {
        "obligation": obligation,
        "forms": forms,
        "files": Attachment.objects.for_object(obligation),
    }


def designation_actions(request: HttpRequest) -> HttpResponse:
    """The public record of suspensions, reinstatements, removals and renewals."""
    page = Paginator(duty_selectors.designation_actions(), 50).get_page(request.GET.get("page"))
    return render(request, "assessment/duty_actions.html", {"page": page})


def certificate_context(
    request: HttpRequest, certificate: AssessmentCertificate | None
) -> dict[str, Any]:
    """What a certificate's public page adds after designation: its record of actions, the
    designation's current validity, and the re-review and renewal forms for who may use them."""
    if certificate is None:
        return {}
    user = request.user
    staff = user.has_perm("assessment.re_review", certificate)
    return {
        "designation": certificate.designation,
        "actions": certificate.actions.order_by("-taken_on", "-pk"),
        "re_review_form": ReReviewForm(prefix="re_review") if staff else None,
        "renewal_form": RenewalRequestForm(prefix="renewal")
        if user.has_perm("assessment.request_renewal", certificate)
        else None,
        "renewals": [
            (renewal, RenewalDecisionForm(prefix=f"renewal{renewal.pk}"))
            for renewal in certificate.renewals.filter(state="requested")
        ]
        if staff
        else [],
    }


@login_required
@require_POST
def re_review(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate(pk)
    form = ReReviewForm(request.POST, prefix="re_review")
    return _certificate_form(
        request,
        certificate,
        form,
        lambda: duties.re_review(actor=request.user, certificate=certificate, **form.cleaned_data),
        _("The re-review is recorded."),
    )


@login_required
@require_POST
def request_renewal(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate(pk)
    form = RenewalRequestForm(request.POST, prefix="renewal")
    return _certificate_form(
        request,
        certificate,
        form,
        lambda: duties.request_renewal(
            actor=request.user, certificate=certificate, **form.cleaned_data
        ),
        _("Your renewal request is with the organiser for re-review."),
    )


@login_required
@require_POST
def decide_renewal(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_object_or_404(RenewalRequest.objects.select_related("certificate"), pk=pk)
    form = RenewalDecisionForm(request.POST, prefix=f"renewal{pk}")
    return _certificate_form(
        request,
        _certificate(renewal.certificate_id),
        form,
        lambda: duties.decide_renewal(actor=request.user, renewal=renewal, **form.cleaned_data),
        _("The renewal is decided."),
    )


def _certificate(pk: int) -> AssessmentCertificate:
    return get_object_or_404(
        AssessmentCertificate.objects.select_related("application__campaign", "designation"),
        pk=pk,
    )


def _certificate_form(
    request: HttpRequest,
    certificate: AssessmentCertificate,
    form: Form,
    perform: Callable[[], Any],
    done: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            perform()
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(certificate)
    for errors in form.errors.values():
        messages.error(request, " ".join(str(error) for error in errors))
    return redirect(certificate)
