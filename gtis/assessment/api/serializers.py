import dataclasses
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gtis.accounts.models import Department
from gtis.assessment import actions
from gtis.assessment.api.tier_serializers import QuotaSerializer
from gtis.assessment.models import (
    Application,
    AssessmentCertificate,
    Campaign,
    Objection,
    PanelAssignment,
    PanelResolution,
    Scheme,
    SchemeVersion,
    ScoreSheet,
    Tier,
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
    """A campaign: its scheme version, organiser, tier, window, `state`, the end of its public
    notice, and the `actions` the reader may take now (open, close, notice, decide,
    close_round); the campaign it recommends to (`feeds`), those recommending to it (`fed_by`)
    and the units' `quotas`; its `rounds` of review and the `round_number` under way; the
    catalogue kind its decision publishes and the `edition` it published (`edition_url`)."""

    scheme = serializers.CharField(source="version.scheme.code", read_only=True)
    version_label = serializers.CharField(source="version.label", read_only=True)
    actions = serializers.SerializerMethodField()
    fed_by: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    quotas = QuotaSerializer(many=True, read_only=True)
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
            "notice_ends_on",
            "actions",
            "feeds",
            "fed_by",
            "quotas",
            "evaluator_cap",
            "rounds",
            "round_number",
            "publishes_catalogue",
            "edition",
            "edition_url",
        ]
        read_only_fields = fields

    def get_actions(self, campaign: Campaign) -> list[str]:
        return actions.campaign_actions(self.context["request"].user, campaign)


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
    its technical `fields` (gic-2019 codes), the gate results, the pledge's hash, its `state`,
    its `panel` (for staff and the panel's experts only: the applicant never learns who reviews
    it) and the `actions` the reader may take now (submit, withdraw, return, assign)."""

    panel = serializers.SerializerMethodField()
    fields: serializers.SlugRelatedField = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", many=True, read_only=True
    )
    actions = serializers.SerializerMethodField()
    resolutions = PanelResolutionSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "campaign",
            "applicant",
            "subject",
            "fields",
            "facts",
            "mandatory",
            "evidence",
            "gate_results",
            "pledge_hash",
            "pledged_at",
            "evaluator",
            "evaluator_pledge_hash",
            "evaluator_pledged_at",
            "recommended_from",
            "recommended_by",
            "state",
            "state_reason",
            "panel",
            "resolutions",
            "updated_at",
            "actions",
        ]
        read_only_fields = fields

    def get_actions(self, application: Application) -> list[str]:
        return actions.application_actions(self.context["request"].user, application)

    @extend_schema_field(PanelAssignmentSerializer(many=True))
    def get_panel(self, application: Application) -> Any:
        if not self.context["request"].user.has_perm("assessment.view_panel", application):
            return []
        return PanelAssignmentSerializer(application.panel.all(), many=True).data


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


# Writes -------------------------------------------------------------------------------------


class SchemeVersionWriteSerializer(serializers.Serializer):
    """`source`: the version in the schemes' YAML format (a new label for an existing scheme's
    code, or a new code); a refusal names the line."""

    source = serializers.CharField(allow_blank=True, trim_whitespace=False)  # type: ignore[assignment]  # shadows Field.source


class CampaignWriteSerializer(serializers.Serializer):
    """What `create_campaign` takes: the scheme version (id), title, organising department (id),
    tier and the window of applications."""

    version = serializers.PrimaryKeyRelatedField(queryset=SchemeVersion.objects.all())
    title = serializers.CharField(allow_blank=True, max_length=200)
    organiser = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    tier = serializers.ChoiceField(choices=Tier.choices)
    opens_on = serializers.DateField(required=False, allow_null=True, default=None)
    closes_on = serializers.DateField(required=False, allow_null=True, default=None)


class CampaignActionSerializer(serializers.Serializer):
    """`action`: one of the campaign's `actions` — open (applications are taken), close
    (applications close, review starts), close_round (the round under way closes and the next
    round's shortlist goes through), notice (publish the proposed list), decide (designate and
    certify after the notice), archive (close a decided campaign for the record)."""

    action = serializers.ChoiceField(choices=list(actions.CAMPAIGN_ACTIONS))


class RankingRowSerializer(serializers.Serializer):
    """A submitted application in the campaign's ranking: its panel score once enough experts
    have scored, its grade within the campaign, and whether the scheme passes it (and why not)."""

    application = serializers.IntegerField()
    subject = serializers.CharField()
    applicant = serializers.IntegerField()
    applicant_name = serializers.CharField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    grade = serializers.CharField()
    passed = serializers.BooleanField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class ProposedSerializer(serializers.ModelSerializer):
    """An application on the campaign's proposed list, as the public notice shows it, with its
    certificate once issued."""

    applicant_name = serializers.CharField(source="applicant.name", read_only=True)
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = ["id", "subject", "applicant", "applicant_name", "panel_score", "certificate"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_certificate(self, application: Application) -> dict[str, str] | None:
        """The certificate's number and the public page that verifies it."""
        certificate = getattr(application, "certificate", None)
        if certificate is None:
            return None
        url = certificate.get_absolute_url()
        return {
            "number": certificate.number,
            "verification_url": self.context["request"].build_absolute_uri(url),
        }


def field_nodes() -> Any:
    """The catalogue nodes an application's fields are chosen from, reached through the model
    rather than imported from the catalogue engine."""
    node_model: Any = Application.fields.field.related_model
    return node_model.objects.filter(taxonomy__code="gic-2019")


class ApplicationWriteSerializer(serializers.Serializer):
    """What `save_application` takes: the campaign (id, when creating), what is assessed, the
    facts the eligibility gates check (by the gates' field names), whether each mandatory item
    is met (by code), the evidence per indicator (by code) and the technical fields (gic-2019
    codes). On a PATCH a key left out keeps its value."""

    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all())
    subject = serializers.CharField(allow_blank=True, max_length=200)
    facts = serializers.DictField(required=False)
    mandatory = serializers.DictField(child=serializers.BooleanField(), required=False)
    evidence = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False), required=False
    )
    fields: serializers.SlugRelatedField = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code",
        queryset=field_nodes(),
        many=True,
        required=False,
        help_text="Codes of the 2019 Green Industry Guidance Catalogue, e.g. 1.1.1.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Facts are those the scheme's eligibility gates check, by their field names (the
        page's form offers no others)."""
        campaign = attrs.get("campaign") or self.context.get("campaign")
        if campaign is not None and "facts" in attrs:
            known = {gate.field for gate in campaign.scheme.gates}
            unknown = sorted(set(attrs["facts"]) - known)
            if unknown:
                raise serializers.ValidationError(
                    {
                        "facts": _("The scheme's gates check no facts %(names)s.")
                        % {"names": ", ".join(unknown)}
                    }
                )
        return attrs


class ApplicationActionSerializer(serializers.Serializer):
    """`action`: one of the application's `actions` — submit (with `pledge`: true, the
    truthfulness pledge), withdraw, return (staff, with the `reason` the applicant must
    correct), assign (staff draw the expert panel), resolve (staff record the panel's decision
    in the last round: `outcome` passed or failed, with `reasons` required to decide otherwise
    than the scores give)."""

    action = serializers.ChoiceField(choices=list(actions.APPLICATION_ACTIONS))
    pledge = serializers.BooleanField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.CharField(required=False, allow_blank=True)
    reasons = serializers.CharField(required=False, allow_blank=True)


class MaterialSerializer(serializers.Serializer):
    """A material file of an application: the scheme item it is for, its name, description,
    type, size and where a reader downloads it."""

    id = serializers.IntegerField()
    indicator = serializers.SerializerMethodField()
    name = serializers.CharField(source="original_name")
    description = serializers.CharField()
    media_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_indicator(self, attachment: Any) -> str:
        # attach_material labels a material "<item code> <description>".
        return str(attachment.description.partition(" ")[0])

    def get_url(self, attachment: Any) -> str:
        return self.context["request"].build_absolute_uri(attachment.get_absolute_url())


class MaterialUploadSerializer(serializers.Serializer):
    """A material (multipart): the scheme `indicator` or mandatory item it is for, the `file`
    (type and size checked) and a short `description`."""

    indicator = serializers.CharField()
    file = serializers.FileField()
    description = serializers.CharField(required=False, allow_blank=True, max_length=150)


class ObjectionSerializer(serializers.ModelSerializer):
    """An objection to an application on a proposed list: who raised it and how to reach them,
    the reasons and evidence, and the organiser's answer (`upheld` takes the application off
    the list)."""

    class Meta:
        model = Objection
        fields = [
            "id",
            "application",
            "name",
            "contact",
            "reasons",
            "evidence",
            "raised_at",
            "answer",
            "upheld",
            "answered_at",
        ]
        read_only_fields = fields


class ObjectionWriteSerializer(serializers.Serializer):
    """What anyone gives to object during the public notice: a name (or organisation), a
    contact the organiser can answer, the reasons and any evidence."""

    name = serializers.CharField(allow_blank=True, max_length=100)
    contact = serializers.CharField(allow_blank=True, max_length=100)
    reasons = serializers.CharField(allow_blank=True)
    evidence = serializers.CharField(required=False, allow_blank=True, default="")


class ObjectionAnswerSerializer(serializers.Serializer):
    """The organiser's `answer`, which the objector reads, and whether the objection is
    `upheld` (the application leaves the list)."""

    answer = serializers.CharField(allow_blank=True)
    upheld = serializers.BooleanField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class AssignmentSerializer(serializers.ModelSerializer):
    """An expert's invitation to review an application: the application and its campaign, the
    `state` of the answer, the total of the expert's own sheet once scored, and the `actions`
    the expert may take now — declare_no_conflict and decline (through `act`), score (through
    `sheet`)."""

    subject = serializers.CharField(source="application.subject", read_only=True)
    campaign = serializers.IntegerField(source="application.campaign_id", read_only=True)
    campaign_title = serializers.CharField(source="application.campaign.title", read_only=True)
    total = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = PanelAssignment
        fields = [
            "id",
            "application",
            "subject",
            "campaign",
            "campaign_title",
            "state",
            "reason",
            "assigned_at",
            "answered_at",
            "total",
            "actions",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_total(self, assignment: PanelAssignment) -> str | None:
        sheet = getattr(assignment, "sheet", None)
        return None if sheet is None else str(sheet.total)

    def get_actions(self, assignment: PanelAssignment) -> list[str]:
        return actions.assignment_actions(self.context["request"].user, assignment)


class AssignmentActionSerializer(serializers.Serializer):
    """`action`: declare_no_conflict (only then are the materials the expert's to see) or
    decline, with the `reason` (another expert is drawn in their place)."""

    action = serializers.ChoiceField(choices=list(actions.ASSIGNMENT_ACTIONS))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ScoredIndicatorSerializer(serializers.Serializer):
    """An indicator to score: its code, name, weight, scoring function (`kind`: pass_fail takes
    true or false, points_bands the band's number from 0, grade a letter, count_bands a count,
    interpolate a measured value) described in words, its bands or grades, and the evidence it
    asks for."""

    code = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=6, decimal_places=2)
    kind = serializers.CharField()
    describe = serializers.CharField()
    bands = serializers.ListField(child=serializers.CharField())
    grades = serializers.ListField(child=serializers.CharField())
    evidence = serializers.CharField()


class ScoreSheetSerializer(serializers.Serializer):
    """The expert's own scoring sheet for an application: the `indicators` to score, the
    `entries` and `comments` entered so far (by indicator code) and their `total`."""

    indicators = ScoredIndicatorSerializer(many=True)
    entries = serializers.DictField()
    comments = serializers.DictField(child=serializers.CharField())
    total = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)


class ScoreSheetWriteSerializer(serializers.Serializer):
    """An entry and a comment for every indicator, by code; a refusal names `entry_<code>` or
    `comment_<code>`."""

    entries = serializers.DictField()
    comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )

    def validate_entries(self, entries: dict[str, Any]) -> dict[str, Any]:
        # A measured value is kept exactly, as the page's decimal field keeps it.
        return {
            code: Decimal(str(value)) if isinstance(value, float) else value
            for code, value in entries.items()
        }


def sheet_data(scheme: Any, sheet: ScoreSheet | None) -> dict[str, Any]:
    """The scoring sheet's representation: the scheme's indicators and the expert's entries."""
    indicators = [
        {
            "code": leaf.code,
            "name": str(leaf.name),
            "weight": leaf.weight,
            "kind": leaf.scoring.kind,
            "describe": leaf.scoring.describe(),
            "bands": [str(band.label or band.points) for band in leaf.scoring.bands],
            "grades": [grade for grade, _points in leaf.scoring.grade_points],
            "evidence": str(leaf.evidence or ""),
        }
        for leaf in scheme.leaves()
    ]
    return {
        "indicators": indicators,
        "entries": sheet.entries if sheet else {},
        "comments": sheet.comments if sheet else {},
        "total": sheet.total if sheet else None,
        "submitted_at": sheet.submitted_at if sheet else None,
    }
