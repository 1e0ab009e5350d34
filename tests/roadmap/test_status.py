"""The status engine: status and warning of a deliverable on any date, from dated reports."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from gtis.roadmap.choices import ClaimedStatus, Rag, ReportState, Status
from gtis.roadmap.status import Rules, deliverable_state, rollup

D = datetime.date
pytestmark = pytest.mark.usefixtures("english")
RULES = Rules(due_soon_days=60, behind_points=25, reporting_interval_days=90, stale_after_days=120)


YEAR_2020 = (D(2020, 1, 1), D(2020, 12, 31))
ISSUED = D(2019, 4, 15)


def deliverable(start=YEAR_2020[0], end=YEAR_2020[1], closed_on=None, issued=ISSUED):
    return SimpleNamespace(
        period_start=start,
        period_end=end,
        closed_on=closed_on,
        plan=SimpleNamespace(issued_on=issued),
    )


def report(
    reported_on,
    percent,
    claimed=ClaimedStatus.IN_PROGRESS,
    state=ReportState.ACCEPTED,
    reviewed=None,
    submitted=None,
    pk=1,
):
    def at(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))

    submitted = submitted or reported_on + datetime.timedelta(days=3)
    reviewed = reviewed or submitted + datetime.timedelta(days=5)
    return SimpleNamespace(
        pk=pk,
        reported_on=reported_on,
        percent=percent,
        claimed_status=claimed,
        state=state,
        submitted_at=at(submitted),
        reviewed_at=at(reviewed) if state != ReportState.SUBMITTED else None,
        completion="",
        results="",
    )


def state(d, reports, on):
    return deliverable_state(d, reports, RULES, on)


def test_before_its_period_a_deliverable_has_not_started():
    result = state(deliverable(), [], D(2019, 12, 31))
    assert (result.status, result.rag) == (Status.NOT_STARTED, Rag.NONE)


def test_in_its_period_with_progress_matching_time_it_is_on_track():
    result = state(deliverable(), [report(D(2020, 3, 31), 30)], D(2020, 4, 10))
    assert (result.status, result.rag, result.reasons) == (Status.ON_TRACK, Rag.GREEN, [])
    assert (result.reported_percent, result.expected_percent) == (30, 28)


def test_progress_far_behind_the_calendar_is_at_risk():
    result = state(deliverable(), [report(D(2020, 6, 30), 10)], D(2020, 7, 5))
    assert (result.status, result.rag) == (Status.AT_RISK, Rag.AMBER)
    assert result.reasons[0].startswith("behind schedule")


def test_an_unfinished_deliverable_due_soon_is_at_risk():
    result = state(deliverable(), [report(D(2020, 10, 31), 85)], D(2020, 11, 15))
    assert result.status == Status.AT_RISK
    assert result.reasons == ["due in 46 days"]


def test_no_accepted_update_for_too_long_is_at_risk():
    result = state(
        deliverable(start=D(2020, 1, 1), end=D(2022, 12, 31)),
        [report(D(2020, 2, 1), 5)],
        D(2020, 7, 1),
    )
    assert any(reason.startswith("no accepted update for 151 days") for reason in result.reasons)


def test_after_its_end_an_unfinished_deliverable_is_overdue_and_red():
    result = state(deliverable(), [report(D(2020, 9, 30), 70)], D(2021, 1, 1))
    assert (result.status, result.rag) == (Status.OVERDUE, Rag.RED)


def test_a_done_report_accepted_on_time_is_reported_done_and_green():
    result = state(deliverable(), [report(D(2020, 12, 1), 100, ClaimedStatus.DONE)], D(2021, 1, 1))
    assert (result.status, result.rag) == (Status.REPORTED_DONE, Rag.GREEN)


def test_a_late_item_that_catches_up_turns_from_red_to_amber():
    d = deliverable()
    done = report(D(2021, 3, 1), 100, ClaimedStatus.DONE)
    assert state(d, [done], D(2021, 2, 1)).rag == Rag.RED
    caught_up = state(d, [done], D(2021, 4, 1))
    assert (caught_up.status, caught_up.rag) == (Status.REPORTED_DONE, Rag.AMBER)


def test_closing_is_green_when_the_work_was_done_in_time_even_if_verified_after_the_end():
    d = deliverable(closed_on=D(2021, 2, 1))
    result = state(d, [report(D(2020, 12, 10), 100, ClaimedStatus.DONE)], D(2021, 3, 1))
    assert (result.status, result.rag) == (Status.CLOSED, Rag.GREEN)


def test_closing_work_that_was_finished_late_is_closed_late():
    d = deliverable(closed_on=D(2021, 5, 1))
    result = state(d, [report(D(2021, 3, 1), 100, ClaimedStatus.DONE)], D(2021, 6, 1))
    assert (result.status, result.rag) == (Status.CLOSED_LATE, Rag.AMBER)


def test_replaying_a_date_ignores_reports_submitted_or_reviewed_after_it():
    d = deliverable()
    late_review = report(D(2020, 12, 1), 100, ClaimedStatus.DONE, reviewed=D(2021, 1, 20))
    assert state(d, [late_review], D(2021, 1, 10)).status == Status.OVERDUE
    assert state(d, [late_review], D(2021, 1, 25)).status == Status.REPORTED_DONE
    future = report(D(2020, 3, 31), 30, submitted=D(2020, 4, 20))
    assert state(d, [future], D(2020, 4, 10)).reported_percent is None


def test_returned_and_pending_reports_do_not_count_as_progress():
    d = deliverable()
    reports = [
        report(D(2020, 6, 30), 90, state=ReportState.RETURNED, pk=1),
        report(D(2020, 6, 30), 90, state=ReportState.SUBMITTED, pk=2),
    ]
    result = state(d, reports, D(2020, 7, 15))
    assert result.reported_percent is None
    assert result.last_report_on == D(2020, 6, 30)


def test_the_percent_an_officer_reported_is_never_replaced_by_the_calendar():
    result = state(deliverable(), [report(D(2020, 3, 31), 90)], D(2020, 4, 10))
    assert (result.reported_percent, result.expected_percent) == (90, 28)


def test_the_next_report_is_due_an_interval_after_the_last_one():
    result = state(deliverable(), [report(D(2020, 3, 31), 30)], D(2020, 4, 10))
    assert result.next_report_due == D(2020, 6, 29)


def test_tuning_the_rules_changes_the_warning():
    d, reports, on = deliverable(), [report(D(2020, 6, 30), 20)], D(2020, 7, 10)
    assert deliverable_state(d, reports, RULES, on).status == Status.AT_RISK
    lenient = Rules(
        due_soon_days=60, behind_points=40, reporting_interval_days=90, stale_after_days=120
    )
    assert deliverable_state(d, reports, lenient, on).status == Status.ON_TRACK


def test_a_rollup_counts_statuses_and_takes_the_worst_colour():
    d = deliverable()
    states = [
        state(d, [], D(2019, 6, 1)),
        state(d, [report(D(2020, 3, 31), 30)], D(2020, 4, 10)),
        state(d, [], D(2021, 6, 1)),
    ]
    summary = rollup(states)
    assert summary.by_status == {Status.NOT_STARTED: 1, Status.ON_TRACK: 1, Status.OVERDUE: 1}
    assert (summary.rag, summary.total, summary.finished) == (Rag.RED, 3, 0)


@pytest.mark.parametrize(
    ("on", "expected"), [(D(2020, 1, 1), 0), (D(2020, 7, 1), 50), (D(2021, 1, 1), 100)]
)
def test_the_expected_percent_follows_the_calendar(on, expected):
    from gtis.roadmap.status import expected_percent

    assert expected_percent(deliverable(), on) == expected
