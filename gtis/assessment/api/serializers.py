import dataclasses
from typing import Any

from rest_framework import serializers

from gtis.assessment.models import Scheme, SchemeVersion


class SchemeVersionSerializer(serializers.ModelSerializer):
    """A version: its label and, in full, its definition (veto conditions, eligibility gates,
    mandatory items, the weighted indicator tree with each scoring function, aggregation, pass
    mark, grading, experts, notice days, validity)."""

    definition = serializers.SerializerMethodField()

    class Meta:
        model = SchemeVersion
        fields = ["id", "label", "file_name", "created_at", "definition"]
        read_only_fields = fields

    def get_definition(self, version: SchemeVersion) -> dict[str, Any]:
        return dataclasses.asdict(version.definition)


class SchemeSerializer(serializers.ModelSerializer):
    """A scheme with its versions, oldest first."""

    versions = SchemeVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = ["code", "name", "name_en", "subject", "deliverables", "versions"]
        read_only_fields = fields
