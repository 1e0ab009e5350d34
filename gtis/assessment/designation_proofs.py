"""The assessment engine proves the registry designations its decisions made by their
certificates: other engines (the market's badges) link a designation to the page that verifies
its certificate, through `gtis.core.verifiers`."""

from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from gtis.assessment.models import AssessmentCertificate
from gtis.core import verifiers


def certificate_code() -> Any:
    """The code of the designation's certificate in force, as an annotation."""
    certificates = AssessmentCertificate.objects.filter(
        designation=OuterRef("pk"), revoked_at__isnull=True
    ).order_by("-issued_at", "-pk")
    return Subquery(certificates.values("code")[:1])


def certificate_page(code: str) -> str:
    return reverse("assessment:certificate_verify", args=[code])


def register() -> None:
    verifiers.register("registry.designation", key=certificate_code, url=certificate_page)
