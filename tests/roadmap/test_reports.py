"""Reporting progress, reviewing it, and closing deliverables (销号): rules and permissions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gtis.core.models import Attachment, AuditEvent, Notification
from gtis.core.roles import Role
from gtis.roadmap import services
from gtis.roadmap.choices import ClaimedStatus, ReportState, Status
from gtis.roadmap.models import ProgressReport
from tests.helpers import assert_permission_matrix

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate()


def pdf(name="evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", content_type="application/pdf"
    )


def submit(officer, deliverable, **overrides):
    values = {
        "period_label": "2020年第二季度",
        "reported_on": datetime.date(2020, 6, 30),
        "claimed_status": ClaimedStatus.IN_PROGRESS,
        "percent": 40,
        "narrative": "已印发工作方案。",
    }
    values.update(overrides)
    return services.submit_report(actor=officer, deliverable=deliverable, **values)


def test_a_lead_department_reports_with_evidence(
    most_officer, deliverable, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(
            most_officer, deliverable, files=[pdf()], evidence_links=["https://www.most.gov.cn/"]
        )

    assert (report.state, report.department.code, report.percent) == (
        ReportState.SUBMITTED,
        "most",
        40,
    )
    attachment = Attachment.objects.for_object(report).get()
    assert (attachment.original_name, attachment.media_type) == ("evidence.pdf", "application/pdf")
    assert AuditEvent.objects.filter(action="submit_report", object_id=str(report.pk)).exists()
    assert Notification.objects.filter(recipient=office, kind="roadmap.report").count() == 1


def test_a_department_that_neither_leads_nor_joins_cannot_report(cnipa_officer, deliverable):
    with pytest.raises(PermissionDenied):
        submit(cnipa_officer, deliverable)
    assert not ProgressReport.objects.exists()


def test_a_participating_department_may_report(
    cnipa_officer, most_officer, deliverable, departments
):
    services.set_participating_departments(
        actor=most_officer, deliverable=deliverable, departments=[departments["cnipa"]]
    )
    report = submit(cnipa_officer, deliverable)
    assert report.department.code == "cnipa"


def test_only_a_lead_department_chooses_participants(cnipa_officer, deliverable, departments):
    with pytest.raises(PermissionDenied):
        services.set_participating_departments(
            actor=cnipa_officer, deliverable=deliverable, departments=[departments["mee"]]
        )


def test_a_lead_department_cannot_also_participate(most_officer, deliverable, departments):
    with pytest.raises(ValidationError) as error:
        services.set_participating_departments(
            actor=most_officer, deliverable=deliverable, departments=[departments["ndrc"]]
        )
    assert "departments" in error.value.message_dict


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"percent": 120}, "percent"),
        ({"claimed_status": ClaimedStatus.DONE, "percent": 80}, "percent"),
        ({"narrative": "  "}, "narrative"),
        ({"reported_on": TODAY + datetime.timedelta(days=2)}, "reported_on"),
        ({"evidence_links": ["ftp://example.org/x"]}, "evidence_links"),
    ],
)
def test_bad_reports_are_refused_on_their_field(most_officer, deliverable, overrides, field):
    with pytest.raises(ValidationError) as error:
        submit(most_officer, deliverable, **overrides)
    assert field in error.value.message_dict
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "not accepted"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "does not look like a .pdf"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_evidence_files_are_checked_for_type_and_content(
    most_officer, deliverable, name, content, message
):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as error:
        submit(most_officer, deliverable, files=[upload])
    assert message in " ".join(error.value.message_dict["file"])
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()


def test_an_oversized_file_is_refused(most_officer, deliverable, settings):
    settings.GTIS_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as error:
        submit(most_officer, deliverable, files=[pdf()])
    assert "the limit is 10" in " ".join(error.value.message_dict["file"])


def test_the_office_accepts_and_the_officer_is_told(
    most_officer, office, deliverable, django_capture_on_commit_callbacks
):
    report = submit(most_officer, deliverable)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_report(actor=office, report=report, accept=True)
    report.refresh_from_db()
    assert (report.state, report.reviewed_by, report.completion) == (
        ReportState.ACCEPTED,
        office,
        "limited",
    )
    assert Notification.objects.filter(recipient=most_officer, kind="roadmap.review").exists()


def test_returning_a_report_needs_a_comment(most_officer, office, deliverable):
    report = submit(most_officer, deliverable)
    with pytest.raises(ValidationError) as error:
        services.review_report(actor=office, report=report, accept=False)
    assert "comment" in error.value.message_dict
    services.review_report(actor=office, report=report, accept=False, comment="请补充材料")
    report.refresh_from_db()
    assert (report.state, report.review_comment) == (ReportState.RETURNED, "请补充材料")


def test_a_report_is_reviewed_once(most_officer, office, deliverable):
    report = submit(most_officer, deliverable)
    services.review_report(actor=office, report=report, accept=True)
    with pytest.raises(ValidationError):
        services.review_report(actor=office, report=report, accept=False, comment="x")


def test_an_officer_cannot_review_even_their_own_report(most_officer, deliverable):
    report = submit(most_officer, deliverable)
    with pytest.raises(PermissionDenied):
        services.review_report(actor=most_officer, report=report, accept=True)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_closing_needs_an_accepted_report_of_completion(most_officer, office, deliverable):
    submit(most_officer, deliverable)
    with pytest.raises(ValidationError) as error:
        services.close_deliverable(actor=office, deliverable=deliverable, closed_on=TODAY)
    assert "closed_on" in error.value.message_dict
    deliverable.refresh_from_db()
    assert deliverable.closed_on is None


def test_the_office_closes_a_completed_deliverable(most_officer, office, deliverable):
    done = submit(
        most_officer,
        deliverable,
        claimed_status=ClaimedStatus.DONE,
        percent=100,
        reported_on=datetime.date(2022, 12, 1),
    )
    services.review_report(actor=office, report=done, accept=True)

    services.close_deliverable(
        actor=office, deliverable=deliverable, closed_on=TODAY, comment="同意销号"
    )

    deliverable.refresh_from_db()
    assert (deliverable.closed_on, deliverable.closed_by) == (TODAY, office)
    from gtis.roadmap.selectors import deliverables, rows_as_of

    row = rows_as_of(deliverables(office).filter(pk=deliverable.pk), TODAY)[0]
    assert row.state.status == Status.CLOSED
    with pytest.raises(ValidationError):
        services.close_deliverable(actor=office, deliverable=deliverable, closed_on=TODAY)


def test_an_officer_cannot_close(most_officer, office, deliverable):
    done = submit(most_officer, deliverable, claimed_status=ClaimedStatus.DONE, percent=100)
    services.review_report(actor=office, report=done, accept=True)
    with pytest.raises(PermissionDenied):
        services.close_deliverable(actor=most_officer, deliverable=deliverable, closed_on=TODAY)


def test_re_baselining_needs_a_reason(office, plan):
    assert plan.baselines.count() == 1  # the 2019 plan as issued
    with pytest.raises(ValidationError) as error:
        services.create_baseline(actor=office, plan=plan, name="2021年调整")
    assert "reason" in error.value.message_dict
    baseline = services.create_baseline(
        actor=office, plan=plan, name="2021年调整", reason="部际协调机制会议决定调整"
    )
    assert baseline.snapshot["deliverables"]["15"]["period_start"] == "2018-01-01"
    baseline.name = "tampered"
    with pytest.raises(ValueError):
        baseline.save()


def test_the_report_pages_flow(client, most_officer, office, deliverable):
    client.force_login(most_officer)
    url = reverse("roadmap:report_create", args=[deliverable.plan.code, deliverable.number])
    response = client.post(
        url,
        {
            "period_label": "2020年第二季度",
            "reported_on": "2020-06-30",
            "claimed_status": "done",
            "percent": "100",
            "narrative": "已完成",
            "evidence_links": "https://www.most.gov.cn/",
            "evidence_files": [pdf()],
        },
    )
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()

    client.force_login(office)
    response = client.post(report.get_absolute_url(), {"decision": "accept", "comment": ""})
    assert response.status_code == 302
    close = reverse("roadmap:deliverable_close", args=[deliverable.plan.code, deliverable.number])
    client.post(close, {"closed_on": TODAY.isoformat(), "comment": "同意"})
    deliverable.refresh_from_db()
    assert deliverable.closed_on == TODAY


def test_a_bad_report_form_shows_errors_and_saves_nothing(client, most_officer, deliverable):
    client.force_login(most_officer)
    url = reverse("roadmap:report_create", args=[deliverable.plan.code, deliverable.number])
    response = client.post(
        url,
        {
            "period_label": "x",
            "reported_on": "2020-06-30",
            "claimed_status": "done",
            "percent": "50",
            "narrative": "x",
            "evidence_files": [SimpleUploadedFile("a.exe", b"MZ")],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ProgressReport.objects.exists()


def test_roadmap_permission_matrix(users, plan, departments):
    deliverable = plan.deliverables.get(number=29)  # led by 国家知识产权局 only
    officer = users[Role.DEPARTMENT_OFFICER]
    officer.department = departments["cnipa"]
    officer.save()
    other = plan.deliverables.get(number=1)
    assert_permission_matrix(
        """
        permission                          | office | officer | member | broker | bank | expert | admin | anon
        roadmap.view_plan                   | y      | y       | y      | y      | y    | y      | y     | y
        roadmap.change_plan                 | y      | n       | n      | n      | n    | n      | n     | n
        roadmap.report                      | n      | y       | n      | n      | n    | n      | n     | n
        roadmap.submit_report @own          | n      | y       | n      | n      | n    | n      | n     | n
        roadmap.submit_report @other        | n      | n       | n      | n      | n    | n      | n     | n
        roadmap.set_participants @own       | y      | y       | n      | n      | n    | n      | n     | n
        roadmap.set_participants @other     | y      | n       | n      | n      | n    | n      | n     | n
        roadmap.review_report               | y      | n       | n      | n      | n    | n      | n     | n
        roadmap.close_deliverable @own      | y      | n       | n      | n      | n    | n      | n     | n
        roadmap.escalate @own               | y      | n       | n      | n      | n    | n      | n     | n
        roadmap.view_coordinationmeeting    | y      | y       | n      | n      | n    | n      | y     | n
        roadmap.add_coordinationmeeting     | y      | n       | n      | n      | n    | n      | n     | n
        roadmap.add_baseline                | y      | n       | n      | n      | n    | n      | n     | n
        roadmap.change_statusrules          | y      | n       | n      | n      | n    | n      | n     | n
        """,
        users,
        objects={"own": deliverable, "other": other},
    )


def test_an_officer_sees_each_report_once_even_when_several_departments_lead(
    client, most_officer, office, plan
):
    deliverable = plan.deliverables.get(number=2)  # led by 科技部 and 国家发展改革委
    report = submit(most_officer, deliverable)
    services.review_report(actor=office, report=report, accept=True)
    visible = ProgressReport.objects.restrict(most_officer).filter(deliverable=deliverable)
    assert list(visible) == [report]
    client.force_login(most_officer)
    response = client.get(deliverable.get_absolute_url())
    assert list(response.context["reports"]) == [report]
