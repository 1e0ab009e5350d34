"""Pages of the assessment engine: the schemes (public) and a form for staff to write a
scheme version."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Model
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gtis.assessment import (
    actions,
    campaigns,
    certificate_pdf,
    decisions,
    duty_views,
    round_views,
    selectors,
    services,
    tier_views,
)
from gtis.assessment.forms import (
    ApplicationForm,
    CampaignForm,
    MaterialForm,
    ObjectionAnswerForm,
    ObjectionForm,
    PledgeForm,
    ReasonForm,
    SchemeVersionForm,
    ScoreSheetForm,
)
from gtis.assessment.models import (
    Application,
    ApplicationState,
    AssessmentCertificate,
    Campaign,
    Objection,
    PanelAssignment,
    SchemeVersion,
    ScoreSheet,
)
from gtis.assessment.verification_views import verification_context
from gtis.core.certificate_pdf import response as pdf_response
from gtis.core.generic import ServiceFormView, apply_service_errors, require_permission
from gtis.core.models import Attachment


def scheme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "assessment/scheme_list.html", {"schemes": selectors.scheme_list()})


def scheme_detail(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    """A scheme and one of its versions (the newest unless another is asked for)."""
    scheme = get_object_or_404(selectors.scheme_list(), code=code)
    versions = list(scheme.versions.all())
    version = next((v for v in versions if v.pk == pk), None) if pk else versions[-1]
    if version is None:
        raise Http404
    return render(
        request,
        "assessment/scheme_detail.html",
        {
            "scheme": scheme,
            "versions": versions,
            "version": version,
            "definition": version.definition,
        },
    )


class SchemeVersionCreateView(ServiceFormView):
    """Staff write a scheme version in YAML, starting from a copy of an existing one."""

    form_class = SchemeVersionForm
    title = _("Write a scheme version")

    def get_object(self, request: HttpRequest, **kwargs: Any) -> Model | None:
        require_permission(request, "assessment.change_scheme")
        return None

    def get_form(self, request: HttpRequest, obj: Model | None, data: Any = None) -> Form:
        initial = {}
        copied = request.GET.get("from", "")
        if copied.isdigit():
            version = SchemeVersion.objects.filter(pk=copied).first()
            if version is not None:
                initial["source"] = version.source
        return SchemeVersionForm(data, initial=initial)

    def perform(self, request: HttpRequest, form: Form, obj: Model | None) -> Model:
        return services.save_scheme_version(actor=request.user, **form.cleaned_data)


# Campaigns and applications ---------------------------------------------------------------


def campaign_list(request: HttpRequest) -> HttpResponse:
    rows = Campaign.objects.select_related("version__scheme", "organiser").order_by(
        "-opens_on", "-pk"
    )
    return render(request, "assessment/campaign_list.html", {"campaigns": rows})


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(
        Campaign.objects.select_related("version__scheme", "organiser"), pk=pk
    )
    return render(request, "assessment/campaign_detail.html", _campaign_context(request, campaign))


class CampaignCreateView(ServiceFormView):
    form_class = CampaignForm
    title = _("New campaign")

    def get_object(self, request: HttpRequest, **kwargs: Any) -> Model | None:
        require_permission(request, "assessment.add_campaign")
        return None

    def perform(self, request: HttpRequest, form: Form, obj: Model | None) -> Model:
        return campaigns.create_campaign(actor=request.user, **form.cleaned_data)


@login_required
@require_POST
def campaign_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    if action not in actions.CAMPAIGN_ACTIONS:
        raise Http404
    try:
        actions.CAMPAIGN_ACTIONS[action].service(actor=request.user, campaign=campaign)
    except ValidationError as error:
        context = _campaign_context(request, campaign) | {"errors": error.messages}
        return render(request, "assessment/campaign_detail.html", context, status=400)
    return redirect(campaign)


def _campaign_context(
    request: HttpRequest, campaign: Campaign, objection_form: Form | None = None
) -> dict[str, Any]:
    staff = request.user.has_perm("assessment.change_campaign", campaign)
    applications = (
        Application.objects.restrict(request.user, "view")
        .filter(campaign=campaign)
        .select_related("applicant")
        .prefetch_related("panel__expert")
    )
    counts = dict(
        Application.objects.filter(campaign=campaign)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    context = {
        "campaign": campaign,
        "staff": staff,
        "applications": applications if request.user.is_authenticated else [],
        "counts": [
            (value, label, counts.get(value, 0)) for value, label in ApplicationState.choices
        ],
        "ranking": selectors.campaign_ranking(campaign) if staff else [],
        "proposed": selectors.proposed_list(campaign).select_related("recommendation"),
        "objection_form": objection_form
        or (ObjectionForm(campaign=campaign) if campaign.state == "notice" else None),
        "can_apply": campaign.state == "open"
        and request.user.has_perm("assessment.add_application", campaign)
        and not campaign.quotas.exists(),
    } | round_views.campaign_context(request, campaign, staff)
    return context | tier_views.campaign_tiers(request, campaign, context["proposed"])


class ApplicationFormView(ServiceFormView):
    """An application's form, generated from its campaign's scheme version: new (campaign pk)
    or a draft or returned one (application pk)."""

    template_name = "assessment/application_form.html"
    title = _("Application")

    def get_object(self, request: HttpRequest, **kwargs: Any) -> Model | None:
        if "campaign" in kwargs:
            self.campaign = get_object_or_404(Campaign, pk=kwargs["campaign"])
            require_permission(request, "assessment.add_application", self.campaign)
            return None
        application = get_object_or_404(
            Application.objects.select_related("campaign"), pk=kwargs["pk"]
        )
        require_permission(request, "assessment.change_application", application)
        self.campaign = application.campaign
        return application

    def get_form(self, request: HttpRequest, obj: Model | None, data: Any = None) -> Form:
        initial = ApplicationForm.initial_of(obj) if obj is not None else {}
        return ApplicationForm(data, initial=initial, scheme=self.campaign.scheme)

    def perform(self, request: HttpRequest, form: Form, obj: Model | None) -> Model:
        assert isinstance(form, ApplicationForm)
        return campaigns.save_application(
            actor=request.user,
            campaign=self.campaign,
            application=obj if isinstance(obj, Application) else None,
            **form.service_data(),
        )

    def render_form(self, request: HttpRequest, form: Form, obj: Model | None) -> HttpResponse:
        context = {"form": form, "object": obj, "title": self.title, "campaign": self.campaign}
        return render(request, self.template_name, context)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    return render(
        request, "assessment/application_detail.html", _application_context(request, application)
    )


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    rows = (
        Application.objects.filter(applicant=getattr(request.user, "organisation_id", None))
        .select_related("campaign__version__scheme")
        .order_by("-updated_at", "-pk")
    )
    return render(request, "assessment/my_applications.html", {"applications": rows})


# The form each application action takes on this page; its service, permission and states are
# in `actions` (the resolution has its own page form, in round_views).
APPLICATION_FORMS: dict[str, type[Form]] = {
    "submit": PledgeForm,
    "withdraw": Form,
    "return": ReasonForm,
    "assign": Form,
}


@login_required
@require_POST
def application_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = _application(request, pk)
    if action not in APPLICATION_FORMS:
        raise Http404
    form = APPLICATION_FORMS[action](request.POST, prefix=action)
    if form.is_valid():
        try:
            actions.APPLICATION_ACTIONS[action].service(
                actor=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(application)
    application = _application(request, pk)
    context = _application_context(request, application, {action: form})
    return render(request, "assessment/application_detail.html", context, status=400)


def _application(request: HttpRequest, pk: int) -> Application:
    """The application, if the reader may see it, or is an expert invited to its panel (who
    sees only what it is until they declare no conflict)."""
    invited = PanelAssignment.objects.filter(expert__user=request.user.pk, state="invited").values(
        "application"
    )
    queryset = Application.objects.restrict(request.user, "view") | Application.objects.filter(
        pk__in=invited
    )
    queryset = queryset.select_related(
        "campaign__version__scheme",
        "applicant",
        "pledged_by",
        "evaluator",
        "evaluator_pledged_by",
        "recommended_from__campaign",
        "recommended_by",
    )
    return get_object_or_404(queryset.prefetch_related("panel__expert", "fields"), pk=pk)


def _application_context(
    request: HttpRequest, application: Application, bound: dict[str, Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    user = request.user
    # The reader's assignment in the latest round they were drawn for.
    mine = next(
        (a for a in reversed(list(application.panel.all())) if a.expert.user_id == user.pk),
        None,
    )
    # An expert of the panel sees the materials only once they have declared no conflict.
    sees_materials = user.has_perm("assessment.view_application", application)
    staff = user.has_perm("assessment.decide_application", application)
    sees_panel = user.has_perm("assessment.view_panel", application)
    available = actions.application_actions(user, application)
    forms = {
        name: bound.get(name) or form_class(prefix=name)
        for name, form_class in APPLICATION_FORMS.items()
        if name in available
    }
    scheme = application.campaign.scheme
    return (
        tier_views.application_evaluation(request, application)
        | {
            "application": application,
            "scheme": scheme,
            "sees_materials": sees_materials,
            "sees_panel": sees_panel,
            "evidence": [
                (leaf, application.evidence.get(leaf.code, "")) for leaf in scheme.leaves()
            ],
            "mandatory": [
                (item, application.mandatory.get(item.code)) for item in scheme.mandatory
            ],
            "gates": [(gate, application.gate_results.get(gate.code, "")) for gate in scheme.gates],
            "mine": mine,
            "forms": forms,
            "result": selectors.panel_result(application) if staff else None,
            "objections": [
                (objection, ObjectionAnswerForm(prefix=f"objection{objection.pk}"))
                for objection in application.objections.all()
            ]
            if staff
            else [],
            "certificate": getattr(application, "certificate", None),
            "materials": Attachment.objects.for_object(application) if sees_materials else [],
            "material_form": bound.get("material") or MaterialForm(scheme=scheme),
            "can_edit": application.state in ("draft", "returned")
            and user.has_perm("assessment.change_application", application),
            "staff": staff,
            "verification": verification_context(request, application),
        }
        | round_views.application_context(request, application)
    )


@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    """The expert's invitations and reviews, and how many each expert of the pool carries
    (staff see the workload of all)."""
    rows = (
        PanelAssignment.objects.filter(expert__user=request.user.pk)
        .select_related("application__campaign", "expert")
        .order_by("-assigned_at", "-pk")
    )
    workload = []
    if request.user.has_perm("assessment.decide_application"):
        workload = list(
            PanelAssignment.objects.exclude(state="declined")
            .values("expert__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "expert__name")[:50]
        )
    return render(
        request, "assessment/my_assignments.html", {"assignments": rows, "workload": workload}
    )


@login_required
@require_POST
def assignment_answer(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    assignment = get_object_or_404(
        PanelAssignment.objects.select_related("expert", "application"), pk=pk
    )
    try:
        if answer == "accept":
            campaigns.declare_no_conflict(actor=request.user, assignment=assignment)
        elif answer == "decline":
            campaigns.decline_assignment(
                actor=request.user, assignment=assignment, reason=request.POST.get("reason", "")
            )
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessment:my_assignments")


@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """The expert's scoring sheet for an application they declared no conflict with."""
    assignment = get_object_or_404(
        PanelAssignment.objects.select_related("application__campaign__version", "expert"),
        pk=pk,
        expert__user=request.user.pk,
    )
    application = assignment.application
    scheme = application.campaign.scheme
    sheet = ScoreSheet.objects.filter(assignment=assignment).first()
    initial = ScoreSheetForm.initial_of(sheet) if sheet else {}
    data = request.POST if request.method == "POST" else None
    form = ScoreSheetForm(data, initial=initial, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            campaigns.score_application(
                actor=request.user, assignment=assignment, **form.service_data()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(application)
    return render(
        request,
        "assessment/score_sheet.html",
        {"form": form, "application": application, "assignment": assignment},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def object_to(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone objects to an application on a campaign's proposed list during its notice."""
    campaign = get_object_or_404(Campaign.objects.select_related("version"), pk=pk)
    form = ObjectionForm(request.POST, campaign=campaign)
    if form.is_valid():
        try:
            decisions.raise_objection(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Your objection is recorded; the organiser will answer it.")
            )
            return redirect(campaign)
    context = _campaign_context(request, campaign, objection_form=form)
    return render(request, "assessment/campaign_detail.html", context, status=400)


@login_required
@require_POST
def answer_objection(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(Objection.objects.select_related("application__campaign"), pk=pk)
    form = ObjectionAnswerForm(request.POST, prefix=f"objection{pk}")
    if form.is_valid():
        try:
            decisions.answer_objection(actor=request.user, objection=objection, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Write the answer and choose the decision."))
    return redirect(objection.application)


@login_required
@require_POST
def revoke_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(
        AssessmentCertificate.objects.select_related("application__campaign", "designation"), pk=pk
    )
    try:
        decisions.revoke_certificate(
            actor=request.user, certificate=certificate, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(certificate.application)


def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone checks a certificate by its code: valid, suspended, expired, revoked (with the
    reason) or invalid; with the public record of what happened to its designation."""
    certificate, status = decisions.verify(code)
    return render(
        request,
        "assessment/certificate.html",
        {"certificate": certificate, "status": status, "code": code}
        | duty_views.certificate_context(request, certificate),
        status=404 if status == "invalid" else 200,
    )


def download_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone downloads a genuine certificate as a PDF to print, its QR code opening the
    verification page; a revoked one prints as revoked, an unknown or altered one is not found."""
    certificate, _status = decisions.verify(code)
    if certificate is None:
        raise Http404
    url = request.build_absolute_uri(certificate.get_absolute_url())
    return pdf_response(certificate_pdf.document(certificate, url))


@login_required
@require_POST
def attach_material(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a material for one of the application's items (type and size checked)."""
    application = _application(request, pk)
    form = MaterialForm(request.POST, request.FILES, scheme=application.campaign.scheme)
    if form.is_valid():
        try:
            campaigns.attach_material(
                actor=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(application)
    context = _application_context(request, application, {"material": form})
    return render(request, "assessment/application_detail.html", context, status=400)
