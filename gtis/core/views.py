from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gtis.core import metrics, navigation, selectors, services
from gtis.core.filtersets import AuditEventFilterSet, BackgroundJobFilterSet
from gtis.core.generic import ObjectListView, PermissionView, require_permission
from gtis.core.models import Attachment, Notification
from gtis.core.tables import Column, Table


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "figures": metrics.headline_figures(),
        "engines": [
            group
            for group, _items in navigation.menu_for(request.user)
            if group.key != "administration"
        ],
    }
    return render(request, "core/home.html", context)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and every migration is applied; 503 naming what fails."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"unreachable: {exc.__class__.__name__}"
    if checks["database"] == "ok":
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = "ok" if not pending else f"{len(pending)} unapplied"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


class AuditEventTable(Table):
    columns = [
        Column(gettext_lazy("Time"), "occurred_at", order_by="occurred_at"),
        Column(gettext_lazy("Actor"), "actor_label", order_by="actor_label"),
        Column(gettext_lazy("Category"), "category"),
        Column(gettext_lazy("Action"), "action", order_by="action"),
        Column(gettext_lazy("Record type"), lambda e: e.object_type.name if e.object_type else ""),
        Column(gettext_lazy("Record"), "object_repr"),
        Column(gettext_lazy("Changes"), lambda e: ", ".join(e.changes) if e.changes else ""),
        Column(gettext_lazy("Message"), "message"),
        Column(gettext_lazy("IP address"), "ip_address"),
    ]


class AuditEventListView(ObjectListView):
    permission = "core.view_auditevent"
    filterset_class = AuditEventFilterSet
    table_class = AuditEventTable
    title = gettext_lazy("Audit trail")
    actions_template = "core/_audit_actions.html"

    def get_queryset(self, request: HttpRequest) -> Any:
        return selectors.audit_events(request.user)


@require_POST
def audit_export(request: HttpRequest) -> HttpResponse:
    require_permission(request, "core.export_auditevent")
    filterset = AuditEventFilterSet(request.POST)
    filters = {name: request.POST[name] for name in filterset.filters if request.POST.get(name)}
    job = services.start_job(
        actor=request.user,
        kind="core.export_audit_trail",
        label=_("Export of the audit trail (CSV)"),
        arguments={"filters": filters},
    )
    return redirect(job)


class BackgroundJobTable(Table):
    columns = [
        Column(gettext_lazy("Job"), "label", link=True),
        Column(gettext_lazy("Status"), "status", order_by="status"),
        Column(
            gettext_lazy("Progress"), lambda j: f"{j.percent}%" if j.percent is not None else ""
        ),
        Column(gettext_lazy("Started by"), "started_by__username"),
        Column(gettext_lazy("Created"), "created_at", order_by="created_at"),
        Column(gettext_lazy("Finished"), "finished_at"),
    ]


class BackgroundJobListView(ObjectListView):
    permission = "core.view_backgroundjob"
    filterset_class = BackgroundJobFilterSet
    table_class = BackgroundJobTable
    title = gettext_lazy("Background jobs")

    def get_queryset(self, request: HttpRequest) -> Any:
        return selectors.background_jobs(request.user)


class BackgroundJobDetailView(PermissionView):
    permission = "core.view_backgroundjob"

    def get(self, request: HttpRequest, pk: str) -> HttpResponse:
        job = get_object_or_404(selectors.background_jobs(request.user), pk=pk)
        template = (
            "core/_job_progress.html" if getattr(request, "htmx", False) else "core/job_detail.html"
        )
        return render(request, template, {"job": job})


@require_POST
def job_cancel(request: HttpRequest, pk: str) -> HttpResponse:
    return _change_job(request, pk, services.request_job_cancel, _("Cancellation requested."))


@require_POST
def job_resume(request: HttpRequest, pk: str) -> HttpResponse:
    return _change_job(request, pk, services.resume_job, _("The job was queued again."))


def job_download(request: HttpRequest, pk: str) -> FileResponse:
    require_permission(request, "core.view_backgroundjob")
    job = get_object_or_404(selectors.background_jobs(request.user), pk=pk)
    if not job.result_file:
        raise Http404(_("This job produced no file."))
    return FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=job.result_file.name.rsplit("/", 1)[-1],
    )


def _change_job(request: HttpRequest, pk: str, service: Any, done: str) -> HttpResponse:
    require_permission(request, "core.view_backgroundjob")
    job = get_object_or_404(selectors.background_jobs(request.user), pk=pk)
    try:
        service(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(job)


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    require_permission(request, "core.view_attachment", attachment)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.media_type,
    )


class NotificationTable(Table):
    columns = [
        Column(gettext_lazy("Sent"), "created_at", order_by="created_at"),
        Column(gettext_lazy("Title"), "title"),
        Column(gettext_lazy("Message"), "body"),
        Column(gettext_lazy("Read"), lambda n: n.read_at is not None),
    ]


class NotificationListView(ObjectListView):
    permission = "core.view_notification"
    table_class = NotificationTable
    title = gettext_lazy("Notifications")
    actions_template = "core/_notification_actions.html"

    def get_queryset(self, request: HttpRequest) -> Any:
        return Notification.objects.restrict(request.user)


@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    require_permission(request, "core.view_notification")
    services.mark_notifications_read(actor=request.user)
    return redirect("core:notification_list")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
