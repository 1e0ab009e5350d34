"""Job tasks used by the tests (module level, so every task backend can import them)."""

from gtis.core.jobs import JobHandle, job_task

# Items processed by `count_items`, across attempts: lets a test see what a resume redid.
processed: list[int] = []


@job_task("tests.count_items")
def count_items(job: JobHandle, items: int, fail_at: int | None = None) -> dict:
    start = job.checkpoint.get("next", 0)
    job.set_total(items)
    for item in range(start, items):
        if item == fail_at and not job.checkpoint.get("failed_once"):
            job.advance(0, checkpoint={"next": item, "failed_once": True})
            raise RuntimeError(f"item {item} is broken")
        processed.append(item)
        job.advance(1, checkpoint={**job.checkpoint, "next": item + 1})
    return {"counted": items - start}
