from typing import Any

from rest_framework import serializers

from gtis.roadmap.choices import ClaimedStatus, Completion, Results
from gtis.roadmap.models import (
    Baseline,
    CoordinationMeeting,
    Decision,
    EscalationEvent,
    Indicator,
    IndicatorValue,
    Plan,
    ProgressReport,
)
from gtis.roadmap.selectors import DeliverableRow


class RollupSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    finished = serializers.IntegerField()
    closed = serializers.IntegerField()
    percent_finished = serializers.IntegerField()
    rag = serializers.CharField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_rag = serializers.DictField(child=serializers.IntegerField())


class PlanSerializer(serializers.ModelSerializer):
    issuing_departments: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    as_of = serializers.SerializerMethodField()
    rollup = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "code",
            "title",
            "document_number",
            "issued_on",
            "issuing_departments",
            "is_published",
            "as_of",
            "rollup",
        ]

    def get_as_of(self, plan: Plan) -> str:
        return self.context["as_of"].isoformat()

    def get_rollup(self, plan: Plan) -> dict[str, Any]:
        rollup = self.context["rollups"][plan.pk]
        return RollupSerializer(rollup).data


class DeliverableSerializer(serializers.Serializer):
    """A deliverable with its status on the request's as-of date."""

    id = serializers.IntegerField(source="deliverable.pk")
    plan = serializers.CharField(source="deliverable.plan.code")
    part = serializers.IntegerField(source="deliverable.task.part.number")
    task = serializers.IntegerField(source="deliverable.task.number")
    number = serializers.IntegerField(source="deliverable.number")
    text = serializers.CharField(source="deliverable.text")
    result_form = serializers.CharField(source="deliverable.result_form")
    period_start = serializers.DateField(source="deliverable.period_start")
    period_end = serializers.DateField(source="deliverable.period_end")
    period_precision = serializers.CharField(source="deliverable.period_precision")
    lead_departments = serializers.SerializerMethodField()
    participating_departments = serializers.SerializerMethodField()
    status = serializers.CharField(source="state.status")
    rag = serializers.CharField(source="state.rag")
    reasons = serializers.ListField(source="state.reasons", child=serializers.CharField())
    reported_percent = serializers.IntegerField(source="state.reported_percent", allow_null=True)
    expected_percent = serializers.IntegerField(source="state.expected_percent")
    completion = serializers.CharField(source="state.completion")
    results = serializers.CharField(source="state.results")
    next_report_due = serializers.DateField(source="state.next_report_due", allow_null=True)
    closed_on = serializers.SerializerMethodField()

    def get_lead_departments(self, row: DeliverableRow) -> list[str]:
        return [d.code for d in row.leads]

    def get_participating_departments(self, row: DeliverableRow) -> list[str]:
        return [d.code for d in row.participants]

    def get_closed_on(self, row: DeliverableRow) -> str | None:
        closed = row.deliverable.closed_on
        return closed.isoformat() if closed and closed <= self.context["as_of"] else None


class ProgressReportSerializer(serializers.ModelSerializer):
    deliverable = serializers.SerializerMethodField()
    department: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    submitted_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    reviewed_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "deliverable",
            "department",
            "period_label",
            "reported_on",
            "claimed_status",
            "percent",
            "narrative",
            "evidence_links",
            "state",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "completion",
            "results",
        ]
        read_only_fields = fields

    def get_deliverable(self, report: ProgressReport) -> dict[str, Any]:
        return {"plan": report.deliverable.plan.code, "number": report.deliverable.number}


class ReportSubmitSerializer(serializers.Serializer):
    plan = serializers.SlugField()
    number = serializers.IntegerField()
    period_label = serializers.CharField(max_length=40)
    reported_on = serializers.DateField()
    claimed_status = serializers.ChoiceField(choices=ClaimedStatus.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    narrative = serializers.CharField()
    evidence_links = serializers.ListField(child=serializers.URLField(), required=False)


class ReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    completion = serializers.ChoiceField(
        choices=Completion.choices, required=False, allow_blank=True, default=""
    )
    results = serializers.ChoiceField(
        choices=Results.choices, required=False, allow_blank=True, default=""
    )


class CloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.ModelSerializer):
    owner: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    deliverables: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="number", many=True, read_only=True
    )

    class Meta:
        model = Decision
        fields = ["id", "text", "owner", "due_on", "done_on", "deliverables"]


class MeetingSerializer(serializers.ModelSerializer):
    plan: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    departments_present: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = CoordinationMeeting
        fields = ["id", "plan", "held_on", "title", "departments_present", "minutes", "decisions"]


class BaselineSerializer(serializers.ModelSerializer):
    plan: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    created_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = Baseline
        fields = ["id", "plan", "name", "reason", "created_by", "created_at", "snapshot"]


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["measured_on", "value", "source"]


class IndicatorSerializer(serializers.ModelSerializer):
    plan: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    deliverables: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="number", many=True, read_only=True
    )
    values = IndicatorValueSerializer(many=True, read_only=True)
    current_value = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "name",
            "unit",
            "baseline",
            "target",
            "metric_key",
            "deliverables",
            "current_value",
            "values",
        ]

    def get_current_value(self, indicator: Indicator) -> str | None:
        value = indicator.value_on(self.context["as_of"], self.context["today"])
        return None if value is None else str(value)


class EscalationSerializer(serializers.ModelSerializer):
    deliverable = serializers.SerializerMethodField()
    department: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = EscalationEvent
        fields = ["id", "deliverable", "level", "department", "occurred_on", "respond_by", "note"]

    def get_deliverable(self, event: EscalationEvent) -> dict[str, Any]:
        return {"plan": event.deliverable.plan.code, "number": event.deliverable.number}
