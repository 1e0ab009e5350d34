import uuid
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gtis.core import selectors as core_selectors
from gtis.core import services as core_services
from gtis.core.files import check_upload
from gtis.core.generic import require_permission
from gtis.registry.models import Policy

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
