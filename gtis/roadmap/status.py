"""Where each deliverable stands on a given date, and how that rolls up.

Pure functions over a deliverable, its reports and the plan's rules: replaying any date of the
2019-2022 roadmap only needs reports dated up to that day (submitted, and reviewed, by then).
The percent an officer reported is kept apart from the percent the calendar expects.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.roadmap.choices import ClaimedStatus, Rag, ReportState, Status

RAG_ORDER = [Rag.NONE, Rag.GREEN, Rag.AMBER, Rag.RED]
STATUS_RAG = {
    Status.NOT_STARTED: Rag.NONE,
    Status.ON_TRACK: Rag.GREEN,
    Status.AT_RISK: Rag.AMBER,
    Status.OVERDUE: Rag.RED,
    Status.CLOSED: Rag.GREEN,
}


@dataclass(frozen=True)
class Rules:
    due_soon_days: int = 60
    behind_points: int = 25
    reporting_interval_days: int = 90
    stale_after_days: int = 120
    reminder_lead_days: int = 14

    @classmethod
    def of(cls, rules: Any) -> "Rules":
        if rules is None:
            return cls()
        return cls(**{name: getattr(rules, name) for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class DeliverableState:
    status: str
    rag: str
    reasons: list[str] = field(default_factory=list)
    reported_percent: int | None = None
    expected_percent: int = 0
    last_report_on: datetime.date | None = None
    last_accepted_on: datetime.date | None = None
    next_report_due: datetime.date | None = None
    completion: str = ""
    results: str = ""

    @property
    def is_finished(self) -> bool:
        return self.status in {Status.REPORTED_DONE, Status.CLOSED, Status.CLOSED_LATE}


def known_on(report: Any, as_of: datetime.date) -> bool:
    return timezone.localdate(report.submitted_at) <= as_of


def accepted_on(report: Any, as_of: datetime.date) -> bool:
    return (
        report.state == ReportState.ACCEPTED
        and report.reviewed_at is not None
        and timezone.localdate(report.reviewed_at) <= as_of
    )


def deliverable_state(
    deliverable: Any, reports: Iterable[Any], rules: Rules, as_of: datetime.date
) -> DeliverableState:
    """The status and warning of `deliverable` on `as_of`, from reports known by then."""
    reports = [r for r in reports if known_on(r, as_of)]
    accepted = sorted(
        (r for r in reports if accepted_on(r, as_of)), key=lambda r: (r.reported_on, r.pk)
    )
    latest = accepted[-1] if accepted else None
    common: dict[str, Any] = {
        "reported_percent": latest.percent if latest else None,
        "expected_percent": expected_percent(deliverable, as_of),
        "last_report_on": max((r.reported_on for r in reports), default=None),
        "last_accepted_on": latest.reported_on if latest else None,
        "completion": latest.completion if latest else "",
        "results": latest.results if latest else "",
    }
    end = deliverable.period_end
    closed_on = deliverable.closed_on
    if closed_on is not None and closed_on <= as_of:
        # Late means the work was finished late; verification (销号) may follow the end date.
        done = [r.reported_on for r in accepted if r.claimed_status == ClaimedStatus.DONE]
        late = (min(done) if done else closed_on) > end
        return DeliverableState(
            Status.CLOSED_LATE if late else Status.CLOSED,
            Rag.AMBER if late else Rag.GREEN,
            **common,
        )
    if latest is not None and latest.claimed_status == ClaimedStatus.DONE:
        late = latest.reported_on > end
        reasons = [_("reported done after the deadline")] if late else []
        return DeliverableState(
            Status.REPORTED_DONE, Rag.AMBER if late else Rag.GREEN, reasons, **common
        )
    due = next_report_due(deliverable, reports, rules)
    if as_of < deliverable.period_start:
        return DeliverableState(Status.NOT_STARTED, Rag.NONE, **common)
    if as_of > end:
        return DeliverableState(
            Status.OVERDUE, Rag.RED, [_("past its end date")], next_report_due=due, **common
        )
    reasons = risk_reasons(deliverable, latest, rules, as_of, common["expected_percent"])
    status = Status.AT_RISK if reasons else Status.ON_TRACK
    return DeliverableState(status, STATUS_RAG[status], reasons, next_report_due=due, **common)


def risk_reasons(
    deliverable: Any, latest: Any, rules: Rules, as_of: datetime.date, expected: int
) -> list[str]:
    reasons = []
    reported = latest.percent if latest else 0
    if expected - reported >= rules.behind_points:
        reasons.append(
            _("behind schedule: %(reported)d%% reported, %(expected)d%% of the time gone")
            % {"reported": reported, "expected": expected}
        )
    days_left = (deliverable.period_end - as_of).days
    if days_left <= rules.due_soon_days:
        reasons.append(_("due in %(days)d days") % {"days": days_left})
    idle = (as_of - last_update_on(deliverable, latest.reported_on if latest else None)).days
    if idle > rules.stale_after_days:
        reasons.append(_("no accepted update for %(days)d days") % {"days": idle})
    return reasons


def work_start(deliverable: Any) -> datetime.date:
    """When work could start: the period's start, or the day the plan was issued if that came
    later (nothing is owed before a plan exists)."""
    issued = getattr(deliverable.plan, "issued_on", None)
    return max(deliverable.period_start, issued) if issued else deliverable.period_start


def last_update_on(deliverable: Any, last_accepted: datetime.date | None) -> datetime.date:
    """The date of the last accepted report, or when work could start."""
    start = work_start(deliverable)
    return max(last_accepted, start) if last_accepted else start


def expected_percent(deliverable: Any, as_of: datetime.date) -> int:
    """How much of the period has gone by on `as_of`, as a percent."""
    total = (deliverable.period_end - deliverable.period_start).days + 1
    gone = (as_of - deliverable.period_start).days + 1
    return max(0, min(100, round(100 * gone / total)))


def next_report_due(deliverable: Any, reports: list[Any], rules: Rules) -> datetime.date:
    """A report is owed every reporting interval after the last one submitted (or the start)."""
    counted = [r.reported_on for r in reports if r.state != ReportState.RETURNED]
    since = max(counted, default=work_start(deliverable))
    return since + datetime.timedelta(days=rules.reporting_interval_days)


@dataclass(frozen=True)
class Rollup:
    """Counts of a group of deliverables (a task, part, department or plan) by status and colour."""

    total: int
    by_status: dict[str, int]
    by_rag: dict[str, int]

    @property
    def rag(self) -> str:
        present = [rag for rag in RAG_ORDER if self.by_rag.get(rag)]
        return present[-1] if present else Rag.NONE

    @property
    def finished(self) -> int:
        return sum(
            self.by_status.get(s, 0)
            for s in (Status.REPORTED_DONE, Status.CLOSED, Status.CLOSED_LATE)
        )

    @property
    def closed(self) -> int:
        return self.by_status.get(Status.CLOSED, 0) + self.by_status.get(Status.CLOSED_LATE, 0)

    @property
    def percent_finished(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 0


def rollup(states: Iterable[DeliverableState]) -> Rollup:
    states = list(states)
    return Rollup(
        len(states), dict(Counter(s.status for s in states)), dict(Counter(s.rag for s in states))
    )
