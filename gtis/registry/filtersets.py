"""Filters of the registry's list pages; the searches are the selectors' own."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gtis.accounts.regions import Province
from gtis.registry import selectors
from gtis.registry.models import Availability, EventKind, NetworkKind, SiteKind, SiteStatus


def _top_fields() -> list[tuple[str, str]]:
    return [(node.code, str(node)) for node in selectors.field_nodes().filter(depth=1)]


class ExpertFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="search_text")
    field = django_filters.ChoiceFilter(label=_("Field"), choices=_top_fields, method="in_field")
    availability = django_filters.ChoiceFilter(
        label=_("Availability"), choices=Availability.choices
    )

    def search_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(selectors.matching(value, *selectors.EXPERT_SEARCH))

    def in_field(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(fields__code=value) | Q(fields__code__startswith=f"{value}."),
            fields__taxonomy__code=selectors.FIELD_TAXONOMY,
        ).distinct()


class NetworkFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="search_text")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=NetworkKind.choices)

    def search_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(selectors.matching(value, *selectors.NETWORK_SEARCH))


class SiteFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="search_text")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SiteKind.choices)
    province = django_filters.ChoiceFilter(label=_("Province"), choices=Province.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SiteStatus.choices)

    def search_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(selectors.matching(value, *selectors.SITE_SEARCH))


class EventFilterSet(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Search"), method="search_text")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices)
    year = django_filters.NumberFilter(label=_("Year"), field_name="starts_on", lookup_expr="year")

    def search_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(selectors.matching(value, *selectors.EVENT_SEARCH))
