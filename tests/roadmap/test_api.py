"""The roadmap API: deliverables and plans as of any date, reports, reviews, closing, meetings."""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from gtis.roadmap import services
from gtis.roadmap.choices import ClaimedStatus, Completion, ReportState
from gtis.roadmap.models import ProgressReport
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


BEIJING = ZoneInfo(settings.TIME_ZONE)
FIELDS = {
    "number",
    "text",
    "result_form",
    "period_start",
    "period_end",
    "lead_departments",
    "status",
}


@pytest.fixture(autouse=True)
def fresh_status_cache():
    """Statuses are cached by plan pk and status version, which may repeat between tests."""
    cache.clear()


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BEIJING)


def deliverables(api, **params):
    response = api.get("/api/roadmap/deliverables/", {"page_size": 100, **params})
    assert response.status_code == 200, response.json()
    return response.json()


def status_counts(api, as_of):
    body = deliverables(api, plan="gtis-2019", as_of=as_of)
    assert body["count"] == 44
    return dict(Counter(row["status"] for row in body["results"]))


def report_data(number, **overrides):
    return {
        "plan": "gtis-2019",
        "number": number,
        "period_label": "2021年第一季度",
        "reported_on": "2021-03-31",
        "claimed_status": "in_progress",
        "percent": 30,
        "narrative": "已制定工作方案，按计划推进。",
        **overrides,
    }


def load_demo():
    call_command("load-reference")
    call_command("load-demo")


# Reading ---------------------------------------------------------------------------------------


def test_the_deliverable_list_gives_every_deliverable_with_its_period_and_leads(api_client, plan):
    body = deliverables(api_client, plan="gtis-2019", as_of="2021-03-31")

    assert body["count"] == 44
    assert [row["number"] for row in body["results"]] == list(range(1, 45))
    assert all(set(row) >= FIELDS for row in body["results"])
    by_number = {row["number"]: row for row in body["results"]}
    fifteen = by_number[15]
    assert {key: fifteen[key] for key in FIELDS} == {
        "number": 15,
        "text": "制修订一批节能节水、污染物排放等强制性标准并不断更新",
        "result_form": "standard",
        "period_start": "2018-01-01",
        "period_end": "2022-12-31",
        "lead_departments": ["samr", "most", "ndrc", "mee", "mohurd"],
        "status": "at_risk",
    }
    assert (by_number[14]["period_start"], by_number[14]["period_end"]) == (
        "2019-01-01",
        "2019-12-31",
    )
    assert (by_number[14]["status"], by_number[14]["rag"]) == ("overdue", "red")
    assert by_number[29]["lead_departments"] == ["cnipa"]


def test_one_deliverable_reads_as_of_a_date(api_client, plan, deliverable):
    before = api_client.get(f"/api/roadmap/deliverables/{deliverable.pk}/", {"as_of": "2018-12-31"})
    during = api_client.get(f"/api/roadmap/deliverables/{deliverable.pk}/", {"as_of": "2019-06-30"})

    assert before.status_code == during.status_code == 200
    assert (before.json()["status"], before.json()["expected_percent"]) == ("not_started", 0)
    assert (during.json()["status"], during.json()["expected_percent"]) == ("on_track", 12)
    assert during.json()["lead_departments"] == ["most", "ndrc"]


def test_the_demo_replays_different_statuses_on_different_dates(api_client, db):
    load_demo()

    mid_2020 = status_counts(api_client, "2020-06-30")
    new_year_2023 = status_counts(api_client, "2023-01-01")

    assert mid_2020 == {"on_track": 32, "at_risk": 9, "closed": 3}
    assert new_year_2023 == {"reported_done": 23, "closed": 10, "closed_late": 7, "overdue": 4}
    plans = {}
    for as_of in ("2020-06-30", "2023-01-01"):
        response = api_client.get("/api/roadmap/plans/gtis-2019/", {"as_of": as_of})
        assert response.status_code == 200
        assert response.json()["as_of"] == as_of
        plans[as_of] = response.json()["rollup"]
    assert plans["2020-06-30"]["by_status"] == mid_2020
    assert plans["2023-01-01"]["by_status"] == new_year_2023
    assert [
        (r["total"], r["finished"], r["closed"], r["percent_finished"], r["rag"])
        for r in plans.values()
    ] == [(44, 3, 3, 7, "amber"), (44, 40, 17, 91, "red")]


def test_the_status_filter_keeps_only_overdue_deliverables_on_that_date(api_client, db):
    load_demo()

    late = deliverables(api_client, plan="gtis-2019", status="overdue", as_of="2023-01-01")
    mid_2020 = deliverables(api_client, plan="gtis-2019", status="overdue", as_of="2020-06-30")

    assert [row["number"] for row in late["results"]] == [2, 12, 30, 42]
    assert {row["status"] for row in late["results"]} == {"overdue"}
    assert late["count"] == 4
    assert mid_2020["count"] == 0


def test_the_department_filter_gives_the_deliverables_it_leads_or_joins(api_client, plan, office):
    assert [row["number"] for row in deliverables(api_client, department="cnipa")["results"]] == [
        29,
        30,
        31,
        32,
    ]
    cnipa = plan.deliverables.get(number=29).department_links.get().department
    services.set_participating_departments(
        actor=office, deliverable=plan.deliverables.get(number=1), departments=[cnipa]
    )

    body = deliverables(api_client, department="cnipa")

    assert [row["number"] for row in body["results"]] == [1, 29, 30, 31, 32]
    assert body["results"][0]["participating_departments"] == ["cnipa"]


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/roadmap/deliverables/", {"as_of": "2021-02-30"}, "as_of"),
        ("/api/roadmap/deliverables/", {"as_of": "yesterday"}, "as_of"),
        ("/api/roadmap/deliverables/", {"status": "finished"}, "status"),
        ("/api/roadmap/plans/gtis-2019/", {"as_of": "2021/03/31"}, "as_of"),
    ],
)
def test_a_bad_as_of_or_unknown_status_is_a_400_naming_the_field(
    api_client, plan, url, params, field
):
    response = api_client.get(url, params)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]


# Reporting and review --------------------------------------------------------------------------


def test_anyone_reads_plans_and_deliverables_but_an_anonymous_report_is_refused(
    api_client, plan, deliverable
):
    assert api_client.get("/api/roadmap/plans/").status_code == 200
    assert api_client.get("/api/roadmap/plans/gtis-2019/").status_code == 200
    assert api_client.get("/api/roadmap/deliverables/").status_code == 200
    assert api_client.get(f"/api/roadmap/deliverables/{deliverable.pk}/").status_code == 200

    response = api_client.post("/api/roadmap/reports/", report_data(1), format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert ProgressReport.objects.count() == 0


def test_an_officer_reports_on_a_deliverable_their_department_leads(api_as, plan, most_officer):
    response = api_as(most_officer).post(
        "/api/roadmap/reports/",
        report_data(1, evidence_links=["https://www.most.gov.cn/"]),
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    report = ProgressReport.objects.get()
    assert body["id"] == report.pk
    assert (body["deliverable"], body["department"], body["state"], body["submitted_by"]) == (
        {"plan": "gtis-2019", "number": 1},
        "most",
        "submitted",
        "most",
    )
    assert (report.percent, report.claimed_status, report.reported_on) == (
        30,
        ClaimedStatus.IN_PROGRESS,
        datetime.date(2021, 3, 31),
    )
    assert report.evidence_links == ["https://www.most.gov.cn/"]
    event = AuditEvent.objects.get(action="submit_report", object_id=str(report.pk))
    assert event.actor == most_officer
    assert event.changes == {"deliverable": 1, "percent": 30, "claimed_status": "in_progress"}


def test_an_officer_cannot_report_on_a_deliverable_their_department_does_not_work_on(
    api_as, plan, cnipa_officer
):
    events = AuditEvent.objects.filter(action="submit_report").count()

    response = api_as(cnipa_officer).post("/api/roadmap/reports/", report_data(1), format="json")

    assert response.status_code == 403
    assert response.json()["detail"]
    assert ProgressReport.objects.count() == 0
    assert AuditEvent.objects.filter(action="submit_report").count() == events


def test_a_refusal_by_the_service_is_shaped_and_audited_like_any_other_403(
    api_as, plan, cnipa_officer
):
    response = api_as(cnipa_officer).post("/api/roadmap/reports/", report_data(1), format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": response.json()["detail"], "code": "permission_denied"}
    assert AuditEvent.objects.filter(
        action="permission_denied", actor=cnipa_officer, category=AuditEvent.Category.ACCESS
    ).exists()


def test_a_report_with_bad_values_is_a_400_naming_the_fields(api_as, plan, most_officer):
    response = api_as(most_officer).post(
        "/api/roadmap/reports/",
        report_data(1, claimed_status="done", percent=80, reported_on="2099-01-01"),
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"percent", "reported_on"}
    assert ProgressReport.objects.count() == 0


def submitted(officer, plan, number=1, **values):
    defaults = {
        "period_label": "2022年第四季度",
        "reported_on": datetime.date(2022, 12, 15),
        "claimed_status": ClaimedStatus.IN_PROGRESS,
        "percent": 30,
        "narrative": "按计划推进。",
    }
    return services.submit_report(
        actor=officer, deliverable=plan.deliverables.get(number=number), **{**defaults, **values}
    )


def test_the_office_accepts_a_report_and_an_officer_cannot_review_it(
    api_as, plan, office, most_officer
):
    report = submitted(most_officer, plan)

    refused = api_as(most_officer).post(
        f"/api/roadmap/reports/{report.pk}/review/", {"accept": True}, format="json"
    )
    assert refused.status_code == 403
    report.refresh_from_db()
    assert (report.state, report.reviewed_by) == (ReportState.SUBMITTED, None)

    response = api_as(office).post(
        f"/api/roadmap/reports/{report.pk}/review/", {"accept": True}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["reviewed_by"]) == ("accepted", "office")
    report.refresh_from_db()
    assert (report.state, report.completion) == (ReportState.ACCEPTED, Completion.LIMITED)
    assert AuditEvent.objects.filter(
        action="accept_report", object_id=str(report.pk), actor=office
    ).exists()


def test_a_returned_report_needs_a_comment(api_as, plan, office, most_officer):
    report = submitted(most_officer, plan)

    response = api_as(office).post(
        f"/api/roadmap/reports/{report.pk}/review/", {"accept": False}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["comment"]
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_the_office_closes_a_deliverable_only_after_accepting_its_done_report(
    api_as, plan, office, most_officer, deliverable
):
    today = timezone.localdate().isoformat()
    close = f"/api/roadmap/deliverables/{deliverable.pk}/close/"
    office_api = api_as(office)

    first = office_api.post(close, {"closed_on": today}, format="json")
    assert first.status_code == 400
    assert list(first.json()["errors"]) == ["closed_on"]

    done = submitted(
        most_officer, plan, claimed_status=ClaimedStatus.DONE, percent=100, narrative="已完成。"
    )
    not_yet = office_api.post(close, {"closed_on": today}, format="json")
    assert not_yet.status_code == 400  # the done report is still under review
    assert list(not_yet.json()["errors"]) == ["closed_on"]
    deliverable.refresh_from_db()
    assert deliverable.closed_on is None

    officer_try = api_as(most_officer).post(close, {"closed_on": today}, format="json")
    assert officer_try.status_code == 403

    services.review_report(actor=office, report=done, accept=True)
    response = office_api.post(close, {"closed_on": today, "comment": "同意销号。"}, format="json")

    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["closed_on"]) == ("closed", today)
    deliverable.refresh_from_db()
    assert (deliverable.closed_on.isoformat(), deliverable.closed_by) == (today, office)
    assert AuditEvent.objects.filter(
        action="close", object_id=str(deliverable.pk), actor=office
    ).exists()


def test_meetings_are_for_staff_and_department_officers(
    api_client, api_as, plan, office, most_officer, departments
):
    services.record_meeting(
        actor=office,
        plan=plan,
        held_on=datetime.date(2019, 10, 24),
        title="绿色技术创新部际协调机制第一次会议",
        departments_present=[departments["most"], departments["ndrc"]],
    )

    assert api_client.get("/api/roadmap/meetings/").status_code == 401
    expert = UserFactory(username="expert", role=Role.EXPERT)
    assert api_as(expert).get("/api/roadmap/meetings/").status_code == 403
    assert api_as(most_officer).get("/api/roadmap/meetings/").status_code == 200
    response = api_as(office).get("/api/roadmap/meetings/")
    assert response.status_code == 200
    assert [
        (m["title"], m["held_on"], m["departments_present"]) for m in response.json()["results"]
    ] == [("绿色技术创新部际协调机制第一次会议", "2019-10-24", ["most", "ndrc"])]


def test_a_report_sent_early_on_july_first_beijing_time_is_not_known_on_june_30(
    api_client, plan, office, most_officer, deliverable
):
    report = submitted(
        most_officer,
        plan,
        period_label="2019年第二季度",
        reported_on=datetime.date(2019, 6, 30),
        at=at(datetime.date(2019, 7, 1), hour=6),
    )
    services.review_report(
        actor=office, report=report, accept=True, at=at(datetime.date(2019, 7, 1), hour=7)
    )
    url = f"/api/roadmap/deliverables/{deliverable.pk}/"

    assert api_client.get(url, {"as_of": "2019-07-01"}).json()["reported_percent"] == 30
    assert api_client.get(url, {"as_of": "2019-06-30"}).json()["reported_percent"] is None
