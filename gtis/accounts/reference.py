"""Reference data of accounts: the departments the roadmap names."""

import csv
from pathlib import Path
from typing import TextIO

from django.conf import settings

from gtis.accounts import services
from gtis.core.actors import SYSTEM

DEPARTMENTS_FILE = Path(settings.PACKAGE_DIR) / "data" / "departments.csv"


def load(out: TextIO) -> None:
    created = 0
    with DEPARTMENTS_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        code = row.pop("code")
        row["sort_order"] = int(row["sort_order"])  # type: ignore[assignment]
        _department, was_created = services.upsert_department(actor=SYSTEM, code=code, **row)
        created += was_created
    out.write(f"departments: {len(rows)} in the file, {created} new\n")
