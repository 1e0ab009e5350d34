"""Reads of the assessment engine that pages and the API share."""

from django.db.models import Prefetch, QuerySet

from gtis.assessment.models import Scheme, SchemeVersion


def scheme_list() -> QuerySet[Scheme]:
    """Every scheme with its versions, oldest first: two queries."""
    versions = SchemeVersion.objects.order_by("created_at", "pk")
    return Scheme.objects.prefetch_related(Prefetch("versions", queryset=versions))
