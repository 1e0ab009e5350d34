from rest_framework import serializers

from gtis.core.models import AuditEvent, BackgroundJob


class AuditEventSerializer(serializers.ModelSerializer):
    object_type: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="model", read_only=True
    )

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "actor",
            "actor_label",
            "category",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "message",
            "ip_address",
            "path",
            "request_id",
        ]
        read_only_fields = fields


class BackgroundJobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True, allow_null=True)
    started_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = BackgroundJob
        fields = [
            "id",
            "kind",
            "label",
            "arguments",
            "started_by",
            "status",
            "progress_done",
            "progress_total",
            "percent",
            "progress_message",
            "checkpoint",
            "result",
            "error",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields
