"""Demo policies (real national documents) linked to the deliverables they fulfil."""

import datetime
from typing import TextIO

from gtis.accounts.models import Department
from gtis.core.actors import SYSTEM
from gtis.registry import services
from gtis.registry.models import Policy, PolicyLevel

POLICIES = [
    # title, document number, issued on (left empty where not checked), issuers, deliverables
    (
        "关于构建市场导向的绿色技术创新体系的指导意见",
        "发改环资〔2019〕689号",
        datetime.date(2019, 4, 15),
        ["ndrc", "most"],
        [43, 44],
    ),
    (
        "绿色产业指导目录（2019年版）",
        "发改环资〔2019〕293号",
        None,
        ["ndrc", "miit", "mnr", "mee", "mohurd", "pboc", "nea"],
        [11],
    ),
    (
        "赋予科研人员职务科技成果所有权或长期使用权试点实施方案",
        "国科发区〔2020〕128号",
        None,
        ["most"],
        [3],
    ),
    (
        "关于进一步完善市场导向的绿色技术创新体系实施方案（2023—2025年）",
        "发改环资〔2022〕1885号",
        None,
        ["ndrc", "most"],
        [43, 44],
    ),
]


STANDARDS = [
    # code, title, mandatory, deliverable numbers of the 2019 roadmap
    ("GB 24500-2020", "工业锅炉能效限定值及能效等级", True, [15]),
    ("GB 18613-2020", "电动机能效限定值及能效等级", True, [15]),
    ("GB/T 36132-2018", "绿色工厂评价通则", False, [21]),
    ("HJ 2.1-2016", "建设项目环境影响评价技术导则 总纲", True, []),
]


def load(out: TextIO) -> None:
    if Policy.objects.exists():
        out.write("registry demo: already loaded\n")
        return
    by_code = {d.code: d for d in Department.objects.all()}
    deliverables = Policy.deliverables.field.related_model.objects  # type: ignore[union-attr]
    for title, number, issued_on, issuers, numbers in POLICIES:
        services.save_policy(
            actor=SYSTEM,
            title=title,
            document_number=number,
            issued_on=issued_on,
            level=PolicyLevel.MINISTERIAL,
            issuing_departments=[by_code[c] for c in issuers],
            deliverables=list(deliverables.filter(plan__code="gtis-2019", number__in=numbers)),
        )
    for code, title, mandatory, numbers in STANDARDS:
        services.save_standard(
            actor=SYSTEM,
            code=code,
            title=title,
            is_mandatory=mandatory,
            deliverables=list(deliverables.filter(plan__code="gtis-2019", number__in=numbers)),
        )
    out.write(f"registry demo: {len(POLICIES)} policies, {len(STANDARDS)} standards\n")
