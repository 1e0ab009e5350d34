import csv

import pytest
from django.urls import reverse

from gtis.core import audit
from gtis.core.models import AuditEvent, BackgroundJob, JobStatus
from gtis.core.roles import Role
from tests.helpers import assert_flat_query_count

pytestmark = pytest.mark.django_db


def test_an_event_carries_the_request_it_came_from(admin_user):
    context = audit.RequestContext(ip_address="10.1.2.3", path="/x/", request_id="abc")
    with audit.request_context(context):
        event = audit.record(
            actor=admin_user, action="update", obj=admin_user, changes={"email": ["a", "b"]}
        )
    assert (event.ip_address, event.path, event.request_id) == ("10.1.2.3", "/x/", "abc")
    assert (event.actor_label, event.object_id) == ("admin", str(admin_user.pk))


def test_audit_events_are_immutable(admin_user):
    event = audit.record(actor=admin_user, action="update")
    event.action = "tampered"
    with pytest.raises(ValueError):
        event.save()


def test_a_denied_page_is_recorded(client, officer):
    client.force_login(officer)
    response = client.get(reverse("core:audit_list"))
    assert response.status_code == 403
    event = AuditEvent.objects.get(action="permission_denied")
    assert (event.actor, event.category) == (officer, "access")
    assert "/audit/" in event.message


def test_a_denied_api_call_is_recorded(api_as, officer):
    response = api_as(officer).get("/api/core/audit-events/")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="permission_denied", actor=officer).exists()


def test_staff_browse_the_audit_trail_with_filters(client, users):
    audit.record(actor=users[Role.EXPERT], action="publish", message="技术成果 A")
    audit.record(actor=users[Role.BROKER], action="update", message="other")
    client.force_login(users[Role.COORDINATING_OFFICE])

    response = client.get(reverse("core:audit_list"), {"action": "publish"})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert "技术成果 A" in response.content.decode()


def test_the_audit_page_answers_htmx_with_just_the_table(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("core:audit_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "<table" in response.content.decode()


def test_the_audit_page_costs_the_same_queries_however_many_rows(client, admin_user):
    client.force_login(admin_user)
    url = reverse("core:audit_list")

    def add_rows():
        for n in range(30):
            audit.record(actor=admin_user, action="update", obj=admin_user, message=str(n))

    assert_flat_query_count(lambda: client.get(url), add_rows)


def test_exporting_the_audit_trail_writes_a_csv_job(
    client, admin_user, django_capture_on_commit_callbacks
):
    audit.record(actor=admin_user, action="publish", message="一")
    audit.record(actor=admin_user, action="update", message="二")
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:audit_export"), {"action": "publish"})

    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"rows": 1}
    assert (job.progress_done, job.progress_total, job.percent) == (1, 1, 100)
    download = client.get(reverse("core:job_download", args=[job.pk]))
    rows = list(csv.reader(b"".join(download.streaming_content).decode().splitlines()))
    assert rows[0][:5] == ["id", "occurred_at", "actor", "category", "action"]
    assert [row[4] for row in rows[1:]] == ["publish"]


def test_an_officer_cannot_export_the_audit_trail(client, officer):
    client.force_login(officer)
    response = client.post(reverse("core:audit_export"), {})
    assert response.status_code == 403
    assert not BackgroundJob.objects.exists()
