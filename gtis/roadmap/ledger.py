"""The ledger (台账) offices exchange: export as .xlsx / CSV / JSON, and progress read back.

The .xlsx has one sheet per part and the roadmap's own columns first, so the same file imports
as a roadmap (`gtis import-roadmap`) and, with its progress columns filled in, as progress.
"""

import csv
import datetime
import io
import json
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gtis.roadmap import services
from gtis.roadmap.choices import ClaimedStatus
from gtis.roadmap.models import Plan
from gtis.roadmap.models.plans import chinese_numeral
from gtis.roadmap.selectors import DeliverableRow, PlanOverview, latest_reports

COLUMNS = [
    # (key, Chinese header, English header)
    ("part", "部分", "part"),
    ("task", "任务", "task"),
    ("leads", "牵头部门", "lead departments"),
    ("deliverable", "主要成果形式和完成时间", "deliverable"),
    ("number", "成果序号", "number"),
    ("period_start", "开始日期", "period start"),
    ("period_end", "结束日期", "period end"),
    ("participants", "参加部门", "participating departments"),
    ("status", "状态", "status"),
    ("rag", "预警", "warning"),
    ("percent", "完成百分比", "percent"),
    ("progress", "最新进展", "latest progress"),
    ("reported_on", "进展日期", "progress date"),
    ("period_label", "报告期", "reporting period"),
]
PROGRESS_KEYS = ("percent", "progress", "reported_on", "period_label")


def ledger_rows(overview: PlanOverview) -> list[dict[str, Any]]:
    """One dict per deliverable, keyed as COLUMNS; the latest report known on the as-of date."""
    latest = latest_reports([row.deliverable.pk for row in overview.rows], overview.as_of)
    rows = []
    for part in overview.parts:
        for task in part.tasks:
            for row in task.rows:
                rows.append(_ledger_row(part.part, task.task, row, latest.get(row.deliverable.pk)))
    return rows


def _ledger_row(part: Any, task: Any, row: DeliverableRow, latest: Any) -> dict[str, Any]:
    deliverable, state = row.deliverable, row.state
    return {
        "part": f"{chinese_numeral(part.number)}、{part.title}",
        "task": f"{task.number}.{task.title}",
        "leads": "、".join(d.short_name for d in row.leads),
        "deliverable": f"{deliverable.number}.{deliverable.text}（{_period_text(deliverable)}）",
        "number": deliverable.number,
        "period_start": deliverable.period_start,
        "period_end": deliverable.period_end,
        "participants": "、".join(d.short_name for d in row.participants),
        "status": str(dict(_status_labels()).get(state.status, state.status)),
        "rag": state.rag,
        # The progress columns describe one report (the latest, whatever its review), so that
        # re-uploading an untouched ledger is recognised as nothing new.
        "percent": latest.percent if latest else None,
        "progress": latest.narrative if latest else "",
        "reported_on": latest.reported_on if latest else None,
        "period_label": latest.period_label if latest else "",
    }


def _status_labels() -> list[tuple[str, str]]:
    from gtis.roadmap.choices import Status

    return [(value, str(label)) for value, label in Status.choices]


def _period_text(deliverable: Any) -> str:
    start, end = deliverable.period_start.year, deliverable.period_end.year
    return f"{start}年" if start == end else f"{start}-{end}年"


def export_xlsx(overview: PlanOverview) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    fills = {"red": "F8D7DA", "amber": "FFF3CD", "green": "D1E7DD"}
    rows = ledger_rows(overview)
    for part in overview.parts:
        sheet = workbook.create_sheet(
            title=f"{chinese_numeral(part.part.number)}、{part.part.title}"[:31]
        )
        sheet.append([header for _key, header, _en in COLUMNS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        prefix = f"{chinese_numeral(part.part.number)}、"
        for row in (r for r in rows if r["part"].startswith(prefix)):
            sheet.append([row[key] for key, _zh, _en in COLUMNS])
            fill = fills.get(row["rag"])
            if fill:
                sheet.cell(sheet.max_row, 10).fill = PatternFill("solid", fgColor=fill)
        for column, width in zip(
            "ABCDEFGHIJKLMN", (22, 26, 24, 48, 8, 12, 12, 18, 12, 8, 10, 48, 12, 14), strict=True
        ):
            sheet.column_dimensions[column].width = width
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_csv(overview: PlanOverview) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header for _key, header, _en in COLUMNS])
    for row in ledger_rows(overview):
        writer.writerow(["" if row[key] is None else row[key] for key, _zh, _en in COLUMNS])
    return "\ufeff" + buffer.getvalue()  # a BOM, so Excel opens the UTF-8 file correctly


def export_json(overview: PlanOverview) -> str:
    return json.dumps(
        {
            "plan": overview.plan.code,
            "as_of": overview.as_of.isoformat(),
            "columns": {key: {"zh": zh, "en": en} for key, zh, en in COLUMNS},
            "deliverables": ledger_rows(overview),
        },
        ensure_ascii=False,
        default=str,
        indent=1,
    )


# Progress read back from the ledger ------------------------------------------------------------


@dataclass(frozen=True)
class ProgressRow:
    location: str
    number: int
    percent: int
    progress: str
    reported_on: datetime.date
    period_label: str


class LedgerImportError(Exception):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{where}: {what}" for where, what in errors))


def import_progress(*, actor: Any, plan: Plan, handle: IO[bytes]) -> int:
    """Turn the filled-in progress columns of a ledger into submitted reports, all or nothing."""
    if not actor.has_perm("roadmap.import_progress"):
        raise PermissionDenied(_("You do not have permission to do this."))
    rows, errors = _read_progress_rows(handle)
    deliverables = {
        d.number: d for d in plan.deliverables.prefetch_related("department_links", "reports")
    }
    created = 0
    with transaction.atomic():
        for row in rows:
            deliverable = deliverables.get(row.number)
            if deliverable is None:
                errors.append(
                    (
                        row.location,
                        _("there is no deliverable %(n)d in this plan") % {"n": row.number},
                    )
                )
                continue
            if not _is_new(deliverable, row):
                continue
            try:
                services.submit_report(
                    actor=actor,
                    deliverable=deliverable,
                    period_label=row.period_label,
                    reported_on=row.reported_on,
                    percent=row.percent,
                    narrative=row.progress,
                    claimed_status=(
                        ClaimedStatus.DONE
                        if row.percent == 100
                        else ClaimedStatus.NOT_STARTED
                        if row.percent == 0
                        else ClaimedStatus.IN_PROGRESS
                    ),
                )
                created += 1
            except PermissionDenied:
                errors.append(
                    (
                        row.location,
                        _("your department neither leads nor joins deliverable %(n)d")
                        % {"n": row.number},
                    )
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors.extend((row.location, f"{field}: {m}") for m in messages)
        if errors:
            transaction.set_rollback(True)
            raise LedgerImportError(errors)
    return created


def _is_new(deliverable: Any, row: ProgressRow) -> bool:
    return not any(
        r.reported_on == row.reported_on
        and r.percent == row.percent
        and r.narrative.strip() == row.progress.strip()
        for r in deliverable.reports.all()
    )


def _read_progress_rows(handle: IO[bytes]) -> tuple[list[ProgressRow], list[tuple[str, str]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception:
        return [], [(_("file"), _("this is not an .xlsx workbook"))]
    rows, errors = [], []
    headers = {zh: key for key, zh, _en in COLUMNS} | {en: key for key, _zh, en in COLUMNS}
    for sheet in workbook.worksheets:
        lines = sheet.iter_rows(values_only=True)
        header = [headers.get(str(cell or "").strip()) for cell in next(lines, ())]
        missing = [
            zh
            for key, zh, _en in COLUMNS
            if key in ("number", *PROGRESS_KEYS) and key not in header
        ]
        if missing:
            errors.append(
                (
                    _("sheet %(s)s") % {"s": sheet.title},
                    _("missing columns: %(cols)s") % {"cols": "、".join(missing)},
                )
            )
            continue
        for number, line in enumerate(lines, start=2):
            cells = {key: value for key, value in zip(header, line, strict=False) if key}
            if not cells.get("progress"):
                continue  # nothing reported on this row
            where = _("sheet %(s)s, row %(r)d") % {"s": sheet.title, "r": number}
            row, row_errors = _progress_row(where, cells)
            errors.extend(row_errors)
            if row is not None:
                rows.append(row)
    return rows, errors


def _progress_row(where: str, cells: dict[str, Any]) -> tuple[ProgressRow | None, list]:
    errors = []
    try:
        number = int(cells.get("number"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        errors.append((where, _("成果序号 must be a deliverable number")))
        number = 0
    try:
        percent = int(cells.get("percent"))  # type: ignore[arg-type]
        if not 0 <= percent <= 100:
            raise ValueError
    except (TypeError, ValueError):
        errors.append((where, _("完成百分比 must be a whole number from 0 to 100")))
        percent = 0
    reported_on = cells.get("reported_on")
    if isinstance(reported_on, datetime.datetime):
        reported_on = reported_on.date()
    elif isinstance(reported_on, str):
        try:
            reported_on = datetime.date.fromisoformat(reported_on.strip())
        except ValueError:
            reported_on = None
    if not isinstance(reported_on, datetime.date):
        errors.append((where, _("进展日期 must be a date such as 2020-06-30")))
    if errors or not isinstance(reported_on, datetime.date):
        return None, errors
    return ProgressRow(
        where,
        number,
        percent,
        str(cells["progress"]).strip(),
        reported_on,
        str(cells.get("period_label") or "").strip() or reported_on.isoformat(),
    ), []
