"""The 2019 roadmap ships as reference data: loaded (idempotently) by `gtis load-reference`."""

import datetime
from decimal import Decimal
from pathlib import Path
from typing import TextIO, TypedDict

from django.conf import settings

from gtis.core.actors import SYSTEM
from gtis.roadmap import services
from gtis.roadmap.parsing import read_file

SEED = Path(settings.PACKAGE_DIR) / "data" / "seed" / "roadmap-2019.txt"
PLAN_CODE = "gtis-2019"


class PlanMeta(TypedDict):
    title: str
    document_number: str
    issued_on: datetime.date
    issuers: list[str]


PLAN_META: PlanMeta = {
    "title": "构建市场导向的绿色技术创新体系路线图、时间表",
    "document_number": "发改环资〔2019〕689号",
    "issued_on": datetime.date(2019, 4, 15),
    "issuers": ["ndrc", "most"],
}
FIRST_BASELINE = "2019年印发版"


def load(out: TextIO) -> None:
    parsed = read_file(SEED, services.department_names())
    plan, summary = services.import_plan(
        actor=SYSTEM, parsed=parsed, code=PLAN_CODE, source_file=SEED.name, **PLAN_META
    )
    if not plan.baselines.exists():
        services.create_baseline(actor=SYSTEM, plan=plan, name=FIRST_BASELINE)
    deliverables = {d.number: d for d in plan.deliverables.all()}
    services.define_indicator(
        actor=SYSTEM,
        plan=plan,
        name="销号成果数",
        unit="项",
        baseline=Decimal(0),
        target=Decimal(len(deliverables)),
        metric_key="roadmap.deliverables_closed",
        deliverables=[deliverables[44]],
    )
    services.define_indicator(
        actor=SYSTEM,
        plan=plan,
        name="部际协调机制会议次数",
        unit="次",
        baseline=Decimal(0),
        target=Decimal(4),
        metric_key="roadmap.coordination_meetings",
        deliverables=[deliverables[43]],
    )
    out.write(
        f"roadmap {plan.code}: {len(parsed.parts)} parts, {len(parsed.tasks)} tasks, "
        f"{len(parsed.deliverables)} deliverables ({summary.describe()})\n"
    )
