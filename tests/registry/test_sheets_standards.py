"""The standards sheet: codes checked as the model checks them, mandatory or not (是/否, or
as the prefix says), one competent department, de-duplicated by code."""

import csv
import datetime
from io import StringIO

import pytest
from django.urls import reverse

from gtis.accounts import reference as account_reference
from gtis.accounts.models import Department
from gtis.core.roles import Role
from gtis.registry import services, sheets
from gtis.registry.models import Standard
from gtis.registry.sheets import RowError
from gtis.roadmap import reference as roadmap_reference
from gtis.roadmap.models import Deliverable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
STANDARDS = sheets.spec_for("standards")
HEADER = ["标准号", "标准名称", "强制性", "主管部门", "修订期限", "关联任务"]


def csv_sheet(path, lines):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(lines)
    return path


@pytest.fixture
def roadmap(db):
    """The departments and the 2019 roadmap, as `gtis load-reference` loads them."""
    account_reference.load(StringIO())
    roadmap_reference.load(StringIO())


@pytest.fixture
def office(db):
    return UserFactory(role=Role.COORDINATING_OFFICE)


def test_standard_rows_become_standards(tmp_path, roadmap, office):
    path = csv_sheet(
        tmp_path / "standards.csv",
        [
            [*HEADER, "状态", "修订计划"],
            ["GB 24500-2020", "工业锅炉能效限定值及能效等级", "", "samr", "2025-12-31", "14、15",
             "Revised", "纳入2025年修订计划"],
            ["GB/T 36132-2018", "绿色工厂评价通则", "否", "工业和信息化部", "", "", "", ""],
            ["HJ 2.1-2016", "建设项目环境影响评价技术导则 总纲", "yes", "", "", "", "", ""],
            ["T/CECA 20011-2021", "团体标准", "", "", "", "", "drafting", ""],
        ],
    )  # fmt: skip

    preview = sheets.preview(STANDARDS, path, actor=office)
    outcome = sheets.commit(STANDARDS, actor=office, path=path)

    assert (preview.new, preview.errors) == (4, [])
    assert outcome.as_dict() == {"added": 4, "existing": 0, "skipped": 0, "errors": []}
    assert list(
        Standard.objects.order_by("code").values_list(
            "code", "is_mandatory", "status", "department__code", "revision_due"
        )
    ) == [
        ("GB 24500-2020", True, "revised", "samr", datetime.date(2025, 12, 31)),
        ("GB/T 36132-2018", False, "published", "miit", None),
        ("HJ 2.1-2016", True, "published", None, None),
        ("T/CECA 20011-2021", False, "drafting", None, None),
    ]
    boilers = Standard.objects.get(code="GB 24500-2020")
    assert boilers.revision_plan == "纳入2025年修订计划"
    assert sorted(d.number for d in boilers.deliverables.all()) == [14, 15]


def test_bad_standard_rows_name_their_row_and_column(tmp_path, roadmap, office, english):
    path = csv_sheet(
        tmp_path / "standards.csv",
        [
            HEADER,
            ["GB24500", "工业锅炉", "", "", "", ""],
            ["GB/T 1-2020", "", "也许", "科技部、工业和信息化部", "2025-13-01", ""],
            ["GB 2-2020", "强制标准", "否", "", "", ""],
            ["GB/T 3-2020", "推荐标准", "是", "", "", ""],
        ],
    )

    preview = sheets.preview(STANDARDS, path, actor=office)

    assert preview.errors == [
        RowError(
            2,
            "标准号",
            "“GB24500” is not a standard code: write the prefix, the number and the year, "
            "e.g. GB 24500-2020, GB/T 36132-2018, HJ 2.1-2016 or T/CECA 20011-2021.",
        ),
        RowError(3, "标准名称", "This field is required."),
        RowError(3, "强制性", "Write 是 or 否 (yes or no), not “也许”."),
        RowError(3, "主管部门", "Give one competent department."),
        RowError(3, "修订期限", "“2025-13-01” is not a date; write it as 2020-06-30."),
        RowError(4, "强制性", "GB standards are mandatory; recommended ones carry /T (e.g. GB/T)."),
        RowError(5, "强制性", "A /T standard is recommended, not mandatory."),
    ]
    assert (preview.rows, preview.valid) == (4, 0)
    assert Standard.objects.count() == 0


def test_standards_already_in_the_registry_are_counted_and_left_as_they_are(
    tmp_path, roadmap, office
):
    services.save_standard(actor=office, code="GB 24500-2020", title="旧名称", is_mandatory=True)
    path = csv_sheet(
        tmp_path / "standards.csv",
        [
            HEADER,
            ["GB 24500-2020", "新名称", "是", "", "", ""],
            ["GB 2-2020", "新标准", "", "", "", ""],
        ],
    )

    outcome = sheets.commit(STANDARDS, actor=office, path=path)

    assert outcome.as_dict() == {"added": 1, "existing": 1, "skipped": 0, "errors": []}
    assert sorted(Standard.objects.values_list("code", "title")) == [
        ("GB 2-2020", "新标准"),
        ("GB 24500-2020", "旧名称"),
    ]


def test_an_exported_standards_sheet_imports_without_duplicates(client, tmp_path, roadmap, office):
    services.save_standard(
        actor=office,
        code="GB 24500-2020",
        title="工业锅炉能效限定值及能效等级",
        is_mandatory=True,
        status="revised",
        department=Department.objects.get(code="samr"),
        revision_due=datetime.date(2025, 12, 31),
        revision_plan="纳入2025年修订计划",
        deliverables=Deliverable.objects.filter(plan__code="gtis-2019", number__in=[14, 15]),
    )
    services.save_standard(actor=office, code="GB/T 36132-2018", title="绿色工厂评价通则")

    for fmt in ("xlsx", "csv"):
        response = client.get(reverse("registry:export", args=["standards", fmt]))
        path = tmp_path / f"standards.{fmt}"
        path.write_bytes(response.content)
        preview = sheets.preview(STANDARDS, path, actor=office)
        outcome = sheets.commit(STANDARDS, actor=office, path=path)

        assert (preview.rows, preview.new, preview.existing, preview.errors) == (2, 0, 2, [])
        assert outcome.as_dict() == {"added": 0, "existing": 2, "skipped": 0, "errors": []}
    assert Standard.objects.count() == 2
    exported = (tmp_path / "standards.csv").read_text(encoding="utf-8-sig").splitlines()
    assert exported[1] == (
        "GB 24500-2020,工业锅炉能效限定值及能效等级,是,"
        f"{Standard.objects.get(code='GB 24500-2020').get_status_display()},"
        "市场监管总局,2025-12-31,纳入2025年修订计划,14、15"
    )
