"""Reads of the registry: the directory with its facets, and designations."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from gtis.accounts.models import Organisation
from gtis.registry.models import Designation, DesignationStatus, Programme


def directory(
    viewer: Any, search: str = "", kind: str = "", province: str = "", programme: str = ""
) -> QuerySet[Organisation]:
    """Organisations the viewer may see, searched by Chinese fragment or English name."""
    queryset = Organisation.objects.restrict(viewer)
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(name_en__icontains=search) | Q(credit_code__iexact=search)
        )
    if kind:
        queryset = queryset.filter(kind=kind)
    if province:
        queryset = queryset.filter(province=province)
    if programme:
        queryset = queryset.filter(
            designations__programme__code=programme, designations__status=DesignationStatus.ACTIVE
        ).distinct()
    return queryset.prefetch_related(
        Prefetch(
            "designations",
            queryset=Designation.objects.filter(status=DesignationStatus.ACTIVE).select_related(
                "programme"
            ),
        )
    ).order_by("name")


def facets(queryset: QuerySet[Organisation]) -> dict[str, list[tuple[str, int]]]:
    """Counts by kind and province of the organisations in `queryset` (two queries)."""
    plain = queryset.order_by()
    return {
        "kind": list(
            plain.values_list("kind").annotate(n=Count("pk", distinct=True)).order_by("-n")
        ),
        "province": list(
            plain.exclude(province="")
            .values_list("province")
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n")
        ),
    }


def programmes() -> QuerySet[Programme]:
    return Programme.objects.annotate(
        designation_count=Count(
            "designations", filter=Q(designations__status=DesignationStatus.ACTIVE)
        )
    ).select_related("department")
