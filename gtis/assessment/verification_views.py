"""Pages of ISO 14034 verification: the verification section of an application's page, the
applicant's claim editor and its versions, the verifier's plan, a test data set with its
measured values, the review of a data set, the report and the statement; and the public page of
a Statement of Verification."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gtis.assessment import verification
from gtis.assessment import verification_selectors as selectors
from gtis.assessment.models import Application, ApplicationState, VerificationDataSet
from gtis.assessment.verification_forms import (
    ACTION_FORMS,
    ClaimForm,
    ClaimParameterFormSet,
    DataSetForm,
    DataSetReviewForm,
    MeasurementFormSet,
    PlanForm,
    claim_parameters_initial,
    filled,
)
from gtis.core.generic import apply_service_errors, require_permission
from gtis.core.models import Attachment


def _application(request: HttpRequest, pk: int) -> Application:
    """The application of a verification scheme, if the reader may see it."""
    queryset = Application.objects.restrict(request.user, "view").select_related(
        "campaign__version__scheme", "applicant"
    )
    application = get_object_or_404(queryset, pk=pk)
    if not application.campaign.scheme.verification:
        raise Http404
    return application


def verification_context(
    request: HttpRequest, application: Application, bound: dict[str, Form] | None = None
) -> dict[str, Any] | None:
    """The verification section of an application's page, for whoever may see it."""
    user = request.user
    if not application.campaign.scheme.verification or not user.has_perm(
        "assessment.view_verification", application
    ):
        return None
    bound = bound or {}
    plan = selectors.plan_of(application)
    statement = getattr(application, "verification_statement", None)
    open_ = application.state == ApplicationState.SUBMITTED and statement is None
    versions = list(selectors.claim_versions(application))
    data_sets = list(selectors.data_sets(plan)) if plan else []
    report = getattr(plan, "report", None) if plan else None
    return {
        "claim": versions[0] if versions else None,
        "versions": len(versions),
        "can_edit_claim": application.state in (ApplicationState.DRAFT, ApplicationState.RETURNED)
        and user.has_perm("assessment.edit_claim", application),
        "plan": plan,
        "can_plan": open_
        and bool(versions)
        and (
            user.has_perm("assessment.appoint_verifier", application)
            or (plan is not None and user.has_perm("assessment.plan_verification", application))
        ),
        "data_sets": [
            (
                data_set,
                Attachment.objects.for_object(data_set),
                open_
                and data_set.status == "pending"
                and user.has_perm("assessment.review_verification_data", data_set)
                and (
                    bound.get(f"review{data_set.pk}")
                    or DataSetReviewForm(prefix=f"review{data_set.pk}")
                ),
            )
            for data_set in data_sets
        ],
        "can_add_data": open_
        and plan is not None
        and user.has_perm("assessment.add_verification_data", application),
        "results": selectors.parameter_results(plan) if plan else [],
        "report": report,
        "actions": {
            name: bound.get(name) or ACTION_FORMS[name](prefix=name)
            for name in verification.available_actions(user, application)
        },
        "statement": statement,
    }


@login_required
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant states the claim: saving makes a new version, the old ones are kept."""
    application = _application(request, pk)
    require_permission(request, "assessment.edit_claim", application)
    current = selectors.current_claim(application)
    data = request.POST if request.method == "POST" else None
    formset = ClaimParameterFormSet(
        data, initial=claim_parameters_initial(current), prefix="parameters"
    )
    form = ClaimForm(data, initial=ClaimForm.initial_of(current), application=application)
    if data is not None and formset.is_valid() and form.is_valid():
        try:
            verification.save_performance_claim(
                actor=request.user,
                application=application,
                parameters=filled(formset),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("assessment:verification_claims", application.pk)
    return render(
        request,
        "assessment/verification_claim_form.html",
        {"application": application, "form": form, "formset": formset, "claim": current},
        status=400 if data is not None else 200,
    )


@login_required
def claim_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """Every version of the application's claim, newest first, with its parameters."""
    application = _application(request, pk)
    require_permission(request, "assessment.view_verification", application)
    return render(
        request,
        "assessment/verification_claims.html",
        {
            "application": application,
            "versions": selectors.claim_versions(application),
            "can_edit": application.state in (ApplicationState.DRAFT, ApplicationState.RETURNED)
            and request.user.has_perm("assessment.edit_claim", application),
        },
    )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff appoint the verification body; it writes the plan for the claim's current
    version."""
    application = _application(request, pk)
    plan = selectors.plan_of(application)
    appoints = request.user.has_perm("assessment.appoint_verifier", application)
    if not appoints:
        require_permission(request, "assessment.plan_verification", application)
    claim = selectors.current_claim(application)
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, initial=PlanForm.initial_of(plan), claim=claim, appoints=appoints)
    if data is not None and form.is_valid():
        try:
            verification.save_verification_plan(
                actor=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(application)
    return render(
        request,
        "assessment/verification_form.html",
        {"application": application, "form": form, "title": _("Verification plan")},
        status=400 if data is not None else 200,
    )


@login_required
def data_set_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A test data set with its lab, accreditation, measured values and report file."""
    application = _application(request, pk)
    require_permission(request, "assessment.add_verification_data", application)
    plan = selectors.plan_of(application)
    if plan is None:
        raise Http404
    post = request.method == "POST"
    form = DataSetForm(request.POST if post else None, request.FILES if post else None)
    values = MeasurementFormSet(
        request.POST if post else None,
        prefix="values",
        form_kwargs={"parameters": plan.parameters},
    )
    if post and form.is_valid() and values.is_valid():
        try:
            verification.add_data_set(
                actor=request.user,
                application=application,
                measurements=[(row["parameter"], row["value"]) for row in filled(values)],
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(application)
    return render(
        request,
        "assessment/verification_form.html",
        {
            "application": application,
            "form": form,
            "formset": values,
            "multipart": True,
            "title": _("Test data set"),
        },
        status=400 if post else 200,
    )


@login_required
@require_POST
def data_set_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The verification body accepts a data set or not, with the reason."""
    data_set = get_object_or_404(
        VerificationDataSet.objects.restrict(request.user, "view").select_related(
            "plan__application__campaign__version"
        ),
        pk=pk,
    )
    application = data_set.plan.application
    form = DataSetReviewForm(request.POST, prefix=f"review{pk}")
    if form.is_valid():
        try:
            verification.review_data_set(actor=request.user, data_set=data_set, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(application)
    return _page_with_errors(request, application.pk, {f"review{pk}": form})


@login_required
@require_POST
def verification_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The verifier writes the report or issues the Statement of Verification."""
    application = _application(request, pk)
    if action not in verification.ACTIONS:
        raise Http404
    form = ACTION_FORMS[action](request.POST, prefix=action)
    if form.is_valid():
        try:
            verification.ACTIONS[action].service(
                actor=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(application)
    return _page_with_errors(request, pk, {action: form})


def _page_with_errors(request: HttpRequest, pk: int, bound: dict[str, Form]) -> HttpResponse:
    from gtis.assessment import views

    application = views._application(request, pk)
    context = views._application_context(request, application)
    context["verification"] = verification_context(request, application, bound)
    return render(request, "assessment/application_detail.html", context, status=400)


def statement(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone checks a Statement of Verification by its code: valid, expired or invalid."""
    found, status = verification.verify_statement(code)
    return render(
        request,
        "assessment/verification_statement.html",
        {"statement": found, "status": status, "code": code},
        status=404 if status == "invalid" else 200,
    )
