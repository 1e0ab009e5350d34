from typing import Any

from django.conf import settings
from rest_framework import serializers

from gtis.accounts.models import Department, Organisation, OrganisationRole, User
from gtis.core.roles import Role


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "name_en",
            "abbreviation_en",
            "sort_order",
            "is_active",
        ]
        read_only_fields = fields


class OrganisationSerializer(serializers.ModelSerializer):
    credit_code = serializers.CharField(
        max_length=30, required=False, allow_blank=True, allow_null=True
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "name_en",
            "credit_code",
            "kind",
            "province",
            "city",
            "industry",
            "size",
            "website",
            "public_contact",
            "private_contact",
            "verification",
            "is_active",
            "created_at",
        ]
        read_only_fields = ["id", "verification", "created_at"]
        # Uniqueness and code checks happen in the service, with the same messages as the pages.
        validators: list = []

    def to_representation(self, instance: Organisation) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.has_perm("accounts.view_private_contact", instance):
            data.pop("private_contact", None)
        return data


class UserSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), required=False, allow_null=True
    )
    role = serializers.ChoiceField(choices=Role.choices)
    organisation_role = serializers.ChoiceField(
        choices=OrganisationRole.choices, required=False, allow_blank=True
    )
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    password = serializers.CharField(
        write_only=True, required=False, style={"input_type": "password"}
    )
    is_locked = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "phone",
            "role",
            "department",
            "organisation",
            "organisation_role",
            "language",
            "is_active",
            "is_locked",
            "locked_until",
            "last_login",
            "date_joined",
            "password",
        ]
        read_only_fields = ["id", "locked_until", "last_login", "date_joined"]
        extra_kwargs: dict = {"username": {"validators": []}}
