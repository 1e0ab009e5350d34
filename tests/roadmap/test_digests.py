"""Reminder digests: each officer hears about the reports their department owes, once a day."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import formats, translation

from gtis.core.actors import SYSTEM
from gtis.core.models import AuditEvent, BackgroundJob, JobStatus, Notification
from gtis.core.roles import Role
from gtis.core.services import start_job
from gtis.roadmap import digests, selectors, services
from gtis.roadmap.choices import ClaimedStatus, Status
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


BEIJING = ZoneInfo(settings.TIME_ZONE)
AS_OF = datetime.date(2019, 6, 30)


@pytest.fixture(autouse=True)
def fresh_status_cache():
    """Statuses are cached by plan pk and status version, which may repeat between tests."""
    cache.clear()


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BEIJING)


def shown(user, day):
    """A date as the digest shows it, in the recipient's language."""
    with translation.override(user.language):
        return formats.date_format(day)


def officer_of(departments, code, **extra):
    return UserFactory(
        username=f"{code}_officer",
        role=Role.DEPARTMENT_OFFICER,
        department=departments[code],
        **extra,
    )


def report(officer, plan, number, reported_on, percent=30, claimed=ClaimedStatus.IN_PROGRESS):
    return services.submit_report(
        actor=officer,
        deliverable=plan.deliverables.get(number=number),
        period_label=f"{reported_on.year}年第{(reported_on.month - 1) // 3 + 1}季度",
        reported_on=reported_on,
        claimed_status=claimed,
        percent=percent,
        narrative=f"按计划推进，完成{percent}%。",
        at=at(reported_on + datetime.timedelta(days=2)),
    )


def review(office, report, accept=True):
    return services.review_report(
        actor=office,
        report=report,
        accept=accept,
        comment="" if accept else "请补充佐证材料。",
        at=at(report.submitted_at.astimezone(BEIJING).date() + datetime.timedelta(days=3)),
    )


def states(plan, as_of, numbers):
    rows = selectors.rows_as_of(selectors.deliverables(SYSTEM, plan), as_of)
    return {
        row.deliverable.number: (row.state.status, row.state.next_report_due)
        for row in rows
        if row.deliverable.number in numbers
    }


@pytest.fixture
def cnipa_situation(plan, office, cnipa_officer):
    """On 2019-06-30: deliverable 29's next report is due in 9 days; deliverable 32's report of
    June was returned, so it still owes the report due 90 days after the plan was issued
    (2019-04-15 + 90 days = 2019-07-14), in 14 days; 30 and 31 start in 2020.
    """
    review(office, report(cnipa_officer, plan, 29, datetime.date(2019, 4, 10)))
    review(office, report(cnipa_officer, plan, 32, datetime.date(2019, 6, 10)), accept=False)
    return plan


def test_the_status_engine_sees_what_the_cnipa_digest_will_name(cnipa_situation):
    assert states(cnipa_situation, AS_OF, {29, 30, 31, 32}) == {
        29: (Status.ON_TRACK, datetime.date(2019, 7, 9)),
        30: (Status.NOT_STARTED, None),
        31: (Status.NOT_STARTED, None),
        32: (Status.ON_TRACK, datetime.date(2019, 7, 14)),
    }


def test_an_officer_with_reports_due_or_overdue_gets_one_digest_naming_those_deliverables(
    cnipa_situation, cnipa_officer, django_capture_on_commit_callbacks, mailoutbox
):
    plan = cnipa_situation
    rows = selectors.rows_as_of(selectors.deliverables(SYSTEM, plan), AS_OF)
    digest = digests.digest_for(cnipa_officer.department_id, rows, AS_OF)
    assert [row.deliverable.number for row in digest.reports_due] == [29, 32]
    assert (digest.reports_overdue, digest.overdue, digest.stale) == ([], [], [])

    with django_capture_on_commit_callbacks(execute=True):
        sent = digests.send_digests(AS_OF, [cnipa_officer])

    assert sent == 1
    notification = Notification.objects.get(kind="roadmap.digest")
    assert notification.recipient == cnipa_officer
    assert notification.url == "/roadmap/my-department/"
    assert "2019-06-30" in notification.title
    assert "29. 组织开展打击侵犯绿色技术知识产权专项行动" in notification.body
    assert shown(cnipa_officer, datetime.date(2019, 7, 9)) in notification.body
    assert "32. 完善绿色技术知识产权统计监测" in notification.body
    assert shown(cnipa_officer, datetime.date(2019, 7, 14)) in notification.body
    assert "30. " not in notification.body and "31. " not in notification.body
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["cnipa@example.com"]
    assert (email.subject, email.body) == (notification.title, notification.body)


def test_an_officer_with_nothing_due_gets_nothing(
    plan, office, departments, django_capture_on_commit_callbacks, mailoutbox
):
    # 商务部 leads only deliverables 41 and 42, which start in 2020; 中国人民银行 reported on 34
    # ten days ago (next report due 2019-09-18) and 33 starts in 2020.
    mofcom = officer_of(departments, "mofcom")
    pboc = officer_of(departments, "pboc")
    report(pboc, plan, 34, datetime.date(2019, 6, 20))
    assert states(plan, AS_OF, {33, 34, 41, 42}) == {
        33: (Status.NOT_STARTED, None),
        34: (Status.ON_TRACK, datetime.date(2019, 9, 18)),
        41: (Status.NOT_STARTED, None),
        42: (Status.NOT_STARTED, None),
    }

    with django_capture_on_commit_callbacks(execute=True):
        sent = digests.send_digests(AS_OF, [mofcom, pboc])

    assert sent == 0
    assert not Notification.objects.filter(kind="roadmap.digest").exists()
    assert mailoutbox == []


def test_before_its_deliverables_start_a_department_gets_nothing(
    plan, departments, django_capture_on_commit_callbacks, mailoutbox
):
    # On 2018-06-30 only deliverable 15 (2018-2022, 市场监管总局 and four others) has started;
    # 国家知识产权局 and 商务部 have no part in it.
    day = datetime.date(2018, 6, 30)
    rows = selectors.rows_as_of(selectors.deliverables(SYSTEM, plan), day)
    assert [row.deliverable.number for row in rows if row.state.status != "not_started"] == [15]
    assert [d.code for d in next(r for r in rows if r.deliverable.number == 15).leads] == [
        "samr",
        "most",
        "ndrc",
        "mee",
        "mohurd",
    ]
    officers = [officer_of(departments, "cnipa"), officer_of(departments, "mofcom")]

    with django_capture_on_commit_callbacks(execute=True):
        sent = digests.send_digests(day, officers)

    assert sent == 0
    assert not Notification.objects.filter(kind="roadmap.digest").exists()
    assert mailoutbox == []


def test_the_reminder_window_follows_the_plans_rules(cnipa_situation, cnipa_officer):
    services.update_status_rules(actor=SYSTEM, plan=cnipa_situation, reminder_lead_days=7)
    rows = selectors.rows_as_of(selectors.deliverables(SYSTEM, cnipa_situation), AS_OF)

    digest = digests.digest_for(cnipa_officer.department_id, rows, AS_OF)

    assert digest.reports_due == []  # 29 and 32 are due in 9 and 14 days: outside 7 days
    assert digest.reports_overdue == []


def test_reports_past_their_due_date_are_named_overdue(cnipa_situation, cnipa_officer):
    later = datetime.date(2019, 7, 20)
    rows = selectors.rows_as_of(selectors.deliverables(SYSTEM, cnipa_situation), later)

    digest = digests.digest_for(cnipa_officer.department_id, rows, later)

    assert [row.deliverable.number for row in digest.reports_overdue] == [29, 32]
    assert digest.reports_due == []


def test_an_officer_without_an_email_address_is_notified_in_the_app_only(
    plan, departments, django_capture_on_commit_callbacks, mailoutbox
):
    officer = officer_of(departments, "cnipa", email="")

    with django_capture_on_commit_callbacks(execute=True):
        assert digests.send_digests(AS_OF, [officer]) == 1

    assert Notification.objects.filter(kind="roadmap.digest", recipient=officer).count() == 1
    assert mailoutbox == []


# The job ---------------------------------------------------------------------------------------


def test_the_digest_job_sends_every_active_officer_their_digest(
    plan,
    office,
    departments,
    most_officer,
    cnipa_officer,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    # 商务部 reported both its deliverables done and accepted: nothing is due on 2021-03-31.
    mofcom = officer_of(departments, "mofcom")
    for number in (41, 42):
        review(office, report(mofcom, plan, number, datetime.date(2020, 11, 30), 100, "done"))
    officer_of(departments, "ndrc", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            actor=SYSTEM,
            kind="roadmap.send_digests",
            label="Roadmap digests 2021-03-31",
            arguments={"as_of": "2021-03-31"},
        )

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"as_of": "2021-03-31", "officers": 3, "digests_sent": 2}
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.checkpoint == {"last_user_id": mofcom.pk}
    assert sorted(
        Notification.objects.filter(kind="roadmap.digest").values_list(
            "recipient__username", flat=True
        )
    ) == ["cnipa", "most"]
    assert sorted(email.to[0] for email in mailoutbox) == ["cnipa@example.com", "most@example.com"]


def test_the_command_queues_a_digest_job_for_the_given_day(plan):
    out = io.StringIO()

    call_command("send-roadmap-digests", "--as-of", "2021-03-31", stdout=out)

    job = BackgroundJob.objects.get(kind="roadmap.send_digests")
    assert (job.label, job.arguments, job.status, job.started_by) == (
        "Roadmap digests 2021-03-31",
        {"as_of": "2021-03-31"},
        JobStatus.QUEUED,  # it runs once the transaction commits
        None,
    )
    assert out.getvalue() == f"queued job {job.pk}\n"
    assert AuditEvent.objects.filter(action="start", object_id=str(job.pk)).exists()


def test_the_command_refuses_a_bad_date_and_queues_nothing(plan):
    with pytest.raises(CommandError):
        call_command("send-roadmap-digests", "--as-of", "31/03/2021")

    assert not BackgroundJob.objects.exists()
