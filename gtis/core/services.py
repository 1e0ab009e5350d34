"""Writes the platform plumbing owns: background jobs, attachments, notifications."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.core import audit
from gtis.core.actors import as_user
from gtis.core.events import after_commit
from gtis.core.files import check_upload
from gtis.core.jobs import task_for
from gtis.core.models import Attachment, AuditEvent, BackgroundJob, JobStatus, Notification


def start_job(*, actor: Any, kind: str, label: str, arguments: dict[str, Any]) -> BackgroundJob:
    """Record a job for `actor` and hand it to the task backend once committed."""
    if not actor.has_perm("core.add_backgroundjob"):
        raise PermissionDenied(_("Sign in to start a background job."))
    task = task_for(kind)
    with transaction.atomic():
        job = BackgroundJob.objects.create(
            kind=kind,
            label=label,
            arguments=arguments,
            started_by=as_user(actor),
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


def attach_file(
    *, actor: Any, obj: Any, upload: Any, description: str = "", permission: str
) -> Attachment:
    """Attach an uploaded file to `obj`; `permission` is what the actor needs on `obj`."""
    if not actor.has_perm(permission, obj):
        raise PermissionDenied(_("You may not attach files to this record."))
    checked = check_upload(upload, upload.name, upload.size)
    with transaction.atomic():
        attachment = Attachment(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            original_name=checked.name,
            media_type=checked.media_type,
            size=checked.size,
            sha256=checked.sha256,
            description=description[:200],
            uploaded_by=as_user(actor),
        )
        attachment.file.save(checked.name, upload, save=False)
        attachment.save()
        audit.record(
            actor=actor,
            action="attach",
            obj=obj,
            changes={"file": checked.name, "sha256": checked.sha256},
        )
    return attachment


def notify(*, recipient: Any, kind: str, title: str, body: str = "", url: str = "") -> None:
    """Send an in-app notification once the current transaction commits."""
    after_commit(
        lambda: Notification.objects.create(
            recipient=recipient, kind=kind, title=title[:200], body=body, url=url[:300]
        )
    )


def mark_notifications_read(*, actor: Any, ids: list[int] | None = None) -> int:
    """Mark the actor's notifications (all, or those in `ids`) as read."""
    notifications = Notification.objects.restrict(actor).unread()
    if ids is not None:
        notifications = notifications.filter(pk__in=ids)
    with transaction.atomic():
        count = notifications.update(read_at=timezone.now())
        if count:
            audit.record(actor=actor, action="read_notifications", changes={"count": count})
    return count
