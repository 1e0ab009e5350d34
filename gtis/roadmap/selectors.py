"""Reads of the roadmap that pages, the API and the ledger share; statuses as of any date."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from gtis.accounts.models import Department
from gtis.roadmap.models import (
    Deliverable,
    DeliverableDepartment,
    Part,
    Plan,
    ProgressReport,
    Task,
)
from gtis.roadmap.status import DeliverableState, Rollup, Rules, deliverable_state, rollup


def plans(viewer: Any) -> QuerySet[Plan]:
    return Plan.objects.restrict(viewer).prefetch_related("issuing_departments")


def deliverables(viewer: Any, plan: Plan | None = None) -> QuerySet[Deliverable]:
    """Deliverables with what their status and pages need, in three queries whatever the count."""
    queryset = Deliverable.objects.restrict(viewer).select_related(
        "plan__status_rules", "task__part"
    )
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    return queryset.prefetch_related(
        Prefetch(
            "department_links", queryset=DeliverableDepartment.objects.select_related("department")
        ),
    )


# What the status engine reads of a report; pages needing the text load it themselves.
STATUS_REPORT_FIELDS = (
    "id",
    "deliverable_id",
    "state",
    "reported_on",
    "submitted_at",
    "reviewed_at",
    "claimed_status",
    "percent",
    "completion",
    "results",
)


def latest_reports(deliverable_ids: list[int], as_of: datetime.date) -> dict[int, ProgressReport]:
    """The latest report each deliverable had on `as_of` (whatever its review), in one query."""
    latest: dict[int, ProgressReport] = {}
    for report in ProgressReport.objects.filter(
        deliverable_id__in=deliverable_ids, submitted_at__date__lte=as_of
    ).order_by("deliverable_id", "reported_on", "pk"):
        latest[report.deliverable_id] = report
    return latest


@dataclass
class DeliverableRow:
    """A deliverable with its status on the as-of date, as lists and the Gantt show it."""

    deliverable: Deliverable
    state: DeliverableState

    @property
    def leads(self) -> list[Department]:
        return [
            link.department
            for link in self.deliverable.department_links.all()
            if link.role == DeliverableDepartment.Role.LEAD
        ]

    @property
    def participants(self) -> list[Department]:
        return [
            link.department
            for link in self.deliverable.department_links.all()
            if link.role == DeliverableDepartment.Role.PARTICIPATING
        ]

    def involves(self, department_id: int) -> bool:
        return any(
            link.department_id == department_id for link in self.deliverable.department_links.all()
        )


def rows_as_of(queryset: QuerySet[Deliverable], as_of: datetime.date) -> list[DeliverableRow]:
    """The deliverables with their status on `as_of`.

    Statuses are cached per plan, date and `Plan.status_version` (every write that can change a
    status bumps it), so replaying a date reads the reports once, not on every page.
    """
    deliverables = list(queryset)
    by_plan: dict[int, list[Deliverable]] = defaultdict(list)
    for deliverable in deliverables:
        by_plan[deliverable.plan_id].append(deliverable)
    states: dict[int, DeliverableState] = {}
    for items in by_plan.values():
        states.update(_plan_states(items, as_of))
    return [DeliverableRow(d, states[d.pk]) for d in deliverables]


def _plan_states(items: list[Deliverable], as_of: datetime.date) -> dict[int, DeliverableState]:
    plan = items[0].plan
    key = f"roadmap:states:{plan.pk}:{plan.status_version}:{as_of.isoformat()}"
    cached: dict[int, DeliverableState] = cache.get(key) or {}
    missing = [d for d in items if d.pk not in cached]
    if missing:
        reports: dict[int, list[ProgressReport]] = defaultdict(list)
        reports_needed = ProgressReport.objects.filter(deliverable_id__in=[d.pk for d in missing])
        for report in reports_needed.only(*STATUS_REPORT_FIELDS).order_by():
            reports[report.deliverable_id].append(report)
        rules = Rules.of(getattr(plan, "status_rules", None))
        for deliverable in missing:
            cached[deliverable.pk] = deliverable_state(
                deliverable, reports[deliverable.pk], rules, as_of
            )
        cache.set(key, cached, timeout=24 * 3600)
    return cached


def report_dates(
    deliverable_ids: list[int], as_of: datetime.date
) -> dict[int, list[datetime.date]]:
    """When each deliverable's reports were dated, for those submitted by `as_of`."""
    dates: dict[int, list[datetime.date]] = defaultdict(list)
    for deliverable_id, reported_on in (
        ProgressReport.objects.filter(
            deliverable_id__in=deliverable_ids, submitted_at__date__lte=as_of
        )
        .values_list("deliverable_id", "reported_on")
        .order_by("reported_on")
    ):
        dates[deliverable_id].append(reported_on)
    return dates


@dataclass
class TaskView:
    task: Task
    rows: list[DeliverableRow]

    @property
    def rollup(self) -> Rollup:
        return rollup(row.state for row in self.rows)


@dataclass
class PartView:
    part: Part
    tasks: list[TaskView]

    @property
    def rollup(self) -> Rollup:
        return rollup(row.state for task in self.tasks for row in task.rows)


@dataclass
class PlanOverview:
    plan: Plan
    as_of: datetime.date
    parts: list[PartView]

    @property
    def rows(self) -> list[DeliverableRow]:
        return [row for part in self.parts for task in part.tasks for row in task.rows]

    @property
    def rollup(self) -> Rollup:
        return rollup(row.state for row in self.rows)

    def by_department(self) -> list[tuple[Department, Rollup]]:
        grouped: dict[int, list[DeliverableRow]] = defaultdict(list)
        departments: dict[int, Department] = {}
        for row in self.rows:
            for department in row.leads:
                grouped[department.pk].append(row)
                departments[department.pk] = department
        ordered = sorted(departments.values(), key=lambda d: (d.sort_order, d.code))
        return [(d, rollup(r.state for r in grouped[d.pk])) for d in ordered]


def plan_overview(viewer: Any, plan: Plan, as_of: datetime.date, keep: Any = None) -> PlanOverview:
    """Parts → tasks → deliverables of `plan` with their status on `as_of`.

    `keep(row)` filters deliverables (by department, status, year); empty tasks and parts drop out.
    """
    rows = rows_as_of(deliverables(viewer, plan), as_of)
    by_task: dict[int, list[DeliverableRow]] = defaultdict(list)
    for row in rows:
        if keep is None or keep(row):
            by_task[row.deliverable.task_id].append(row)
    parts = []
    tasks = (
        Task.objects.filter(plan=plan)
        .select_related("part")
        .prefetch_related("leads__department")
        .order_by("number")
    )
    tasks_by_part: dict[int, list[TaskView]] = defaultdict(list)
    for task in tasks:
        if by_task.get(task.pk):
            tasks_by_part[task.part_id].append(TaskView(task, by_task[task.pk]))
    for part in plan.parts.order_by("number"):
        if tasks_by_part.get(part.pk):
            parts.append(PartView(part, tasks_by_part[part.pk]))
    return PlanOverview(plan, as_of, parts)


def parse_as_of(value: str | None) -> datetime.date:
    """The as-of date of a page or API call: `?as_of=YYYY-MM-DD`, today by default."""
    if value:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    return timezone.localdate()
