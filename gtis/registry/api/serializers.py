from rest_framework import serializers

from gtis.registry.models import Designation, Programme


class ProgrammeSerializer(serializers.ModelSerializer):
    department: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    designation_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "department",
            "validity_years",
            "source",
            "designation_count",
        ]


class DesignationSerializer(serializers.ModelSerializer):
    programme: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Designation
        fields = [
            "id",
            "programme",
            "organisation",
            "organisation_name",
            "title",
            "batch",
            "designated_on",
            "valid_until",
            "status",
            "evaluator",
            "industry",
            "source_document",
        ]
