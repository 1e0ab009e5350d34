import uuid
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gtis.accounts.models import Department, Organisation, OrganisationKind
from gtis.accounts.regions import Province
from gtis.core import selectors as core_selectors
from gtis.core import services as core_services
from gtis.core.files import check_upload
from gtis.core.generic import apply_service_errors, require_permission
from gtis.core.models import AuditEvent
from gtis.registry import selectors, services
from gtis.registry.models import Policy, PolicyLevel, PolicyStatus, Programme, Standard

# The roadmap's deliverables, reached through the policy's relation rather than an import:
# the registry and the roadmap are sibling engines.
Deliverable: Any = Policy.deliverables.field.related_model


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Organisations (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "Columns: 名称, 英文名称, 统一社会信用代码, 类型, 省份, 城市, 行业, 公开联系方式."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        try:
            check_upload(upload, upload.name, upload.size)
        except Exception as error:
            raise forms.ValidationError(getattr(error, "messages", [str(error)])) from None
        return upload


def directory(request: HttpRequest) -> HttpResponse:
    params = {
        name: request.GET.get(name, "").strip()
        for name in ("search", "kind", "province", "programme")
    }
    organisations = selectors.directory(request.user, **params)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/directory.html",
        {
            "page": page,
            "params": params,
            "facets": selectors.facets(organisations),
            "kinds": dict(OrganisationKind.choices),
            "provinces": dict(Province.choices),
            "programmes": Programme.objects.order_by("code"),
            "query": query.urlencode(),
        },
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.restrict(request.user), pk=pk)
    user = request.user
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "organisation": organisation,
            "designations": organisation.designations.select_related("programme").order_by(
                "-designated_on"
            ),
            "can_change": user.has_perm("accounts.change_organisation", organisation),
            "show_private": user.has_perm("accounts.view_private_contact", organisation),
            "history": AuditEvent.objects.for_object(organisation)[:20]
            if user.has_perm("core.view_auditevent")
            else None,
        },
    )


def programme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/programme_list.html", {"programmes": selectors.programmes()})


def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_object_or_404(Programme, code=code)
    batches = (
        programme.designations.values_list("batch", "designated_on")
        .distinct()
        .order_by("designated_on")
    )
    return render(
        request,
        "registry/programme_detail.html",
        {
            "programme": programme,
            "batches": batches,
            "count": programme.designations.count(),
        },
    )


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload a sheet of organisations; a background job previews it."""
    require_permission(request, "accounts.add_organisation")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = default_storage.save(f"imports/{uuid.uuid4().hex}/{upload.name}", upload)
        job = core_services.start_job(
            actor=request.user,
            kind="registry.preview_organisations",
            label=_("Preview of %(file)s") % {"file": upload.name},
            arguments={"file": name},
        )
        return redirect("registry:import_detail", pk=job.pk)
    return render(request, "registry/import_start.html", {"form": form})


@login_required
def import_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """The preview's progress, then every bad row and column, and the commit button."""
    require_permission(request, "accounts.add_organisation")
    job = get_object_or_404(
        core_selectors.background_jobs(request.user),
        pk=pk,
        kind__in=["registry.preview_organisations", "registry.import_organisations"],
    )
    if request.method == "POST" and job.kind == "registry.preview_organisations":
        commit = core_services.start_job(
            actor=request.user,
            kind="registry.import_organisations",
            label=_("Import of organisations"),
            arguments={"file": job.arguments["file"], "actor_id": request.user.pk},
        )
        return redirect("registry:import_detail", pk=commit.pk)
    errors = (
        (job.result or {}).get("errors", []) if job.kind.endswith("preview_organisations") else []
    )
    return render(
        request,
        "registry/import_detail.html",
        {"job": job, "errors": errors[:500], "error_count": len(errors)},
    )


class PolicyForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    document_number = forms.CharField(
        label=gettext_lazy("Document number"), max_length=80, required=False
    )
    issued_on = forms.DateField(
        label=gettext_lazy("Issued on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    issuing_departments = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Issuing departments"), queryset=Department.objects.all(), required=False
    )
    issuer_other = forms.CharField(
        label=gettext_lazy("Other issuers"), max_length=200, required=False
    )
    level = forms.ChoiceField(label=gettext_lazy("Level"), choices=PolicyLevel.choices)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=PolicyStatus.choices)
    link = forms.URLField(label=gettext_lazy("Link"), required=False, assume_scheme="https")
    text = forms.CharField(
        label=gettext_lazy("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    deliverables = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Roadmap deliverables it fulfils"),
        queryset=Deliverable.objects.select_related("plan").order_by("plan", "number"),
        required=False,
    )


def policy_list(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET.get(name, "").strip() for name in ("search", "level", "status")}
    return render(
        request,
        "registry/policy_list.html",
        {
            "policies": selectors.policies(**params),
            "params": params,
            "levels": PolicyLevel.choices,
            "statuses": PolicyStatus.choices,
            "can_add": request.user.has_perm("registry.change_policy"),
        },
    )


def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(
        Policy.objects.prefetch_related("issuing_departments", "deliverables__plan"), pk=pk
    )
    return render(
        request,
        "registry/policy_detail.html",
        {"policy": policy, "can_change": request.user.has_perm("registry.change_policy", policy)},
    )


@login_required
def policy_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    policy = get_object_or_404(Policy, pk=pk) if pk else None
    require_permission(request, "registry.change_policy", policy)
    initial = {}
    if policy is not None:
        initial = {
            name: getattr(policy, name)
            for name in (
                "title",
                "document_number",
                "issued_on",
                "issuer_other",
                "level",
                "status",
                "link",
                "text",
            )
        }
        initial["issuing_departments"] = list(policy.issuing_departments.all())
        initial["deliverables"] = list(policy.deliverables.all())
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_policy(actor=request.user, policy=policy, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(saved)
    return render(
        request, "core/object_form.html", {"form": form, "object": policy, "title": _("Policy")}
    )


def standard_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("search", "").strip()
    return render(
        request,
        "registry/standard_list.html",
        {"standards": selectors.standards(search), "search": search},
    )


def standard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    standard = get_object_or_404(Standard.objects.prefetch_related("deliverables__plan"), pk=pk)
    return render(request, "registry/standard_detail.html", {"standard": standard})
