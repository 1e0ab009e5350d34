"""Every write on users, departments and organisations."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from gtis.accounts.models import Department, Organisation, OrganisationRole, User, Verification
from gtis.accounts.validators import normalise_uscc
from gtis.core import audit
from gtis.core.models import AuditEvent
from gtis.core.permissions import require
from gtis.core.roles import DEPARTMENT_ROLES, ORGANISATION_ROLES

USER_FIELDS = [
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
]
ORGANISATION_FIELDS = [
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
    "is_active",
]
DEPARTMENT_FIELDS = [
    "code",
    "name",
    "short_name",
    "name_en",
    "abbreviation_en",
    "sort_order",
    "is_active",
]


# Users ---------------------------------------------------------------------------------------


def create_user(*, actor: Any, password: str, **fields: Any) -> User:
    """Create an account (platform administrators)."""
    require(actor, "accounts.add_user")
    user = User(**{name: value for name, value in fields.items() if name in USER_FIELDS})
    _check_affiliation(user)
    user.full_clean(exclude=["password"])
    _validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        audit.record(
            actor=actor, action="create", obj=user, changes=audit.snapshot(user, USER_FIELDS)
        )
    return user


def update_user(*, actor: Any, user: User, **fields: Any) -> User:
    """Change an account's profile, role or affiliation (platform administrators)."""
    require(actor, "accounts.change_user", user)
    return _save_user_fields(actor, user, fields)


def update_own_profile(*, actor: Any, **fields: Any) -> User:
    """A user edits their own name and contact details."""
    require(actor, "accounts.change_own_account")
    allowed = {name: fields[name] for name in ("full_name", "email", "phone") if name in fields}
    return _save_user_fields(actor, User.objects.get(pk=actor.pk), allowed)


def set_preferred_language(*, actor: Any, language: str) -> User:
    """Remember the interface language the user chose."""
    require(actor, "accounts.change_own_account")
    return _save_user_fields(actor, User.objects.get(pk=actor.pk), {"language": language})


def _save_user_fields(actor: Any, user: User, fields: dict[str, Any]) -> User:
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = audit.snapshot(user, USER_FIELDS)
        for name, value in fields.items():
            setattr(user, name, value)
        _check_affiliation(user)
        user.full_clean(exclude=["password"])
        changes = audit.diff(before, audit.snapshot(user, USER_FIELDS))
        if changes:
            user.save()
            audit.record(actor=actor, action="update", obj=user, changes=changes)
    return user


def _check_affiliation(user: User) -> None:
    errors: dict[str, str] = {}
    if user.role in DEPARTMENT_ROLES and user.department_id is None:
        errors["department"] = _("A department officer must belong to a department.")
    if user.role in ORGANISATION_ROLES and user.organisation_id is None:
        errors["organisation"] = _("This role acts for an organisation: choose one.")
    if user.department_id is not None and user.organisation_id is not None:
        errors["organisation"] = _(
            "A user belongs to a department or to an organisation, not both."
        )
    if user.organisation_id is None and user.organisation_role:
        errors["organisation_role"] = _("Only a member of an organisation has a role in it.")
    if user.organisation_id is not None and not user.organisation_role:
        user.organisation_role = OrganisationRole.MEMBER
    if errors:
        raise ValidationError(errors)


def _validate_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None


def set_password(*, actor: Any, user: User, password: str, reason: str) -> User:
    """Set a new password (the user's own change, or a reset by email link)."""
    if user.pk != getattr(actor, "pk", None) and reason != "reset":
        require(actor, "accounts.change_user", user)
    _validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.failed_login_count = 0
        user.locked_until = None
        user.save(update_fields=["password", "failed_login_count", "locked_until"])
        audit.record(
            actor=actor if reason != "reset" else user,
            action=f"password_{reason}",
            category=AuditEvent.Category.AUTH,
            obj=user,
        )
    return user


def issue_api_token(*, actor: Any) -> Token:
    """Replace the user's API token with a new one."""
    require(actor, "accounts.change_own_account")
    with transaction.atomic():
        Token.objects.filter(user=actor).delete()
        token = Token.objects.create(user=actor)
        audit.record(
            actor=actor, action="issue_api_token", category=AuditEvent.Category.AUTH, obj=actor
        )
    return token


# Sign-in and lockout -------------------------------------------------------------------------


def register_failed_login(*, username: str) -> User | None:
    """Count a failed login; lock the account when the failures reach the limit."""
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        if user is None:
            audit.record(
                actor=None,
                actor_label=username[:150],
                action="login_failed",
                category=AuditEvent.Category.AUTH,
                message=_("Unknown username."),
            )
            return None
        User.objects.filter(pk=user.pk).update(
            failed_login_count=F("failed_login_count") + 1, last_failed_login_at=now
        )
        user.refresh_from_db(fields=["failed_login_count", "locked_until"])
        audit.record(
            actor=None,
            actor_label=user.username,
            action="login_failed",
            category=AuditEvent.Category.AUTH,
            obj=user,
            changes={"failed_login_count": user.failed_login_count},
        )
        if user.failed_login_count >= settings.GTIS_LOGIN_MAX_FAILURES and not user.is_locked:
            user.locked_until = now + timedelta(minutes=settings.GTIS_LOGIN_LOCKOUT_MINUTES)
            user.save(update_fields=["locked_until"])
            audit.record(
                actor=None,
                actor_label=user.username,
                action="account_locked",
                category=AuditEvent.Category.AUTH,
                obj=user,
                changes={"locked_until": user.locked_until},
            )
    return user


def register_successful_login(*, user: User) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        audit.record(actor=user, action="login", category=AuditEvent.Category.AUTH, obj=user)


def register_logout(*, user: Any) -> None:
    if getattr(user, "is_authenticated", False):
        audit.record(actor=user, action="logout", category=AuditEvent.Category.AUTH, obj=user)


def unlock_user(*, actor: Any, user: User) -> User:
    """Lift a lockout before it expires (platform administrators)."""
    require(actor, "accounts.unlock_user", user)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        user.refresh_from_db()
        audit.record(actor=actor, action="unlock", category=AuditEvent.Category.AUTH, obj=user)
    return user


# Organisations -------------------------------------------------------------------------------


def create_organisation(*, actor: Any, **fields: Any) -> Organisation:
    """Register an organisation (platform administrators)."""
    require(actor, "accounts.add_organisation")
    organisation = Organisation(**_organisation_fields(fields))
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        audit.record(
            actor=actor,
            action="create",
            obj=organisation,
            changes=audit.snapshot(organisation, ORGANISATION_FIELDS),
        )
    return organisation


def update_organisation(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    """Change an organisation's particulars (administrators, or the organisation's own admin)."""
    require(actor, "accounts.change_organisation", organisation)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = audit.snapshot(organisation, ORGANISATION_FIELDS)
        for name, value in _organisation_fields(fields).items():
            setattr(organisation, name, value)
        organisation.full_clean()
        changes = audit.diff(before, audit.snapshot(organisation, ORGANISATION_FIELDS))
        if changes:
            organisation.save()
            audit.record(actor=actor, action="update", obj=organisation, changes=changes)
    return organisation


def set_verification(
    *, actor: Any, organisation: Organisation, status: str, note: str = ""
) -> Organisation:
    """Staff verify an organisation (it then shows in the public directory) or suspend it."""
    require(actor, "accounts.verify_organisation", organisation)
    if status not in Verification.values:
        raise ValidationError({"verification": _("Choose verified, unverified or suspended.")})
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = organisation.verification
        if before != status:
            organisation.verification = status
            organisation.save(update_fields=["verification"])
            audit.record(
                actor=actor,
                action="verify",
                obj=organisation,
                changes={"verification": [before, status]},
                message=note,
            )
    return organisation


def _organisation_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    cleaned = dict(fields)
    if "credit_code" in cleaned:
        cleaned["credit_code"] = normalise_uscc(cleaned["credit_code"] or "") or None
    return cleaned


# Departments (reference data) ----------------------------------------------------------------


def upsert_department(*, actor: Any, code: str, **fields: Any) -> tuple[Department, bool]:
    """Create or update a department by code (the reference-data loader acts as SYSTEM)."""
    require(actor, "accounts.change_department")
    with transaction.atomic():
        department = Department.objects.select_for_update().filter(code=code).first()
        created = department is None
        department = department or Department(code=code)
        before = {} if created else audit.snapshot(department, DEPARTMENT_FIELDS)
        for name, value in fields.items():
            setattr(department, name, value)
        department.full_clean()
        changes = audit.diff(before, audit.snapshot(department, DEPARTMENT_FIELDS))
        if changes:
            department.save()
            audit.record(
                actor=actor,
                action="create" if created else "update",
                obj=department,
                changes=changes,
            )
    return department, created
