import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from gtis.core import services
from gtis.core.models import AuditEvent, BackgroundJob, JobStatus
from gtis.core.roles import Role
from tests.core import jobs_for_tests

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reset_processed():
    jobs_for_tests.processed.clear()


def start(user, capture, **arguments):
    with capture(execute=True):
        job = services.start_job(
            actor=user, kind="tests.count_items", label="Count", arguments=arguments
        )
    job.refresh_from_db()
    return job


def test_a_job_runs_and_reports_progress_and_result(users, django_capture_on_commit_callbacks):
    job = start(users[Role.EXPERT], django_capture_on_commit_callbacks, items=4)

    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress_done, job.progress_total, job.percent) == (4, 4, 100)
    assert job.result == {"counted": 4}
    assert job.started_at and job.finished_at and job.attempts == 1
    assert AuditEvent.objects.filter(action="start", object_id=str(job.pk)).exists()


def test_a_failed_job_resumes_from_its_checkpoint(users, django_capture_on_commit_callbacks):
    expert = users[Role.EXPERT]
    job = start(expert, django_capture_on_commit_callbacks, items=5, fail_at=3)
    assert job.status == JobStatus.FAILED
    assert "item 3 is broken" in job.error
    assert job.progress_done == 3

    with django_capture_on_commit_callbacks(execute=True):
        services.resume_job(actor=expert, job=job)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert jobs_for_tests.processed == [0, 1, 2, 3, 4]
    assert (job.progress_done, job.attempts, job.result) == (5, 2, {"counted": 2})


def test_only_a_finished_job_that_failed_can_resume(users, django_capture_on_commit_callbacks):
    job = start(users[Role.EXPERT], django_capture_on_commit_callbacks, items=1)
    with pytest.raises(ValidationError):
        services.resume_job(actor=users[Role.EXPERT], job=job)


def test_a_queued_job_can_be_cancelled(users):
    expert = users[Role.EXPERT]
    job = services.start_job(
        actor=expert, kind="tests.count_items", label="Count", arguments={"items": 2}
    )  # never committed: stays queued

    services.request_job_cancel(actor=expert, job=job)

    job.refresh_from_db()
    assert (job.status, job.cancel_requested) == (JobStatus.CANCELLED, True)


def test_a_running_job_stops_at_its_next_checkpoint_when_cancelled(users):
    expert = users[Role.EXPERT]
    job = BackgroundJob.objects.create(
        kind="tests.count_items",
        label="Count",
        started_by=expert,
        arguments={"items": 3},
        cancel_requested=True,
    )
    jobs_for_tests.count_items.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert jobs_for_tests.processed == [0]


def test_nobody_else_sees_or_cancels_my_job(client, users, django_capture_on_commit_callbacks):
    job = start(users[Role.EXPERT], django_capture_on_commit_callbacks, items=1)
    broker = users[Role.BROKER]
    client.force_login(broker)

    assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job_list")).context["page"].paginator.count == 0
    with pytest.raises(PermissionDenied):
        services.request_job_cancel(actor=broker, job=job)


def test_the_job_page_polls_while_running_and_stops_when_done(client, users):
    expert = users[Role.EXPERT]
    job = BackgroundJob.objects.create(
        kind="tests.count_items",
        label="Count",
        started_by=expert,
        status=JobStatus.RUNNING,
        progress_done=1,
        progress_total=4,
    )
    client.force_login(expert)

    running = client.get(reverse("core:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in running.content.decode()
    assert 'data-percent="25"' in running.content.decode()

    BackgroundJob.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, progress_done=4)
    done = client.get(reverse("core:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in done.content.decode()


def test_the_api_shows_my_job_and_resumes_it(api_as, users, django_capture_on_commit_callbacks):
    expert = users[Role.EXPERT]
    job = start(expert, django_capture_on_commit_callbacks, items=3, fail_at=1)
    api = api_as(expert)

    listed = api.get("/api/core/jobs/").json()
    assert listed["count"] == 1 and listed["results"][0]["status"] == "failed"
    with django_capture_on_commit_callbacks(execute=True):
        resumed = api.post(f"/api/core/jobs/{job.pk}/resume/")
    assert resumed.status_code == 200
    assert api.get(f"/api/core/jobs/{job.pk}/").json()["status"] == "succeeded"
    assert api_as(users[Role.BROKER]).get(f"/api/core/jobs/{job.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_worker_runs_queued_jobs(users, settings):
    """The worker runs outside the test's transaction, as it does in production."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    job = services.start_job(
        actor=users[Role.EXPERT], kind="tests.count_items", label="Count", arguments={"items": 2}
    )
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED

    call_command("db_worker", "--batch", "--interval", "0")

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"counted": 2}
