"""Writes the platform plumbing owns: background jobs."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gtis.core import audit
from gtis.core.events import after_commit
from gtis.core.jobs import task_for
from gtis.core.models import AuditEvent, BackgroundJob, JobStatus


def start_job(*, actor: Any, kind: str, label: str, arguments: dict[str, Any]) -> BackgroundJob:
    """Record a job for `actor` and hand it to the task backend once committed."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to start a background job."))
    task = task_for(kind)
    with transaction.atomic():
        job = BackgroundJob.objects.create(
            kind=kind, label=label, arguments=arguments, started_by=actor
        )
        audit.record(
            actor=actor,
            action="start",
            category=AuditEvent.Category.TASK,
            obj=job,
            changes={"kind": kind, "arguments": arguments},
        )
        after_commit(lambda: _enqueue(task, job))
    return job


def request_job_cancel(*, actor: Any, job: BackgroundJob) -> BackgroundJob:
    """Ask a queued or running job to stop at its next checkpoint."""
    _check_job_owner(actor, job)
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().get(pk=job.pk)
        if job.is_finished:
            raise ValidationError(_("This job has already finished."))
        job.cancel_requested = True
        if job.status == JobStatus.QUEUED:
            job.status = JobStatus.CANCELLED
        job.save(update_fields=["cancel_requested", "status"])
        audit.record(actor=actor, action="cancel", category=AuditEvent.Category.TASK, obj=job)
    return job


def resume_job(*, actor: Any, job: BackgroundJob) -> BackgroundJob:
    """Run a failed or cancelled job again from its last checkpoint."""
    _check_job_owner(actor, job)
    task = task_for(job.kind)
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().get(pk=job.pk)
        if not job.is_resumable:
            raise ValidationError(_("Only a failed or cancelled job can be resumed."))
        job.status = JobStatus.QUEUED
        job.cancel_requested = False
        job.error = ""
        job.finished_at = None
        job.save(update_fields=["status", "cancel_requested", "error", "finished_at"])
        audit.record(
            actor=actor,
            action="resume",
            category=AuditEvent.Category.TASK,
            obj=job,
            changes={"checkpoint": job.checkpoint},
        )
        after_commit(lambda: _enqueue(task, job))
    return job


def _check_job_owner(actor: Any, job: BackgroundJob) -> None:
    if not actor.has_perm("core.change_backgroundjob", job):
        raise PermissionDenied(_("Only the person who started this job can change it."))


def _enqueue(task: Any, job: BackgroundJob) -> None:
    result = task.enqueue(str(job.pk))
    BackgroundJob.objects.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])
