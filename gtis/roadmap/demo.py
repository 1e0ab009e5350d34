"""Demo progress on the 2019 roadmap, 2019-2022: most deliverables on time, some late, a few
reports returned, a few stalled; coordination meetings with action items; escalations.

Deterministic, so the replay tells the same story on every machine."""

import datetime
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from gtis.accounts import services as account_services
from gtis.accounts.demo import DEMO_PASSWORD
from gtis.accounts.models import Department, User
from gtis.core.actors import SYSTEM
from gtis.core.models import Notification
from gtis.core.roles import Role
from gtis.roadmap import services
from gtis.roadmap.choices import ClaimedStatus, EscalationLevel, Results
from gtis.roadmap.models import Deliverable, Plan
from gtis.roadmap.reference import PLAN_CODE

LATE = {2, 7, 11, 20, 28, 31, 33, 41}  # reported done after the end of their period
STALLED = {12, 30, 42}  # reports stop; still open at the end of 2022
RETURNED = {3, 9, 17, 22, 35, 44}  # one report sent back before being accepted
NOT_CLOSED = {24, 38}  # done and accepted, but not yet verified (销号)
RESULTS = [
    Results.MAJOR,
    Results.MARGINAL,
    Results.OUTSTANDING,
    Results.MAJOR,
    Results.NO_CHANGE,
    Results.MARGINAL,
]
LAST_DAY = datetime.date(2022, 12, 31)

NARRATIVES: dict[str, str] = {
    ClaimedStatus.IN_PROGRESS: "已制定工作方案，明确责任分工，按计划推进，阶段性完成{pct}%。",
    ClaimedStatus.DONE: "已按要求完成，相关文件已印发，成果材料见附件链接。",
}


def load(out: TextIO) -> None:
    plan = Plan.objects.filter(code=PLAN_CODE).first()
    if plan is None or plan.deliverables.filter(reports__isnull=False).exists():
        out.write("roadmap demo: already loaded\n")
        return
    office = User.objects.filter(role=Role.COORDINATING_OFFICE).order_by("pk").first()
    if office is None:
        out.write("roadmap demo: no coordinating-office user; run the accounts demo first\n")
        return
    officers = _officers()
    deliverables = plan.deliverables.prefetch_related("department_links__department").order_by(
        "number"
    )
    reports = 0
    for deliverable in deliverables:
        reports += _story(deliverable, officers, office)
    _meetings(plan, office)
    # The years replayed here are history: their notifications were read long ago.
    transaction.on_commit(
        lambda: Notification.objects.filter(kind__startswith="roadmap.").update(
            read_at=timezone.now()
        )
    )
    out.write(f"roadmap demo: {reports} progress reports over 2019-2022\n")


def _officers() -> dict[int, User]:
    """A department officer for every department (the accounts demo made two of them)."""
    officers = {}
    for department in Department.objects.all():
        officer = (
            User.objects.filter(department=department, role=Role.DEPARTMENT_OFFICER)
            .order_by("pk")
            .first()
        )
        if officer is None:
            officer = account_services.create_user(
                actor=SYSTEM,
                password=DEMO_PASSWORD,
                username=f"{department.code}_officer",
                full_name=f"{department.short_name}联络员",
                role=Role.DEPARTMENT_OFFICER,
                department=department,
                email=f"{department.code}@demo.gtis.invalid",
            )
        officers[department.pk] = officer
    return officers


def _story(deliverable: Deliverable, officers: dict[int, User], office: User) -> int:
    number = deliverable.number
    lead = next(link.department for link in deliverable.department_links.all())
    officer = officers[lead.pk]
    start, end = deliverable.period_start, deliverable.period_end
    start = max(start, datetime.date(2019, 4, 15))  # nothing was reported before the plan issued
    late_by = datetime.timedelta(days=150 + 10 * (number % 5)) if number in LATE else None
    finish = end - datetime.timedelta(days=20) + (late_by or datetime.timedelta(0))
    if number in STALLED:
        finish = LAST_DAY + datetime.timedelta(days=365)
    count = 0
    for when in _quarter_ends(start, min(finish, LAST_DAY)):
        span = max(1, (finish - start).days)
        percent = min(95, max(5, round(100 * (when - start).days / span)))
        if number in STALLED:
            percent = min(percent, 40)
        count += _report(
            deliverable,
            officer,
            office,
            when,
            ClaimedStatus.IN_PROGRESS,
            percent,
            returned=number in RETURNED and count == 0,
        )
    if finish <= LAST_DAY:
        count += _report(
            deliverable,
            officer,
            office,
            finish,
            ClaimedStatus.DONE,
            100,
            returned=False,
            results=RESULTS[number % len(RESULTS)],
        )
        closed_on = finish + datetime.timedelta(days=45)
        if number not in NOT_CLOSED and closed_on <= timezone.localdate():
            services.close_deliverable(
                actor=office,
                deliverable=deliverable,
                closed_on=closed_on,
                comment="材料齐全，同意销号。",
            )
    if number in LATE or number in STALLED:
        _escalate(deliverable, lead, office)
    return count


def _quarter_ends(start: datetime.date, stop: datetime.date) -> list[datetime.date]:
    days: list[datetime.date] = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        month = quarter * 3
        day = datetime.date(year, month, 30 if month in (6, 9) else 31)
        if day >= stop:
            return days
        if day > start:
            days.append(day)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _report(
    deliverable: Deliverable,
    officer: User,
    office: User,
    when: datetime.date,
    claimed: str,
    percent: int,
    *,
    returned: bool,
    results: str = "",
) -> int:
    label = f"{when.year}年第{(when.month - 1) // 3 + 1}季度"
    narrative = NARRATIVES[claimed].format(pct=percent)
    submitted = when + datetime.timedelta(days=5)
    report = services.submit_report(
        actor=officer,
        deliverable=deliverable,
        period_label=label,
        reported_on=when,
        claimed_status=claimed,
        percent=percent,
        narrative=narrative,
        evidence_links=["https://www.ndrc.gov.cn/"] if claimed == ClaimedStatus.DONE else [],
        at=_at(submitted),
    )
    if returned:
        services.review_report(
            actor=office,
            report=report,
            accept=False,
            comment="请补充量化进展和佐证材料后重新报送。",
            at=_at(submitted + datetime.timedelta(days=7)),
        )
        report = services.submit_report(
            actor=officer,
            deliverable=deliverable,
            period_label=label,
            reported_on=when,
            claimed_status=claimed,
            percent=percent,
            narrative=narrative + "已补充量化指标及佐证材料。",
            at=_at(submitted + datetime.timedelta(days=12)),
        )
    services.review_report(
        actor=office,
        report=report,
        accept=True,
        results=results,
        at=_at(submitted + datetime.timedelta(days=15), hour=16),
    )
    return 2 if returned else 1


def _escalate(deliverable: Deliverable, lead: Department, office: User) -> None:
    first = deliverable.period_end + datetime.timedelta(days=15)
    steps = [
        (EscalationLevel.REMINDER, first, "请抓紧推进，按期报送进展。"),
        (
            EscalationLevel.WARNING,
            first + datetime.timedelta(days=60),
            "已逾期，请说明原因并提出整改时限。",
        ),
    ]
    for level, day, note in steps:
        if day <= LAST_DAY:
            services.record_escalation(
                actor=office,
                deliverable=deliverable,
                level=level,
                department=lead,
                occurred_on=day,
                note=note,
                respond_by=day + datetime.timedelta(days=15),
            )


def _meetings(plan: Plan, office: User) -> None:
    departments = list(Department.objects.all())
    by_code = {d.code: d for d in departments}
    deliverables = {d.number: d for d in plan.deliverables.all()}
    meetings: list[tuple[datetime.date, str, list[tuple[str, str, datetime.date, list[int]]]]] = [
        (
            datetime.date(2019, 10, 24),
            "绿色技术创新部际协调机制第一次会议",
            [
                ("印发部际协调机制工作规则，明确联络员", "most", datetime.date(2019, 12, 31), [43]),
                ("研究制定绿色技术推广目录编制方案", "ndrc", datetime.date(2020, 6, 30), [11]),
            ],
        ),
        (
            datetime.date(2020, 12, 18),
            "绿色技术创新部际协调机制2020年度会议",
            [
                ("加快国家绿色技术交易市场建设", "most", datetime.date(2021, 6, 30), [22, 23]),
                ("启动政策绩效评估，形成评估方案", "ndrc", datetime.date(2021, 3, 31), [44]),
            ],
        ),
        (
            datetime.date(2021, 12, 20),
            "绿色技术创新部际协调机制2021年度会议",
            [("推动知识产权侵权信用管理制度落地", "cnipa", datetime.date(2022, 6, 30), [30])],
        ),
        (
            datetime.date(2022, 9, 27),
            "绿色技术创新部际协调机制会议",
            [
                (
                    "研究起草进一步完善绿色技术创新体系的实施方案",
                    "ndrc",
                    datetime.date(2022, 12, 31),
                    [],
                )
            ],
        ),
    ]
    for held_on, title, decisions in meetings:
        meeting = services.record_meeting(
            actor=office,
            plan=plan,
            held_on=held_on,
            title=title,
            departments_present=departments,
            minutes="会议听取了各成员单位工作进展汇报，研究部署下一阶段重点任务。",
        )
        for text, owner, due_on, numbers in decisions:
            decision = services.add_decision(
                actor=office,
                meeting=meeting,
                text=text,
                owner=by_code[owner],
                due_on=due_on,
                deliverables=[deliverables[n] for n in numbers],
            )
            if due_on < LAST_DAY:
                services.complete_decision(
                    actor=office, decision=decision, done_on=due_on - datetime.timedelta(days=10)
                )
