from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from gtis.accounts import selectors, services
from gtis.accounts.api.serializers import (
    DepartmentSerializer,
    OrganisationSerializer,
    UserSerializer,
)
from gtis.accounts.filtersets import DepartmentFilterSet, OrganisationFilterSet, UserFilterSet
from gtis.accounts.models import Department, Organisation, User


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Departments of the State Council named in the roadmap (reference data)."""

    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Department]:
        return Department.objects.restrict(self.request.user)


class ServiceWriteMixin:
    """create/update through the engine's service functions; their ValidationError becomes a 400."""

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.instance = self.create_with_service(serializer.validated_data)  # type: ignore[attr-defined]

    def perform_update(self, serializer: BaseSerializer) -> None:
        serializer.instance = self.update_with_service(  # type: ignore[attr-defined]
            serializer.instance, serializer.validated_data
        )


class OrganisationViewSet(
    ServiceWriteMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Organisations on the platform; administrators register them."""

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ["name", "created_at"]

    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.organisations(self.request.user)

    def create_with_service(self, data: dict[str, Any]) -> Organisation:
        return services.create_organisation(actor=self.request.user, **data)

    def update_with_service(self, organisation: Organisation, data: dict[str, Any]) -> Organisation:
        return services.update_organisation(
            actor=self.request.user, organisation=organisation, **data
        )


class UserViewSet(
    ServiceWriteMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Accounts: staff see all, others themselves; platform administrators change them."""

    queryset = User.objects.all()
    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    ordering_fields = ["username", "full_name", "last_login"]
    permission_map = {"unlock": "accounts.unlock_user", "me": None}

    def get_queryset(self) -> QuerySet[User]:
        return selectors.users(self.request.user)

    def create_with_service(self, data: dict[str, Any]) -> User:
        data = dict(data)
        password = data.pop("password", None)
        if not password:
            raise ValidationError({"password": "This field is required."})
        return services.create_user(actor=self.request.user, password=password, **data)

    def update_with_service(self, user: User, data: dict[str, Any]) -> User:
        data = dict(data)
        if "password" in data:
            services.set_password(
                actor=self.request.user,
                user=user,
                password=data.pop("password"),
                reason="admin_set",
            )
        return services.update_user(actor=self.request.user, user=user, **data)

    @action(detail=True, methods=["post"])
    def unlock(self, request: Request, pk: Any = None) -> Response:
        user = services.unlock_user(actor=request.user, user=self.get_object())
        return Response(self.get_serializer(user).data)

    @action(detail=False, methods=["get"])
    def me(self, request: Request) -> Response:
        return Response(self.get_serializer(request.user).data)
