from typing import Any

from django.db.models import QuerySet
from rest_framework import viewsets

from gtis.assessment import selectors
from gtis.assessment.api import serializers
from gtis.assessment.models import Scheme


class SchemeViewSet(viewsets.ReadOnlyModelViewSet):
    """The assessment schemes, public, each with every version's full definition; by code."""

    queryset = Scheme.objects.all()
    serializer_class = serializers.SchemeSerializer
    lookup_field = "code"
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Scheme]:
        return selectors.scheme_list()
