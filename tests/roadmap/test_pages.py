"""The roadmap pages: overview with as-of replay, Gantt data, department, meetings, rules."""

import datetime
from io import StringIO

import pytest
from django.urls import reverse
from django.utils import timezone

from gtis.core.models import AuditEvent
from gtis.roadmap import services
from gtis.roadmap.choices import ClaimedStatus
from gtis.roadmap.models import CoordinationMeeting, Decision
from tests.helpers import assert_flat_query_count, count_queries

pytestmark = pytest.mark.django_db


def report(officer, office, deliverable, percent, when, claimed=ClaimedStatus.IN_PROGRESS):
    at = timezone.make_aware(datetime.datetime.combine(when, datetime.time(9)))
    made = services.submit_report(
        actor=officer,
        deliverable=deliverable,
        period_label="季度",
        reported_on=when,
        claimed_status=claimed,
        percent=percent,
        narrative="进展",
        at=at,
    )
    return services.review_report(actor=office, report=made, accept=True, at=at)


def test_anyone_reads_the_plan_with_all_44_deliverables(client, plan):
    response = client.get(plan.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('<tr data-number="') == 44
    assert "实施绿色技术创新“十百千”行动" in body


def test_the_plan_page_replays_any_date(client, plan, most_officer, office, deliverable):
    report(most_officer, office, deliverable, 100, datetime.date(2021, 3, 31), ClaimedStatus.DONE)
    url = plan.get_absolute_url()
    before = client.get(url, {"as_of": "2021-03-01"}).content.decode()
    after = client.get(url, {"as_of": "2021-06-01"}).content.decode()
    assert 'data-testid="as-of">2021-03-01' in before
    row = '<tr data-number="1">'
    assert 'data-status="reported_done"' not in before.split(row)[1].split("</tr>")[0]
    assert 'data-status="reported_done"' in after.split(row)[1].split("</tr>")[0]


def test_the_plan_page_filters_by_department_status_and_year(client, plan):
    body = client.get(plan.get_absolute_url(), {"department": "cnipa"}).content.decode()
    assert body.count('<tr data-number="') == 4
    body = client.get(plan.get_absolute_url(), {"year": "2019"}).content.decode()
    assert {n for n in range(1, 45) if f'<tr data-number="{n}">' in body} == {14, 16, 43}
    body = client.get(
        plan.get_absolute_url(), {"status": "not_started", "as_of": "2019-06-30"}
    ).content.decode()
    assert body.count('<tr data-number="') == 16


def test_the_plan_page_costs_the_same_queries_however_many_reports(
    client, plan, most_officer, office
):
    url = plan.get_absolute_url()
    deliverables = list(plan.deliverables.filter(number__lte=6))

    def add_reports():
        for number, d in enumerate(deliverables):
            report(most_officer, office, d, 10 + number, datetime.date(2020, 3, 31))

    assert_flat_query_count(lambda: client.get(url), add_reports)


def test_the_gantt_data_has_a_bar_per_deliverable_with_its_baseline(client, plan):
    data = client.get(
        reverse("roadmap:plan_gantt_data", args=[plan.code]), {"as_of": "2019-06-30"}
    ).json()
    assert data["as_of"] == "2019-06-30"
    bars = {row["number"]: row for row in data["rows"]}
    assert len(bars) == 44
    assert (bars[15]["start"], bars[15]["end"], bars[15]["status"]) == (
        "2018-01-01",
        "2022-12-31",
        "at_risk",
    )
    assert bars[15]["baseline"]["period_start"] == "2018-01-01"
    assert client.get(reverse("roadmap:plan_gantt", args=[plan.code])).status_code == 200


def test_a_department_page_shows_what_it_leads_and_joins(client, plan, departments):
    response = client.get(
        reverse("roadmap:department_detail", args=[plan.code, "cnipa"]), {"as_of": "2023-01-01"}
    )
    assert [row.deliverable.number for row in response.context["leads"]] == [29, 30, 31, 32]
    assert response.context["joins"] == []
    assert [row.deliverable.number for row in response.context["overdue"]] == [29, 30, 31, 32]


def test_my_department_takes_an_officer_to_their_page(client, plan, most_officer):
    client.force_login(most_officer)
    response = client.get(reverse("roadmap:my_department"))
    assert response.url == reverse("roadmap:department_detail", args=[plan.code, "most"])


def test_the_office_minutes_a_meeting_with_an_action_item(
    client, plan, office, departments, most_officer
):
    client.force_login(office)
    response = client.post(
        reverse("roadmap:meeting_create", args=[plan.code]),
        {
            "held_on": "2020-12-18",
            "title": "年度会议",
            "minutes": "会议纪要",
            "departments_present": [departments["most"].pk, departments["ndrc"].pk],
        },
    )
    meeting = CoordinationMeeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    d43 = plan.deliverables.get(number=43)
    client.post(
        meeting.get_absolute_url(),
        {
            "text": "印发工作规则",
            "owner": departments["most"].pk,
            "due_on": "2021-03-31",
            "deliverables": [d43.pk],
        },
    )
    decision = Decision.objects.get()
    assert list(decision.deliverables.all()) == [d43]

    client.force_login(most_officer)
    client.post(reverse("roadmap:decision_done", args=[decision.pk]))
    decision.refresh_from_db()
    assert decision.done_on == timezone.localdate()


def test_an_officer_cannot_minute_a_meeting(client, plan, most_officer):
    client.force_login(most_officer)
    assert client.get(reverse("roadmap:meeting_create", args=[plan.code])).status_code == 403
    assert client.get(reverse("roadmap:meeting_list")).status_code == 200


def test_the_office_tunes_the_warning_rules(client, plan, office):
    client.force_login(office)
    url = reverse("roadmap:status_rules", args=[plan.code])
    response = client.post(
        url,
        {
            "due_soon_days": 30,
            "behind_points": 20,
            "reporting_interval_days": 30,
            "stale_after_days": 60,
            "reminder_lead_days": 7,
        },
    )
    assert response.status_code == 302
    plan.status_rules.refresh_from_db()
    assert plan.status_rules.due_soon_days == 30
    event = AuditEvent.objects.get(action="update", object_id=str(plan.status_rules.pk))
    assert event.changes["due_soon_days"] == [60, 30]


def test_officers_cannot_tune_the_rules(client, plan, most_officer):
    client.force_login(most_officer)
    response = client.post(reverse("roadmap:status_rules", args=[plan.code]), {"due_soon_days": 1})
    assert response.status_code == 403
    plan.status_rules.refresh_from_db()
    assert plan.status_rules.due_soon_days == 60


def test_the_baselines_page_compares_with_today(client, plan, office, tmp_path):
    from django.core.management import call_command

    from gtis.roadmap.reference import SEED

    changed = tmp_path / "gtis-2019.txt"
    changed.write_text(
        SEED.read_text(encoding="utf-8").replace(
            "22.建立国家绿色技术交易市场（2020年）", "22.建立国家绿色技术交易市场（2020-2021年）"
        ),
        encoding="utf-8",
    )
    call_command("import-roadmap", str(changed), code="gtis-2019", stdout=StringIO())
    response = client.get(reverse("roadmap:baselines", args=[plan.code]))
    differences = response.context["differences"]
    assert [(d["number"], d["changed"]) for d in differences] == [("22", ["period_end"])]


def test_the_plan_page_makes_a_known_number_of_queries(client, plan):
    """Plan (+ issuers), deliverables (+ departments), their reports (once: statuses are then
    cached), tasks (+ leads), parts, indicators (+ values, deliverables), the two live indicator
    metrics (a count each), the filter's department choices."""
    count, sql = count_queries(lambda: client.get(plan.get_absolute_url()))
    assert count == 15, "\n".join(sql)
    count, sql = count_queries(lambda: client.get(plan.get_absolute_url()))
    assert count == 14, "\n".join(sql)


def test_the_office_records_a_hand_entered_indicator_value(client, plan, office):
    from decimal import Decimal

    indicator = services.define_indicator(
        actor=office,
        plan=plan,
        name="绿色技术交易额",
        unit="亿元",
        baseline=Decimal(0),
        target=Decimal(100),
    )
    client.force_login(office)
    response = client.post(
        reverse("roadmap:indicator_value", args=[plan.code]),
        {"indicator": indicator.pk, "measured_on": "2021-12-31", "value": "42.5", "source": "统计"},
    )
    assert response.status_code == 302
    assert indicator.value_on(datetime.date(2022, 1, 1), timezone.localdate()) == Decimal("42.5")
    assert indicator.value_on(datetime.date(2021, 6, 1), timezone.localdate()) is None


def test_a_live_indicator_replays_its_metric(client, plan):
    indicator = plan.indicators.get(metric_key="roadmap.coordination_meetings")
    assert indicator.value_on(datetime.date(2019, 1, 1), timezone.localdate()) == 0
