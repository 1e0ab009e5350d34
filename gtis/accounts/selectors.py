"""Reads of users, departments and organisations that pages and the API share."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from gtis.accounts.models import Department, Organisation, User


def users(viewer: Any) -> QuerySet[User]:
    """Accounts the viewer may see, with their affiliation."""
    return User.objects.restrict(viewer).select_related("department", "organisation")


def departments(viewer: Any) -> QuerySet[Department]:
    return (
        Department.objects.restrict(viewer)
        .annotate(officer_count=Count("users", filter=Q(users__is_active=True)))
        .order_by("sort_order", "code")
    )


def organisations(viewer: Any) -> QuerySet[Organisation]:
    return (
        Organisation.objects.restrict(viewer)
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .order_by("name")
    )


def organisation_suggestions(viewer: Any, text: str, limit: int = 15) -> list[Organisation]:
    """Organisations the viewer may see whose name or credit code contains `text`, names that
    start with it first."""
    matches = Organisation.objects.restrict(viewer).filter(
        Q(name__icontains=text)
        | Q(name_en__icontains=text)
        | Q(credit_code__startswith=text.upper())
    )
    starting = list(matches.filter(name__startswith=text).order_by("name")[:limit])
    rest = matches.exclude(pk__in=[o.pk for o in starting]).order_by("name")
    return starting + list(rest[: limit - len(starting)])
