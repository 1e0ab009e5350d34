"""Reads of the registry: the directory with its facets, and designations."""

import re
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gtis.accounts.models import Organisation
from gtis.core.links import LinkedRecord
from gtis.registry.models import Designation, DesignationStatus, Policy, Programme, Standard


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


def policies(search: str = "", level: str = "", status: str = "") -> QuerySet[Policy]:
    queryset = Policy.objects.prefetch_related("issuing_departments")
    if search:
        queryset = queryset.filter(
            Q(title__icontains=search) | Q(document_number__icontains=search)
        )
    if level:
        queryset = queryset.filter(level=level)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def standards(search: str = "") -> QuerySet[Standard]:
    queryset = Standard.objects.select_related("department")
    if search:
        queryset = queryset.filter(Q(code__icontains=search) | Q(title__icontains=search))
    return queryset


def standards_for_deliverable(viewer: Any, deliverable: Any) -> list[LinkedRecord]:
    """The standards serving a roadmap deliverable (planned, drafted or revised for it)."""
    return [
        LinkedRecord(
            kind=_("Standard"),
            title=str(standard),
            url=standard.get_absolute_url(),
            note=standard.get_status_display(),
        )
        for standard in Standard.objects.filter(deliverables=deliverable.pk)
    ]


CITED_CODE = re.compile(r"(GB/T|GB/Z|GB|HJ/T|HJ|JB/T|[A-Z]{2,4}/T|T/[A-Z0-9]+)\s?(\d+(?:\.\d+)*)")


def standards_cited_by(viewer: Any, node: Any) -> list[LinkedRecord]:
    """Registry standards a taxonomy node's explanatory text cites (matched by code, any year)."""
    wanted = {
        f"{m[0]} {m[1]}"
        for text in node.standards_cited
        for m in CITED_CODE.findall(text.replace("（", "(").replace("）", ")"))
    }
    if not wanted:
        return []
    query = Q()
    for code in wanted:
        query |= Q(code__startswith=f"{code}-")
    return [
        LinkedRecord(
            kind=_("Standard"),
            title=str(standard),
            url=standard.get_absolute_url(),
            note=standard.get_status_display(),
        )
        for standard in Standard.objects.filter(query)
    ]


def policies_for_deliverable(viewer: Any, deliverable: Any) -> list[LinkedRecord]:
    """The policies that fulfil a roadmap deliverable, for its page."""
    return [
        LinkedRecord(
            kind=_("Policy"),
            title=str(policy),
            url=policy.get_absolute_url(),
            note=policy.get_status_display(),
        )
        for policy in Policy.objects.filter(deliverables=deliverable.pk)
    ]
