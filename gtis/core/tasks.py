"""Background jobs of the platform plumbing."""

import csv
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage

from gtis.core.jobs import JobHandle, job_task
from gtis.core.selectors import audit_events_for_export

EXPORT_BATCH = 1000
AUDIT_CSV_HEADER = [
    "id",
    "occurred_at",
    "actor",
    "category",
    "action",
    "record_type",
    "record_id",
    "record",
    "changes",
    "message",
    "ip_address",
    "path",
]


@job_task("core.export_audit_trail")
def export_audit_trail(job: JobHandle, filters: dict[str, Any]) -> dict[str, Any]:
    """Write the filtered audit trail to CSV, batch by batch; a resumed job appends."""
    events = audit_events_for_export(filters)
    name = f"jobs/{job.job.pk}/audit-trail.csv"
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    last_id = job.checkpoint.get("last_id", 0)
    written = job.checkpoint.get("written", 0)
    job.set_total(events.count())
    with path.open("r+" if last_id else "w", newline="", encoding="utf-8") as handle:
        # Rows written after the last checkpoint are written again, so cut them off first.
        handle.seek(job.checkpoint.get("offset", 0))
        handle.truncate()
        writer = csv.writer(handle)
        if not last_id:
            writer.writerow(AUDIT_CSV_HEADER)
        while batch := list(events.filter(pk__gt=last_id)[:EXPORT_BATCH]):
            writer.writerows(_audit_row(event) for event in batch)
            handle.flush()
            last_id = batch[-1].pk
            written += len(batch)
            job.advance(
                len(batch),
                checkpoint={"last_id": last_id, "written": written, "offset": handle.tell()},
            )
    job.job.result_file.name = name
    job.job.save(update_fields=["result_file"])
    return {"rows": written}


def _audit_row(event: Any) -> list[Any]:
    return [
        event.pk,
        event.occurred_at.isoformat(),
        event.actor_label,
        event.category,
        event.action,
        event.object_type.model if event.object_type else "",
        event.object_id,
        event.object_repr,
        event.changes,
        event.message,
        event.ip_address or "",
        event.path,
    ]
