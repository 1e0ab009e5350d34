"""Background jobs of the registry: bulk import of organisations (preview, then commit)."""

from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage

from gtis.core.jobs import JobHandle, job_task
from gtis.registry import bulk


@job_task("registry.preview_organisations")
def preview_organisations(job: JobHandle, file: str) -> dict[str, Any]:
    """Check an uploaded sheet and list every bad row and column; writes nothing."""
    path = Path(default_storage.path(file))
    return bulk.preview(path, progress=lambda n: job.advance(n)).as_dict()


@job_task("registry.import_organisations")
def import_organisations(job: JobHandle, file: str, actor_id: int) -> dict[str, Any]:
    """Add the sheet's good rows; resumes after the last batch written."""
    from gtis.accounts.models import User

    actor = User.objects.get(pk=actor_id)
    path = Path(default_storage.path(file))
    added_before = job.checkpoint.get("added", 0)
    totals = {"added": added_before}

    def progress(rows: int, last_row: int, written: int) -> None:
        totals["added"] += written
        job.advance(rows, checkpoint={"row": last_row, "added": totals["added"]})

    result = bulk.commit(
        actor=actor, path=path, start_row=job.checkpoint.get("row", 0), progress=progress
    )
    return {"added": totals["added"], "skipped": result["skipped"]}
