"""Every write on the roadmap: import, reports and their review, closing, meetings, baselines."""

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.accounts.models import Department, User
from gtis.core import audit
from gtis.core import services as core_services
from gtis.core.actors import as_user
from gtis.core.permissions import assign, require
from gtis.core.roles import Role
from gtis.roadmap.choices import ClaimedStatus, Completion, ReportState
from gtis.roadmap.models import (
    Baseline,
    CoordinationMeeting,
    Decision,
    Deliverable,
    DeliverableDepartment,
    EscalationEvent,
    Indicator,
    IndicatorValue,
    Part,
    Plan,
    ProgressReport,
    StatusRules,
    Task,
    TaskLead,
)
from gtis.roadmap.parsing import ParsedPlan

DELIVERABLE_FIELDS = ["task", "text", "period_start", "period_end", "period_precision"]
RULE_FIELDS = [
    "due_soon_days",
    "behind_points",
    "reporting_interval_days",
    "stale_after_days",
    "reminder_lead_days",
]


def _statuses_changed(plan_id: int) -> None:
    """Invalidate the plan's cached statuses (see selectors.rows_as_of)."""
    Plan.objects.filter(pk=plan_id).update(status_version=F("status_version") + 1)


def department_names() -> dict[str, str]:
    """Every name a roadmap may use for a department (short form or full name) → its code."""
    names = {}
    for department in Department.objects.all():
        names[department.short_name] = department.code
        names[department.name] = department.code
    return names


# Importing a plan ------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def describe(self) -> str:
        parts = []
        for label, counter in (
            ("created", self.created),
            ("updated", self.updated),
            ("removed", self.removed),
        ):
            if counter:
                parts.append(
                    label + " " + ", ".join(f"{n} {kind}" for kind, n in sorted(counter.items()))
                )
        return "; ".join(parts) or "no changes"


def import_plan(
    *,
    actor: Any,
    parsed: ParsedPlan,
    code: str,
    title: str | None = None,
    document_number: str | None = None,
    issued_on: datetime.date | None = None,
    issuers: Sequence[str] = (),
    source_file: str = "",
) -> tuple[Plan, ImportSummary]:
    """Create or update a plan from a parsed table; importing it again changes nothing.

    Metadata left out (None, or no issuers) keeps what the plan already has.
    """
    require(actor, "roadmap.change_plan")
    summary = ImportSummary()
    departments = {d.code: d for d in Department.objects.all()}
    unknown = [c for c in issuers if c not in departments]
    if unknown:
        raise ValidationError(
            {"issuers": _("Unknown department codes: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    given = {
        "title": title,
        "document_number": document_number,
        "issued_on": issued_on,
        "source_file": source_file or None,
    }
    values = {name: value for name, value in given.items() if value is not None}
    with transaction.atomic():
        plan = Plan.objects.select_for_update().filter(code=code).first()
        created = plan is None
        if plan is None:
            plan = Plan.objects.create(code=code, **{"title": parsed.title or code, **values})
            summary.created["plans"] += 1
        issuers_changed = bool(issuers) and set(
            plan.issuing_departments.values_list("code", flat=True)
        ) != set(issuers)
        if issuers_changed:
            plan.issuing_departments.set([departments[c] for c in issuers])
        if (assign(plan, values) or issuers_changed) and not created:
            plan.save()
            summary.updated["plans"] += 1
        StatusRules.objects.get_or_create(plan=plan)
        _import_structure(plan, parsed, departments, summary)
        if summary.changed:
            _statuses_changed(plan.pk)
            audit.record(
                actor=actor,
                action="import",
                obj=plan,
                changes={"summary": summary.describe(), "source": source_file},
            )
    return plan, summary


def _import_structure(
    plan: Plan, parsed: ParsedPlan, departments: dict[str, Department], summary: ImportSummary
) -> None:
    parts = {p.number: p for p in plan.parts.all()}
    tasks = {t.number: t for t in plan.tasks.all()}
    deliverables = {d.number: d for d in plan.deliverables.all()}
    for parsed_part in parsed.parts:
        part = _upsert(
            parts,
            parsed_part.number,
            Part,
            {"plan": plan},
            {"title": parsed_part.title},
            "parts",
            summary,
        )
        for parsed_task in parsed_part.tasks:
            task = _upsert(
                tasks,
                parsed_task.number,
                Task,
                {"plan": plan},
                {"part": part, "title": parsed_task.title},
                "tasks",
                summary,
            )
            leads = [departments[code] for code in parsed_task.leads]
            if _set_task_leads(task, leads):
                summary.updated["task leads"] += 1
            for item in parsed_task.deliverables:
                deliverable = _upsert(
                    deliverables,
                    item.number,
                    Deliverable,
                    {"plan": plan},
                    {
                        "task": task,
                        "text": item.text,
                        "period_start": item.period_start,
                        "period_end": item.period_end,
                        "period_precision": item.precision,
                    },
                    "deliverables",
                    summary,
                    create_only={"result_form": item.result_form},
                )
                if _set_deliverable_leads(deliverable, leads):
                    summary.updated["deliverable leads"] += 1
    _remove_absent(deliverables, {d.number for d in parsed.deliverables}, "deliverables", summary)
    _remove_absent(tasks, {t.number for t in parsed.tasks}, "tasks", summary)
    _remove_absent(parts, {p.number for p in parsed.parts}, "parts", summary)


def _upsert(
    existing: dict[int, Any],
    number: int,
    model: Any,
    keys: dict[str, Any],
    values: dict[str, Any],
    kind: str,
    summary: ImportSummary,
    create_only: dict[str, Any] | None = None,
) -> Any:
    obj = existing.get(number)
    if obj is None:
        obj = model(number=number, **keys, **values, **(create_only or {}))
        obj.full_clean()
        obj.save()
        existing[number] = obj
        summary.created[kind] += 1
    elif assign(obj, values):
        obj.full_clean()
        obj.save()
        summary.updated[kind] += 1
    return obj


def _set_task_leads(task: Task, leads: list[Department]) -> bool:
    current = [lead.department_id for lead in task.leads.all()]
    if current == [d.pk for d in leads]:
        return False
    task.leads.all().delete()
    TaskLead.objects.bulk_create(
        TaskLead(task=task, department=d, position=i) for i, d in enumerate(leads)
    )
    return True


def _set_deliverable_leads(deliverable: Deliverable, leads: list[Department]) -> bool:
    links = list(deliverable.department_links.all())
    current = [link.department_id for link in links if link.role == DeliverableDepartment.Role.LEAD]
    if current == [d.pk for d in leads]:
        return False
    lead_ids = {d.pk for d in leads}
    deliverable.department_links.filter(role=DeliverableDepartment.Role.LEAD).delete()
    deliverable.department_links.filter(department_id__in=lead_ids).delete()
    DeliverableDepartment.objects.bulk_create(
        DeliverableDepartment(
            deliverable=deliverable, department=d, position=i, role=DeliverableDepartment.Role.LEAD
        )
        for i, d in enumerate(leads)
    )
    return True


def _remove_absent(
    existing: dict[int, Any], present: set[int], kind: str, summary: ImportSummary
) -> None:
    for number, obj in existing.items():
        if number in present:
            continue
        if kind == "deliverables" and obj.reports.exists():
            raise ValidationError(
                _(
                    "Deliverable %(n)d is not in the file but has progress reports: "
                    "it cannot be removed by an import."
                )
                % {"n": number}
            )
        obj.delete()
        summary.removed[kind] += 1


# Rules, participants, baselines ----------------------------------------------------------------


def update_status_rules(*, actor: Any, plan: Plan, **values: int) -> StatusRules:
    """Tune the thresholds of a plan's warnings (coordinating office)."""
    require(actor, "roadmap.change_statusrules", plan)
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown rule.") for name in unknown})
    with transaction.atomic():
        rules, _created = StatusRules.objects.select_for_update().get_or_create(plan=plan)
        before = audit.snapshot(rules, RULE_FIELDS)
        assign(rules, values)
        rules.full_clean()
        rules.save()
        changes = audit.diff(before, audit.snapshot(rules, RULE_FIELDS))
        if changes:
            _statuses_changed(plan.pk)
            audit.record(actor=actor, action="update", obj=rules, changes=changes)
    return rules


def set_participating_departments(
    *, actor: Any, deliverable: Deliverable, departments: Iterable[Department]
) -> Deliverable:
    """The lead department (or the office) chooses who participates, as the roadmap's note says."""
    require(actor, "roadmap.set_participants", deliverable)
    chosen = list(departments)
    lead_ids = {
        link.department_id
        for link in deliverable.department_links.all()
        if link.role == DeliverableDepartment.Role.LEAD
    }
    clash = [d.short_name for d in chosen if d.pk in lead_ids]
    if clash:
        raise ValidationError(
            {
                "departments": _("%(names)s already lead this deliverable.")
                % {"names": "、".join(clash)}
            }
        )
    with transaction.atomic():
        before = sorted(
            deliverable.department_links.filter(
                role=DeliverableDepartment.Role.PARTICIPATING
            ).values_list("department__code", flat=True)
        )
        deliverable.department_links.filter(role=DeliverableDepartment.Role.PARTICIPATING).delete()
        DeliverableDepartment.objects.bulk_create(
            DeliverableDepartment(
                deliverable=deliverable,
                department=d,
                position=i,
                role=DeliverableDepartment.Role.PARTICIPATING,
            )
            for i, d in enumerate(chosen)
        )
        after = sorted(d.code for d in chosen)
        if before != after:
            audit.record(
                actor=actor,
                action="set_participants",
                obj=deliverable,
                changes={"participating": [before, after]},
            )
    return deliverable


def create_baseline(*, actor: Any, plan: Plan, name: str, reason: str = "") -> Baseline:
    """Freeze the plan as it is now under `name`; every baseline after the first needs a reason."""
    require(actor, "roadmap.add_baseline", plan)
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the baseline a name.")
    elif plan.baselines.filter(name=name.strip()).exists():
        errors["name"] = _("A baseline of this plan already has that name.")
    if plan.baselines.exists() and not reason.strip():
        errors["reason"] = _("Re-baselining needs a reason.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        baseline = Baseline.objects.create(
            plan=plan,
            name=name.strip(),
            reason=reason.strip(),
            snapshot=plan_snapshot(plan),
            created_by=as_user(actor),
        )
        audit.record(
            actor=actor,
            action="baseline",
            obj=plan,
            changes={"baseline": baseline.name, "reason": baseline.reason},
        )
    return baseline


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    deliverables = plan.deliverables.select_related("task").prefetch_related(
        "department_links__department"
    )
    return {
        "deliverables": {
            str(d.number): {
                "text": d.text,
                "task": d.task.number,
                "period_start": d.period_start.isoformat(),
                "period_end": d.period_end.isoformat(),
                "leads": [
                    link.department.code
                    for link in d.department_links.all()
                    if link.role == DeliverableDepartment.Role.LEAD
                ],
            }
            for d in deliverables
        }
    }


# Progress reports ------------------------------------------------------------------------------


def submit_report(
    *,
    actor: Any,
    deliverable: Deliverable,
    period_label: str,
    reported_on: datetime.date,
    claimed_status: str,
    percent: int,
    narrative: str,
    evidence_links: Sequence[str] = (),
    files: Sequence[Any] = (),
    at: datetime.datetime | None = None,
) -> ProgressReport:
    """A department officer reports progress, with evidence, on a deliverable it leads or joins."""
    require(actor, "roadmap.submit_report", deliverable)
    now = at or timezone.now()
    errors = _report_errors(claimed_status, percent, narrative, reported_on, evidence_links, now)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = ProgressReport(
            deliverable=deliverable,
            department=actor.department,
            period_label=period_label,
            reported_on=reported_on,
            claimed_status=claimed_status,
            percent=percent,
            narrative=narrative.strip(),
            evidence_links=list(evidence_links),
            submitted_by=as_user(actor),
            submitted_at=now,
        )
        report.full_clean()
        report.save()
        _statuses_changed(deliverable.plan_id)
        for upload in files:
            core_services.attach_file(
                actor=actor, obj=report, upload=upload, permission="roadmap.attach_evidence"
            )
        audit.record(
            actor=actor,
            action="submit_report",
            obj=report,
            changes={
                "deliverable": deliverable.number,
                "percent": percent,
                "claimed_status": claimed_status,
            },
        )
        _notify_office(
            report, _("New progress report on deliverable %(n)d") % {"n": deliverable.number}
        )
    return report


def _report_errors(
    claimed_status: str,
    percent: int,
    narrative: str,
    reported_on: datetime.date,
    links: Sequence[str],
    now: datetime.datetime,
) -> dict[str, str]:
    errors = {}
    if claimed_status not in ClaimedStatus.values:
        errors["claimed_status"] = _("Choose a status.")
    if not 0 <= percent <= 100:
        errors["percent"] = _("A percent lies between 0 and 100.")
    elif claimed_status == ClaimedStatus.DONE and percent != 100:
        errors["percent"] = _("A deliverable reported done is 100 percent complete.")
    elif claimed_status == ClaimedStatus.NOT_STARTED and percent != 0:
        errors["percent"] = _("A deliverable not started is 0 percent complete.")
    if not narrative.strip():
        errors["narrative"] = _("Describe the progress.")
    if reported_on > timezone.localdate(now):
        errors["reported_on"] = _("A report cannot describe a date in the future.")
    validate_url = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            validate_url(link)
        except ValidationError:
            errors["evidence_links"] = _("“%(link)s” is not a web address (http or https).") % {
                "link": link
            }
            break
    return errors


def review_report(
    *,
    actor: Any,
    report: ProgressReport,
    accept: bool,
    comment: str = "",
    completion: str = "",
    results: str = "",
    at: datetime.datetime | None = None,
) -> ProgressReport:
    """The coordinating office accepts a report, or returns it with a comment."""
    require(actor, "roadmap.review_report", report)
    errors = {}
    if not accept and not comment.strip():
        errors["comment"] = _("Say why the report is returned.")
    if completion and completion not in Completion.values:
        errors["completion"] = _("Choose a completion rating.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if report.state != ReportState.SUBMITTED:
            raise ValidationError(_("This report has already been reviewed."))
        if accept:
            report.accept()
            report.completion = completion or default_completion(report)
            report.results = results
        else:
            report.return_for_changes()
        report.reviewed_by, report.reviewed_at = as_user(actor), at or timezone.now()
        report.review_comment = comment.strip()
        report.full_clean()
        report.save()
        _statuses_changed(report.deliverable.plan_id)
        audit.record(
            actor=actor,
            action="accept_report" if accept else "return_report",
            obj=report,
            changes={"state": report.state, "comment": report.review_comment},
        )
        if report.submitted_by is not None:
            title = (
                _("Your report on deliverable %(n)d was accepted")
                if accept
                else _("Your report on deliverable %(n)d was returned")
            )
            core_services.notify(
                recipient=report.submitted_by,
                kind="roadmap.review",
                title=title % {"n": report.deliverable.number},
                body=report.review_comment,
                url=report.get_absolute_url(),
            )
    return report


def default_completion(report: ProgressReport) -> str:
    if report.claimed_status == ClaimedStatus.DONE:
        return Completion.COMPLETE
    if report.claimed_status == ClaimedStatus.NOT_STARTED:
        return Completion.NOT_STARTED
    return Completion.SUBSTANTIAL if report.percent >= 50 else Completion.LIMITED


def close_deliverable(
    *, actor: Any, deliverable: Deliverable, closed_on: datetime.date, comment: str = ""
) -> Deliverable:
    """销号: the coordinating office closes a deliverable whose done report it accepted."""
    require(actor, "roadmap.close_deliverable", deliverable)
    with transaction.atomic():
        deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
        errors = {}
        if deliverable.closed_on is not None:
            errors["closed_on"] = _("This deliverable is already closed.")
        elif closed_on > timezone.localdate():
            errors["closed_on"] = _("A deliverable cannot be closed on a future date.")
        latest = (
            deliverable.reports.accepted()
            .filter(reviewed_at__date__lte=closed_on)
            .order_by("-reported_on", "-pk")
            .first()
        )
        if latest is None or latest.claimed_status != ClaimedStatus.DONE:
            errors["closed_on"] = _(
                "Only a deliverable whose report of completion was accepted "
                "by that date can be closed."
            )
        if errors:
            raise ValidationError(errors)
        deliverable.closed_on, deliverable.closed_by = closed_on, as_user(actor)
        deliverable.closing_comment = comment.strip()
        deliverable.save(update_fields=["closed_on", "closed_by", "closing_comment"])
        _statuses_changed(deliverable.plan_id)
        audit.record(
            actor=actor,
            action="close",
            obj=deliverable,
            changes={"closed_on": closed_on, "comment": deliverable.closing_comment},
        )
    return deliverable


def record_escalation(
    *,
    actor: Any,
    deliverable: Deliverable,
    level: str,
    department: Department,
    occurred_on: datetime.date,
    note: str = "",
    respond_by: datetime.date | None = None,
) -> EscalationEvent:
    """A step of 督查督办 (reminder, warning, 约谈, 通报) addressed to a department."""
    require(actor, "roadmap.escalate", deliverable)
    event = EscalationEvent(
        deliverable=deliverable,
        level=level,
        department=department,
        occurred_on=occurred_on,
        note=note.strip(),
        respond_by=respond_by,
        created_by=as_user(actor),
    )
    event.full_clean()
    with transaction.atomic():
        event.save()
        audit.record(
            actor=actor,
            action="escalate",
            obj=deliverable,
            changes={"level": level, "department": department.code},
        )
        for officer in department_officers(department):
            core_services.notify(
                recipient=officer,
                kind="roadmap.escalation",
                title=f"{event.get_level_display()}: {deliverable}",
                body=event.note,
                url=deliverable.get_absolute_url(),
            )
    return event


def department_officers(department: Department) -> list[User]:
    return list(
        User.objects.filter(department=department, role=Role.DEPARTMENT_OFFICER, is_active=True)
    )


def _notify_office(report: ProgressReport, title: str) -> None:
    for officer in User.objects.filter(role=Role.COORDINATING_OFFICE, is_active=True):
        core_services.notify(
            recipient=officer,
            kind="roadmap.report",
            title=title,
            body=report.narrative[:200],
            url=reverse("roadmap:report_detail", args=[report.pk]),
        )


# Coordination meetings -------------------------------------------------------------------------


def record_meeting(
    *,
    actor: Any,
    plan: Plan,
    held_on: datetime.date,
    title: str,
    departments_present: Iterable[Department],
    minutes: str = "",
) -> CoordinationMeeting:
    """Minute a meeting of the coordination mechanism (coordinating office)."""
    require(actor, "roadmap.add_coordinationmeeting", plan)
    meeting = CoordinationMeeting(
        plan=plan,
        held_on=held_on,
        title=title.strip(),
        minutes=minutes.strip(),
        created_by=as_user(actor),
    )
    meeting.full_clean()
    with transaction.atomic():
        meeting.save()
        meeting.departments_present.set(list(departments_present))
        audit.record(
            actor=actor,
            action="create",
            obj=meeting,
            changes={"held_on": held_on, "title": meeting.title},
        )
    return meeting


def add_decision(
    *,
    actor: Any,
    meeting: CoordinationMeeting,
    text: str,
    owner: Department,
    due_on: datetime.date,
    deliverables: Iterable[Deliverable] = (),
) -> Decision:
    """A decision of the meeting becomes an action item for its owner department."""
    require(actor, "roadmap.add_coordinationmeeting", meeting.plan)
    decision = Decision(meeting=meeting, text=text.strip(), owner=owner, due_on=due_on)
    decision.full_clean()
    items = list(deliverables)
    if any(d.plan_id != meeting.plan_id for d in items):
        raise ValidationError({"deliverables": _("Link deliverables of this meeting's plan only.")})
    with transaction.atomic():
        decision.save()
        decision.deliverables.set(items)
        audit.record(
            actor=actor,
            action="add_decision",
            obj=meeting,
            changes={"decision": decision.text[:100], "owner": owner.code, "due_on": due_on},
        )
        for officer in department_officers(owner):
            core_services.notify(
                recipient=officer,
                kind="roadmap.decision",
                title=_("Action item for your department: %(text)s") % {"text": decision.text[:80]},
                url=meeting.get_absolute_url(),
            )
    return decision


def complete_decision(*, actor: Any, decision: Decision, done_on: datetime.date) -> Decision:
    """The owner department (or the office) marks an action item done."""
    require(actor, "roadmap.change_decision", decision)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("Use today's date or an earlier one.")})
    with transaction.atomic():
        decision.done_on = done_on
        decision.save(update_fields=["done_on"])
        audit.record(
            actor=actor,
            action="complete_decision",
            obj=decision.meeting,
            changes={"decision": decision.pk, "done_on": done_on},
        )
    return decision


# Indicators ------------------------------------------------------------------------------------


def define_indicator(
    *,
    actor: Any,
    plan: Plan,
    name: str,
    unit: str,
    baseline: Decimal,
    target: Decimal,
    metric_key: str = "",
    deliverables: Iterable[Deliverable] = (),
) -> Indicator:
    """An indicator of the plan, bound to deliverables and optionally to a live metric."""
    from gtis.core import metrics

    require(actor, "roadmap.add_indicator", plan)
    if metric_key:
        try:
            metrics.get(metric_key)
        except LookupError:
            raise ValidationError(
                {"metric_key": _("No live metric is called %(key)s.") % {"key": metric_key}}
            ) from None
    with transaction.atomic():
        indicator, created = Indicator.objects.update_or_create(
            plan=plan,
            name=name.strip(),
            defaults={
                "unit": unit,
                "baseline": baseline,
                "target": target,
                "metric_key": metric_key,
            },
        )
        indicator.deliverables.set(list(deliverables))
        audit.record(
            actor=actor,
            action="create" if created else "update",
            obj=indicator,
            changes={"target": target, "metric_key": metric_key},
        )
    return indicator


def record_indicator_value(
    *,
    actor: Any,
    indicator: Indicator,
    measured_on: datetime.date,
    value: Decimal,
    source: str = "",
) -> IndicatorValue:
    """Enter a measured value of an indicator (one per day; entering again corrects it)."""
    require(actor, "roadmap.add_indicatorvalue", indicator)
    with transaction.atomic():
        entry, _created = IndicatorValue.objects.update_or_create(
            indicator=indicator,
            measured_on=measured_on,
            defaults={"value": value, "source": source, "entered_by": as_user(actor)},
        )
        audit.record(
            actor=actor,
            action="record_value",
            obj=indicator,
            changes={"measured_on": measured_on, "value": value},
        )
    return entry
