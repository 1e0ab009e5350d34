"""Real policy documents and standards, linked to the 2019 roadmap deliverables they serve.

Titles, document numbers and codes are real; an issue date is left empty where it was not
checked, and the revision plans of standards are illustrative."""

import datetime
from typing import TextIO

from gtis.accounts.models import Department
from gtis.core.actors import SYSTEM
from gtis.registry import services
from gtis.registry.models import Policy, PolicyLevel, Standard, StandardStatus

D = datetime.date
L = PolicyLevel

POLICIES: list[tuple[str, str, datetime.date | None, str, list[str], str, list[int], str]] = [
    # title, document number, issued on, level, issuing departments, other issuers,
    # deliverables of the 2019 roadmap, link
    (
        "关于构建市场导向的绿色技术创新体系的指导意见",
        "发改环资〔2019〕689号",
        D(2019, 4, 15),
        L.MINISTERIAL,
        ["ndrc", "most"],
        "",
        [43, 44],
        "",
    ),
    (
        "绿色产业指导目录（2019年版）",
        "发改环资〔2019〕293号",
        None,
        L.MINISTERIAL,
        ["ndrc", "miit", "mnr", "mee", "mohurd", "pboc", "nea"],
        "",
        [11],
        "",
    ),
    (
        "赋予科研人员职务科技成果所有权或长期使用权试点实施方案",
        "国科发区〔2020〕128号",
        None,
        L.MINISTERIAL,
        ["most"],
        "",
        [3],
        "",
    ),
    (
        "关于进一步完善市场导向的绿色技术创新体系实施方案（2023—2025年）",
        "发改环资〔2022〕1885号",
        None,
        L.MINISTERIAL,
        ["ndrc", "most"],
        "",
        [43, 44],
        "",
    ),
    (
        "国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见",
        "国发〔2021〕4号",
        D(2021, 2, 2),
        L.NATIONAL,
        [],
        "国务院",
        [12, 34],
        "",
    ),
    (
        "关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见",
        "中发〔2021〕36号",
        D(2021, 9, 22),
        L.NATIONAL,
        [],
        "中共中央、国务院",
        [12],
        "",
    ),
    (
        "2030年前碳达峰行动方案",
        "国发〔2021〕23号",
        D(2021, 10, 24),
        L.NATIONAL,
        [],
        "国务院",
        [12],
        "",
    ),
    (
        "科技支撑碳达峰碳中和实施方案（2022—2030年）",
        "国科发社〔2022〕157号",
        D(2022, 6, 24),
        L.MINISTERIAL,
        ["most", "ndrc", "miit", "mee", "mohurd", "nea"],
        "交通运输部、中国科学院、中国工程院",
        [9, 12, 13],
        "",
    ),
    (
        "绿色技术推广目录（2020年）",
        "发改办环资〔2020〕990号",
        None,
        L.MINISTERIAL,
        ["ndrc", "most"],
        "",
        [11, 37],
        "",
    ),
    (
        "关于促进应对气候变化投融资的指导意见",
        "环气候〔2020〕57号",
        None,
        L.MINISTERIAL,
        ["mee", "ndrc", "pboc", "cbirc", "csrc"],
        "",
        [34],
        "",
    ),
    (
        "绿色债券支持项目目录（2021年版）",
        "银发〔2021〕96号",
        None,
        L.MINISTERIAL,
        ["pboc", "ndrc", "csrc"],
        "",
        [34],
        "",
    ),
    (
        "银行业保险业绿色金融指引",
        "银保监发〔2022〕15号",
        D(2022, 6, 1),
        L.MINISTERIAL,
        ["cbirc"],
        "",
        [34],
        "",
    ),
    (
        "关于加快建立绿色生产和消费法规政策体系的意见",
        "发改环资〔2020〕379号",
        None,
        L.MINISTERIAL,
        ["ndrc"],
        "司法部",
        [17, 20],
        "",
    ),
    (
        "“十四五”工业绿色发展规划",
        "工信部规〔2021〕178号",
        None,
        L.MINISTERIAL,
        ["miit"],
        "",
        [19, 21],
        "",
    ),
    (
        "关于加快推动新型储能发展的指导意见",
        "发改能源规〔2021〕1051号",
        None,
        L.MINISTERIAL,
        ["ndrc", "nea"],
        "",
        [12],
        "",
    ),
    (
        "云南省关于构建市场导向的绿色技术创新体系的实施意见",
        "云发改资环〔2019〕990号",
        None,
        L.PROVINCIAL,
        [],
        "云南省发展和改革委员会、云南省科学技术厅",
        [],
        "",
    ),
    (
        "青海省构建市场导向的绿色技术创新体系实施方案",
        "",
        D(2021, 11, 2),
        L.PROVINCIAL,
        [],
        "青海省发展和改革委员会、青海省科学技术厅",
        [],
        "http://fgw.qinghai.gov.cn/zfxxgk/sdzdgknr/fgwwj/202111/t20211118_79572.html",
    ),
]

STANDARDS: list[tuple[str, str, bool, str, str, datetime.date | None, str, list[int]]] = [
    # code, title, mandatory, status, competent department, revision due, revision plan,
    # deliverables of the 2019 roadmap
    ("GB 24500-2020", "工业锅炉能效限定值及能效等级", True, "", "samr", None, "", [15]),
    ("GB 18613-2020", "电动机能效限定值及能效等级", True, "", "samr", None, "", [15]),
    ("GB/T 36132-2018", "绿色工厂评价通则", False, "", "miit", None, "", [21]),
    ("HJ 2.1-2016", "建设项目环境影响评价技术导则 总纲", True, "", "mee", None, "", []),
    ("GB/T 33761-2017", "绿色产品评价通则", False, "", "samr", None, "", [19]),
    (
        "GB/T 32150-2015",
        "工业企业温室气体排放核算和报告通则",
        False,
        "",
        "samr",
        None,
        "",
        [14],
    ),
    ("GB/T 32161-2015", "生态设计产品评价通则", False, "", "miit", None, "", [19]),
    (
        "GB/T 24256-2009",
        "产品生态设计通则",
        False,
        StandardStatus.PLANNED,
        "samr",
        D(2027, 12, 31),
        "列入修订计划：与生态设计产品评价标准协调，增加产品碳足迹相关要求。",
        [14, 19],
    ),
    ("GB 21455-2019", "房间空气调节器能效限定值及能效等级", True, "", "samr", None, "", [15]),
    ("GB 20052-2020", "电力变压器能效限定值及能效等级", True, "", "samr", None, "", [15]),
    ("GB 19761-2020", "通风机能效限定值及能效等级", True, "", "samr", None, "", [15]),
    (
        "GB 18918-2002",
        "城镇污水处理厂污染物排放标准",
        True,
        StandardStatus.DRAFTING,
        "mee",
        D(2027, 12, 31),
        "修订中：加严氮、磷排放限值，增加再生水利用相关要求。",
        [14, 15],
    ),
    (
        "GB 8978-1996",
        "污水综合排放标准",
        True,
        StandardStatus.DRAFTING,
        "mee",
        D(2028, 6, 30),
        "修订中：与行业水污染物排放标准衔接，调整适用范围并更新监测方法。",
        [15],
    ),
    (
        "GB 16297-1996",
        "大气污染物综合排放标准",
        True,
        StandardStatus.PLANNED,
        "mee",
        D(2028, 12, 31),
        "列入修订计划：与行业大气污染物排放标准衔接，补充无组织排放控制要求。",
        [15],
    ),
    ("GB 37822-2019", "挥发性有机物无组织排放控制标准", True, "", "mee", None, "", [15]),
    (
        "GB 36600-2018",
        "土壤环境质量 建设用地土壤污染风险管控标准（试行）",
        True,
        "",
        "mee",
        None,
        "",
        [15],
    ),
    ("GB/T 50378-2019", "绿色建筑评价标准", False, "", "mohurd", None, "", []),
]


def load(out: TextIO) -> None:
    by_code = {d.code: d for d in Department.objects.all()}
    deliverables = Policy.deliverables.field.related_model.objects  # type: ignore[union-attr]
    policies = 0
    for title, number, issued_on, level, issuers, other, numbers, link in POLICIES:
        if Policy.objects.filter(title=title).exists() or (
            number and Policy.objects.filter(document_number=number).exists()
        ):
            continue
        services.save_policy(
            actor=SYSTEM,
            title=title,
            document_number=number,
            issued_on=issued_on,
            level=level,
            issuer_other=other,
            link=link,
            issuing_departments=[by_code[c] for c in issuers],
            deliverables=list(deliverables.filter(plan__code="gtis-2019", number__in=numbers)),
        )
        policies += 1
    standards = 0
    for code, title, mandatory, status, department, due, plan, numbers in STANDARDS:
        if Standard.objects.filter(code=code).exists():
            continue
        services.save_standard(
            actor=SYSTEM,
            code=code,
            title=title,
            is_mandatory=mandatory,
            status=status or StandardStatus.PUBLISHED,
            department=by_code.get(department),
            revision_due=due,
            revision_plan=plan,
            deliverables=list(deliverables.filter(plan__code="gtis-2019", number__in=numbers)),
        )
        standards += 1
    out.write(
        f"registry demo: {policies} policies and {standards} standards added "
        f"({len(POLICIES)} and {len(STANDARDS)} in the demo)\n"
    )
