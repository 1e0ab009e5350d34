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
