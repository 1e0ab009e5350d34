"""The experts sheet: affiliations by credit code or name, fields by catalogue code, the pool
de-duplicated by name + affiliation, every row written through `save_expert`."""

import csv

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gtis.catalog.models import Taxonomy, TaxonomyNode
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from gtis.registry import services, sheets
from gtis.registry.models import Expert
from gtis.registry.sheets import RowError
from tests.factories import OrganisationFactory, UserFactory, valid_uscc

pytestmark = pytest.mark.django_db
EXPERTS = sheets.spec_for("experts")
HEADER = ["姓名", "职称", "工作单位", "领域", "可用性", "邮箱"]


def csv_sheet(path, lines):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(lines)
    return path


@pytest.fixture
def catalogue(db):
    """A few nodes of the 2019 green industry catalogue, and another taxonomy's node."""
    gic = Taxonomy.objects.create(code="gic-2019", name="绿色产业指导目录（2019年版）")
    nodes = TaxonomyNode.objects
    energy = nodes.add_root(instance=TaxonomyNode(taxonomy=gic, code="1", name="节能环保产业"))
    equipment = nodes.add_child(
        energy, instance=TaxonomyNode(taxonomy=gic, code="1.1", name="高效节能装备制造")
    )
    boilers = nodes.add_child(
        equipment, instance=TaxonomyNode(taxonomy=gic, code="1.1.1", name="节能锅炉制造")
    )
    other = Taxonomy.objects.create(code="other", name="另一目录")
    nodes.add_root(instance=TaxonomyNode(taxonomy=other, code="9", name="其他"))
    return {"1": energy, "1.1": equipment, "1.1.1": boilers}


@pytest.fixture
def office(db):
    return UserFactory(role=Role.COORDINATING_OFFICE)


def test_expert_rows_become_experts_of_the_pool(tmp_path, catalogue, office):
    university = OrganisationFactory(name="清华大学", credit_code=valid_uscc(7001))
    institute = OrganisationFactory(name="中国科学院生态环境研究中心", credit_code=None)
    path = csv_sheet(
        tmp_path / "experts.csv",
        [
            [*HEADER, "职务", "专长", "电话", "英文姓名"],
            [
                "王明",
                "教授",
                university.credit_code,
                "1.1；1.1.1",
                "Limited",
                "wm@example.com",
                "院长",
                "锅炉能效",
                "010-1234",
                "Wang Ming",
            ],
            ["李华", "研究员", "中国科学院生态环境研究中心", "1", "", "", "", "", "", ""],
        ],
    )

    preview = sheets.preview(EXPERTS, path, actor=office)
    outcome = sheets.commit(EXPERTS, actor=office, path=path)

    assert (preview.rows, preview.new, preview.existing, preview.errors) == (2, 2, 0, [])
    assert outcome.as_dict() == {"added": 2, "existing": 0, "skipped": 0, "errors": []}
    wang = Expert.objects.get(name="王明")
    assert (
        wang.name_en, wang.title, wang.affiliation, wang.position, wang.expertise,
        wang.availability, wang.email, wang.phone, wang.is_listed,
    ) == (
        "Wang Ming", "教授", university, "院长", "锅炉能效",
        "limited", "wm@example.com", "010-1234", True,
    )  # fmt: skip
    assert sorted(node.code for node in wang.fields.all()) == ["1.1", "1.1.1"]
    li = Expert.objects.get(name="李华")
    assert (li.affiliation, li.availability, [n.code for n in li.fields.all()]) == (
        institute,
        "available",
        ["1"],
    )
    assert AuditEvent.objects.filter(action="create", actor=office).count() == 2


def test_bad_expert_rows_name_their_row_and_column(tmp_path, catalogue, office, english):
    OrganisationFactory(name="同名研究所", province="11")
    OrganisationFactory(name="同名研究所", province="32")
    path = csv_sheet(
        tmp_path / "experts.csv",
        [
            HEADER,
            ["甲", "", "", "", "", ""],
            ["乙", "教授", "不存在大学", "", "", ""],
            ["丙", "教授", "同名研究所", "", "", ""],
            ["丁", "教授", "", "1.1、9、7.7", "", ""],
            ["戊", "教授", "", "", "busy", ""],
            ["己", "教授", "", "", "", "not-an-email"],
        ],
    )

    preview = sheets.preview(EXPERTS, path, actor=office)

    assert preview.errors == [
        RowError(2, "职称", "This field is required."),
        RowError(
            3,
            "工作单位",
            "No organisation in the registry has the credit code or name “不存在大学”.",
        ),
        RowError(
            4,
            "工作单位",
            "Several organisations are called “同名研究所”: give the credit code instead.",
        ),
        RowError(5, "领域", "“9” is not a code of the 2019 green industry catalogue."),
        RowError(5, "领域", "“7.7” is not a code of the 2019 green industry catalogue."),
        RowError(6, "可用性", "“busy” is not one of: Available, Limited, Unavailable."),
        RowError(7, "邮箱", "Enter a valid email address."),
    ]  # fmt: skip
    assert (preview.rows, preview.valid, preview.new) == (6, 0, 0)
    assert Expert.objects.count() == 0


def test_experts_already_in_the_pool_are_counted_and_left_as_they_are(
    tmp_path, catalogue, office, english
):
    university = OrganisationFactory(name="清华大学")
    services.save_expert(actor=office, name="王明", title="教授", affiliation=university)
    path = csv_sheet(
        tmp_path / "experts.csv",
        [
            HEADER,
            ["王明", "院士", "清华大学", "", "", ""],
            ["王明", "工程师", "", "", "", ""],
            ["王明", "工程师", "", "", "", ""],
        ],
    )

    preview = sheets.preview(EXPERTS, path, actor=office)
    outcome = sheets.commit(EXPERTS, actor=office, path=path)

    assert (preview.new, preview.existing) == (1, 1)
    assert (
        preview.errors == [RowError(4, "姓名", "Repeats an earlier row.")]
        or preview.errors[0].row == 4
    )
    assert outcome.as_dict() == {"added": 1, "existing": 1, "skipped": 1, "errors": []}
    assert sorted(Expert.objects.values_list("title", "affiliation__name")) == [
        ("工程师", None),
        ("教授", "清华大学"),
    ]


def test_a_row_the_service_refuses_on_commit_is_reported_not_raised(
    tmp_path, catalogue, office, english
):
    path = csv_sheet(
        tmp_path / "experts.csv",
        [HEADER, ["王明", "教授", "", "", "", "wm@"], ["李华", "研究员", "", "", "", ""]],
    )

    outcome = sheets.commit(EXPERTS, actor=office, path=path)

    assert outcome.as_dict() == {
        "added": 1,
        "existing": 0,
        "skipped": 1,
        "errors": [{"row": 2, "column": "邮箱", "message": "Enter a valid email address."}],
    }
    assert list(Expert.objects.values_list("name", flat=True)) == ["李华"]


def test_only_staff_may_commit_an_experts_sheet(tmp_path, catalogue):
    path = csv_sheet(tmp_path / "experts.csv", [HEADER, ["王明", "教授", "", "", "", ""]])
    member = UserFactory(role=Role.ORGANISATION_MEMBER)

    with pytest.raises(PermissionDenied):
        sheets.commit(EXPERTS, actor=member, path=path)
    assert Expert.objects.count() == 0


def exported(client, fmt="csv", **params):
    response = client.get(reverse("registry:export", args=["experts", fmt]), params)
    assert response.status_code == 200
    return response


def test_expert_contacts_are_exported_only_to_those_who_may_see_them(client, office):
    expert_user = UserFactory(role=Role.EXPERT)
    services.save_expert(
        actor=office,
        name="王明",
        title="教授",
        email="wm@example.com",
        phone="010-1",
        user=expert_user,
    )
    services.save_expert(actor=office, name="李华", title="研究员", email="lh@example.com")
    services.save_expert(actor=office, name="赵六", title="研究员", is_listed=False)

    def rows(user):
        client.logout()
        if user:
            client.force_login(user)
        text = exported(client).content.decode("utf-8-sig")
        return [line.split(",")[0:1] + line.split(",")[8:] for line in text.splitlines()[1:]]

    assert rows(None) == [["李华", "", ""], ["王明", "", ""]]
    assert rows(expert_user) == [["李华", "", ""], ["王明", "wm@example.com", "010-1"]]
    assert rows(office) == [
        ["李华", "lh@example.com", ""],
        ["王明", "wm@example.com", "010-1"],
        ["赵六", "", ""],
    ]


def test_an_exported_experts_sheet_imports_without_duplicates(client, tmp_path, catalogue, office):
    university = OrganisationFactory(name="清华大学", credit_code=valid_uscc(7001))
    services.save_expert(
        actor=office,
        name="王明",
        title="教授",
        affiliation=university,
        availability="limited",
        email="wm@example.com",
        fields_of_work=[catalogue["1.1"], catalogue["1.1.1"]],
    )
    services.save_expert(actor=office, name="王明", title="工程师")
    client.force_login(office)

    for fmt in ("xlsx", "csv"):
        path = tmp_path / f"experts.{fmt}"
        path.write_bytes(exported(client, fmt).content)
        preview = sheets.preview(EXPERTS, path, actor=office)
        outcome = sheets.commit(EXPERTS, actor=office, path=path)

        assert (preview.rows, preview.new, preview.existing, preview.errors) == (2, 0, 2, [])
        assert outcome.as_dict() == {"added": 0, "existing": 2, "skipped": 0, "errors": []}
    assert Expert.objects.count() == 2
    lines = (tmp_path / "experts.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "姓名,英文姓名,职称,工作单位,职务,领域,专长,可用性,邮箱,电话"
    assert lines[1].startswith("王明,,教授,清华大学,,1.1、1.1.1,,")
    assert lines[1].endswith(",wm@example.com,")


def test_the_expert_export_is_filtered_as_the_expert_list(client, catalogue, office):
    services.save_expert(
        actor=office, name="王明", title="教授", fields_of_work=[catalogue["1.1.1"]]
    )
    services.save_expert(actor=office, name="李华", title="研究员", availability="unavailable")

    by_field = exported(client, field="1.1").content.decode("utf-8-sig").splitlines()
    by_availability = exported(client, availability="unavailable").content.decode("utf-8-sig")

    assert [line.split(",")[0] for line in by_field[1:]] == ["王明"]
    assert [line.split(",")[0] for line in by_availability.splitlines()[1:]] == ["李华"]
