import json
import os
import subprocess
import sys

import pytest
from django.urls import reverse

from gtis.accounts.models import Organisation, User
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.helpers import assert_flat_query_count

pytestmark = pytest.mark.django_db


def test_the_schema_is_a_valid_openapi_3_document(client, tmp_path):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert "/api/accounts/users/" in document["paths"]
    assert "/api/core/jobs/{id}/resume/" in document["paths"]


def test_the_schema_validates_without_warnings():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gtis",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            "/dev/null",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
    )
    assert result.returncode == 0, result.stderr


def test_the_interactive_docs_render_from_vendored_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "swagger-ui" in body
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body


def test_lists_are_paginated_with_count_next_previous_results(api_as, admin_user):
    OrganisationFactory.create_batch(3)
    response = api_as(admin_user).get("/api/registry/organisations/", {"page_size": 2})
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == Organisation.objects.count()
    assert len(body["results"]) == 2 and body["previous"] is None and "page=2" in body["next"]


def test_lists_filter(api_as, admin_user, users):
    response = api_as(admin_user).get("/api/accounts/users/", {"role": "expert"})
    assert [user["username"] for user in response.json()["results"]] == ["expert"]


def test_an_anonymous_write_is_refused_and_changes_nothing(api_client, db):
    count = Organisation.objects.count()
    response = api_client.post("/api/registry/organisations/", {"name": "x", "kind": "enterprise"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert Organisation.objects.count() == count


def test_a_department_officer_gets_403_on_the_admin_api(api_as, officer):
    api = api_as(officer)
    assert api.get("/api/accounts/users/").status_code == 403
    response = api.post(
        "/api/accounts/users/",
        {"username": "x", "full_name": "x", "role": "expert", "password": "Gr33n-Tech-2026"},
    )
    assert response.status_code == 403
    assert response.json() == {"detail": response.json()["detail"], "code": "permission_denied"}
    assert not User.objects.filter(username="x").exists()


def test_bad_input_names_each_field_and_changes_nothing(api_as, admin_user):
    response = api_as(admin_user).post(
        "/api/registry/organisations/",
        {"name": "新公司", "kind": "spaceship", "credit_code": "91110108MA01ABCD2X"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "kind" in body["errors"]
    assert not Organisation.objects.filter(name="新公司").exists()


def test_service_validation_errors_come_back_on_their_fields(api_as, admin_user):
    response = api_as(admin_user).post(
        "/api/registry/organisations/",
        {"name": "新公司", "kind": "enterprise", "credit_code": "91110108MA01ABCD2X"},
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["credit_code"]
    assert "H" in response.json()["errors"]["credit_code"][0]


def test_an_administrator_creates_a_user_through_the_api_with_an_audit_row(
    api_as, admin_user, department
):
    response = api_as(admin_user).post(
        "/api/accounts/users/",
        {
            "username": "li",
            "full_name": "李雷",
            "role": "department_officer",
            "department": "most",
            "password": "Gr33n-Tech-2026",
        },
    )
    assert response.status_code == 201, response.json()
    user = User.objects.get(username="li")
    assert "password" not in response.json()
    assert AuditEvent.objects.filter(
        action="create", object_id=str(user.pk), actor=admin_user
    ).exists()


def test_token_authentication(api_client, users):
    token = api_client.post(reverse("api-token"), {"username": "expert", "password": PASSWORD})
    assert token.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    me = api_client.get("/api/accounts/users/me/")
    assert me.json()["username"] == "expert"


def test_the_user_list_api_costs_the_same_queries_however_many_rows(api_as, admin_user):
    api = api_as(admin_user)
    assert_flat_query_count(
        lambda: api.get("/api/accounts/users/"),
        lambda: UserFactory.create_batch(10, role=Role.BROKER),
    )
