import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gtis.core.models import AuditEvent, BackgroundJob, JobStatus


class AuditEventFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    actor = django_filters.CharFilter(
        label=_("Actor"), field_name="actor_label", lookup_expr="iexact"
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=AuditEvent.Category.choices)
    action = django_filters.CharFilter(label=_("Action"), lookup_expr="iexact")
    object_type = django_filters.ModelChoiceFilter(
        label=_("Record type"),
        queryset=ContentType.objects.filter(app_label__in=["accounts", "core"]).order_by("model"),
    )
    object_id = django_filters.CharFilter(label=_("Record id"))
    since = django_filters.DateFilter(
        label=_("From"), field_name="occurred_at", lookup_expr="date__gte"
    )
    until = django_filters.DateFilter(
        label=_("To"), field_name="occurred_at", lookup_expr="date__lte"
    )

    class Meta:
        model = AuditEvent
        fields = ["q", "actor", "category", "action", "object_type", "object_id", "since", "until"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(object_repr__icontains=value) | Q(message__icontains=value) | Q(path__icontains=value)
        )


class BackgroundJobFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=JobStatus.choices)
    kind = django_filters.CharFilter(label=_("Kind"))

    class Meta:
        model = BackgroundJob
        fields = ["status", "kind"]
