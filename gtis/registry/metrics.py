"""Live figures of the registry, for the home page and for roadmap indicators."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gtis.core.metrics import Metric, register
from gtis.registry.models import (
    Designation,
    DesignationStatus,
    Expert,
    Policy,
    PolicyStatus,
    Site,
    SiteStatus,
)


def _designated_organisations(day: datetime.date | None = None) -> int:
    """Organisations holding a designation in force on `day` (today when None)."""
    designations = Designation.objects.filter(organisation__isnull=False)
    if day is None:
        designations = designations.filter(status=DesignationStatus.ACTIVE)
        day = timezone.localdate()
    else:
        # A revocation is dated only by its audit record; the past count keeps revoked ones.
        designations = designations.filter(designated_on__lte=day)
    in_force = designations.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    return in_force.values("organisation").distinct().count()


register(
    Metric(
        key="registry.designated_organisations",
        label=_("Designated organisations"),
        compute=_designated_organisations,
        compute_on=_designated_organisations,
        headline=True,
        order=50,
    )
)
register(
    Metric(
        key="registry.operating_sites",
        label=_("Operating bases, stations and parks"),
        compute=lambda: Site.objects.filter(status=SiteStatus.OPERATING).count(),
        order=60,
    )
)
register(
    Metric(
        key="registry.experts",
        label=_("Experts in the pool"),
        compute=lambda: Expert.objects.count(),
        order=70,
    )
)
register(
    Metric(
        key="registry.policies_in_force",
        label=_("Policies in force"),
        compute=lambda: Policy.objects.filter(status=PolicyStatus.IN_FORCE).count(),
        order=80,
    )
)
