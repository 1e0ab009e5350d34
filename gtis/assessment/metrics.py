"""Live figures of the assessment engine that roadmap indicators bind to: per scheme, the
applications submitted and the certificates in force (also as of a past date), and the
campaigns open."""

import datetime
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gtis.assessment import schemes
from gtis.assessment.models import (
    ActionKind,
    Application,
    AssessmentCertificate,
    Campaign,
    DesignationAction,
)
from gtis.core.metrics import Metric, register


def certificates_in_force(code: str, day: datetime.date | None = None) -> int:
    """Certificates of scheme `code` issued (by `day`), not revoked and not suspended (then)."""
    certificates = AssessmentCertificate.objects.filter(
        application__campaign__version__scheme__code=code
    )
    if day is None:
        return (
            certificates.filter(revoked_at__isnull=True)
            .exclude(designation__status="suspended")
            .count()
        )
    return (
        certificates.filter(issued_at__date__lte=day)
        .filter(Q(revoked_at__isnull=True) | Q(revoked_at__date__gt=day))
        .annotate(standing=_suspension_standing(day))
        .filter(Q(standing__isnull=True) | Q(standing=ActionKind.REINSTATE))
        .count()
    )


def _suspension_standing(day: datetime.date) -> Subquery:
    """The certificate's last suspension or reinstatement taken by `day`, if any."""
    actions = DesignationAction.objects.filter(
        certificate=OuterRef("pk"),
        action__in=(ActionKind.SUSPEND, ActionKind.REINSTATE),
        taken_on__lte=day,
    ).order_by("-taken_on", "-created_at", "-pk")
    return Subquery(actions.values("action")[:1])


def _register_scheme(code: str, name: Any, order: int) -> None:
    register(
        Metric(
            key=f"assessment.certificates.{code}",
            label=format_lazy(_("Certificates in force: {name}"), name=name),
            compute=lambda: certificates_in_force(code),
            compute_on=lambda day: certificates_in_force(code, day),
            order=order,
        )
    )
    register(
        Metric(
            key=f"assessment.applications.{code}",
            label=format_lazy(_("Applications submitted: {name}"), name=name),
            compute=lambda: Application.objects.filter(
                campaign__version__scheme__code=code, state="submitted"
            ).count(),
            order=order + 1,
        )
    )


register(
    Metric(
        key="assessment.campaigns_open",
        label=_("Assessment campaigns open for applications"),
        compute=lambda: Campaign.objects.filter(state="open").count(),
        order=80,
    )
)
# One pair per scheme the platform ships (its versions share the figures).
_names: dict[str, str] = {}
for _path, _text in schemes.shipped():
    _scheme = schemes.parse(_text, _path.name)
    _names.setdefault(_scheme.code, _scheme.name.zh)
for _index, (_code, _name) in enumerate(_names.items()):
    _register_scheme(_code, _name, 81 + 2 * _index)
