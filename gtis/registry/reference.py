"""MIIT's national green-manufacturing lists (2017-2022) as programmes with designations."""

import csv
import datetime
import re
from pathlib import Path
from typing import TextIO

from django.conf import settings

from gtis.accounts.models import Department, OrganisationKind
from gtis.accounts.regions import CITIES_WITH_SEPARATE_PLANS, province_code
from gtis.core.actors import SYSTEM
from gtis.registry import services
from gtis.registry.models import Programme
from gtis.registry.services import ListRow

DATA = Path(settings.PACKAGE_DIR) / "data"
SOURCE = (
    "MIIT national green-manufacturing lists, batches 1-5 and 2021 (2017-08 to 2022-01), "
    "as transcribed in shangfr/GreenCreditPolicy (see gtis/data/README.md)."
)
LISTS = [
    # code, programme name, English name, file, name column, kind, list name in announcements
    (
        "miit-green-factory",
        "绿色工厂",
        "Green factories",
        "miit_green_factories.csv",
        "factory_name",
        OrganisationKind.ENTERPRISE,
        "绿色工厂名单",
    ),
    (
        "miit-green-park",
        "绿色工业园区",
        "Green industrial parks",
        "miit_green_industrial_parks.csv",
        "park_name",
        OrganisationKind.PARK,
        "绿色工业园区名单",
    ),
    (
        "miit-green-supply-chain",
        "绿色供应链管理示范企业",
        "Green supply-chain management leaders",
        "miit_green_supply_chain_enterprises.csv",
        "enterprise_name",
        OrganisationKind.ENTERPRISE,
        "绿色供应链管理示范企业名单",
    ),
]


def load(out: TextIO) -> None:
    announcements = _announcements()
    miit = Department.objects.filter(code="miit").first()
    for code, name, name_en, filename, column, kind, list_name in LISTS:
        programme, _created = Programme.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "department": miit, "source": SOURCE},
        )
        rows = []
        with (DATA / filename).open(encoding="utf-8") as handle:
            for line in csv.DictReader(handle):
                region = line["region"].strip()
                batch = line["batch"].strip()
                day, url = announcements.get((list_name, batch), (None, ""))
                rows.append(
                    ListRow(
                        name=line[column].strip(),
                        province=province_code(region) or "",
                        city=region if region in CITIES_WITH_SEPARATE_PLANS else "",
                        kind=kind,
                        batch=batch,
                        designated_on=day,
                        evaluator=line.get("third_party_evaluator", "").strip(),
                        industry=line.get("industry", "").strip(),
                        source_url=url,
                    )
                )
        out.write(f"{name}: {services.load_list(actor=SYSTEM, programme=programme, rows=rows)}\n")


def _announcements() -> dict[tuple[str, str], tuple[datetime.date, str]]:
    found = {}
    with (DATA / "miit_green_manufacturing_list_announcements.csv").open(encoding="utf-8") as f:
        for line in csv.DictReader(f):
            year, month, day = map(int, re.findall(r"\d+", line["date"]))
            found[(line["list_name"], line["batch"])] = (
                datetime.date(year, month, day),
                line["announcement_url"],
            )
    return found
