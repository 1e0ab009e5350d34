"""Background jobs of the roadmap."""

import datetime
from typing import Any

from django.utils import timezone

from gtis.accounts.models import User
from gtis.core.jobs import JobHandle, job_task
from gtis.core.roles import Role
from gtis.roadmap.digests import send_digests


@job_task("roadmap.send_digests")
def send_roadmap_digests(job: JobHandle, as_of: str | None = None) -> dict[str, Any]:
    """Every department officer's digest; resumes after the last officer it reached."""
    day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
    done_up_to = job.checkpoint.get("last_user_id", 0)
    officers = list(
        User.objects.filter(
            role=Role.DEPARTMENT_OFFICER, is_active=True, pk__gt=done_up_to
        ).order_by("pk")
    )
    job.set_total(len(officers))
    sent = send_digests(
        day,
        officers,
        progress=lambda officer: job.advance(1, checkpoint={"last_user_id": officer.pk}),
    )
    return {"as_of": day.isoformat(), "officers": len(officers), "digests_sent": sent}
