"""Reading, previewing, committing and exporting registry sheets, driven by a `SheetSpec`.

A preview checks every row and writes nothing; a commit adds the good rows that are not in the
registry yet, in batches of 500 rows, saving after each batch where it got to, so an
interrupted import resumes after the last batch written.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.utils.translation import gettext as _

from gtis.core import audit
from gtis.core.permissions import require
from gtis.registry.sheets.base import Lookups, Outcome, Preview, Row, RowError, SheetSpec

BATCH = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


class Progress(Protocol):
    """Where a long preview or commit reports how far it got (a background job's handle)."""

    @property
    def checkpoint(self) -> dict[str, Any]: ...

    def set_total(self, total: int, message: str = "") -> None: ...

    def advance(self, done: int, *, message: str = "", checkpoint: dict | None = None) -> None: ...


class Sheet:
    """An uploaded .xlsx or .csv file read as a sheet of `spec`: the columns its header row
    names, and its rows numbered as the spreadsheet numbers them (header = 1)."""

    def __init__(self, spec: SheetSpec, path: Path) -> None:
        self.spec = spec
        self.path = path
        self.estimated_rows: int | None = None
        self.readable = True
        self._book: Any = None
        self._lines: Iterator[Sequence[Any]] = iter(())
        if path.suffix.lower() == ".xlsx":
            import openpyxl

            try:
                self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            except (zipfile.BadZipFile, KeyError, OSError, ValueError):
                self.readable = False
            else:
                table = self._book.worksheets[0]
                self.estimated_rows = table.max_row - 1 if table.max_row else None
                self._lines = table.iter_rows(values_only=True)
        else:
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:  # Excel in Chinese saves CSV in GB 18030 (GBK)
                text = raw.decode("gb18030", errors="replace")
            self.estimated_rows = max(text.count("\n"), 1)
            self._lines = csv.reader(io.StringIO(text))
        labels = {zh: key for key, zh, _en in spec.columns} | {
            en: key for key, _zh, en in spec.columns
        }
        self.keys = [labels.get(_header_text(cell)) for cell in next(self._lines, [])]

    def close(self) -> None:
        if self._book is not None:
            self._book.close()

    def header_errors(self) -> list[RowError]:
        """A row-1 error for each column the sheet must have but does not."""
        if not self.readable:
            return [RowError(1, self.spec.columns[0][1], _("The file is not an .xlsx workbook."))]
        return [
            RowError(
                1,
                self.spec.header(key),
                _("The sheet has no “%(column)s” column.") % {"column": self.spec.header(key)},
            )
            for key in self.spec.required
            if key not in self.keys
        ]

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Rows as {column key: text}; empty rows are left out."""
        for number, line in enumerate(self._lines, start=2):
            values = {
                key: _cell_text(value) for key, value in zip(self.keys, line, strict=False) if key
            }
            if any(values.values()):
                yield number, values


@contextmanager
def open_sheet(spec: SheetSpec, path: Path) -> Iterator[Sheet]:
    sheet = Sheet(spec, path)
    try:
        yield sheet
    finally:
        sheet.close()


def _header_text(cell: Any) -> str:
    text = str(cell or "").strip()
    return text.lower() if text.isascii() else text


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(spec: SheetSpec, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of an uploaded sheet as {column key: text}, numbered as the spreadsheet
    numbers them; headers may be Chinese or English."""
    with open_sheet(spec, path) as sheet:
        yield from sheet.rows()


def clean_row(
    spec: SheetSpec,
    number: int,
    values: Mapping[str, str],
    lookups: Lookups | None = None,
) -> tuple[dict[str, Any] | None, list[RowError]]:
    """A row's fields, or the errors naming its row and columns."""
    row = Row(spec, number, values)
    fields = spec.clean(row, lookups or Lookups())
    if not row.errors:
        return fields, []
    return None, sorted(row.errors, key=lambda error: spec.positions.get(error.column, 0))


def preview(
    spec: SheetSpec, path: Path, *, actor: Any = None, progress: Progress | None = None
) -> Preview:
    """Check every row without writing; rows already in the registry are counted, not
    errors. Given the importing user, rows they may not add are errors too."""
    result = Preview()
    lookups = Lookups(actor)
    seen: set[Hashable] = set()
    cleaned: list[dict[str, Any]] = []
    with open_sheet(spec, path) as sheet:
        result.errors = sheet.header_errors()
        if result.errors:
            return result
        tally = _Tally(progress, sheet.estimated_rows)
        for number, values in sheet.rows():
            result.rows += 1
            fields, errors = clean_row(spec, number, values, lookups)
            if fields is not None:
                errors = spec.check(number, fields, actor)
            result.errors.extend(errors)
            if fields is not None and not errors:
                key = spec.key(fields)
                if key in seen:
                    result.errors.append(_repeat(spec, number, fields))
                else:
                    seen.add(key)
                    cleaned.append(fields)
            if result.rows % BATCH == 0:
                tally.advance(BATCH)
        tally.advance(result.rows % BATCH)
        tally.finish()
    result.valid = len(cleaned)
    found: set[Hashable] = set()
    for start in range(0, len(cleaned), BATCH):
        found |= spec.existing_keys(cleaned[start : start + BATCH])
    result.existing = sum(1 for fields in cleaned if spec.key(fields) in found)
    result.new = result.valid - result.existing
    return result


class _Tally:
    """Progress against a total that is an estimate until the sheet has been read (blank
    rows count in it, and a file may misstate its size): never reported past the total."""

    def __init__(self, progress: Progress | None, estimate: int | None) -> None:
        self.progress = progress
        self.total = estimate or 0
        self.done = 0
        if progress is not None and self.total:
            progress.set_total(self.total)

    def advance(self, rows: int) -> None:
        if self.progress is None or not rows:
            return
        self.done += rows
        if self.done > self.total:
            self.total = self.done
            self.progress.set_total(self.total)
        self.progress.advance(rows)

    def finish(self) -> None:
        if self.progress is not None and self.total != self.done:
            self.total = self.done
            self.progress.set_total(self.total)


def _repeat(spec: SheetSpec, number: int, fields: Mapping[str, Any]) -> RowError:
    return RowError(number, spec.header(spec.key_column(fields)), _("Repeats an earlier row."))


def commit(spec: SheetSpec, *, actor: Any, path: Path, progress: Progress | None = None) -> Outcome:
    """Add the good rows that are not in the registry yet, 500 rows at a time; after each
    batch the progress checkpoint says which row was last written and what was done so far,
    and a resumed commit starts after it."""
    require(actor, spec.permission)
    checkpoint = progress.checkpoint if progress is not None else {}
    start_row = checkpoint.get("row", 0)
    total = Outcome.from_dict(checkpoint)
    lookups = Lookups(actor)
    seen: set[Hashable] = set()
    with open_sheet(spec, path) as sheet:
        if sheet.header_errors():
            return total
        batch: list[tuple[int, dict[str, Any]]] = []
        done = Outcome()
        rows = last_row = 0
        for number, values in sheet.rows():
            if number <= start_row:
                continue
            rows, last_row = rows + 1, number
            fields, _errors = clean_row(spec, number, values, lookups)
            if fields is None or spec.key(fields) in seen:
                done.skipped += 1
            else:
                seen.add(spec.key(fields))
                batch.append((number, fields))
            if rows == BATCH:
                _flush(spec, actor, batch, done, total, last_row, rows, progress)
                batch, done, rows = [], Outcome(), 0
        if rows:
            _flush(spec, actor, batch, done, total, last_row, rows, progress)
    return total


def _flush(
    spec: SheetSpec,
    actor: Any,
    batch: list[tuple[int, dict[str, Any]]],
    done: Outcome,
    total: Outcome,
    last_row: int,
    rows: int,
    progress: Progress | None,
) -> None:
    if batch:
        done.add(spec.write(actor, batch))
    total.add(done)
    if progress is not None:
        progress.advance(rows, checkpoint={"row": last_row, **total.as_dict()})


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    filename: str


def export(
    spec: SheetSpec, *, viewer: Any, fmt: str, filters: Mapping[str, str] | None = None
) -> Export:
    """The records `viewer` may see (filtered as their list page) as .xlsx or CSV, in the
    columns an import reads back; the export is recorded in the audit trail."""
    filters = {name: value for name, value in (filters or {}).items() if value}
    rows = list(spec.export_rows(viewer, filters))
    if fmt == "xlsx":
        content = _xlsx(spec, rows)
        content_type = XLSX
    elif fmt == "csv":
        content = _csv(spec, rows).encode("utf-8")
        content_type = CSV
    else:
        raise ValueError(f"Sheets are exported as xlsx or csv, not {fmt!r}")
    audit.record(
        actor=viewer,
        action="export",
        changes={"sheet": spec.kind, "format": fmt, "rows": len(rows), "filters": filters},
        actor_label="" if getattr(viewer, "is_authenticated", False) else "anonymous",
    )
    day = datetime.date.today().isoformat()
    return Export(content, content_type, f"{spec.kind}-{day}.{fmt}")


def template(spec: SheetSpec) -> Export:
    """An empty sheet of `spec`: the header row only."""
    return Export(_xlsx(spec, []), XLSX, f"{spec.kind}-template.xlsx")


def _xlsx(spec: SheetSpec, rows: list[list[str]]) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    table = book.create_sheet(title=str(spec.title)[:31])
    header = []
    for _key, zh, _en in spec.columns:
        cell = WriteOnlyCell(table, value=zh)
        cell.font = Font(bold=True)
        header.append(cell)
    table.append(header)
    for row in rows:
        table.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(spec: SheetSpec, rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([zh for _key, zh, _en in spec.columns])
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()  # a BOM, so Excel opens the UTF-8 file correctly
