import dataclasses
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gtis.assessment import rounds
from gtis.assessment.models import (
    Application,
    AssessmentCertificate,
    Campaign,
    PanelAssignment,
    PanelResolution,
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


class RoundSerializer(serializers.Serializer):
    """A round of review of the scheme version: its code, name and the shortlist it takes."""

    number = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    shortlist = serializers.IntegerField(allow_null=True)


class CampaignSerializer(serializers.ModelSerializer):
    """A campaign: its scheme version, organiser, tier, window and `state`; its `rounds` of
    review and the `round_number` under way; the catalogue kind its decision publishes and
    the `edition` it published (`edition_url`)."""

    scheme = serializers.CharField(source="version.scheme.code", read_only=True)
    version_label = serializers.CharField(source="version.label", read_only=True)
    rounds = serializers.SerializerMethodField()
    edition_url = serializers.SerializerMethodField()

    @extend_schema_field(RoundSerializer(many=True))
    def get_rounds(self, campaign: Campaign) -> Any:
        rounds = campaign.scheme.rounds
        return RoundSerializer(
            [
                {"number": n, "code": r.code, "name": str(r.name), "shortlist": r.shortlist}
                for n, r in enumerate(rounds, start=1)
            ],
            many=True,
        ).data

    def get_edition_url(self, campaign: Campaign) -> str:
        if campaign.edition_id is None:
            return ""
        url = reverse("catalog:edition_detail", args=[campaign.edition_id])
        return self.context["request"].build_absolute_uri(url)  # type: ignore[no-any-return]

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
            "rounds",
            "round_number",
            "publishes_catalogue",
            "edition",
            "edition_url",
        ]
        read_only_fields = fields


class PanelResolutionSerializer(serializers.ModelSerializer):
    """The panel's recorded decision in one round: the `outcome`, what the scores alone gave
    (`computed`), whether the organiser overrode them, the score, rank and reasons."""

    overridden = serializers.BooleanField(read_only=True)

    class Meta:
        model = PanelResolution
        fields = [
            "round",
            "outcome",
            "computed",
            "overridden",
            "score",
            "rank",
            "reasons",
            "recorded_at",
        ]
        read_only_fields = fields


class CampaignActionSerializer(serializers.Serializer):
    """`action`: close_round (close the round under way; the next round's shortlist goes
    through)."""

    action = serializers.ChoiceField(choices=sorted(rounds.CAMPAIGN_ACTIONS))


class ApplicationActionSerializer(serializers.Serializer):
    """`action`: resolve, with `outcome` (passed or failed) and `reasons` (required to decide
    otherwise than the scores give)."""

    action = serializers.ChoiceField(choices=sorted(rounds.APPLICATION_ACTIONS))


class PanelAssignmentSerializer(serializers.ModelSerializer):
    expert_name = serializers.CharField(source="expert.name", read_only=True)

    class Meta:
        model = PanelAssignment
        fields = [
            "id",
            "expert",
            "expert_name",
            "state",
            "reason",
            "round",
            "assigned_at",
            "answered_at",
        ]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    """An application as its applicant and staff see it: the facts, mandatory items and evidence,
    the gate results, the pledge's hash, its `state` and its panel."""

    panel = PanelAssignmentSerializer(many=True, read_only=True)
    resolutions = PanelResolutionSerializer(many=True, read_only=True)

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
            "resolutions",
            "updated_at",
        ]
        read_only_fields = fields


class CertificateSerializer(serializers.ModelSerializer):
    """A certificate: its number, contents, whether revoked, and the public page that verifies
    it (`verification_url`)."""

    verification_url = serializers.SerializerMethodField()

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
        ]
        read_only_fields = fields

    def get_verification_url(self, certificate: AssessmentCertificate) -> str:
        return self.context["request"].build_absolute_uri(certificate.get_absolute_url())
