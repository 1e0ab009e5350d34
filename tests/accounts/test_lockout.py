from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gtis.accounts.models import User
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_repeated_bad_logins_lock_the_account(client, users, settings):
    settings.GTIS_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        response = login(client, "expert", "wrong-password")
        assert response.status_code == 200
    expert = User.objects.get(username="expert")
    assert expert.failed_login_count == 3
    assert expert.is_locked

    response = login(client, "expert", PASSWORD)

    assert "_auth_user_id" not in client.session
    assert "locked" in response.content.decode().lower() or "锁定" in response.content.decode()
    actions = list(
        AuditEvent.objects.filter(object_id=str(expert.pk)).values_list("action", flat=True)
    )
    assert actions.count("login_failed") == 4
    assert actions.count("account_locked") == 1


def test_a_lock_expires_and_a_good_login_resets_the_count(client, users, settings):
    settings.GTIS_LOGIN_MAX_FAILURES = 2
    login(client, "expert", "bad")
    login(client, "expert", "bad")
    User.objects.filter(username="expert").update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )

    response = login(client, "expert", PASSWORD)

    assert response.status_code == 302
    expert = User.objects.get(username="expert")
    assert (expert.failed_login_count, expert.locked_until) == (0, None)
    assert AuditEvent.objects.filter(action="login", actor=expert).count() == 1


def test_an_administrator_unlocks_an_account(client, users, settings):
    settings.GTIS_LOGIN_MAX_FAILURES = 1
    login(client, "expert", "bad")
    expert = User.objects.get(username="expert")
    assert expert.is_locked
    client.force_login(users[Role.PLATFORM_ADMIN])

    response = client.post(reverse("accounts:user_unlock", args=[expert.pk]))

    assert response.status_code == 302
    expert.refresh_from_db()
    assert not expert.is_locked
    assert AuditEvent.objects.filter(action="unlock", object_id=str(expert.pk)).exists()


def test_a_department_officer_cannot_unlock(client, users, settings):
    settings.GTIS_LOGIN_MAX_FAILURES = 1
    login(client, "expert", "bad")
    client.force_login(users[Role.DEPARTMENT_OFFICER])
    expert = User.objects.get(username="expert")

    response = client.post(reverse("accounts:user_unlock", args=[expert.pk]))

    assert response.status_code == 403
    expert.refresh_from_db()
    assert expert.is_locked


def test_a_failed_login_for_an_unknown_username_is_audited(client, db):
    login(client, "nobody", "whatever")
    event = AuditEvent.objects.get(action="login_failed")
    assert (event.actor_label, event.actor, event.category) == ("nobody", None, "auth")


def test_bad_logins_through_the_api_token_endpoint_count_too(api_client, users, settings):
    settings.GTIS_LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        response = api_client.post(reverse("api-token"), {"username": "expert", "password": "bad"})
        assert response.status_code == 400
    response = api_client.post(reverse("api-token"), {"username": "expert", "password": PASSWORD})
    assert response.status_code == 400
    assert User.objects.get(username="expert").is_locked
