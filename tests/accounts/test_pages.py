import re

import pytest
from django.core import mail
from django.urls import reverse

from gtis.accounts.models import Organisation, User
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from tests.factories import PASSWORD, UserFactory
from tests.helpers import assert_flat_query_count

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "accounts:user_list",
    "accounts:user_create",
    "accounts:organisation_create",
    "core:audit_list",
]


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_a_department_officer_gets_403_on_administrator_pages(client, officer, page):
    client.force_login(officer)
    assert client.get(reverse(page)).status_code == 403


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_administrator_creates_a_user_from_the_form(client, admin_user, department):
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "li",
            "full_name": "李雷",
            "role": "department_officer",
            "department": department.pk,
            "language": "zh-hans",
            "is_active": "on",
            "password": "Gr33n-Tech-2026",
        },
    )
    user = User.objects.get(username="li")
    assert response.status_code == 302 and response.url == user.get_absolute_url()
    assert user.department == department and user.check_password("Gr33n-Tech-2026")


def test_the_user_form_shows_service_errors_on_their_fields_and_saves_nothing(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "li",
            "full_name": "李雷",
            "role": "department_officer",
            "language": "zh-hans",
            "password": "Gr33n-Tech-2026",
        },
    )
    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(username="li").exists()


def test_the_organisation_form_explains_a_wrong_check_digit(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:organisation_create"),
        {
            "name": "新公司",
            "kind": "enterprise",
            "credit_code": "91110108MA01ABCD2X",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"]
    assert not Organisation.objects.filter(name="新公司").exists()


def test_an_organisation_admin_edits_their_organisation_from_its_page(client, users, organisation):
    member = users[Role.ORGANISATION_MEMBER]
    member.organisation_role = "admin"
    member.save()
    client.force_login(member)
    response = client.post(
        reverse("accounts:organisation_edit", args=[organisation.pk]),
        {
            "name": organisation.name,
            "name_en": "Huaqing",
            "kind": "enterprise",
            "credit_code": organisation.credit_code,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name_en == "Huaqing"


def test_another_organisations_member_cannot_edit_it(client, users, organisation):
    client.force_login(users[Role.BROKER])
    response = client.get(reverse("accounts:organisation_edit", args=[organisation.pk]))
    assert response.status_code == 403


def test_directory_pages_are_public(client, department, organisation):
    assert department.short_name in client.get(reverse("accounts:department_list")).content.decode()
    assert organisation.name in client.get(reverse("registry:directory")).content.decode()
    assert client.get(department.get_absolute_url()).status_code == 200
    assert client.get(organisation.get_absolute_url()).status_code == 200


def test_the_user_list_costs_the_same_queries_however_many_rows(client, admin_user):
    client.force_login(admin_user)
    assert_flat_query_count(
        lambda: client.get(reverse("accounts:user_list")),
        lambda: UserFactory.create_batch(10, role=Role.BROKER),
    )


def test_a_user_changes_their_password(client, users):
    expert = users[Role.EXPERT]
    client.force_login(expert)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Neu-Passw0rt-2026",
            "new_password2": "Neu-Passw0rt-2026",
        },
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.check_password("Neu-Passw0rt-2026")
    assert AuditEvent.objects.filter(action="password_change", object_id=str(expert.pk)).exists()


def test_a_weak_new_password_is_refused(client, users):
    expert = users[Role.EXPERT]
    client.force_login(expert)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "password",
            "new_password2": "password",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    expert.refresh_from_db()
    assert expert.check_password(PASSWORD)


def test_a_password_reset_by_email_link(client, users):
    expert = users[Role.EXPERT]
    client.post(reverse("accounts:password_reset"), {"email": expert.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]

    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "Neu-Passw0rt-2026",
            "new_password2": "Neu-Passw0rt-2026",
        },
    )

    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.check_password("Neu-Passw0rt-2026")
    assert AuditEvent.objects.filter(action="password_reset", object_id=str(expert.pk)).exists()


def test_the_profile_page_saves_contact_details_and_issues_a_token(client, users):
    expert = users[Role.EXPERT]
    client.force_login(expert)
    client.post(
        reverse("accounts:profile"),
        {"full_name": "孙丽", "email": "sun@example.com", "phone": "010-1"},
    )
    expert.refresh_from_db()
    assert (expert.full_name, expert.phone) == ("孙丽", "010-1")

    client.post(reverse("accounts:issue_token"))
    assert expert.auth_token.key
    assert AuditEvent.objects.filter(action="issue_api_token", actor=expert).exists()


def test_signing_in_sets_the_users_language(client, users):
    expert = users[Role.EXPERT]
    expert.language = "en"
    expert.save()
    response = client.post(reverse("accounts:login"), {"username": "expert", "password": PASSWORD})
    assert response.cookies["django_language"].value == "en"


def test_sessions_expire_after_the_idle_time(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 120 * 60
