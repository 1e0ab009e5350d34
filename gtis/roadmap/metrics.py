"""Live figures of the roadmap, for the home page and for indicators (deliverables 43, 44)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gtis.core.metrics import Metric, register
from gtis.roadmap.choices import Status
from gtis.roadmap.status import Rollup, rollup


def _rollup_on(day: datetime.date | None = None) -> Rollup:
    from gtis.core.actors import SYSTEM
    from gtis.roadmap.selectors import deliverables, rows_as_of

    day = day or timezone.localdate()
    return rollup(row.state for row in rows_as_of(deliverables(SYSTEM), day))


register(
    Metric(
        key="roadmap.deliverables_finished",
        label=_("Roadmap deliverables finished"),
        compute=lambda: _rollup_on().finished,
        compute_on=lambda day: _rollup_on(day).finished,
        headline=True,
        order=40,
    )
)
register(
    Metric(
        key="roadmap.deliverables_closed",
        label=_("Roadmap deliverables verified and closed"),
        compute=lambda: _closed_on(),
        compute_on=lambda day: _closed_on(day),
    )
)
register(
    Metric(
        key="roadmap.deliverables_overdue",
        label=_("Roadmap deliverables overdue"),
        compute=lambda: _rollup_on().by_status.get(Status.OVERDUE, 0),
        compute_on=lambda day: _rollup_on(day).by_status.get(Status.OVERDUE, 0),
    )
)


def _closed_on(day: datetime.date | None = None) -> int:
    """Deliverables of published plans verified and closed (销号) by `day`: one count query."""
    from gtis.roadmap.models import Deliverable

    return Deliverable.objects.filter(
        plan__is_published=True, closed_on__lte=day or timezone.localdate()
    ).count()


def _meetings_on(day: datetime.date | None = None) -> int:
    from gtis.roadmap.models import CoordinationMeeting

    return CoordinationMeeting.objects.filter(held_on__lte=day or timezone.localdate()).count()


register(
    Metric(
        key="roadmap.coordination_meetings",
        label=_("Meetings of the inter-ministerial coordination mechanism"),
        compute=_meetings_on,
        compute_on=_meetings_on,
    )
)
