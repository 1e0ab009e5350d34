"""Bulk import of organisations from .xlsx or CSV: a preview naming every bad row and column,
then a commit that adds the good rows in batches, resumable, de-duplicated by credit code (or
name + province where there is none)."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gtis.accounts.models import Organisation, OrganisationKind, Verification
from gtis.accounts.regions import CITIES_WITH_SEPARATE_PLANS, Province, province_code
from gtis.accounts.validators import normalise_uscc, validate_uscc
from gtis.core import audit

BATCH = 500
# column key, Chinese header, English header
COLUMNS = [
    ("name", "名称", "name"),
    ("name_en", "英文名称", "english name"),
    ("credit_code", "统一社会信用代码", "credit code"),
    ("kind", "类型", "kind"),
    ("province", "省份", "province"),
    ("city", "城市", "city"),
    ("industry", "行业", "industry"),
    ("public_contact", "公开联系方式", "public contact"),
]
KIND_NAMES = (
    {str(label): value for value, label in OrganisationKind.choices}
    | {value: value for value in OrganisationKind.values}
    | {
        "企业": OrganisationKind.ENTERPRISE,
        "高校": OrganisationKind.UNIVERSITY,
        "高等院校": OrganisationKind.UNIVERSITY,
        "科研院所": OrganisationKind.RESEARCH_INSTITUTE,
        "职业院校": OrganisationKind.VOCATIONAL_SCHOOL,
        "金融机构": OrganisationKind.FINANCIAL_INSTITUTION,
        "中介机构": OrganisationKind.INTERMEDIARY,
        "行业协会": OrganisationKind.INDUSTRY_ASSOCIATION,
        "政府机关": OrganisationKind.GOVERNMENT_BODY,
        "园区": OrganisationKind.PARK,
        "其他": OrganisationKind.OTHER,
    }
)


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Preview:
    rows: int = 0
    valid: int = 0
    new: int = 0
    existing: int = 0
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "valid": self.valid,
            "new": self.new,
            "existing": self.existing,
            "errors": [e.__dict__ for e in self.errors],
        }


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as {column key: text}, numbered as the spreadsheet numbers them (header = 1)."""
    labels = {zh: key for key, zh, _en in COLUMNS} | {en: key for key, _zh, en in COLUMNS}
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        lines: Iterator[Any] = sheet.iter_rows(values_only=True)
    else:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        lines = csv.reader(io.StringIO(text))
    header = [
        labels.get(
            str(cell or "").strip().lower()
            if str(cell or "").isascii()
            else str(cell or "").strip()
        )
        for cell in next(lines, [])
    ]
    for number, line in enumerate(lines, start=2):
        values = {
            key: ("" if value is None else str(value).strip())
            for key, value in zip(header, line, strict=False)
            if key
        }
        if any(values.values()):
            yield number, values


def clean_row(number: int, values: dict[str, str]) -> tuple[dict[str, Any] | None, list[RowError]]:
    """A row's organisation fields, or the errors naming its columns."""
    headers = {key: zh for key, zh, _en in COLUMNS}
    errors = []
    name = values.get("name", "")
    if not name:
        errors.append(RowError(number, headers["name"], _("This field is required.")))
    code = normalise_uscc(values.get("credit_code", "")) if values.get("credit_code") else ""
    if code:
        try:
            validate_uscc(code)
        except ValidationError as error:
            errors.append(RowError(number, headers["credit_code"], error.messages[0]))
    kind = KIND_NAMES.get(values.get("kind", "") or "企业")
    if kind is None:
        errors.append(
            RowError(
                number, headers["kind"], _("Unknown kind “%(kind)s”.") % {"kind": values["kind"]}
            )
        )
    region = values.get("province", "")
    province = province_code(region) if region else ""
    if region and province is None and region not in Province.values:
        errors.append(
            RowError(number, headers["province"], _("Unknown province “%(p)s”.") % {"p": region})
        )
    province = province or (region if region in Province.values else "")
    if errors:
        return None, errors
    city = values.get("city", "") or (region if region in CITIES_WITH_SEPARATE_PLANS else "")
    return {
        "name": name,
        "name_en": values.get("name_en", ""),
        "credit_code": code or None,
        "kind": kind,
        "province": province,
        "city": city,
        "industry": values.get("industry", ""),
        "public_contact": values.get("public_contact", ""),
    }, []


def preview(path: Path, progress: Any = None) -> Preview:
    """Check every row without writing; duplicates of existing records are counted, not errors."""
    result = Preview()
    seen: set[tuple[str, str]] = set()
    cleaned = []
    for number, values in read_rows(path):
        result.rows += 1
        fields, errors = clean_row(number, values)
        result.errors.extend(errors)
        if fields is not None:
            key = _key(fields)
            if key in seen:
                result.errors.append(RowError(number, "名称", _("Repeats an earlier row.")))
                continue
            seen.add(key)
            cleaned.append(fields)
        if progress is not None and result.rows % BATCH == 0:
            progress(BATCH)
    result.valid = len(cleaned)
    found = _existing_keys(cleaned)
    result.existing = sum(1 for fields in cleaned if _key(fields) in found)
    result.new = result.valid - result.existing
    return result


def commit(*, actor: Any, path: Path, start_row: int = 0, progress: Any = None) -> dict[str, int]:
    """Add the good rows that are not in the registry yet, batch by batch (each its own
    transaction, so an interrupted import resumes after the last batch)."""
    added = skipped = 0
    batch: list[tuple[int, dict[str, Any]]] = []
    for number, values in read_rows(path):
        if number <= start_row:
            continue
        fields, _errors = clean_row(number, values)
        if fields is None:
            skipped += 1
            continue
        batch.append((number, fields))
        if len(batch) == BATCH:
            added += _flush(actor, batch, progress)
            batch = []
    if batch:
        added += _flush(actor, batch, progress)
    return {"added": added, "skipped": skipped}


def _flush(actor: Any, batch: list[tuple[int, dict[str, Any]]], progress: Any) -> int:
    written = _write(actor, batch)
    if progress is not None:
        progress(len(batch), batch[-1][0], written)
    return written


def _write(actor: Any, batch: list[tuple[int, dict[str, Any]]]) -> int:
    with transaction.atomic():
        found = _existing_keys([fields for _n, fields in batch])
        new, keys = [], set()
        for _number, fields in batch:
            key = _key(fields)
            if key in found or key in keys:
                continue
            keys.add(key)
            new.append(Organisation(**fields, verification=Verification.UNVERIFIED))
        Organisation.objects.bulk_create(new)
        if new:
            audit.record(
                actor=actor,
                action="bulk_import",
                changes={"organisations": len(new), "rows": [batch[0][0], batch[-1][0]]},
            )
    return len(new)


def _key(fields: dict[str, Any]) -> tuple[str, str]:
    return (
        ("code", fields["credit_code"])
        if fields["credit_code"]
        else (fields["name"], fields["province"])
    )


def _existing_keys(rows: list[dict[str, Any]]) -> set[tuple[str, str]]:
    codes = {f["credit_code"] for f in rows if f["credit_code"]}
    names = {f["name"] for f in rows if not f["credit_code"]}
    found = {
        ("code", c)
        for c in Organisation.objects.filter(credit_code__in=codes).values_list(
            "credit_code", flat=True
        )
    }
    found |= set(Organisation.objects.filter(name__in=names).values_list("name", "province"))
    return found
