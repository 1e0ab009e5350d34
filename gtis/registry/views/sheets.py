"""Registry sheets: upload one, watch its preview, commit it; empty templates and exports."""

import uuid
from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gtis.core import selectors as core_selectors
from gtis.core import services as core_services
from gtis.core.files import check_upload
from gtis.core.generic import require_permission
from gtis.core.models import JobStatus
from gtis.registry import sheets

PREVIEW = "registry.preview_sheet"
IMPORT = "registry.import_sheet"


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Sheet"))
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))

    def __init__(self, *args: Any, specs: list[sheets.SheetSpec], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind: Any = self.fields["kind"]
        kind.choices = [(spec.kind, spec.title) for spec in specs]

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
    """Upload a sheet of a kind the user may import; a background job previews it."""
    chosen = request.POST.get("kind") or request.GET.get("kind", "")
    if request.method == "POST" and chosen in sheets.SPECS:
        require_permission(request, sheets.SPECS[chosen].permission)
    specs = sheets.importable_by(request.user)
    if not specs:
        raise PermissionDenied(_("You do not have permission to do this."))
    form = ImportForm(
        request.POST or None, request.FILES or None, specs=specs, initial={"kind": chosen}
    )
    if request.method == "POST" and form.is_valid():
        spec = sheets.spec_for(form.cleaned_data["kind"])
        upload = form.cleaned_data["file"]
        name = default_storage.save(f"imports/{uuid.uuid4().hex}/{upload.name}", upload)
        job = core_services.start_job(
            actor=request.user,
            kind=PREVIEW,
            label=_("Preview of %(file)s") % {"file": upload.name},
            arguments={"kind": spec.kind, "file": name, "actor_id": request.user.pk},
        )
        return redirect("registry:import_detail", pk=job.pk)
    return render(
        request,
        "registry/import_start.html",
        {"form": form, "specs": specs, "all_specs": list(sheets.SPECS.values())},
    )


@login_required
def import_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """The preview's progress, then every bad row and column and the commit button; or the
    commit's progress and what it added."""
    job = get_object_or_404(
        core_selectors.background_jobs(request.user), pk=pk, kind__in=[PREVIEW, IMPORT]
    )
    spec = _spec(job.arguments.get("kind", ""))
    require_permission(request, spec.permission)
    is_preview = job.kind == PREVIEW
    succeeded = job.status == JobStatus.SUCCEEDED
    if request.method == "POST" and is_preview and succeeded:
        commit = core_services.start_job(
            actor=request.user,
            kind=IMPORT,
            label=_("Import of %(sheet)s from %(file)s")
            % {"sheet": spec.title, "file": PurePath(job.arguments["file"]).name},
            arguments={
                "kind": spec.kind,
                "file": job.arguments["file"],
                "actor_id": request.user.pk,
                "rows": (job.result or {}).get("rows", 0),
            },
        )
        return redirect("registry:import_detail", pk=commit.pk)
    errors = (job.result or {}).get("errors", []) if succeeded else []
    return render(
        request,
        "registry/import_detail.html",
        {
            "job": job,
            "spec": spec,
            "is_preview": is_preview,
            "errors": errors[:500],
            "error_count": len(errors),
        },
    )


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """An empty sheet of that kind: its header row only."""
    return _download(sheets.template(_spec(kind)))


def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The records of that kind the user may see, as .xlsx or CSV, filtered by the same
    parameters as their list page."""
    spec = _spec(kind)
    if fmt not in {"xlsx", "csv"}:
        raise Http404(_("Sheets are exported as .xlsx or .csv."))
    require_permission(request, spec.view_permission)
    filters = {name: request.GET.get(name, "").strip() for name in spec.filters}
    return _download(sheets.export(spec, viewer=request.user, fmt=fmt, filters=filters))


def _spec(kind: str) -> sheets.SheetSpec:
    try:
        return sheets.spec_for(kind)
    except LookupError:
        raise Http404(_("There is no such sheet.")) from None


def _download(sheet: sheets.Export) -> HttpResponse:
    response = HttpResponse(sheet.content, content_type=sheet.content_type)
    response["Content-Disposition"] = f'attachment; filename="{sheet.filename}"'
    return response
