"""Long work as background jobs: one decorator, one handle for progress and checkpoints.

A job task is a function `fn(job: JobHandle, **arguments)`. `@job_task` turns it into a
`django.tasks` task that takes the job id, so any backend (database, RQ) can run it, and keeps
the `BackgroundJob` row up to date. Progress writes go straight to the row (outside any
transaction of the task's own), so the user sees them while the job runs.
"""

import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.db.models import F
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from gtis.core.models import BackgroundJob, JobStatus

logger = logging.getLogger(__name__)

_job_tasks: dict[str, Task] = {}


class JobCancelled(Exception):
    """Raised inside a job when its user asked to cancel it."""


class JobHandle:
    """What a running job uses to report progress and save where it got to."""

    def __init__(self, job: BackgroundJob) -> None:
        self.job = job

    @property
    def checkpoint(self) -> dict[str, Any]:
        return self.job.checkpoint

    def set_total(self, total: int, message: str = "") -> None:
        self._update(progress_total=total, progress_message=message[:300])

    def advance(self, done: int, *, message: str = "", checkpoint: dict | None = None) -> None:
        """Record `done` more units of work (and where to resume); stop if cancelled."""
        self.job.refresh_from_db(fields=["cancel_requested"])
        if self.job.cancel_requested:
            raise JobCancelled
        fields: dict[str, Any] = {"progress_done": F("progress_done") + done}
        if message:
            fields["progress_message"] = message[:300]
        if checkpoint is not None:
            fields["checkpoint"] = checkpoint
            self.job.checkpoint = checkpoint
        self._update(**fields)

    def _update(self, **fields: Any) -> None:
        BackgroundJob.objects.filter(pk=self.job.pk).update(**fields)


def job_task(kind: str) -> Callable[[Callable[..., Any]], Task]:
    """Declare a job task under a stable `kind` name (what `start_job` is given)."""

    def decorate(fn: Callable[..., Any]) -> Task:
        def run(job_id: str) -> Any:
            return _run_job(fn, job_id)

        run.__name__ = fn.__name__
        run.__qualname__ = fn.__qualname__
        run.__module__ = fn.__module__
        run.__doc__ = fn.__doc__
        registered = task()(run)
        _job_tasks[kind] = registered
        return registered

    return decorate


def task_for(kind: str) -> Task:
    try:
        return _job_tasks[kind]
    except KeyError:
        raise LookupError(f"No job task is registered as {kind!r}") from None


def _run_job(fn: Callable[..., Any], job_id: str) -> Any:
    job = BackgroundJob.objects.get(pk=job_id)
    if job.is_finished:
        return job.result
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    job.refresh_from_db()
    try:
        result = fn(JobHandle(job), **job.arguments)
    except JobCancelled:
        _finish(job, JobStatus.CANCELLED)
        return None
    except Exception as exc:
        logger.exception("Background job %s (%s) failed", job.pk, job.kind)
        _finish(
            job,
            JobStatus.FAILED,
            error=f"{exc.__class__.__name__}: {exc}\n\n" + traceback.format_exc(limit=5),
        )
        raise
    _finish(job, JobStatus.SUCCEEDED, result=result)
    return result


def _finish(job: BackgroundJob, status: str, *, result: Any = None, error: str = "") -> None:
    fields: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "error": error}
    if status == JobStatus.SUCCEEDED:
        fields["result"] = result
        fields["progress_message"] = ""
    BackgroundJob.objects.filter(pk=job.pk).update(**fields)
