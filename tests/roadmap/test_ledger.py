"""The ledger (台账): .xlsx / CSV / JSON exports, the roadmap read back, and progress imported."""

import csv
import datetime
import io
import json
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from gtis.core.actors import SYSTEM
from gtis.core.models import AuditEvent, Notification
from gtis.core.roles import Role
from gtis.roadmap import ledger, selectors, services
from gtis.roadmap import reference as roadmap_reference
from gtis.roadmap.choices import ClaimedStatus, ReportState, Status
from gtis.roadmap.models import DeliverableDepartment, ProgressReport, TaskLead
from gtis.roadmap.parsing import read_file
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


AS_OF = datetime.date(2021, 3, 31)
HEADERS = [zh for _key, zh, _en in ledger.COLUMNS]
COLUMN = {key: index for index, (key, _zh, _en) in enumerate(ledger.COLUMNS)}
SHEETS = [
    "一、培育壮大绿色技术创新主体",
    "二、加强绿色技术创新的导向机制",
    "三、推进绿色技术创新成果转化示范应用",
    "四、优化绿色技术创新环境",
    "五、加强绿色技术创新对外开放与国际合作",
    "六、加强组织实施",
]
LEADS_15 = "市场监管总局、科技部、国家发展改革委、生态环境部、住房城乡建设部"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BEIJING = ZoneInfo(settings.TIME_ZONE)


@pytest.fixture(autouse=True)
def fresh_status_cache():
    """Statuses are cached by plan pk and status version, which may repeat between tests."""
    cache.clear()


def export(plan, as_of=AS_OF):
    with translation.override("zh-hans"):
        return ledger.export_xlsx(selectors.plan_overview(SYSTEM, plan, as_of))


def open_workbook(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def rows_by_number(workbook):
    """{deliverable number: (sheet title, row number, row values)} over every sheet."""
    rows = {}
    for sheet in workbook.worksheets:
        for index, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            rows[row[COLUMN["number"]]] = (sheet.title, index, row)
    return rows


def fill(workbook, number, **values):
    """Type progress values into the row of deliverable `number`, as an officer would."""
    title, index, _row = rows_by_number(workbook)[number]
    for key, value in values.items():
        workbook[title].cell(index, COLUMN[key] + 1).value = value


def upload(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def label(status, language="zh-hans"):
    with translation.override(language):
        return str(Status(status).label)


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BEIJING)


def reports():
    return sorted(
        (
            r.deliverable.number,
            r.department.code,
            r.percent,
            r.claimed_status,
            r.state,
            r.reported_on,
            r.period_label,
            r.narrative,
            r.submitted_by.username,
        )
        for r in ProgressReport.objects.select_related("deliverable", "department", "submitted_by")
    )


# Export ----------------------------------------------------------------------------------------


def test_an_anonymous_visitor_downloads_the_xlsx_ledger_with_a_sheet_per_part(client, plan):
    response = client.get("/roadmap/gtis-2019/ledger.xlsx", {"as_of": "2018-06-30"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert (
        response["Content-Disposition"] == 'attachment; filename="gtis-2019-ledger-2018-06-30.xlsx"'
    )
    workbook = open_workbook(response.content)
    assert workbook.sheetnames == SHEETS
    for sheet in workbook.worksheets:
        assert [cell.value for cell in sheet[1]] == HEADERS
    rows = rows_by_number(workbook)
    assert sorted(rows) == list(range(1, 45))
    assert sum(sheet.max_row - 1 for sheet in workbook.worksheets) == 44
    # On 2018-06-30 only deliverable 15 (2018-2022) has started.
    assert rows[15] == (
        "二、加强绿色技术创新的导向机制",
        6,
        (
            "二、加强绿色技术创新的导向机制",
            "6.强化绿色技术标准引领",
            LEADS_15,
            "15.制修订一批节能节水、污染物排放等强制性标准并不断更新（2018-2022年）",
            15,
            datetime.datetime(2018, 1, 1),
            datetime.datetime(2022, 12, 31),
            None,
            label(Status.ON_TRACK),
            "green",
            None,
            None,
            None,
            None,
        ),
    )
    assert rows[14][2][COLUMN["status"]] == label(Status.NOT_STARTED)
    assert rows[14][2][COLUMN["rag"]] == "none"


def test_export_xlsx_writes_each_deliverable_with_its_period_status_and_warning_colour(plan):
    workbook = open_workbook(export(plan, AS_OF))

    assert workbook.sheetnames == SHEETS
    assert [sheet.max_row - 1 for sheet in workbook.worksheets] == [10, 11, 7, 9, 5, 2]
    rows = rows_by_number(workbook)
    title, index, row = rows[15]
    assert (title, index) == ("二、加强绿色技术创新的导向机制", 6)
    assert row[COLUMN["leads"]] == LEADS_15
    assert (row[COLUMN["period_start"]], row[COLUMN["period_end"]]) == (
        datetime.datetime(2018, 1, 1),
        datetime.datetime(2022, 12, 31),
    )
    assert (row[COLUMN["status"]], row[COLUMN["rag"]]) == (label(Status.AT_RISK), "amber")
    _title, index_14, row_14 = rows[14]
    assert (row_14[COLUMN["period_start"]], row_14[COLUMN["period_end"]]) == (
        datetime.datetime(2019, 1, 1),
        datetime.datetime(2019, 12, 31),
    )
    assert (row_14[COLUMN["status"]], row_14[COLUMN["rag"]]) == (label(Status.OVERDUE), "red")
    sheet = workbook[title]
    assert sheet.cell(index_14, COLUMN["rag"] + 1).fill.fgColor.rgb.endswith("F8D7DA")
    assert sheet.cell(index, COLUMN["rag"] + 1).fill.fgColor.rgb.endswith("FFF3CD")
    assert rows[29][2][COLUMN["leads"]] == "国家知识产权局"


def test_the_exported_xlsx_imports_back_as_the_same_roadmap(plan, tmp_path):
    path = tmp_path / "gtis-2019-ledger.xlsx"
    path.write_bytes(export(plan))

    parsed = read_file(path, services.department_names())

    assert (len(parsed.parts), len(parsed.tasks), len(parsed.deliverables)) == (6, 17, 44)
    assert [p.number for p in parsed.parts] == [1, 2, 3, 4, 5, 6]
    assert [t.number for t in parsed.tasks] == list(range(1, 18))
    assert [(d.number, d.period_start, d.period_end) for d in parsed.deliverables] == [
        (d.number, d.period_start, d.period_end) for d in plan.deliverables.order_by("number")
    ]
    assert [(t.number, t.leads) for t in parsed.tasks] == [
        (
            task.number,
            [lead.department.code for lead in TaskLead.objects.filter(task=task)],
        )
        for task in plan.tasks.order_by("number")
    ]
    # Importing it over the plan it came from changes nothing.
    _plan, summary = services.import_plan(
        actor=SYSTEM,
        parsed=parsed,
        code=plan.code,
        source_file=plan.source_file,
        **roadmap_reference.PLAN_META,
    )
    assert summary.describe() == "no changes"


def test_the_csv_ledger_starts_with_a_bom_and_has_a_record_per_deliverable(client, plan):
    response = client.get("/roadmap/gtis-2019/ledger.csv", {"as_of": "2021-03-31"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8")
    with translation.override("zh-hans"):
        assert text == ledger.export_csv(selectors.plan_overview(SYSTEM, plan, AS_OF))
    records = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(records) == 45
    assert records[0] == HEADERS
    by_number = {record[COLUMN["number"]]: record for record in records[1:]}
    assert sorted(by_number, key=int) == [str(n) for n in range(1, 45)]
    assert by_number["15"][COLUMN["period_start"]] == "2018-01-01"
    assert by_number["15"][COLUMN["period_end"]] == "2022-12-31"
    assert by_number["15"][COLUMN["percent"]] == ""


def test_the_json_ledger_lists_44_deliverables_with_the_documented_keys(client, plan):
    response = client.get("/roadmap/gtis-2019/ledger.json", {"as_of": "2021-03-31"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(response.content)
    assert (document["plan"], document["as_of"]) == ("gtis-2019", "2021-03-31")
    assert document["columns"] == {key: {"zh": zh, "en": en} for key, zh, en in ledger.COLUMNS}
    assert len(document["deliverables"]) == 44
    assert all(set(row) == set(COLUMN) for row in document["deliverables"])
    fifteen = next(row for row in document["deliverables"] if row["number"] == 15)
    assert (fifteen["period_start"], fifteen["period_end"]) == ("2018-01-01", "2022-12-31")
    assert (fifteen["rag"], fifteen["percent"], fifteen["reported_on"]) == ("amber", None, None)


def test_an_unknown_ledger_format_is_not_found(client, plan):
    assert client.get("/roadmap/gtis-2019/ledger.pdf").status_code == 404


# Progress read back ----------------------------------------------------------------------------


def filled_ledger(plan):
    """The ledger with progress typed in on deliverables 1 and 2 (科技部 leads task 1)."""
    workbook = open_workbook(export(plan))
    fill(
        workbook,
        1,
        percent=100,
        progress="“十百千”行动方案已印发实施。",
        reported_on=datetime.date(2021, 3, 15),
        period_label="2021年第一季度",
    )
    fill(
        workbook,
        2,
        percent=60,
        progress="已认定第一批绿色技术创新企业。",
        reported_on=datetime.date(2021, 3, 20),
        period_label="2021年第一季度",
    )
    return workbook


def test_filled_in_progress_rows_become_submitted_reports(plan, most_officer):
    created = ledger.import_progress(
        actor=most_officer, plan=plan, handle=upload(filled_ledger(plan))
    )

    assert created == 2
    assert reports() == [
        (
            1,
            "most",
            100,
            ClaimedStatus.DONE,
            ReportState.SUBMITTED,
            datetime.date(2021, 3, 15),
            "2021年第一季度",
            "“十百千”行动方案已印发实施。",
            "most",
        ),
        (
            2,
            "most",
            60,
            ClaimedStatus.IN_PROGRESS,
            ReportState.SUBMITTED,
            datetime.date(2021, 3, 20),
            "2021年第一季度",
            "已认定第一批绿色技术创新企业。",
            "most",
        ),
    ]
    assert AuditEvent.objects.filter(action="submit_report", actor=most_officer).count() == 2


def test_a_zero_percent_row_is_reported_not_started_and_a_blank_period_takes_the_date(
    plan, most_officer
):
    workbook = open_workbook(export(plan))
    fill(workbook, 4, percent=0, progress="尚未启动。", reported_on="2021-03-01")

    assert ledger.import_progress(actor=most_officer, plan=plan, handle=upload(workbook)) == 1

    report = ProgressReport.objects.get()
    assert (report.claimed_status, report.percent, report.period_label) == (
        ClaimedStatus.NOT_STARTED,
        0,
        "2021-03-01",
    )


def test_uploading_the_same_ledger_again_creates_nothing_new(plan, most_officer):
    workbook = filled_ledger(plan)
    ledger.import_progress(actor=most_officer, plan=plan, handle=upload(workbook))
    before = reports()

    again = ledger.import_progress(actor=most_officer, plan=plan, handle=upload(workbook))

    assert again == 0
    assert reports() == before
    assert ProgressReport.objects.count() == 2


def test_bad_rows_are_each_listed_with_their_location_and_nothing_is_imported(plan, most_officer):
    workbook = open_workbook(export(plan))
    fill(workbook, 1, percent=150, progress="超额完成。", reported_on=datetime.date(2021, 3, 1))
    fill(workbook, 2, percent=50, progress="推进中。", reported_on=None)
    fill(workbook, 4, percent=30, progress="正常推进。", reported_on=datetime.date(2021, 3, 1))
    events = AuditEvent.objects.count()

    with translation.override("en"), pytest.raises(ledger.LedgerImportError) as error:
        ledger.import_progress(actor=most_officer, plan=plan, handle=upload(workbook))

    assert error.value.errors == [
        (
            "sheet 一、培育壮大绿色技术创新主体, row 2",
            "完成百分比 must be a whole number from 0 to 100",
        ),
        ("sheet 一、培育壮大绿色技术创新主体, row 3", "进展日期 must be a date such as 2020-06-30"),
    ]
    assert ProgressReport.objects.count() == 0  # not even deliverable 4's good row
    assert AuditEvent.objects.count() == events


def test_a_row_on_a_deliverable_the_department_does_not_work_on_is_an_error(
    plan, most_officer, django_capture_on_commit_callbacks
):
    workbook = filled_ledger(plan)
    fill(
        workbook, 29, percent=40, progress="专项行动推进中。", reported_on=datetime.date(2021, 3, 1)
    )
    events = AuditEvent.objects.count()

    with (
        django_capture_on_commit_callbacks(execute=True),
        translation.override("en"),
        pytest.raises(ledger.LedgerImportError) as error,
    ):
        ledger.import_progress(actor=most_officer, plan=plan, handle=upload(workbook))

    assert error.value.errors == [
        (
            "sheet 四、优化绿色技术创新环境, row 2",
            "your department neither leads nor joins deliverable 29",
        )
    ]
    assert ProgressReport.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert not Notification.objects.exists()


def test_a_participating_department_may_report_through_the_ledger(plan, office, cnipa_officer):
    deliverable = plan.deliverables.get(number=1)
    services.set_participating_departments(
        actor=office,
        deliverable=deliverable,
        departments=[DeliverableDepartment.objects.get(deliverable__number=29).department],
    )
    workbook = open_workbook(export(plan))
    assert rows_by_number(workbook)[1][2][COLUMN["participants"]] == "国家知识产权局"
    fill(workbook, 1, percent=20, progress="配合开展。", reported_on=datetime.date(2021, 3, 1))

    assert ledger.import_progress(actor=cnipa_officer, plan=plan, handle=upload(workbook)) == 1
    assert ProgressReport.objects.get().department.code == "cnipa"


def test_a_file_that_is_not_a_workbook_is_refused(plan, most_officer):
    with translation.override("en"), pytest.raises(ledger.LedgerImportError) as error:
        ledger.import_progress(actor=most_officer, plan=plan, handle=io.BytesIO(b"not a workbook"))

    assert error.value.errors == [("file", "this is not an .xlsx workbook")]
    assert ProgressReport.objects.count() == 0


def test_only_officers_and_the_office_import_progress(plan):
    expert = UserFactory(username="expert", role=Role.EXPERT)

    with pytest.raises(PermissionDenied):
        ledger.import_progress(actor=expert, plan=plan, handle=upload(filled_ledger(plan)))

    assert ProgressReport.objects.count() == 0


def test_the_upload_page_shows_every_error_to_the_officer_and_imports_nothing(
    client, plan, most_officer
):
    most_officer.language = "en"
    most_officer.save(update_fields=["language"])
    workbook = filled_ledger(plan)
    fill(workbook, 1, percent=150)
    fill(workbook, 2, reported_on="some day")
    client.force_login(most_officer)

    response = client.post(
        "/roadmap/gtis-2019/ledger/import/",
        {"file": SimpleUploadedFile("ledger.xlsx", upload(workbook).getvalue(), XLSX)},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="import-errors"' in body
    assert (
        "<li>sheet 一、培育壮大绿色技术创新主体, row 2: "
        "完成百分比 must be a whole number from 0 to 100</li>" in body
    )
    assert (
        "<li>sheet 一、培育壮大绿色技术创新主体, row 3: "
        "进展日期 must be a date such as 2020-06-30</li>" in body
    )
    assert ProgressReport.objects.count() == 0


def test_the_upload_page_submits_the_filled_in_rows(client, plan, most_officer):
    client.force_login(most_officer)

    response = client.post(
        "/roadmap/gtis-2019/ledger/import/",
        {"file": SimpleUploadedFile("ledger.xlsx", upload(filled_ledger(plan)).getvalue(), XLSX)},
    )

    assert response.status_code == 302
    assert response["Location"] == "/roadmap/gtis-2019/"
    assert [(r[0], r[2], r[4]) for r in reports()] == [
        (1, 100, ReportState.SUBMITTED),
        (2, 60, ReportState.SUBMITTED),
    ]


def test_an_anonymous_visitor_is_sent_to_sign_in_before_uploading(client, plan):
    response = client.post(
        "/roadmap/gtis-2019/ledger/import/",
        {"file": SimpleUploadedFile("ledger.xlsx", upload(filled_ledger(plan)).getvalue(), XLSX)},
    )

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("accounts:login") + "?next=/roadmap/gtis-2019/ledger/import/"
    )
    assert ProgressReport.objects.count() == 0


def test_uploading_an_unchanged_ledger_with_a_report_under_review_creates_nothing(
    plan, office, most_officer
):
    deliverable = plan.deliverables.get(number=1)
    accepted = services.submit_report(
        actor=most_officer,
        deliverable=deliverable,
        period_label="2020年第二季度",
        reported_on=datetime.date(2020, 6, 30),
        claimed_status=ClaimedStatus.IN_PROGRESS,
        percent=40,
        narrative="已完成年度目标的四成。",
        at=at(datetime.date(2020, 7, 2)),
    )
    services.review_report(
        actor=office, report=accepted, accept=True, at=at(datetime.date(2020, 7, 5))
    )
    services.submit_report(
        actor=most_officer,
        deliverable=deliverable,
        period_label="2020年第四季度",
        reported_on=datetime.date(2020, 12, 31),
        claimed_status=ClaimedStatus.IN_PROGRESS,
        percent=60,
        narrative="已完成年度目标的六成。",
        at=at(datetime.date(2021, 1, 4)),
    )
    before = reports()

    created = ledger.import_progress(
        actor=most_officer, plan=plan, handle=io.BytesIO(export(plan, AS_OF))
    )

    assert created == 0
    assert reports() == before
