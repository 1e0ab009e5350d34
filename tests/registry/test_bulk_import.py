"""Importing sheets as background jobs: organisations (the bulk fast path), the jobs'
progress and resumption, the import pages and who may use them."""

import time

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from stdnum.cn import uscc

from gtis.accounts.models import Organisation, OrganisationRole
from gtis.core import services
from gtis.core.models import AuditEvent, BackgroundJob, JobStatus
from gtis.core.roles import Role
from gtis.registry import sheets
from gtis.registry.models import Site
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
PROVINCES = ["北京", "江苏", "广东", "浙江", "四川"]
ORGANISATIONS = sheets.spec_for("organisations")


def credit_code(n: int) -> str:
    body = f"91320500MA{n:07d}"
    return body + uscc.calc_check_digit(body + "0")


def sheet(path, rows=10_000, bad=()):
    """`rows` organisations; rows whose index is in `bad` get a wrong check digit."""
    book = openpyxl.Workbook(write_only=True)
    table = book.create_sheet()
    table.append(["名称", "统一社会信用代码", "类型", "省份", "行业"])
    for n in range(rows):
        code = credit_code(n)
        if n in bad:
            code = code[:-1] + ("0" if code[-1] != "0" else "1")
        table.append([f"绿色制造示范企业{n:05d}有限公司", code, "企业", PROVINCES[n % 5], "制造业"])
    book.save(path)
    return path


def csv_sheet(path, lines, encoding="utf-8-sig"):
    path.write_bytes("\n".join(",".join(line) for line in lines).encode(encoding))
    return path


def run(user, kind, arguments, capture):
    with capture(execute=True):
        job = services.start_job(actor=user, kind=kind, label=kind, arguments=arguments)
    job.refresh_from_db()
    return job


def stored(tmp_path, path):
    return default_storage.save(f"imports/{path.name}", ContentFile(path.read_bytes()))


def test_ten_thousand_rows_with_twenty_bad_ones(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    bad = set(range(7, 10_000, 500))  # 20 rows
    name = stored(tmp_path, sheet(tmp_path / "orgs.xlsx", bad=bad))
    arguments = {"kind": "organisations", "file": name, "actor_id": admin.pk}

    started = time.perf_counter()
    preview = run(admin, "registry.preview_sheet", arguments, django_capture_on_commit_callbacks)
    assert preview.status == JobStatus.SUCCEEDED, preview.error
    result = preview.result
    assert (result["rows"], result["valid"], result["new"]) == (10_000, 9_980, 9_980)
    assert sorted(e["row"] for e in result["errors"]) == sorted(n + 2 for n in bad)
    assert {e["column"] for e in result["errors"]} == {"统一社会信用代码"}
    assert preview.progress_done == 10_000
    assert Organisation.objects.count() == 0

    commit = run(
        admin,
        "registry.import_sheet",
        arguments | {"rows": 10_000},
        django_capture_on_commit_callbacks,
    )
    elapsed = time.perf_counter() - started
    assert commit.status == JobStatus.SUCCEEDED, commit.error
    assert commit.result == {"added": 9_980, "existing": 0, "skipped": 20, "errors": []}
    assert (commit.progress_done, commit.progress_total) == (10_000, 10_000)
    assert Organisation.objects.count() == 9_980
    assert AuditEvent.objects.filter(action="bulk_import").count() == 20  # one per batch
    assert elapsed < 60, f"{elapsed:.1f} s"

    again = run(admin, "registry.import_sheet", arguments, django_capture_on_commit_callbacks)
    assert again.result == {"added": 0, "existing": 9_980, "skipped": 20, "errors": []}
    assert Organisation.objects.count() == 9_980


def test_an_interrupted_import_resumes_after_its_last_batch(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    name = stored(tmp_path, sheet(tmp_path / "s.xlsx", rows=1200))
    job = BackgroundJob.objects.create(
        kind="registry.import_sheet",
        label="x",
        started_by=admin,
        arguments={"kind": "organisations", "file": name, "actor_id": admin.pk},
        status=JobStatus.FAILED,
        checkpoint={"row": 501, "added": 500, "existing": 0, "skipped": 0, "errors": []},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_job(actor=admin, job=job)
    job.refresh_from_db()
    assert job.result == {"added": 1200, "existing": 0, "skipped": 0, "errors": []}
    assert job.checkpoint["row"] == 1201
    assert Organisation.objects.count() == 700  # the first 500 were written by the first attempt


def test_the_preview_counts_records_already_in_the_registry_and_repeated_rows(tmp_path, english):
    OrganisationFactory(name="华清绿能科技有限公司", credit_code=credit_code(1))
    OrganisationFactory(name="无代码环保协会", credit_code=None, province="32")
    path = csv_sheet(
        tmp_path / "orgs.csv",
        [
            ["名称", "统一社会信用代码", "省份"],
            ["华清绿能科技有限公司", credit_code(1), "北京"],
            ["无代码环保协会", "", "江苏省"],
            ["无代码环保协会", "", "北京"],
            ["新材料有限公司", credit_code(2), "广东"],
            ["新材料有限公司（重复）", credit_code(2), "广东"],
        ],
    )

    result = sheets.preview(ORGANISATIONS, path)

    assert (result.rows, result.valid, result.new, result.existing) == (5, 4, 2, 2)
    assert result.errors == [sheets.RowError(6, "名称", "Repeats an earlier row.")]
    assert Organisation.objects.count() == 2


def test_bad_organisation_rows_name_their_row_and_column(tmp_path, english):
    path = csv_sheet(
        tmp_path / "orgs.csv",
        [
            ["名称", "统一社会信用代码", "类型", "省份"],
            ["", "", "企业", "北京"],
            ["甲公司", "", "宇宙飞船", "北京"],
            ["乙公司", "", "企业", "火星"],
            ["丙公司", "123", "", ""],
        ],
    )

    result = sheets.preview(ORGANISATIONS, path)

    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "名称", "This field is required."),
        (3, "类型", "Unknown kind “宇宙飞船”."),
        (4, "省份", "Unknown province “火星”."),
        (5, "统一社会信用代码", "A unified social credit code has 18 characters; this one has 3."),
    ]
    assert (result.rows, result.valid) == (4, 0)


def test_english_headers_and_a_csv_saved_in_gbk_are_read(tmp_path):
    path = csv_sheet(
        tmp_path / "orgs.csv",
        [
            ["Name", "Credit code", "Kind", "Province", "City"],
            ["绿色金融服务有限公司", credit_code(3), "Financial institution", "Guangdong", ""],
            ["深圳低碳研究院", "", "科研院所", "深圳", ""],
        ],
        encoding="gb18030",
    )

    rows = [
        sheets.clean_row(ORGANISATIONS, n, v)[0] for n, v in sheets.read_rows(ORGANISATIONS, path)
    ]

    assert rows == [
        {
            "name": "绿色金融服务有限公司",
            "name_en": "",
            "credit_code": credit_code(3),
            "kind": "financial_institution",
            "province": "44",
            "city": "",
            "industry": "",
            "public_contact": "",
        },
        {
            "name": "深圳低碳研究院",
            "name_en": "",
            "credit_code": None,
            "kind": "research_institute",
            "province": "44",
            "city": "深圳",
            "industry": "",
            "public_contact": "",
        },
    ]


def test_a_sheet_without_a_required_column_is_refused_at_its_header(tmp_path, english):
    path = csv_sheet(tmp_path / "experts.csv", [["姓名", "职称"], ["王明", "研究员"]])

    result = sheets.preview(ORGANISATIONS, path)

    assert result.as_dict() == {
        "rows": 0,
        "valid": 0,
        "new": 0,
        "existing": 0,
        "errors": [{"row": 1, "column": "名称", "message": "The sheet has no “名称” column."}],
    }


def test_the_import_pages(client, tmp_path, settings, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    client.force_login(admin)
    path = sheet(tmp_path / "orgs.xlsx", rows=30, bad={3})
    upload = SimpleUploadedFile("orgs.xlsx", path.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:import_start"), {"kind": "organisations", "file": upload}
        )
    job = BackgroundJob.objects.get()
    assert job.kind == "registry.preview_sheet"
    assert job.arguments["kind"] == "organisations"
    assert response.url == reverse("registry:import_detail", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert 'data-testid="preview-errors"' in page and "<td>5</td>" in page
    assert 'data-testid="commit"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response.url)
    commit = BackgroundJob.objects.get(kind="registry.import_sheet")
    assert response.url == reverse("registry:import_detail", args=[commit.pk])
    assert commit.result == {"added": 29, "existing": 0, "skipped": 1, "errors": []}
    assert 'data-testid="import-result"' in client.get(response.url).content.decode()
    assert Organisation.objects.count() == 29


def test_the_preview_page_lists_the_first_500_problems_and_counts_them_all(
    client, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    client.force_login(admin)
    lines = [["名称", "省份"]] + [[f"公司{n}", "火星"] for n in range(600)]
    name = stored(tmp_path, csv_sheet(tmp_path / "bad.csv", lines))
    job = run(
        admin,
        "registry.preview_sheet",
        {"kind": "organisations", "file": name, "actor_id": admin.pk},
        django_capture_on_commit_callbacks,
    )

    page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()

    assert page.count("<td>火星") == 0 and page.count("“火星”") == 500
    assert "600" in page
    assert 'data-testid="nothing-new"' in page and 'data-testid="commit"' not in page


def test_a_preview_of_someone_elses_job_is_not_found(
    client, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    office = UserFactory(role=Role.COORDINATING_OFFICE)
    name = stored(tmp_path, csv_sheet(tmp_path / "s.csv", [["标准号", "标准名称"]]))
    job = run(
        office,
        "registry.preview_sheet",
        {"kind": "standards", "file": name, "actor_id": office.pk},
        django_capture_on_commit_callbacks,
    )
    client.force_login(UserFactory(role=Role.COORDINATING_OFFICE))

    assert client.get(reverse("registry:import_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("registry:import_detail", args=[job.pk])).status_code == 404
    assert BackgroundJob.objects.count() == 1
    del admin


def test_officers_cannot_import(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(UserFactory(role=Role.DEPARTMENT_OFFICER))
    upload = SimpleUploadedFile("orgs.xlsx", sheet(tmp_path / "orgs.xlsx", rows=3).read_bytes())

    assert client.get(reverse("registry:import_start")).status_code == 403
    response = client.post(reverse("registry:import_start"), {"kind": "sites", "file": upload})

    assert response.status_code == 403
    assert BackgroundJob.objects.count() == 0
    assert not (tmp_path / "imports").exists()


def test_an_organisation_admin_may_import_sites_but_not_organisations(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(organisation_role=OrganisationRole.ADMIN)
    client.force_login(admin)
    upload = SimpleUploadedFile("orgs.xlsx", sheet(tmp_path / "orgs.xlsx", rows=3).read_bytes())

    page = client.get(reverse("registry:import_start")).content.decode()
    response = client.post(
        reverse("registry:import_start"), {"kind": "organisations", "file": upload}
    )

    assert '<option value="sites"' in page and '<option value="organisations"' not in page
    assert response.status_code == 403
    assert BackgroundJob.objects.count() == 0
    assert Organisation.objects.count() == 1  # the admin's own
    assert Site.objects.count() == 0


def test_the_commit_of_a_preview_needs_the_sheets_permission(
    client, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    name = stored(tmp_path, sheet(tmp_path / "orgs.xlsx", rows=3))
    job = run(
        admin,
        "registry.preview_sheet",
        {"kind": "organisations", "file": name, "actor_id": admin.pk},
        django_capture_on_commit_callbacks,
    )
    admin.role = Role.COORDINATING_OFFICE  # staff, but organisations are added by admins only
    admin.save()
    client.force_login(admin)

    response = client.post(reverse("registry:import_detail", args=[job.pk]))

    assert response.status_code == 403
    assert BackgroundJob.objects.count() == 1
    assert Organisation.objects.count() == 0


def test_the_template_sheets_have_the_header_row_only(client, tmp_path):
    client.force_login(UserFactory(role=Role.COORDINATING_OFFICE))

    response = client.get(reverse("registry:import_template", args=["experts"]))

    assert response["Content-Type"] == sheets.engine.XLSX
    assert 'filename="experts-template.xlsx"' in response["Content-Disposition"]
    (tmp_path / "t.xlsx").write_bytes(response.content)
    rows = list(openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0].values)
    assert rows == [
        ("姓名", "英文姓名", "职称", "工作单位", "职务", "领域", "专长", "可用性", "邮箱", "电话")
    ]
    assert client.get("/registry/import/template/nothing.xlsx").status_code == 404


def test_a_file_that_is_not_a_workbook_is_refused_by_the_preview(tmp_path, english):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(b"PK\x03\x04 but not a zip archive")

    result = sheets.preview(ORGANISATIONS, path)

    assert result.errors == [sheets.RowError(1, "名称", "The file is not an .xlsx workbook.")]
    assert Organisation.objects.count() == 0
