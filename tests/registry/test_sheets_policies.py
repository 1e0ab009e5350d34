"""The policies sheet: issuing departments by code, short or full name, the roadmap's
deliverables by number, de-duplicated by document number (or title where there is none)."""

import csv
import datetime
from io import StringIO

import pytest
from django.urls import reverse

from gtis.accounts import reference as account_reference
from gtis.accounts.models import Department
from gtis.core.roles import Role
from gtis.registry import services, sheets
from gtis.registry.models import Policy
from gtis.registry.sheets import RowError
from gtis.roadmap import reference as roadmap_reference
from gtis.roadmap.models import Deliverable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
POLICIES = sheets.spec_for("policies")
HEADER = ["标题", "文号", "发布日期", "发布部门", "层级", "落实的任务"]


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


def test_policy_rows_become_policies(tmp_path, roadmap, office):
    path = csv_sheet(
        tmp_path / "policies.csv",
        [
            [*HEADER, "其他发布机构", "状态", "链接", "标签"],
            ["赋予科研人员职务科技成果所有权试点方案", "国科发区〔2020〕128号", "2020-05-09",
             "most；国家发展改革委、中华人民共和国教育部", "ministerial", "3、15", "中国科学院",
             "Amended", "https://www.most.gov.cn/", "成果转化; 产权"],
            ["关于构建市场导向的绿色技术创新体系的指导意见", "", "2019年4月15日", "",
             "National (State Council)", "", "", "", "", ""],
        ],
    )  # fmt: skip

    preview = sheets.preview(POLICIES, path, actor=office)
    outcome = sheets.commit(POLICIES, actor=office, path=path)

    assert (preview.new, preview.errors) == (2, [])
    assert outcome.as_dict() == {"added": 2, "existing": 0, "skipped": 0, "errors": []}
    pilot = Policy.objects.get(document_number="国科发区〔2020〕128号")
    assert (
        pilot.issued_on, pilot.issuer_other, pilot.level, pilot.status, pilot.link, pilot.tags
    ) == (
        datetime.date(2020, 5, 9), "中国科学院", "ministerial", "amended",
        "https://www.most.gov.cn/", ["成果转化", "产权"],
    )  # fmt: skip
    assert sorted(d.code for d in pilot.issuing_departments.all()) == ["moe", "most", "ndrc"]
    assert sorted(d.number for d in pilot.deliverables.all()) == [3, 15]
    opinion = Policy.objects.get(document_number="")
    assert (opinion.issued_on, opinion.level, opinion.status) == (
        datetime.date(2019, 4, 15),
        "national",
        "in_force",
    )


def test_bad_policy_rows_name_their_row_and_column(tmp_path, roadmap, office, english):
    path = csv_sheet(
        tmp_path / "policies.csv",
        [
            HEADER,
            ["甲方案", "", "", "科学部", "national", "999"],
            ["乙方案", "", "", "", "", ""],
        ],
    )

    preview = sheets.preview(POLICIES, path, actor=office)

    assert preview.errors == [
        RowError(
            2, "发布部门", "Unknown department “科学部”: give its code, short name or full name."
        ),
        RowError(2, "落实的任务", "The 2019 roadmap has no deliverable numbered “999”."),
        RowError(3, "层级", "This field is required."),
    ]
    assert (preview.rows, preview.valid) == (2, 0)
    assert Policy.objects.count() == 0


def test_a_bad_link_is_found_by_the_preview(tmp_path, roadmap, office, english):
    path = csv_sheet(
        tmp_path / "policies.csv", [["标题", "层级", "链接"], ["甲方案", "national", "not a link"]]
    )

    preview = sheets.preview(POLICIES, path, actor=office)

    assert preview.errors == [RowError(2, "链接", "Enter a valid URL.")]
    assert Policy.objects.count() == 0


def test_policies_are_the_same_by_document_number_or_else_by_title(tmp_path, roadmap, office):
    services.save_policy(
        actor=office, title="旧标题", document_number="国办发〔2019〕1号", level="national"
    )
    services.save_policy(actor=office, title="无文号的意见", level="national")
    path = csv_sheet(
        tmp_path / "policies.csv",
        [
            HEADER,
            ["新标题", "国办发〔2019〕1号", "", "", "national", ""],
            ["无文号的意见", "", "", "", "ministerial", ""],
            ["无文号的意见", "国办发〔2019〕2号", "", "", "national", ""],
        ],
    )

    preview = sheets.preview(POLICIES, path, actor=office)
    outcome = sheets.commit(POLICIES, actor=office, path=path)

    assert (preview.new, preview.existing) == (1, 2)
    assert outcome.as_dict() == {"added": 1, "existing": 2, "skipped": 0, "errors": []}
    assert sorted(Policy.objects.values_list("title", "document_number", "level")) == [
        ("无文号的意见", "", "national"),
        ("无文号的意见", "国办发〔2019〕2号", "national"),
        ("旧标题", "国办发〔2019〕1号", "national"),
    ]


def test_an_exported_policies_sheet_imports_without_duplicates(client, tmp_path, roadmap, office):
    services.save_policy(
        actor=office,
        title="赋予科研人员职务科技成果所有权试点方案",
        document_number="国科发区〔2020〕128号",
        issued_on=datetime.date(2020, 5, 9),
        level="ministerial",
        tags=["成果转化", "产权"],
        issuing_departments=Department.objects.filter(code__in=["most", "ndrc"]),
        deliverables=Deliverable.objects.filter(plan__code="gtis-2019", number__in=[3, 15]),
    )
    services.save_policy(actor=office, title="无文号的意见", level="national")
    client.force_login(UserFactory(role=Role.EXPERT))

    for fmt in ("xlsx", "csv"):
        response = client.get(reverse("registry:export", args=["policies", fmt]))
        path = tmp_path / f"policies.{fmt}"
        path.write_bytes(response.content)
        preview = sheets.preview(POLICIES, path, actor=office)
        outcome = sheets.commit(POLICIES, actor=office, path=path)

        assert (preview.rows, preview.new, preview.existing, preview.errors) == (2, 0, 2, [])
        assert outcome.as_dict() == {"added": 0, "existing": 2, "skipped": 0, "errors": []}
    assert Policy.objects.count() == 2
    exported = (tmp_path / "policies.csv").read_text(encoding="utf-8-sig").splitlines()
    assert exported[0] == "标题,文号,发布日期,发布部门,其他发布机构,层级,状态,链接,标签,落实的任务"
    assert exported[1].startswith(
        "赋予科研人员职务科技成果所有权试点方案,国科发区〔2020〕128号,2020-05-09,科技部、国家发展改革委,"
    )
    assert exported[1].endswith(",成果转化、产权,3、15")
