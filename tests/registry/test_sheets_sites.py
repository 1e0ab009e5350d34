"""The sites sheet: hosts by credit code or name, coordinates both or neither, de-duplicated
by name + province; an organisation's admin adds only the sites it hosts."""

import csv
import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gtis.accounts.models import OrganisationRole
from gtis.core.models import BackgroundJob
from gtis.core.roles import Role
from gtis.registry import services, sheets
from gtis.registry.models import Site, SiteKind
from gtis.registry.sheets import RowError
from tests.factories import OrganisationFactory, UserFactory, valid_uscc

pytestmark = pytest.mark.django_db
SITES = sheets.spec_for("sites")
HEADER = ["名称", "类型", "依托单位", "省份", "纬度", "经度", "成立日期"]


def csv_sheet(path, lines):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(lines)
    return path


@pytest.fixture
def office(db):
    return UserFactory(role=Role.COORDINATING_OFFICE)


@pytest.fixture
def host(db):
    return OrganisationFactory(name="华清绿能科技有限公司", credit_code=valid_uscc(8001))


def test_site_rows_become_sites(tmp_path, office, host):
    path = csv_sheet(
        tmp_path / "sites.csv",
        [
            [*HEADER, "状态", "城市", "英文名称", "简介"],
            ["国家节能环保工程研究中心", "engineering_centre", host.credit_code, "北京市",
             "39.9042", "116.4073961", "2019年6月1日", "Planned", "海淀区", "NEEC", "简介"],
            ["太湖野外观测站", "Field ecological observation station", "华清绿能科技有限公司",
             "江苏", "", "", "2018/10/9", "", "", "", ""],
        ],
    )  # fmt: skip

    preview = sheets.preview(SITES, path, actor=office)
    outcome = sheets.commit(SITES, actor=office, path=path)

    assert (preview.new, preview.errors) == (2, [])
    assert outcome.as_dict() == {"added": 2, "existing": 0, "skipped": 0, "errors": []}
    centre = Site.objects.get(name="国家节能环保工程研究中心")
    assert (
        centre.kind, centre.host, centre.province, centre.city, centre.latitude,
        centre.longitude, centre.status, centre.established_on, centre.name_en,
        centre.description,
    ) == (
        "engineering_centre", host, "11", "海淀区", Decimal("39.90420"),
        Decimal("116.40740"), "planned", datetime.date(2019, 6, 1), "NEEC", "简介",
    )  # fmt: skip
    station = Site.objects.get(name="太湖野外观测站")
    assert (station.kind, station.province, station.latitude, station.status) == (
        "observation_station",
        "32",
        None,
        "operating",
    )
    assert station.established_on == datetime.date(2018, 10, 9)


def test_bad_site_rows_name_their_row_and_column(tmp_path, office, english):
    path = csv_sheet(
        tmp_path / "sites.csv",
        [
            HEADER,
            ["甲中心", "maker_space", "", "北京", "39.9", "", ""],
            ["乙中心", "maker_space", "", "北京", "95", "116", ""],
            ["丙中心", "spaceport", "", "", "", "", "2019-02-30"],
            ["丁中心", "maker_space", "没有这家单位", "北京", "东经", "116", ""],
        ],
    )

    preview = sheets.preview(SITES, path, actor=office)

    assert preview.errors == [
        RowError(2, "经度", "Give both the latitude and the longitude, or neither."),
        RowError(3, "纬度", "Give a number from -90 to 90."),
        RowError(4, "类型", "“spaceport” is not one of: " + ", ".join(
            str(label) for label in SiteKind.labels
        ) + "."),
        RowError(4, "省份", "This field is required."),
        RowError(4, "成立日期", "“2019-02-30” is not a date; write it as 2020-06-30."),
        RowError(
            5,
            "依托单位",
            "No organisation in the registry has the credit code or name “没有这家单位”.",
        ),
        RowError(5, "纬度", "“东经” is not a number."),
    ]  # fmt: skip
    assert Site.objects.count() == 0


def test_sites_already_in_the_registry_are_counted_and_left_as_they_are(tmp_path, office):
    services.save_site(
        actor=office, name="太湖野外观测站", kind="observation_station", province="32"
    )
    path = csv_sheet(
        tmp_path / "sites.csv",
        [
            HEADER,
            ["太湖野外观测站", "maker_space", "", "江苏省", "", "", ""],
            ["太湖野外观测站", "observation_station", "", "浙江", "", "", ""],
        ],
    )

    outcome = sheets.commit(SITES, actor=office, path=path)

    assert outcome.as_dict() == {"added": 1, "existing": 1, "skipped": 0, "errors": []}
    assert sorted(Site.objects.values_list("province", "kind")) == [
        ("32", "observation_station"),
        ("33", "observation_station"),
    ]


def test_an_organisation_admin_adds_only_the_sites_it_hosts(tmp_path, host, english):
    admin = UserFactory(organisation=host, organisation_role=OrganisationRole.ADMIN)
    OrganisationFactory(name="别家公司")
    path = csv_sheet(
        tmp_path / "sites.csv",
        [
            HEADER,
            ["自家众创空间", "maker_space", "华清绿能科技有限公司", "北京", "", "", ""],
            ["别家众创空间", "maker_space", "别家公司", "北京", "", "", ""],
            ["无依托众创空间", "maker_space", "", "北京", "", "", ""],
        ],
    )

    preview = sheets.preview(SITES, path, actor=admin)
    outcome = sheets.commit(SITES, actor=admin, path=path)

    refused = [
        RowError(3, "依托单位", "You may not add this record."),
        RowError(4, "依托单位", "You may not add this record."),
    ]
    assert (preview.new, preview.errors) == (1, refused)
    assert outcome.as_dict() == {
        "added": 1,
        "existing": 0,
        "skipped": 2,
        "errors": [e.__dict__ for e in refused],
    }
    assert list(Site.objects.values_list("name", flat=True)) == ["自家众创空间"]


def test_an_exported_sites_sheet_imports_without_duplicates(client, tmp_path, office, host):
    OrganisationFactory(name="华清绿能科技有限公司", province="32", credit_code=valid_uscc(8002))
    services.save_site(
        actor=office,
        name="国家节能环保工程研究中心",
        kind="engineering_centre",
        host=host,
        province="11",
        latitude=Decimal("39.9042"),
        longitude=Decimal("116.4074"),
        established_on=datetime.date(2019, 6, 1),
        status="building",
    )
    services.save_site(actor=office, name="深圳众创空间", kind="maker_space", province="44")
    client.force_login(office)

    for fmt in ("xlsx", "csv"):
        response = client.get(reverse("registry:export", args=["sites", fmt]))
        path = tmp_path / f"sites.{fmt}"
        path.write_bytes(response.content)
        preview = sheets.preview(SITES, path, actor=office)
        outcome = sheets.commit(SITES, actor=office, path=path)

        assert (preview.rows, preview.new, preview.existing, preview.errors) == (2, 0, 2, [])
        assert outcome.as_dict() == {"added": 0, "existing": 2, "skipped": 0, "errors": []}
    assert Site.objects.count() == 2
    row = list(openpyxl.load_workbook(tmp_path / "sites.xlsx").worksheets[0].values)[1]
    # the host shares its name with another organisation, so it is named by credit code
    assert row[3:8] == (host.credit_code, "北京市", None, "39.90420", "116.40740")


def test_an_organisation_admin_imports_sites_through_the_pages(
    client, tmp_path, settings, host, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(UserFactory(organisation=host, organisation_role=OrganisationRole.ADMIN))
    path = csv_sheet(
        tmp_path / "upload.csv",
        [HEADER, ["自家众创空间", "maker_space", host.credit_code, "北京", "", "", ""]],
    )
    upload = SimpleUploadedFile("sites.csv", path.read_bytes())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registry:import_start"), {"kind": "sites", "file": upload})
    page = client.get(response.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(response.url)

    assert 'data-testid="preview-summary"' in page and 'data-testid="commit"' in page
    commit = BackgroundJob.objects.get(kind="registry.import_sheet")
    assert done.url == reverse("registry:import_detail", args=[commit.pk])
    assert commit.arguments["kind"] == "sites"
    assert commit.result == {"added": 1, "existing": 0, "skipped": 0, "errors": []}
    assert list(Site.objects.values_list("name", "host")) == [("自家众创空间", host.pk)]
