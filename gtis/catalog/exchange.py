"""Editions in and out of the formats offices use: .xlsx import with per-row errors; .xlsx,
CSV and JSON export."""

import csv
import datetime
import io
import json
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gtis.catalog import services
from gtis.catalog.models import CatalogueEdition

COLUMNS = [
    ("key", "序号", "number"),
    ("title", "名称", "title"),
    ("description", "说明", "description"),
    ("scope", "适用范围", "scope"),
    ("node_codes", "分类代码", "taxonomy codes"),
    ("banned_from", "禁止日期", "banned from"),
    ("replacement", "替代技术", "replaced by"),
    ("refers_to", "关联机构", "refers to"),
]


class EditionImportError(Exception):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{where}: {what}" for where, what in errors))


def import_entries(*, actor: Any, edition: CatalogueEdition, handle: IO[bytes]) -> int:
    """Add or update the entries listed in a sheet; any bad row means nothing is saved."""
    import openpyxl

    try:
        sheet = openpyxl.load_workbook(handle, read_only=True, data_only=True).worksheets[0]
    except Exception:
        raise EditionImportError([(_("file"), _("this is not an .xlsx workbook"))]) from None
    lines = sheet.iter_rows(values_only=True)
    labels = {zh: key for key, zh, _en in COLUMNS} | {en: key for key, _zh, en in COLUMNS}
    header = [
        labels.get(
            str(cell or "").strip().lower()
            if str(cell or "").isascii()
            else str(cell or "").strip()
        )
        for cell in next(lines, ())
    ]
    if "key" not in header or "title" not in header:
        raise EditionImportError([(_("row 1"), _("the sheet needs the columns 序号 and 名称"))])
    errors: list[tuple[str, str]] = []
    count = 0
    with transaction.atomic():
        for number, line in enumerate(lines, start=2):
            cells = {key: value for key, value in zip(header, line, strict=False) if key}
            if not any(cells.values()):
                continue
            where = _("row %(n)d") % {"n": number}
            try:
                services.save_entry(actor=actor, edition=edition, **_entry_values(cells))
                count += 1
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    column = dict((k, zh) for k, zh, _en in COLUMNS).get(field, field)
                    errors.extend((f"{where}, {column}", m) for m in messages)
        if errors:
            transaction.set_rollback(True)
            raise EditionImportError(errors)
    return count


def _entry_values(cells: dict[str, Any]) -> dict[str, Any]:
    banned = cells.get("banned_from")
    if isinstance(banned, datetime.datetime):
        banned = banned.date()
    elif isinstance(banned, str) and banned.strip():
        try:
            banned = datetime.date.fromisoformat(banned.strip())
        except ValueError:
            raise ValidationError({"banned_from": _("Use a date such as 2021-01-01.")}) from None
    codes = str(cells.get("node_codes") or "").replace("，", ",").replace("、", ",")
    return {
        "key": str(cells.get("key") or "").strip(),
        "title": str(cells.get("title") or "").strip(),
        "description": str(cells.get("description") or "").strip(),
        "scope": str(cells.get("scope") or "").strip(),
        "node_codes": [c.strip() for c in codes.split(",") if c.strip()],
        "banned_from": banned or None,
        "replacement": str(cells.get("replacement") or "").strip(),
        "refers_to": str(cells.get("refers_to") or "").strip(),
    }


def rows(edition: CatalogueEdition) -> list[dict[str, Any]]:
    return [
        {
            "key": e.key,
            "title": e.title,
            "description": e.description,
            "scope": e.scope,
            "node_codes": "、".join(n.code for n in e.nodes.all()),
            "banned_from": e.banned_from,
            "replacement": e.replacement,
            "refers_to": e.reference_label,
        }
        for e in edition.entries.prefetch_related("nodes")
    ]


def export_xlsx(edition: CatalogueEdition) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = str(edition.year)
    sheet.append([zh for _key, zh, _en in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(edition):
        sheet.append([row[key] for key, _zh, _en in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_csv(edition: CatalogueEdition) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([zh for _key, zh, _en in COLUMNS])
    for row in rows(edition):
        writer.writerow(["" if row[key] is None else row[key] for key, _zh, _en in COLUMNS])
    return "\ufeff" + buffer.getvalue()


def export_json(edition: CatalogueEdition) -> str:
    return json.dumps(
        {
            "edition": {
                "id": edition.pk,
                "kind": edition.kind,
                "title": edition.title,
                "year": edition.year,
                "document_number": edition.document_number,
                "status": edition.status,
                "published_on": edition.published_on,
            },
            "entries": rows(edition),
        },
        ensure_ascii=False,
        default=str,
        indent=1,
    )


def diff_csv(changes: list[Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["change", "序号", "名称（原）", "名称（新）", "变化字段"])
    for change in changes:
        writer.writerow(
            [
                change.kind,
                change.key,
                change.before.title if change.before else "",
                change.after.title if change.after else "",
                " ".join(change.fields),
            ]
        )
    return "\ufeff" + buffer.getvalue()
