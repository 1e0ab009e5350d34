"""The UI shell: language, navigation, error pages, security headers, health."""

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from gtis.core.roles import Role

pytestmark = pytest.mark.django_db


def test_the_home_page_is_chinese_by_default(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in body
    assert "绿色技术创新体系" in body
    assert 'data-metric="accounts.organisations"' in body


def test_the_english_switch_persists_for_a_signed_in_user(client, users):
    expert = users[Role.EXPERT]
    client.force_login(expert)

    response = client.post(reverse("accounts:switch_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    expert.refresh_from_db()
    assert expert.language == "en"

    client.cookies.clear()
    client.force_login(expert)
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_switch_works_for_anonymous_visitors_by_cookie(client, db):
    client.post(reverse("accounts:switch_language"), {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Green Technology Innovation System" in body


def test_the_switch_refuses_foreign_redirects_and_unknown_languages(client, db):
    response = client.post(
        reverse("accounts:switch_language"), {"language": "fr", "next": "https://evil.example/"}
    )
    assert response.url == "/"
    assert '<html lang="zh-hans">' in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("language", "text"), [("zh-hans", "页面不存在"), ("en", "Page not found")]
)
def test_the_404_page_speaks_both_languages(client, db, language, text):
    client.cookies["django_language"] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()


@pytest.mark.parametrize(("language", "text"), [("zh-hans", "无权访问"), ("en", "Access denied")])
def test_the_403_page_speaks_both_languages(client, officer, language, text):
    client.force_login(officer)
    officer.language = language
    officer.save()
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert text in response.content.decode()


def test_the_500_page_renders_in_both_languages(client, db):
    from gtis.core.views import error_500

    request = client.get("/").wsgi_request
    assert "500" in error_500(request).content.decode()


def test_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_menu_shows_administration_only_to_whoever_may_use_it(client, users):
    client.force_login(users[Role.PLATFORM_ADMIN])
    assert reverse("accounts:user_list") in client.get("/").content.decode()
    client.force_login(users[Role.DEPARTMENT_OFFICER])
    body = client.get("/").content.decode()
    assert reverse("accounts:user_list") not in body
    assert reverse("core:audit_list") not in body


def test_the_login_page_lists_demo_accounts_only_in_debug_mode(client, db, settings):
    settings.DEBUG = False
    assert (
        'data-testid="demo-accounts"' not in client.get(reverse("accounts:login")).content.decode()
    )
    settings.DEBUG = True
    body = client.get(reverse("accounts:login")).content.decode()
    assert 'data-testid="demo-accounts"' in body and "Gtis-Demo-2026" in body


def test_healthz_answers_200_when_the_database_is_ready(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


def test_healthz_answers_503_naming_unapplied_migrations(client, db, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("m", False)])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 unapplied"


def test_healthz_answers_503_naming_an_unreachable_database(client, db, monkeypatch):
    from django.db import OperationalError, connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unreachable: OperationalError"}
