from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.accounts.models.departments import Department
from gtis.accounts.models.organisations import Organisation
from gtis.core.querysets import NOTHING, RestrictedQuerySet
from gtis.core.roles import DEPARTMENT_ROLES, ORGANISATION_ROLES, STAFF_ROLES, Role


class OrganisationRole(models.TextChoices):
    ADMIN = "admin", _("Organisation administrator")
    MEMBER = "member", _("Member")


class UserQuerySet(RestrictedQuerySet):
    pass


class GtisUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("role", Role.PLATFORM_ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Acts for a department or for an organisation, never both."""

    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        help_text=_("Letters, digits and @/./+/-/_ only."),
        validators=[UnicodeUsernameValidator()],
    )
    full_name = models.CharField(_("full name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    organisation_role = models.CharField(
        _("role in the organisation"), max_length=16, choices=OrganisationRole.choices, blank=True
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False, editable=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    failed_login_count = models.PositiveSmallIntegerField(_("failed logins"), default=0)
    last_failed_login_at = models.DateTimeField(_("last failed login"), null=True, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    objects = GtisUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=True) | Q(organisation__isnull=True),
                name="user_department_or_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(DEPARTMENT_ROLES)) | Q(department__isnull=False),
                name="user_department_role_has_department",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(ORGANISATION_ROLES)) | Q(organisation__isnull=False),
                name="user_organisation_role_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})" if self.full_name else self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def affiliation(self) -> Department | Organisation | None:
        return self.department or self.organisation

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        if not getattr(user, "is_authenticated", False):
            return NOTHING
        if user.role == Role.PLATFORM_ADMIN or (action == "view" and user.role in STAFF_ROLES):
            return None
        return Q(pk=user.pk)
