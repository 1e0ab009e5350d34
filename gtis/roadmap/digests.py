"""Each department officer's digest: reports due soon, reports overdue, deliverables overdue,
and deliverables with no update for too long. Nothing is sent when nothing is due."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from gtis.core import services as core_services
from gtis.core.actors import SYSTEM
from gtis.roadmap.choices import Status
from gtis.roadmap.selectors import DeliverableRow, deliverables, rows_as_of
from gtis.roadmap.status import Rules, last_update_on


@dataclass
class Digest:
    as_of: datetime.date
    reports_due: list[DeliverableRow] = field(default_factory=list)
    reports_overdue: list[DeliverableRow] = field(default_factory=list)
    overdue: list[DeliverableRow] = field(default_factory=list)
    stale: list[DeliverableRow] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.reports_due or self.reports_overdue or self.overdue or self.stale)


def digest_for(department_id: int, rows: list[DeliverableRow], as_of: datetime.date) -> Digest:
    digest = Digest(as_of)
    for row in rows:
        state = row.state
        if (
            state.is_finished
            or not row.involves(department_id)
            or state.status == Status.NOT_STARTED
        ):
            continue
        rules = Rules.of(getattr(row.deliverable.plan, "status_rules", None))
        if state.status == Status.OVERDUE:
            digest.overdue.append(row)
        due = state.next_report_due
        if due is not None and due < as_of:
            digest.reports_overdue.append(row)
        elif due is not None and (due - as_of).days <= rules.reminder_lead_days:
            digest.reports_due.append(row)
        idle = (as_of - last_update_on(row.deliverable, state.last_accepted_on)).days
        if idle > rules.stale_after_days:
            digest.stale.append(row)
    return digest


def send_digests(as_of: datetime.date, officers: list[Any], progress: Any = None) -> int:
    """Send each officer their digest, in-app and by email; returns how many were sent."""
    rows = rows_as_of(deliverables(SYSTEM), as_of)
    sent = 0
    for officer in officers:
        digest = digest_for(officer.department_id, rows, as_of)
        if not digest.is_empty:
            _deliver(officer, digest)
            sent += 1
        if progress is not None:
            progress(officer)
    return sent


def _deliver(officer: Any, digest: Digest) -> None:
    with translation.override(officer.language):
        title = _("Roadmap digest for %(date)s") % {"date": digest.as_of.isoformat()}
        body = render_to_string("roadmap/email/digest.txt", {"digest": digest, "user": officer})
        core_services.notify(
            recipient=officer,
            kind="roadmap.digest",
            title=title,
            body=body,
            url="/roadmap/my-department/",
        )
        if officer.email:
            send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [officer.email])
