import time

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from stdnum.cn import uscc

from gtis.accounts.models import Organisation
from gtis.core import services
from gtis.core.models import BackgroundJob, JobStatus
from gtis.core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PROVINCES = ["北京", "江苏", "广东", "浙江", "四川"]


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


def run(user, kind, arguments, capture):
    with capture(execute=True):
        job = services.start_job(actor=user, kind=kind, label=kind, arguments=arguments)
    job.refresh_from_db()
    return job


def test_ten_thousand_rows_with_twenty_bad_ones(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    bad = set(range(7, 10_000, 500))  # 20 rows
    name = "imports/orgs.xlsx"
    sheet(tmp_path / "upload.xlsx", bad=bad)
    default_storage.save(name, ContentFile((tmp_path / "upload.xlsx").read_bytes()))

    started = time.perf_counter()
    preview = run(
        admin, "registry.preview_organisations", {"file": name}, django_capture_on_commit_callbacks
    )
    assert preview.status == JobStatus.SUCCEEDED, preview.error
    result = preview.result
    assert (result["rows"], result["valid"], result["new"]) == (10_000, 9_980, 9_980)
    assert sorted(e["row"] for e in result["errors"]) == sorted(n + 2 for n in bad)
    assert {e["column"] for e in result["errors"]} == {"统一社会信用代码"}
    assert Organisation.objects.count() == 0

    commit = run(
        admin,
        "registry.import_organisations",
        {"file": name, "actor_id": admin.pk},
        django_capture_on_commit_callbacks,
    )
    elapsed = time.perf_counter() - started
    assert commit.status == JobStatus.SUCCEEDED, commit.error
    assert commit.result == {"added": 9_980, "skipped": 20}
    assert Organisation.objects.count() == 9_980
    assert elapsed < 60, f"{elapsed:.1f} s"

    again = run(
        admin,
        "registry.import_organisations",
        {"file": name, "actor_id": admin.pk},
        django_capture_on_commit_callbacks,
    )
    assert again.result["added"] == 0
    assert Organisation.objects.count() == 9_980


def test_an_interrupted_import_resumes_after_its_last_batch(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    sheet(tmp_path / "s.xlsx", rows=1200)
    name = default_storage.save("imports/s.xlsx", ContentFile((tmp_path / "s.xlsx").read_bytes()))
    job = BackgroundJob.objects.create(
        kind="registry.import_organisations",
        label="x",
        started_by=admin,
        arguments={"file": name, "actor_id": admin.pk},
        status=JobStatus.FAILED,
        checkpoint={"row": 501, "added": 500},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_job(actor=admin, job=job)
    job.refresh_from_db()
    assert job.result == {"added": 1200, "skipped": 0}
    assert Organisation.objects.count() == 700  # the first 500 were written by the first attempt


def test_the_import_pages(client, tmp_path, settings, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    client.force_login(admin)
    path = sheet(tmp_path / "orgs.xlsx", rows=30, bad={3})
    upload = SimpleUploadedFile("orgs.xlsx", path.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_start"), {"file": upload})
    job = BackgroundJob.objects.get()
    assert response.url == reverse("registry:import_detail", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert 'data-testid="preview-errors"' in page and "<td>5</td>" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url)
    assert Organisation.objects.count() == 29


def test_officers_cannot_import(client, tmp_path):
    officer = UserFactory(role=Role.DEPARTMENT_OFFICER)
    client.force_login(officer)
    assert client.get(reverse("registry:import_start")).status_code == 403
