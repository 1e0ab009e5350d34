"""Exports of registry sheets: what the viewer may see, filtered as the list page, never
private contacts, recorded in the audit trail, and read back by an import."""

import io

import openpyxl
import pytest
from django.urls import reverse

from gtis.accounts.models import Organisation
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from gtis.registry import sheets
from tests.factories import OrganisationFactory, UserFactory, valid_uscc

pytestmark = pytest.mark.django_db
ORGANISATIONS = sheets.spec_for("organisations")


def export(client, fmt="xlsx", sheet="organisations", **params):
    return client.get(reverse("registry:export", args=[sheet, fmt]), params)


def xlsx_rows(response):
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values)


def test_anyone_may_export_the_organisations_they_may_see_without_private_contacts(client):
    OrganisationFactory(
        name="华清绿能科技有限公司",
        credit_code=valid_uscc(9001),
        kind="university",
        province="32",
        city="苏州",
        industry="制造业",
        public_contact="公开电话 0512-1",
        private_contact="私人电话 139",
    )
    OrganisationFactory(name="未核实公司", verification="unverified")

    response = export(client)

    assert response.status_code == 200
    assert response["Content-Type"] == sheets.engine.XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="organisations-')
    assert xlsx_rows(response) == [
        ("名称", "英文名称", "统一社会信用代码", "类型", "省份", "城市", "行业", "公开联系方式"),
        (
            "华清绿能科技有限公司",
            None,
            valid_uscc(9001),
            Organisation(kind="university").get_kind_display(),
            "江苏省",
            "苏州",
            "制造业",
            "公开电话 0512-1",
        ),
    ]


def test_the_organisation_export_is_filtered_as_the_directory(client):
    OrganisationFactory(name="江苏绿色大学", kind="university", province="32")
    OrganisationFactory(name="江苏绿色企业", kind="enterprise", province="32")
    OrganisationFactory(name="北京绿色大学", kind="university", province="11")

    response = export(client, "csv", province="32", kind="university")

    assert response.content.startswith(b"\xef\xbb\xbf")  # so that Excel reads it as UTF-8
    lines = response.content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["江苏绿色大学"]
    searched = export(client, "csv", search="北京").content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in searched[1:]] == ["北京绿色大学"]


def test_each_export_is_recorded_in_the_audit_trail(client):
    OrganisationFactory(province="32")
    user = UserFactory(role=Role.BROKER)
    client.force_login(user)

    export(client, "csv", province="32", kind="")

    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.changes) == (
        user,
        {"sheet": "organisations", "format": "csv", "rows": 1, "filters": {"province": "32"}},
    )


def test_an_unknown_sheet_or_format_is_not_found(client):
    assert export(client, "csv", sheet="networks").status_code == 404
    assert export(client, "json").status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_an_exported_organisations_sheet_imports_without_duplicates(client, tmp_path):
    OrganisationFactory(name="华清绿能科技有限公司", credit_code=valid_uscc(9001), kind="park")
    OrganisationFactory(name="深圳低碳研究院", credit_code=None, province="44", city="深圳")
    OrganisationFactory(name="未核实公司", credit_code=None, province="", verification="unverified")
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    client.force_login(admin)

    for fmt in ("xlsx", "csv"):
        path = tmp_path / f"organisations.{fmt}"
        path.write_bytes(export(client, fmt).content)
        preview = sheets.preview(ORGANISATIONS, path, actor=admin)
        outcome = sheets.commit(ORGANISATIONS, actor=admin, path=path)

        assert (preview.rows, preview.new, preview.existing, preview.errors) == (3, 0, 3, [])
        assert outcome.as_dict() == {"added": 0, "existing": 3, "skipped": 0, "errors": []}
    assert Organisation.objects.count() == 3
