import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gtis.accounts import services
from gtis.accounts.models import Organisation, User
from gtis.core.actors import SYSTEM
from gtis.core.models import AuditEvent
from gtis.core.roles import Role

pytestmark = pytest.mark.django_db


def test_an_administrator_creates_a_department_officer(admin_user, department):
    user = services.create_user(
        actor=admin_user,
        password="Gr33n-Tech-2026",
        username="li",
        full_name="李雷",
        role=Role.DEPARTMENT_OFFICER,
        department=department,
    )

    assert user.check_password("Gr33n-Tech-2026")
    event = AuditEvent.objects.get(action="create", object_id=str(user.pk))
    assert event.actor == admin_user
    assert event.changes["role"] == "department_officer"
    assert event.changes["department"] == department.pk


def test_a_department_officer_needs_a_department(admin_user):
    with pytest.raises(ValidationError) as error:
        services.create_user(
            actor=admin_user,
            password="Gr33n-Tech-2026",
            username="li",
            full_name="李雷",
            role=Role.DEPARTMENT_OFFICER,
        )
    assert "department" in error.value.message_dict
    assert not User.objects.filter(username="li").exists()


def test_a_user_cannot_belong_to_a_department_and_an_organisation(
    admin_user, department, organisation
):
    with pytest.raises(ValidationError) as error:
        services.create_user(
            actor=admin_user,
            password="Gr33n-Tech-2026",
            username="li",
            full_name="李雷",
            role=Role.EXPERT,
            department=department,
            organisation=organisation,
        )
    assert "organisation" in error.value.message_dict


def test_a_weak_password_is_refused_on_the_password_field(admin_user):
    with pytest.raises(ValidationError) as error:
        services.create_user(
            actor=admin_user, password="short", username="li", full_name="李雷", role=Role.EXPERT
        )
    assert "password" in error.value.message_dict
    assert not User.objects.filter(username="li").exists()


def test_a_duplicate_username_is_refused_on_the_username_field(admin_user):
    with pytest.raises(ValidationError) as error:
        services.create_user(
            actor=admin_user,
            password="Gr33n-Tech-2026",
            username="admin",
            full_name="重名",
            role=Role.EXPERT,
        )
    assert "username" in error.value.message_dict


def test_a_department_officer_cannot_create_users_and_nothing_changes(officer):
    count, audit_count = User.objects.count(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.create_user(
            actor=officer,
            password="Gr33n-Tech-2026",
            username="li",
            full_name="李雷",
            role=Role.EXPERT,
        )
    assert (User.objects.count(), AuditEvent.objects.count()) == (count, audit_count)


def test_updating_a_user_records_only_what_changed(admin_user, users):
    expert = users[Role.EXPERT]
    services.update_user(actor=admin_user, user=expert, full_name="新名字", email=expert.email)

    event = AuditEvent.objects.get(action="update", object_id=str(expert.pk))
    assert event.changes == {"full_name": [expert.full_name, "新名字"]}


def test_an_update_that_changes_nothing_writes_no_audit_row(admin_user, users):
    expert = users[Role.EXPERT]
    before = AuditEvent.objects.count()
    services.update_user(actor=admin_user, user=expert, full_name=expert.full_name)
    assert AuditEvent.objects.count() == before


def test_an_organisation_with_a_wrong_check_digit_is_refused(admin_user):
    with pytest.raises(ValidationError) as error:
        services.create_organisation(
            actor=admin_user, name="新公司", kind="enterprise", credit_code="91110108MA01ABCD2X"
        )
    assert "credit_code" in error.value.message_dict
    assert not Organisation.objects.filter(name="新公司").exists()


def test_a_credit_code_is_stored_compact_and_upper_case(admin_user):
    organisation = services.create_organisation(
        actor=admin_user, name="新公司", kind="enterprise", credit_code=" 91110108ma01abcd2h "
    )
    assert organisation.credit_code == "91110108MA01ABCD2H"


def test_an_organisation_admin_edits_their_own_organisation(users, organisation):
    member = users[Role.ORGANISATION_MEMBER]
    member.organisation_role = "admin"
    member.save()

    services.update_organisation(actor=member, organisation=organisation, name_en="Huaqing")

    organisation.refresh_from_db()
    assert organisation.name_en == "Huaqing"


def test_a_plain_member_cannot_edit_the_organisation(users, organisation):
    with pytest.raises(PermissionDenied):
        services.update_organisation(
            actor=users[Role.ORGANISATION_MEMBER], organisation=organisation, name_en="Huaqing"
        )
    organisation.refresh_from_db()
    assert organisation.name_en == ""


def test_upserting_a_department_is_idempotent(db):
    services.upsert_department(
        actor=SYSTEM, code="x", name="某部全称", short_name="某部", name_en="Some Ministry"
    )
    _, created = services.upsert_department(
        actor=SYSTEM, code="x", name="某部全称", short_name="某部", name_en="Some Ministry"
    )
    assert not created
    assert AuditEvent.objects.filter(action="create").count() == 1
    assert AuditEvent.objects.filter(action="update").count() == 0


def test_choosing_a_language_is_kept_on_the_account(users):
    expert = users[Role.EXPERT]
    services.set_preferred_language(actor=expert, language="en")
    expert.refresh_from_db()
    assert expert.language == "en"


def test_an_unknown_language_is_refused(users):
    with pytest.raises(ValidationError) as error:
        services.set_preferred_language(actor=users[Role.EXPERT], language="fr")
    assert "language" in error.value.message_dict


def test_model_history_records_who_changed_what(admin_user, users):
    expert = users[Role.EXPERT]
    services.update_user(actor=admin_user, user=expert, phone="010-12345678")
    assert expert.history.first().phone == "010-12345678"
