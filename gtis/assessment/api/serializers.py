import dataclasses
from typing import Any

from django.urls import reverse
from rest_framework import serializers

from gtis.assessment.models import (
    Application,
    AssessmentCertificate,
    Campaign,
    PanelAssignment,
    Scheme,
    SchemeVersion,
)


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


class CampaignSerializer(serializers.ModelSerializer):
    scheme = serializers.CharField(source="version.scheme.code", read_only=True)
    version_label = serializers.CharField(source="version.label", read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "scheme",
            "version",
            "version_label",
            "organiser",
            "tier",
            "opens_on",
            "closes_on",
            "state",
        ]
        read_only_fields = fields


class PanelAssignmentSerializer(serializers.ModelSerializer):
    expert_name = serializers.CharField(source="expert.name", read_only=True)

    class Meta:
        model = PanelAssignment
        fields = ["id", "expert", "expert_name", "state", "reason", "assigned_at", "answered_at"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    """An application as its applicant and staff see it: the facts, mandatory items and evidence,
    the gate results, the pledge's hash, its `state` and its panel."""

    panel = PanelAssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "campaign",
            "applicant",
            "subject",
            "facts",
            "mandatory",
            "evidence",
            "gate_results",
            "pledge_hash",
            "pledged_at",
            "state",
            "state_reason",
            "panel",
            "updated_at",
        ]
        read_only_fields = fields


class CertificateSerializer(serializers.ModelSerializer):
    """A certificate: its number, contents, whether revoked, and the public page that verifies
    it (`verification_url`), and the PDF to print (`pdf_url`)."""

    verification_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = AssessmentCertificate
        fields = [
            "id",
            "number",
            "code",
            "contents",
            "issued_at",
            "revoked_at",
            "revoke_reason",
            "verification_url",
            "pdf_url",
        ]
        read_only_fields = fields

    def get_verification_url(self, certificate: AssessmentCertificate) -> str:
        return self.context["request"].build_absolute_uri(certificate.get_absolute_url())

    def get_pdf_url(self, certificate: AssessmentCertificate) -> str:
        path = reverse("assessment:certificate_pdf", args=[certificate.code])
        return self.context["request"].build_absolute_uri(path)
