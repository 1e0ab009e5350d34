import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gtis.accounts.models import Department
from gtis.core import links
from gtis.core.generic import apply_service_errors, require_permission
from gtis.core.models import Attachment, AuditEvent
from gtis.roadmap import forms, ledger, selectors, services
from gtis.roadmap.choices import ReportState, Status
from gtis.roadmap.models import (
    Baseline,
    CoordinationMeeting,
    Decision,
    Deliverable,
    Plan,
    ProgressReport,
    StatusRules,
)
from gtis.roadmap.parsing import RoadmapParseError


def _plan(request: HttpRequest, code: str) -> Plan:
    return get_object_or_404(selectors.plans(request.user), code=code)


def _as_of(request: HttpRequest) -> tuple[datetime.date, forms.AsOfForm]:
    form = forms.AsOfForm(request.GET or None)
    as_of = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["as_of"]:
        as_of = form.cleaned_data["as_of"]
    return as_of, form


def _with_as_of(url: str, as_of: datetime.date) -> str:
    return url if as_of == timezone.localdate() else f"{url}?as_of={as_of.isoformat()}"


# Plans -----------------------------------------------------------------------------------------


def plan_list(request: HttpRequest) -> HttpResponse:
    as_of, form = _as_of(request)
    overviews = [
        selectors.plan_overview(request.user, plan, as_of) for plan in selectors.plans(request.user)
    ]
    return render(
        request,
        "roadmap/plan_list.html",
        {"overviews": overviews, "as_of": as_of, "as_of_form": form},
    )


def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    as_of, form = _as_of(request)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    overview = selectors.plan_overview(request.user, plan, as_of, keep=_row_filter(filters))
    full = (
        overview
        if not any(filters.get(k) for k in ("department", "status", "year"))
        else selectors.plan_overview(request.user, plan, as_of)
    )
    indicators = plan.indicators.prefetch_related("values", "deliverables")
    today = timezone.localdate()
    return render(
        request,
        "roadmap/plan_detail.html",
        {
            "plan": plan,
            "overview": overview,
            "full": full,
            "as_of": as_of,
            "as_of_form": form,
            "departments": full.by_department(),
            "indicators": [(i, i.value_on(as_of, today)) for i in indicators],
            "indicator_form": forms.IndicatorValueForm(plan=plan)
            if request.user.has_perm("roadmap.add_indicator", plan)
            else None,
            "can_edit": request.user.has_perm("roadmap.change_plan", plan),
            "query": request.GET.urlencode(),
        },
    )


def _row_filter(filters: dict[str, Any]) -> Any:
    department, status, year = filters.get("department"), filters.get("status"), filters.get("year")

    def keep(row: selectors.DeliverableRow) -> bool:
        if department and not row.involves(department.pk):
            return False
        if status and row.state.status != status:
            return False
        return not (year and row.deliverable.period_end.year != year)

    return keep


def plan_gantt(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    as_of, form = _as_of(request)
    return render(
        request,
        "roadmap/plan_gantt.html",
        {
            "plan": plan,
            "as_of": as_of,
            "as_of_form": form,
            "data_url": reverse("roadmap:plan_gantt_data", args=[plan.code]) + f"?as_of={as_of}",
        },
    )


def plan_gantt_data(request: HttpRequest, code: str) -> JsonResponse:
    """The Gantt's rows: one bar per deliverable, coloured by status, with report markers."""
    plan = _plan(request, code)
    as_of, _form = _as_of(request)
    overview = selectors.plan_overview(request.user, plan, as_of)
    baseline = plan.baselines.order_by("created_at").first()
    planned = baseline.snapshot["deliverables"] if baseline else {}
    dates = selectors.report_dates([row.deliverable.pk for row in overview.rows], as_of)
    rows = []
    for row in overview.rows:
        deliverable = row.deliverable
        reports = [day.isoformat() for day in dates[deliverable.pk]]
        rows.append(
            {
                "number": deliverable.number,
                "label": f"{deliverable.number}. {deliverable.text[:24]}",
                "start": deliverable.period_start.isoformat(),
                "end": deliverable.period_end.isoformat(),
                "baseline": planned.get(str(deliverable.number)),
                "status": row.state.status,
                "status_label": str(Status(row.state.status).label),
                "rag": row.state.rag,
                "percent": row.state.reported_percent,
                "closed_on": deliverable.closed_on.isoformat()
                if deliverable.closed_on and deliverable.closed_on <= as_of
                else None,
                "reports": reports,
                "url": _with_as_of(deliverable.get_absolute_url(), as_of),
            }
        )
    return JsonResponse(
        {
            "as_of": as_of.isoformat(),
            "rows": rows,
            "labels": {"as_of": _("As of"), "baseline": _("Baseline"), "report": _("Report")},
        }
    )


# Deliverables and reports ----------------------------------------------------------------------


def _deliverable(request: HttpRequest, code: str, number: int) -> Deliverable:
    return get_object_or_404(
        selectors.deliverables(request.user).filter(plan__code=code), number=number
    )


def deliverable_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    deliverable = _deliverable(request, code, number)
    as_of, form = _as_of(request)
    row = selectors.rows_as_of(
        selectors.deliverables(request.user).filter(pk=deliverable.pk), as_of
    )[0]
    reports = (
        ProgressReport.objects.restrict(request.user)
        .filter(deliverable=deliverable, submitted_at__date__lte=as_of)
        .select_related("department", "submitted_by", "reviewed_by")
        .order_by("-reported_on", "-pk")
    )
    user = request.user
    return render(
        request,
        "roadmap/deliverable_detail.html",
        {
            "deliverable": deliverable,
            "row": row,
            "state": row.state,
            "as_of": as_of,
            "as_of_form": form,
            "reports": reports,
            "attachments": _attachments_by_report(reports),
            "indicators": deliverable.indicators.all(),
            "linked": links.linked_to(request.user, deliverable),
            "decisions": deliverable.decisions.select_related("meeting", "owner"),
            "escalations": deliverable.escalations.filter(occurred_on__lte=as_of).select_related(
                "department"
            )
            if user.is_authenticated
            else [],
            "history": AuditEvent.objects.for_object(deliverable)[:20]
            if user.has_perm("core.view_auditevent")
            else None,
            "can_report": user.has_perm("roadmap.submit_report", deliverable),
            "can_close": user.has_perm("roadmap.close_deliverable", deliverable)
            and deliverable.closed_on is None,
            "can_set_participants": user.has_perm("roadmap.set_participants", deliverable),
            "can_escalate": user.has_perm("roadmap.escalate", deliverable),
            "close_form": forms.CloseForm(),
            "participants_form": forms.ParticipantsForm(initial={"departments": row.participants}),
            "escalation_form": forms.EscalationForm(
                initial={"department": row.leads[0]} if row.leads else None
            ),
        },
    )


def _attachments_by_report(reports: Any) -> dict[int, list[Attachment]]:
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(ProgressReport)
    grouped: dict[int, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(
        content_type=content_type, object_id__in=[str(r.pk) for r in reports]
    ):
        grouped.setdefault(int(attachment.object_id), []).append(attachment)
    return grouped


@login_required
def report_create(request: HttpRequest, code: str, number: int) -> HttpResponse:
    deliverable = _deliverable(request, code, number)
    require_permission(request, "roadmap.submit_report", deliverable)
    form = forms.ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.submit_report(
                actor=request.user,
                deliverable=deliverable,
                period_label=form.cleaned_data["period_label"],
                reported_on=form.cleaned_data["reported_on"],
                claimed_status=form.cleaned_data["claimed_status"],
                percent=form.cleaned_data["percent"],
                narrative=form.cleaned_data["narrative"],
                evidence_links=form.cleaned_data["evidence_links"],
                files=form.cleaned_data["evidence_files"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "file" in error.error_dict:
                error.error_dict["evidence_files"] = error.error_dict.pop("file")
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your report was submitted for review."))
            return redirect(report)
    return render(request, "roadmap/report_form.html", {"form": form, "deliverable": deliverable})


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        ProgressReport.objects.restrict(request.user).select_related(
            "deliverable__plan", "department", "submitted_by", "reviewed_by"
        ),
        pk=pk,
    )
    can_review = (
        request.user.has_perm("roadmap.review_report", report)
        and report.state == ReportState.SUBMITTED
    )
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST":
        require_permission(request, "roadmap.review_report", report)
        if form.is_valid():
            try:
                services.review_report(
                    actor=request.user,
                    report=report,
                    accept=form.cleaned_data["decision"] == "accept",
                    comment=form.cleaned_data["comment"],
                    completion=form.cleaned_data["completion"],
                    results=form.cleaned_data["results"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The review was recorded."))
                return redirect(report.deliverable)
    return render(
        request,
        "roadmap/report_detail.html",
        {
            "report": report,
            "form": form,
            "can_review": can_review,
            "attachments": Attachment.objects.for_object(report),
        },
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    require_permission(request, "roadmap.review_report")
    reports = (
        ProgressReport.objects.restrict(request.user)
        .filter(state=ReportState.SUBMITTED)
        .select_related("deliverable__plan", "department", "submitted_by")
        .order_by("submitted_at")
    )
    return render(request, "roadmap/review_queue.html", {"reports": reports})


@require_POST
def deliverable_close(request: HttpRequest, code: str, number: int) -> HttpResponse:
    deliverable = _deliverable(request, code, number)
    require_permission(request, "roadmap.close_deliverable", deliverable)
    form = forms.CloseForm(request.POST)
    return _act(
        request,
        deliverable,
        form,
        lambda data: services.close_deliverable(
            actor=request.user,
            deliverable=deliverable,
            closed_on=data["closed_on"],
            comment=data["comment"],
        ),
        _("The deliverable is closed (销号)."),
    )


@require_POST
def deliverable_participants(request: HttpRequest, code: str, number: int) -> HttpResponse:
    deliverable = _deliverable(request, code, number)
    require_permission(request, "roadmap.set_participants", deliverable)
    form = forms.ParticipantsForm(request.POST)
    return _act(
        request,
        deliverable,
        form,
        lambda data: services.set_participating_departments(
            actor=request.user, deliverable=deliverable, departments=data["departments"]
        ),
        _("Participating departments saved."),
    )


@require_POST
def deliverable_escalate(request: HttpRequest, code: str, number: int) -> HttpResponse:
    deliverable = _deliverable(request, code, number)
    require_permission(request, "roadmap.escalate", deliverable)
    form = forms.EscalationForm(request.POST)
    return _act(
        request,
        deliverable,
        form,
        lambda data: services.record_escalation(
            actor=request.user, deliverable=deliverable, **data
        ),
        _("The escalation was recorded."),
    )


def _act(request: HttpRequest, target: Any, form: Any, action: Any, done: str) -> HttpResponse:
    """Run a small form's service; errors come back as messages naming the fields."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            for field, errors in getattr(error, "message_dict", {"": error.messages}).items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(
                    request, f"{label}: {' '.join(errors)}" if label else " ".join(errors)
                )
        else:
            messages.success(request, done)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect(target)


# Departments -----------------------------------------------------------------------------------


@login_required
def my_department(request: HttpRequest) -> HttpResponse:
    department = getattr(request.user, "department", None)
    plan = selectors.plans(request.user).first()
    if department is None or plan is None:
        messages.info(request, _("Your account does not belong to a department."))
        return redirect("roadmap:plan_list")
    return redirect("roadmap:department_detail", code=plan.code, department=department.code)


def department_detail(request: HttpRequest, code: str, department: str) -> HttpResponse:
    plan = _plan(request, code)
    unit = get_object_or_404(Department, code=department)
    as_of, form = _as_of(request)
    overview = selectors.plan_overview(
        request.user, plan, as_of, keep=lambda row: row.involves(unit.pk)
    )
    rows = overview.rows
    rules = getattr(plan, "status_rules", None)
    lead_days = rules.reminder_lead_days if rules else 14
    lead_ids = {row.deliverable.pk for row in rows if unit in row.leads}
    return render(
        request,
        "roadmap/department_detail.html",
        {
            "plan": plan,
            "department": unit,
            "as_of": as_of,
            "as_of_form": form,
            "overview": overview,
            "leads": [row for row in rows if row.deliverable.pk in lead_ids],
            "joins": [row for row in rows if row.deliverable.pk not in lead_ids],
            "overdue": [row for row in rows if row.state.status == Status.OVERDUE],
            "reports_due": [
                row
                for row in rows
                if not row.state.is_finished
                and row.state.status != Status.NOT_STARTED
                and row.state.next_report_due is not None
                and (row.state.next_report_due - as_of).days <= lead_days
            ],
            "decisions": Decision.objects.filter(
                owner=unit, meeting__plan=plan, done_on__isnull=True, meeting__held_on__lte=as_of
            ).select_related("meeting"),
            "is_own": getattr(request.user, "department_id", None) == unit.pk,
        },
    )


# Coordination meetings -------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    require_permission(request, "roadmap.view_coordinationmeeting")
    meetings = (
        CoordinationMeeting.objects.restrict(request.user)
        .select_related("plan")
        .prefetch_related("decisions__owner", "departments_present")
    )
    plan = selectors.plans(request.user).first()
    return render(
        request,
        "roadmap/meeting_list.html",
        {
            "meetings": meetings,
            "plan": plan,
            "can_add": plan is not None
            and request.user.has_perm("roadmap.add_coordinationmeeting", plan),
        },
    )


@login_required
def meeting_create(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    require_permission(request, "roadmap.add_coordinationmeeting", plan)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.record_meeting(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(meeting)
    return render(
        request, "core/object_form.html", {"form": form, "title": _("New coordination meeting")}
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_permission(request, "roadmap.view_coordinationmeeting")
    meeting = get_object_or_404(CoordinationMeeting.objects.select_related("plan"), pk=pk)
    can_add = request.user.has_perm("roadmap.add_coordinationmeeting", meeting.plan)
    form = forms.DecisionForm(request.POST or None, plan=meeting.plan)
    if request.method == "POST":
        require_permission(request, "roadmap.add_coordinationmeeting", meeting.plan)
        if form.is_valid():
            try:
                services.add_decision(actor=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return redirect(meeting)
    decisions = meeting.decisions.select_related("owner").prefetch_related("deliverables__plan")
    return render(
        request,
        "roadmap/meeting_detail.html",
        {
            "meeting": meeting,
            "decisions": decisions,
            "form": form,
            "can_add": can_add,
            "today": timezone.localdate(),
        },
    )


@require_POST
def decision_done(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    require_permission(request, "roadmap.change_decision", decision)
    services.complete_decision(actor=request.user, decision=decision, done_on=timezone.localdate())
    messages.success(request, _("The action item is marked done."))
    return redirect(decision.meeting)


# Baselines, rules, ledger ----------------------------------------------------------------------


def baselines(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    form = forms.BaselineForm(request.POST or None)
    if request.method == "POST":
        require_permission(request, "roadmap.add_baseline", plan)
        if form.is_valid():
            try:
                services.create_baseline(actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Baseline saved."))
                return redirect("roadmap:baselines", code=plan.code)
    chosen = (
        plan.baselines.filter(name=request.GET.get("baseline", "")).first()
        or plan.baselines.order_by("created_at").first()
    )
    return render(
        request,
        "roadmap/baselines.html",
        {
            "plan": plan,
            "baselines": plan.baselines.select_related("created_by"),
            "form": form,
            "chosen": chosen,
            "differences": _compare(chosen, plan) if chosen else [],
            "can_add": request.user.has_perm("roadmap.add_baseline", plan),
        },
    )


def _compare(baseline: Baseline, plan: Plan) -> list[dict[str, Any]]:
    then, now = baseline.snapshot["deliverables"], services.plan_snapshot(plan)["deliverables"]
    differences = []
    for number in sorted({*then, *now}, key=int):
        before, after = then.get(number), now.get(number)
        if before == after:
            continue
        changed = sorted(
            k
            for k in {*(before or {}), *(after or {})}
            if (before or {}).get(k) != (after or {}).get(k)
        )
        differences.append({"number": number, "before": before, "after": after, "changed": changed})
    return differences


def status_rules(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    require_permission(request, "roadmap.change_statusrules", plan)
    rules, _created = StatusRules.objects.get_or_create(plan=plan)
    form = forms.StatusRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        services.update_status_rules(actor=request.user, plan=plan, **form.cleaned_data)
        messages.success(request, _("The warning rules were saved."))
        return redirect(plan)
    return render(
        request,
        "core/object_form.html",
        {"form": form, "object": plan, "title": _("Warning rules")},
    )


@require_POST
def indicator_value(request: HttpRequest, code: str) -> HttpResponse:
    """Record a measured value of an indicator entered by hand (coordinating office)."""
    plan = _plan(request, code)
    require_permission(request, "roadmap.add_indicator", plan)
    form = forms.IndicatorValueForm(request.POST, plan=plan)
    return _act(
        request,
        plan,
        form,
        lambda data: services.record_indicator_value(actor=request.user, **data),
        _("The value was recorded."),
    )


def ledger_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if fmt not in {"xlsx", "csv", "json"}:
        raise Http404(_("The ledger comes as .xlsx, .csv or .json."))
    plan = _plan(request, code)
    as_of, _form = _as_of(request)
    overview = selectors.plan_overview(request.user, plan, as_of)
    name = f"{plan.code}-ledger-{as_of.isoformat()}"
    if fmt == "xlsx":
        response = HttpResponse(
            ledger.export_xlsx(overview),
            content_type=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
    elif fmt == "csv":
        response = HttpResponse(ledger.export_csv(overview), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            ledger.export_json(overview), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def ledger_import(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    require_permission(request, "roadmap.import_progress", plan)
    form = forms.LedgerUploadForm(request.POST or None, request.FILES or None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = ledger.import_progress(
                actor=request.user, plan=plan, handle=form.cleaned_data["file"]
            )
        except ledger.LedgerImportError as error:
            errors = error.errors
        except RoadmapParseError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                _("%(n)d progress reports were submitted from the ledger.") % {"n": created},
            )
            return redirect(plan)
    return render(
        request, "roadmap/ledger_import.html", {"plan": plan, "form": form, "errors": errors}
    )
