from rest_framework import serializers

from gtis.accounts.models import Department, Organisation
from gtis.assessment.models import RecommendationQuota


class QuotaSerializer(serializers.ModelSerializer):
    """A recommending unit's quota in a higher-tier campaign, how many it `used` (standing
    recommendations) and how many are `remaining`."""

    unit: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    used = serializers.IntegerField(read_only=True)
    remaining = serializers.SerializerMethodField()

    class Meta:
        model = RecommendationQuota
        fields = ["unit", "unit_name", "quota", "used", "remaining"]
        read_only_fields = fields

    def get_remaining(self, row: RecommendationQuota) -> int:
        return max(row.quota - row.used, 0)  # type: ignore[attr-defined]


class QuotaInputSerializer(serializers.Serializer):
    """`unit` (a department's code) and its `quota` (0 or more)."""

    unit: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.filter(is_active=True)
    )
    quota = serializers.IntegerField(min_value=0, max_value=32767)


class EvaluatorInputSerializer(serializers.Serializer):
    """`evaluator`: the id of the organisation that wrote the third-party evaluation report."""

    evaluator: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all()
    )


class LiabilityPledgeSerializer(serializers.Serializer):
    """`pledge`: true to sign the evaluator's liability pledge."""

    pledge = serializers.BooleanField(default=False)
