from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from gtis.accounts.models import Department, Organisation
from gtis.registry import selectors
from gtis.registry.models import (
    CreditRecord,
    CreditStanding,
    DeclaredRelationship,
    Designation,
    Event,
    Expert,
    Network,
    NetworkMembership,
    PastAffiliation,
    Policy,
    Programme,
    Site,
    Standard,
)


class OrganisationField(serializers.PrimaryKeyRelatedField):
    """An organisation by id, among those the requester may see (staff: all; others: verified
    ones and their own), so an id never reveals an organisation the directory hides."""

    def get_queryset(self) -> QuerySet[Organisation]:
        request = self.context.get("request")
        return Organisation.objects.restrict(getattr(request, "user", None))


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
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True, allow_null=True
    )
    site_name = serializers.CharField(source="site.name", read_only=True, allow_null=True)

    class Meta:
        model = Designation
        fields = [
            "id",
            "programme",
            "organisation",
            "organisation_name",
            "site",
            "site_name",
            "title",
            "batch",
            "designated_on",
            "valid_until",
            "renewed_on",
            "status",
            "evaluator",
            "industry",
            "source_document",
        ]
        read_only_fields = fields


class DesignateSerializer(serializers.ModelSerializer):
    """What `designate` needs: the programme by code, and an organisation or a site."""

    programme: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", queryset=Programme.objects.all()
    )
    organisation = OrganisationField(required=False, allow_null=True)

    class Meta:
        model = Designation
        fields = [
            "programme",
            "organisation",
            "site",
            "title",
            "batch",
            "designated_on",
            "valid_until",
            "source_document",
        ]
        extra_kwargs = {"designated_on": {"required": True, "allow_null": False}}
        # The once-per-batch constraints are checked by the service, with the pages' messages.
        validators: list = []


class CreditRecordSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    standing = serializers.ChoiceField(
        choices=CreditStanding.choices,
        read_only=True,
        help_text="Active, expired or repaired, today.",
    )

    class Meta:
        model = CreditRecord
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "kind",
            "authority",
            "document_number",
            "decided_on",
            "summary",
            "in_force_until",
            "repaired_on",
            "repair_reason",
            "standing",
        ]
        read_only_fields = fields


class RecordCreditEventSerializer(serializers.ModelSerializer):
    """What `record_credit_event` needs. Blank text passes here so that the service explains
    what is missing, in the same words as the page."""

    organisation = OrganisationField()

    class Meta:
        model = CreditRecord
        fields = [
            "organisation",
            "kind",
            "authority",
            "document_number",
            "decided_on",
            "summary",
            "in_force_until",
        ]
        extra_kwargs = {
            "authority": {"allow_blank": True},
            "document_number": {"allow_blank": True},
            "summary": {"allow_blank": True},
        }
        # The once-per-decision constraint is checked by the service, with the page's message.
        validators: list = []


class RepairCreditRecordSerializer(serializers.Serializer):
    repaired_on = serializers.DateField()
    reason = serializers.CharField(allow_blank=True)


class RenewSerializer(serializers.Serializer):
    renewed_on = serializers.DateField()
    valid_until = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Default: the programme's validity counted from the renewal.",
    )
    source_document = serializers.CharField(max_length=300, required=False, allow_blank=True)


class RevokeSerializer(serializers.Serializer):
    # Blank passes here so that the service explains what is missing.
    reason = serializers.CharField(allow_blank=True)


class PastAffiliationSerializer(serializers.ModelSerializer):
    organisation = OrganisationField()
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = PastAffiliation
        fields = ["id", "organisation", "organisation_name", "position", "started_on", "ended_on"]


class DeclaredRelationshipSerializer(serializers.ModelSerializer):
    organisation = OrganisationField()
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = DeclaredRelationship
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "kind",
            "description",
            "declared_on",
            "ends_on",
        ]


class ExpertSerializer(serializers.ModelSerializer):
    affiliation = OrganisationField(required=False, allow_null=True)
    affiliation_name = serializers.CharField(
        source="affiliation.name", read_only=True, allow_null=True
    )
    past_affiliations = PastAffiliationSerializer(many=True, read_only=True)
    relationships = DeclaredRelationshipSerializer(many=True, read_only=True)

    class Meta:
        model = Expert
        fields = [
            "id",
            "name",
            "name_en",
            "title",
            "affiliation",
            "affiliation_name",
            "position",
            "fields",
            "expertise",
            "availability",
            "availability_note",
            "is_listed",
            "email",
            "phone",
            "past_affiliations",
            "relationships",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        # Declared here: a class attribute named `fields` would hide the serializer's own.
        fields["fields"] = serializers.SlugRelatedField(
            slug_field="code",
            queryset=selectors.field_nodes(),
            many=True,
            required=False,
            help_text="Codes of nodes of the 2019 Green Industry Guidance Catalogue (gic-2019).",
        )
        return fields

    def to_representation(self, instance: Expert) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if user is None or not user.has_perm("registry.view_expert_contact", instance):
            data.pop("email", None)
            data.pop("phone", None)
        # Declared ties are seen by staff and the expert only, as on the profile page.
        if user is None or not user.has_perm("registry.change_expert", instance):
            data.pop("relationships", None)
        return data


class ConflictSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation.pk")
    organisation_name = serializers.CharField(source="organisation.name")
    reason = serializers.CharField()


class NetworkMemberSerializer(serializers.ModelSerializer):
    organisation = OrganisationField()
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = NetworkMembership
        fields = ["organisation", "organisation_name", "role", "joined_on"]
        # One membership per organisation: adding it again changes its role instead.
        validators: list = []


class NetworkSerializer(serializers.ModelSerializer):
    leader = OrganisationField()
    leader_name = serializers.CharField(source="leader.name", read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    members = NetworkMemberSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = Network
        fields = [
            "id",
            "name",
            "name_en",
            "kind",
            "leader",
            "leader_name",
            "founded_on",
            "description",
            "website",
            "member_count",
            "members",
        ]


class SiteSerializer(serializers.ModelSerializer):
    host = OrganisationField(required=False, allow_null=True)
    host_name = serializers.CharField(source="host.name", read_only=True, allow_null=True)

    class Meta:
        model = Site
        fields = [
            "id",
            "name",
            "name_en",
            "kind",
            "host",
            "host_name",
            "province",
            "city",
            "latitude",
            "longitude",
            "status",
            "established_on",
            "description",
        ]
        validators: list = []


class EventSerializer(serializers.ModelSerializer):
    organisers = OrganisationField(many=True, required=False)
    participants = OrganisationField(many=True, required=False)

    class Meta:
        model = Event
        fields = [
            "id",
            "name",
            "kind",
            "starts_on",
            "ends_on",
            "place",
            "province",
            "organisers",
            "participants",
            "description",
            "website",
        ]
        validators: list = []


class PolicySerializer(serializers.ModelSerializer):
    issuing_departments: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), many=True, required=False
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, allow_empty=True
    )

    class Meta:
        model = Policy
        fields = [
            "id",
            "title",
            "document_number",
            "issuing_departments",
            "issuer_other",
            "issued_on",
            "level",
            "status",
            "text",
            "link",
            "tags",
            "deliverables",
        ]
        extra_kwargs = {"deliverables": {"help_text": "Ids of roadmap deliverables."}}
        validators: list = []


class StandardSerializer(serializers.ModelSerializer):
    department: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Standard
        fields = [
            "id",
            "code",
            "title",
            "is_mandatory",
            "status",
            "department",
            "revision_due",
            "revision_plan",
            "deliverables",
        ]
        extra_kwargs = {"deliverables": {"help_text": "Ids of roadmap deliverables."}}
