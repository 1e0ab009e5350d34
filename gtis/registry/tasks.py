"""Background jobs of the registry: importing a sheet (organisations, experts, sites, policies
or standards), previewed first, then committed."""

from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage

from gtis.core.jobs import JobHandle, job_task
from gtis.registry import sheets


@job_task("registry.preview_sheet")
def preview_sheet(job: JobHandle, kind: str, file: str, actor_id: int) -> dict[str, Any]:
    """Check an uploaded sheet and list every bad row and column; writes nothing."""
    path = Path(default_storage.path(file))
    return sheets.preview(
        sheets.spec_for(kind), path, actor=_user(actor_id), progress=job
    ).as_dict()


@job_task("registry.import_sheet")
def import_sheet(
    job: JobHandle, kind: str, file: str, actor_id: int, rows: int = 0
) -> dict[str, Any]:
    """Add the sheet's good rows that are not in the registry yet; resumes after the last
    batch written. `rows` is what the preview counted, for the progress bar."""
    if rows and not job.checkpoint:
        job.set_total(rows)
    path = Path(default_storage.path(file))
    return sheets.commit(
        sheets.spec_for(kind), actor=_user(actor_id), path=path, progress=job
    ).as_dict()


def _user(pk: int) -> Any:
    from gtis.accounts.models import User

    return User.objects.get(pk=pk)
