import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gtis.catalog import exchange, selectors, services
from gtis.catalog.choices import EditionKind, EditionStatus
from gtis.catalog.models import CatalogueEdition, CatalogueEntry
from gtis.core.roles import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
D = datetime.date


def edition(actor, kind=EditionKind.PROMOTION, year=2020, entries=()):
    made = services.create_edition(actor=actor, kind=kind, title=f"目录（{year}年）", year=year)
    for entry in entries:
        services.save_entry(actor=actor, edition=made, **entry)
    return made


def publish(actor, made, on):
    services.submit_for_review(actor=actor, edition=made)
    services.open_public_notice(
        actor=actor, edition=made, starts_on=on - datetime.timedelta(days=10), days=5
    )
    return services.publish_edition(actor=actor, edition=made, published_on=on)


def test_a_diff_lists_exactly_the_added_removed_and_changed_entries(miit_officer, gic):
    old = edition(
        miit_officer,
        year=2020,
        entries=[
            {"key": "1", "title": "永磁电机", "node_codes": ["1.1.8"]},
            {"key": "2", "title": "余热发电", "description": "旧说明"},
            {"key": "3", "title": "淘汰项"},
            {"key": "4", "title": "不变", "scope": "全国"},
        ],
    )
    new = edition(
        miit_officer,
        year=2022,
        entries=[
            {"key": "1", "title": "永磁电机", "node_codes": ["1.1.8", "1.5.2"]},
            {"key": "2", "title": "余热发电", "description": "新说明"},
            {"key": "4", "title": "不变", "scope": "全国"},
            {"key": "5", "title": "储能"},
        ],
    )
    changes = selectors.differences(old, new)
    assert [(c.kind, c.key, c.fields) for c in changes] == [
        ("changed", "1", ("nodes",)),
        ("changed", "2", ("description",)),
        ("removed", "3", ()),
        ("added", "5", ()),
    ]


def test_the_diff_page_and_export(client, miit_officer, gic):
    old = publish(
        miit_officer,
        edition(miit_officer, year=2020, entries=[{"key": "1", "title": "甲"}]),
        D(2021, 1, 1),
    )
    new = publish(
        miit_officer,
        edition(miit_officer, year=2022, entries=[{"key": "2", "title": "乙"}]),
        D(2022, 6, 1),
    )
    url = reverse("catalog:edition_diff")
    page = client.get(url, {"old": old.pk, "new": new.pk})
    assert [c.kind for c in page.context["changes"]] == ["removed", "added"]
    csv_text = client.get(url, {"old": old.pk, "new": new.pk, "format": "csv"}).content.decode()
    assert "removed,1,甲" in csv_text and "added,2,,乙" in csv_text
    old.refresh_from_db()
    assert (old.status, old.superseded_on) == (EditionStatus.SUPERSEDED, D(2022, 6, 1))


def test_the_elimination_check_names_the_entry_in_force(miit_officer, gic):
    made = edition(
        miit_officer,
        kind=EditionKind.ELIMINATION,
        year=2021,
        entries=[
            {
                "key": "2",
                "title": "S9系列及以下配电变压器",
                "banned_from": D(2021, 6, 1),
                "replacement": "一级能效配电变压器",
                "node_codes": ["1.1.9"],
            }
        ],
    )
    publish(miit_officer, made, D(2021, 1, 1))

    yes = selectors.elimination_check(on=D(2022, 1, 1), text="厂内一台S9型配电变压器")
    assert [m.entry.title for m in yes] == ["S9系列及以下配电变压器"]
    assert selectors.elimination_check(on=D(2021, 5, 31), text="厂内一台S9型配电变压器") == []
    assert selectors.elimination_check(on=D(2020, 12, 1), text="S9系列及以下配电变压器") == []
    by_code = selectors.elimination_check(on=D(2022, 1, 1), node_codes=["1.1.9"])
    assert by_code[0].reason == "taxonomy code 1.1.9"
    assert selectors.elimination_check(on=D(2022, 1, 1), text="光伏组件") == []


def test_the_elimination_check_api(client, miit_officer, gic):
    made = edition(
        miit_officer,
        kind=EditionKind.ELIMINATION,
        year=2021,
        entries=[{"key": "1", "title": "燃煤小锅炉", "banned_from": D(2021, 1, 1)}],
    )
    publish(miit_officer, made, D(2021, 1, 1))
    response = client.post(
        "/api/catalog/elimination-check/",
        {"text": "一台燃煤小锅炉", "on": "2022-01-01"},
        content_type="application/json",
    )
    assert response.json()["eliminated"] is True
    assert response.json()["matches"][0]["entry"]["title"] == "燃煤小锅炉"


def test_an_elimination_entry_needs_its_ban_date(miit_officer, gic):
    made = edition(miit_officer, kind=EditionKind.ELIMINATION)
    with pytest.raises(ValidationError) as error:
        services.save_entry(actor=miit_officer, edition=made, key="1", title="x")
    assert "banned_from" in error.value.message_dict


def test_unknown_taxonomy_codes_are_named(miit_officer, gic):
    made = edition(miit_officer)
    with pytest.raises(ValidationError) as error:
        services.save_entry(
            actor=miit_officer, edition=made, key="1", title="x", node_codes=["9.9.9"]
        )
    assert "9.9.9" in error.value.message_dict["node_codes"][0]


def test_a_published_edition_cannot_change(miit_officer, gic):
    made = publish(
        miit_officer, edition(miit_officer, entries=[{"key": "1", "title": "x"}]), D(2021, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.save_entry(actor=miit_officer, edition=made, key="2", title="y")


def test_objections_only_during_the_notice_and_answered_before_publishing(miit_officer, gic):
    made = edition(miit_officer, entries=[{"key": "1", "title": "x"}])
    services.submit_for_review(actor=miit_officer, edition=made)
    services.open_public_notice(actor=miit_officer, edition=made, starts_on=D(2021, 1, 1), days=7)
    with pytest.raises(ValidationError):
        services.file_objection(
            actor=miit_officer, edition=made, name="张三", contact="1", text="x", on=D(2021, 2, 1)
        )
    objection = services.file_objection(
        actor=miit_officer,
        edition=made,
        name="某公司",
        contact="010-1",
        text="条目1数据不实",
        on=D(2021, 1, 3),
    )
    with pytest.raises(ValidationError) as error:
        services.publish_edition(actor=miit_officer, edition=made, published_on=D(2021, 2, 1))
    assert "objections" in error.value.message_dict
    services.answer_objection(
        actor=miit_officer, objection=objection, upheld=False, response="经核实数据属实"
    )
    services.publish_edition(actor=miit_officer, edition=made, published_on=D(2021, 2, 1))
    assert made.status == EditionStatus.PUBLISHED


def test_another_department_cannot_edit(miit_officer, gic, taxonomies):
    from gtis.accounts.models import Department

    made = edition(miit_officer)
    other = UserFactory(role=Role.DEPARTMENT_OFFICER, department=Department.objects.get(code="mee"))
    with pytest.raises(PermissionDenied):
        services.save_entry(actor=other, edition=made, key="1", title="x")
    assert not CatalogueEntry.objects.exists()


def test_drafts_are_hidden_from_the_public(client, miit_officer, gic):
    made = edition(miit_officer, entries=[{"key": "1", "title": "x"}])
    assert client.get(made.get_absolute_url()).status_code == 404
    publish(miit_officer, made, D(2021, 1, 1))
    assert client.get(made.get_absolute_url()).status_code == 200
    assert client.get("/api/catalog/editions/").json()["count"] == 1


def workbook(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "名称", "说明", "适用范围", "分类代码", "禁止日期", "替代技术"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_importing_entries_from_xlsx_reports_each_bad_row_and_saves_nothing(miit_officer, gic):
    made = edition(miit_officer, kind=EditionKind.ELIMINATION)
    bad = workbook(
        [
            ["1", "燃煤小锅炉", "", "", "1.1.1", "2021-01-01", "热泵"],
            ["2", "", "", "", "", "2021-01-01", ""],
            ["3", "老旧电机", "", "", "9.9", "2022-01-01", ""],
        ]
    )
    with pytest.raises(exchange.EditionImportError) as error:
        exchange.import_entries(actor=miit_officer, edition=made, handle=bad)
    places = [where for where, _what in error.value.errors]
    assert places == ["row 3, 名称", "row 4, 分类代码"]
    assert not made.entries.exists()

    good = workbook([["1", "燃煤小锅炉", "", "", "1.1.1", "2021-01-01", "热泵"]])
    assert exchange.import_entries(actor=miit_officer, edition=made, handle=good) == 1
    assert made.entries.get().banned_from == D(2021, 1, 1)


def test_exports(client, miit_officer, gic):
    made = publish(
        miit_officer,
        edition(miit_officer, entries=[{"key": "1", "title": "永磁电机", "node_codes": ["1.1.8"]}]),
        D(2021, 1, 1),
    )
    for fmt in ("xlsx", "csv", "json", "print"):
        response = client.get(reverse("catalog:edition_export", args=[made.pk, fmt]))
        assert response.status_code == 200, fmt
    data = client.get(reverse("catalog:edition_export", args=[made.pk, "json"])).json()
    assert data["entries"][0]["node_codes"] == "1.1.8"
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("catalog:edition_export", args=[made.pk, "xlsx"])).content)
    )
    assert [c.value for c in book.active[2]][:2] == ["1", "永磁电机"]


def test_the_edition_pages_run_the_life_cycle(client, miit_officer, gic):
    client.force_login(miit_officer)
    response = client.post(
        reverse("catalog:edition_create"), {"kind": "promotion", "title": "推广目录", "year": 2023}
    )
    made = CatalogueEdition.objects.get()
    assert response.url == made.get_absolute_url()
    client.post(
        reverse("catalog:entry_create", args=[made.pk]),
        {"key": "1", "title": "永磁电机", "node_codes": "1.1.8"},
    )
    client.post(reverse("catalog:edition_action", args=[made.pk, "submit"]))
    client.post(
        reverse("catalog:edition_action", args=[made.pk, "notice"]),
        {"starts_on": "2023-01-01", "days": 5},
    )
    client.post(
        reverse("catalog:edition_action", args=[made.pk, "publish"]), {"published_on": "2023-02-01"}
    )
    made.refresh_from_db()
    assert (made.status, made.entries.count()) == (EditionStatus.PUBLISHED, 1)


def test_an_entry_refers_to_an_organisation_by_credit_code(client, miit_officer, gic):
    from tests.factories import OrganisationFactory

    company = OrganisationFactory(name="示范企业有限公司")
    made = edition(miit_officer, kind=EditionKind.TYPICAL_CASES)
    entry = services.save_entry(
        actor=miit_officer,
        edition=made,
        key="1",
        title="余热发电案例",
        refers_to=company.credit_code.lower(),
    )
    assert (entry.reference_label, entry.reference_url) == (
        company.name,
        company.get_absolute_url(),
    )
    with pytest.raises(ValidationError) as error:
        services.save_entry(
            actor=miit_officer, edition=made, key="2", title="x", refers_to="不存在的公司"
        )
    assert "refers_to" in error.value.message_dict
    publish(miit_officer, made, D(2021, 1, 1))
    assert company.get_absolute_url() in client.get(made.get_absolute_url()).content.decode()
