import json
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from gtis.assessment.models import DesignationAction, Obligation


class ObligationSerializer(serializers.ModelSerializer):
    """One period's duty of a certificate's holder: due and grace days, its `state` (due,
    submitted, returned, accepted, missed, cancelled), what was submitted and the comments."""

    certificate_number = serializers.CharField(source="certificate.number", read_only=True)
    subject = serializers.CharField(source="certificate.application.subject", read_only=True)
    holder_name = serializers.CharField(source="holder.name", read_only=True)

    class Meta:
        model = Obligation
        fields = [
            "id",
            "certificate",
            "certificate_number",
            "subject",
            "holder",
            "holder_name",
            "duty",
            "name",
            "name_en",
            "due_on",
            "grace_until",
            "on_missed",
            "state",
            "report",
            "figures",
            "submitted_at",
            "reviewed_at",
            "comment",
            "missed_on",
        ]
        read_only_fields = fields


class ObligationSubmitSerializer(serializers.Serializer):
    """The report, its figures as an object of name: number (a JSON string in a multipart
    upload) and an optional file."""

    report = serializers.CharField(allow_blank=True)
    figures = serializers.JSONField(required=False)
    file = serializers.FileField(required=False)

    def validate_figures(self, value: Any) -> dict[str, Any]:
        if isinstance(value, str):
            try:
                value = json.loads(value or "{}")
            except ValueError:
                value = None
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Give the figures as an object of name: number."))
        return value


class ObligationReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True, required=False, default="")


class DesignationActionSerializer(serializers.ModelSerializer):
    """A public record: the date, the action, its cause, the reason, the certificate."""

    certificate_number = serializers.CharField(source="certificate.number", read_only=True)
    subject = serializers.CharField(source="certificate.application.subject", read_only=True)

    class Meta:
        model = DesignationAction
        fields = [
            "id",
            "taken_on",
            "action",
            "cause",
            "reason",
            "certificate",
            "certificate_number",
            "subject",
        ]
        read_only_fields = fields
