"""Demo market (`gtis load-demo`): about 2,000 technology listings and 500 needs across the 2019
green industry catalogue, in Chinese with some English, in every state of their lifecycles;
a call for solutions with its offers; confidential detail requested and granted under the NDA;
and the matches of every public need.

The story a visitor follows with the demo accounts — the demo enterprise's listings and their
moderation, the disclosures, the call and its offers — goes through the market's services, as
users would. The volume behind it is created in bulk, with the search terms the services would
store (`search.document` of the record's `search_texts()`) but without queueing a matching
job per write; the matches are computed once, at the end. Everything is drawn from a seeded
generator and each record is guarded by its owner and title, so loading again adds nothing."""

import datetime
import random
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from gtis.accounts import services as account_services
from gtis.accounts.models import Organisation, OrganisationKind, OrganisationRole, User
from gtis.accounts.regions import CHINESE_NAMES, Province
from gtis.catalog.models import TaxonomyNode
from gtis.core.actors import SYSTEM
from gtis.core.roles import Role
from gtis.core.transitions import apply_transition
from gtis.market import brokers, deals, matching, sales, search, services
from gtis.market.choices import (
    PUBLIC_NEED_STAGES,
    BenefitMetric,
    BrokerLevel,
    IPKind,
    IPStatus,
    ListingStatus,
    NeedStage,
    OfferStatus,
    PriceKind,
    TransferMode,
)
from gtis.market.models import (
    Benefit,
    BrokerProfile,
    Deal,
    IPRecord,
    Listing,
    ListingReview,
    Need,
    Sale,
)

LISTINGS = 2000
NEEDS = 500
SEED = 2026
ENGLISH_SHARE = 0.1
TAXONOMY = "gic-2019"
BATCH = 500
DEMO_PASSWORD = "Gtis-Demo-2026"

M = BenefitMetric
S = ListingStatus
T = TransferMode
D = ListingReview.Decision

# The share of each state among the generated listings and needs.
LISTING_STATES = {
    S.PUBLISHED: 56,
    S.DRAFT: 7,
    S.SUBMITTED: 5,
    S.IN_MODERATION: 4,
    S.CHANGES_REQUESTED: 5,
    S.REJECTED: 4,
    S.SUSPENDED: 2,
    S.WITHDRAWN: 5,
    S.EXPIRED: 7,
    S.TRANSFERRED: 5,
}
NEED_STAGES = {
    NeedStage.DRAFT: 8,
    NeedStage.SUBMITTED: 8,
    NeedStage.IN_REVIEW: 8,
    NeedStage.SOLUTION_DESIGN: 36,
    NeedStage.IN_PROGRESS: 20,
    NeedStage.COMPLETED: 11,
    NeedStage.DECLINED: 5,
    NeedStage.WITHDRAWN: 4,
}
PROVINCE_NAMES = {code: name for name, code in CHINESE_NAMES.items()}
MAINLAND = [p for p in Province.values if p not in ("71", "81", "82")]
MAINLAND_NAMES = [PROVINCE_NAMES[p] for p in MAINLAND]
ABROAD = ["越南", "印度尼西亚", "哈萨克斯坦", "巴基斯坦", "泰国", "埃及", "沙特阿拉伯", "马来西亚"]

# The vocabulary of titles and summaries, by the kind of activity a catalogue branch covers.
FAMILIES = {
    **dict.fromkeys(["1.1", "1.2", "1.3", "1.4", "3.1"], "equipment"),
    **dict.fromkeys(
        ["1.5", "1.6", "1.7", "2.1", "2.2", "2.3", "2.4", "2.5", "3.3", "5.3"], "process"
    ),
    **dict.fromkeys(["3.2", "3.4", "5.4"], "energy"),
    **dict.fromkeys(["4.1", "4.2", "4.3", "5.5", "5.6"], "ecology"),
    **dict.fromkeys(["5.1", "5.2"], "infrastructure"),
    **dict.fromkeys(["6.1", "6.2", "6.3", "6.4", "6.5"], "service"),
}
PREFIXES = {
    "equipment": ["新型", "高效", "智能", "模块化", "第三代", "大型"],
    "process": ["高效", "低碳", "一体化", "新型", "低成本"],
    "energy": ["智能", "高效", "一体化", "分布式"],
    "ecology": ["近自然", "生态型"],
    "infrastructure": ["智能", "低碳", "装配式"],
    "service": ["数字化", "智慧"],
}
SUFFIXES = {
    "equipment": ["高效装备", "成套装备", "关键技术及装备", "节能系统", "智能控制系统"],
    "process": ["技术", "成套工艺", "一体化技术", "高效工艺", "成套技术"],
    "energy": ["系统集成技术", "智能运维平台", "优化调度技术", "关键技术"],
    "ecology": ["生态修复技术", "综合治理技术", "监测与评估技术", "防控技术"],
    "infrastructure": ["设计与建造技术", "智慧管理系统", "节能改造技术", "集成技术"],
    "service": ["数字化服务平台", "一站式服务", "管理系统", "咨询服务"],
}
# A subject that already names a thing takes a lighter suffix; waste takes a waste's suffix.
THINGS = ("装备", "设备", "装置", "系统", "机组", "设施", "平台", "材料", "服务", "技术", "工程")
THING_SUFFIXES = ["", "关键技术", "优化升级技术", "集成技术", "智能化改造技术"]
WASTES = ("废", "渣", "泥", "粪", "秸秆", "垃圾", "灰", "尾矿", "石膏")
WASTE_SUFFIXES = ["资源化利用技术", "无害化处理技术", "综合利用成套技术"]
VERBS = (
    "开展",
    "采用",
    "采取",
    "实施",
    "制定",
    "对",
    "提高",
    "发展",
    "构建",
    "恢复",
    "在",
    "与",
    "生产",
)
NAME_ENDINGS = re.compile(
    r"(制造和产业化|制造|建设运营和改造|建设和运营|建设、养护和运营|建设、养护管理和运营"
    r"|养护管理和运营|建设、养护管理|建设维护和运营|和运营|认证推广|认定推广)$"
)
# A standard's citation as the catalogue gives it: 《name》（GB12345）.
STANDARD = re.compile(r"^《[^《》]{4,30}》（[A-Z]{2,}[^）]*）$")
ENGLISH_PREFIXES = re.compile(
    r"^(Manufacturing of |Construction and operation of |Construction, maintenance management "
    r"and operation of |Construction, maintenance and operation of |Construction and "
    r"maintenance management of |Construction of |Certification and promotion of )"
)
ENGLISH_TITLES = [
    "High-efficiency {s} technology",
    "Integrated {s} solution",
    "Smart {s} system",
    "Low-carbon {s} process",
    "Next-generation {s} package",
]
PAINS = {
    "equipment": ["能耗高、效率低", "运行稳定性差", "核心部件依赖进口", "维护成本高"],
    "process": ["排放难以稳定达标", "处理成本高", "存在二次污染风险", "占地面积大、能耗高"],
    "energy": ["出力波动大、消纳困难", "调度灵活性不足", "运维成本高", "系统效率偏低"],
    "ecology": ["生态退化、修复周期长", "植被恢复难", "监测手段落后", "治理成效难以量化"],
    "infrastructure": ["建筑能耗高", "运行管理粗放", "改造周期长", "碳排放底数不清"],
    "service": ["数据分散、核算口径不一", "管理粗放", "专业人才缺乏", "合规成本高"],
}
METHODS = {
    "equipment": [
        ("多级换热与智能燃烧控制", "multi-stage heat exchange and smart combustion control"),
        ("烟气余热回收与梯级利用", "flue-gas waste-heat recovery and cascade use"),
        ("永磁变频驱动与高效流道设计", "permanent-magnet drives and efficient flow paths"),
        ("新型复合材料与结构优化", "new composite materials and structural optimisation"),
        ("模块化设计与数字孪生", "modular design and a digital twin"),
        ("物联网在线监测与故障预警", "IoT monitoring with fault warnings"),
    ],
    "process": [
        ("膜分离与高级氧化耦合", "membrane separation coupled with advanced oxidation"),
        ("高效催化剂与流场优化", "high-activity catalysts and flow-field optimisation"),
        ("微生物强化处理", "bio-augmented treatment"),
        ("低温等离子体协同催化", "non-thermal plasma with catalysis"),
        ("在线监测与智能加药", "online monitoring and smart dosing"),
    ],
    "energy": [
        ("人工智能功率预测与优化调度", "AI power forecasting and optimal dispatch"),
        ("源网荷储协同控制", "coordinated source-grid-load-storage control"),
        ("高效电力电子变换", "high-efficiency power electronics"),
        ("模块化设计与数字孪生", "modular design and a digital twin"),
    ],
    "ecology": [
        ("近自然修复与乡土植物配置", "near-natural restoration with native plants"),
        ("微生物强化与生态工程", "bio-augmentation and ecological engineering"),
        ("遥感与地面监测融合", "remote sensing fused with ground monitoring"),
        ("土壤改良与植被重建", "soil improvement and revegetation"),
    ],
    "infrastructure": [
        ("被动式设计与高性能围护结构", "passive design and a high-performance envelope"),
        ("BIM与物联网智慧运维", "BIM and IoT-based operation"),
        ("模块化预制与装配化施工", "modular prefabrication and assembly"),
        ("人工智能优化控制", "AI-based optimal control"),
    ],
    "service": [
        ("大数据与人工智能分析", "big-data and AI analytics"),
        ("标准化核算模型与数字化平台", "standard accounting models on a digital platform"),
        ("物联网数据采集与区块链存证", "IoT data collection with blockchain records"),
        ("专家团队与标准化流程", "an expert team and standard procedures"),
    ],
}
APPLICATIONS = ["钢铁", "水泥", "化工", "有色金属", "造纸", "纺织印染", "食品加工", "电力", "市政"]
INDUSTRIES = {
    "equipment": APPLICATIONS,
    "process": APPLICATIONS,
    "energy": ["电力", "新能源", "石油化工", "数据中心"],
    "ecology": ["林业", "农业", "水利", "自然资源"],
    "infrastructure": ["建筑", "交通运输", "市政公用"],
    "service": ["咨询服务", "金融", "制造业"],
}
# The benefits a family of technologies claims: metric, unit, range, the record's description,
# and the phrase of the summary in Chinese and English ({w} is the value times 10,000).
Claim = tuple[str, str, float, float, str, str, str]
BENEFITS: dict[str, list[Claim]] = {
    "equipment": [
        (
            M.ENERGY_SAVED,
            "%",
            8,
            35,
            "较传统设备",
            "较传统设备节能{v}%",
            "cuts energy use by {v} %",
        ),
        (
            M.CO2_AVOIDED,
            "吨CO₂/年",
            500,
            50000,
            "单套年均",
            "单套年减排二氧化碳{v}吨",
            "avoids {v} t of CO₂ a year per unit",
        ),
        (
            M.COST_SAVED,
            "万元/年",
            20,
            800,
            "单套年均",
            "单套年节约运行成本{v}万元",
            "saves CNY {w} a year per unit",
        ),
    ],
    "process": [
        (
            M.POLLUTANT_REDUCED,
            "%",
            30,
            95,
            "主要污染物",
            "主要污染物排放削减{v}%",
            "cuts pollutant emissions by {v} %",
        ),
        (
            M.WATER_SAVED,
            "万吨/年",
            1,
            200,
            "新水取用量减少",
            "年节水{v}万吨",
            "saves {w} t of water a year",
        ),
        (
            M.WASTE_REDUCED,
            "万吨/年",
            1,
            50,
            "固体废物减量或利用",
            "年处置利用固体废物{v}万吨",
            "treats or recycles {w} t of waste a year",
        ),
    ],
    "energy": [
        (
            M.RENEWABLE_OUTPUT,
            "万千瓦时/年",
            100,
            50000,
            "年均发电量",
            "年发电{v}万千瓦时",
            "generates {w} kWh a year",
        ),
        (
            M.CO2_AVOIDED,
            "吨CO₂/年",
            1000,
            200000,
            "按区域电网排放因子计",
            "年减排二氧化碳{v}吨",
            "avoids {v} t of CO₂ a year",
        ),
    ],
    "ecology": [
        (
            M.CO2_AVOIDED,
            "吨CO₂/年",
            100,
            20000,
            "新增碳汇",
            "年新增碳汇{v}吨二氧化碳当量",
            "adds {v} t CO₂e of carbon sinks a year",
        ),
        (
            M.OTHER,
            "个百分点",
            10,
            40,
            "植被覆盖率提高",
            "植被覆盖率提高{v}个百分点",
            "raises vegetation cover by {v} points",
        ),
    ],
    "infrastructure": [
        (
            M.ENERGY_SAVED,
            "%",
            15,
            75,
            "较现行节能设计标准",
            "较现行节能设计标准节能{v}%",
            "uses {v} % less energy than the current code",
        ),
        (
            M.CO2_AVOIDED,
            "吨CO₂/年",
            200,
            20000,
            "运行阶段",
            "运行阶段年减排二氧化碳{v}吨",
            "avoids {v} t of CO₂ a year in operation",
        ),
    ],
    "service": [
        (
            M.COST_SAVED,
            "万元/年",
            10,
            300,
            "客户年均",
            "帮助客户年均节约成本{v}万元",
            "saves clients CNY {w} a year on average",
        ),
        (
            M.CO2_AVOIDED,
            "吨CO₂/年",
            500,
            100000,
            "服务客户累计",
            "服务客户累计年减排二氧化碳{v}吨",
            "has helped clients avoid {v} t of CO₂ a year",
        ),
    ],
}
MODES = {
    "service": [T.SERVICE, T.CONSULTING, T.DEVELOPMENT],
    "default": [
        T.ORDINARY_LICENCE,
        T.ORDINARY_LICENCE,
        T.ASSIGNMENT,
        T.EXCLUSIVE_LICENCE,
        T.SOLE_LICENCE,
        T.CAPITAL_CONTRIBUTION,
        T.DEVELOPMENT,
        T.SERVICE,
        T.CONSULTING,
    ],
}
REASONS = {
    D.APPROVE: [
        "信息完整，技术领域与分类代码一致，予以发布。",
        "材料齐全，专利权属清晰，同意发布。",
        "效益数据有第三方检测报告支撑，同意发布。",
    ],
    D.REQUEST_CHANGES: [
        "请补充第三方检测报告中的节能量数据。",
        "技术成熟度填写为8级，请补充工程应用证明材料。",
        "专利号与权利人信息不一致，请核对后重新提交。",
        "请补充价格说明及各转让方式的具体条件。",
    ],
    D.REJECT: [
        "该技术不属于《绿色产业指导目录（2019年版）》范围。",
        "提交材料显示相关专利已失效，且无其他权属证明。",
        "同一技术已由权利人另行发布，请勿重复提交。",
    ],
    D.SUSPEND: [
        "收到专利权属异议投诉，暂停展示待核实。",
        "效益数据被举报与实际不符，暂停展示待复核。",
    ],
}
NEED_TITLES = [
    "{s}技术需求",
    "{s}改造技术需求",
    "寻求{s}解决方案",
    "{s}提标升级需求",
    "征集{s}低成本技术",
]
NEED_GOALS = ["稳定达标排放", "降低运行能耗", "减少碳排放", "提高资源利用率", "降低运维成本"]
NEED_GOALS_EN = [
    "meet discharge limits reliably",
    "cut energy use",
    "reduce carbon emissions",
    "use resources more efficiently",
    "lower operating costs",
]
DECLINE_REASONS = [
    "需求描述过于笼统，未给出规模、现状指标和目标，请补充后重新提交。",
    "该需求属于常规设备采购，不属于技术需求，建议通过招标采购解决。",
]
CALL_WINDOW = 45  # days a demo call stays open
# Needs matched while loading, the story's first. Matching a need takes seconds today (it
# segments every candidate's text again and reads each candidate's codes), so the others get
# their matches from the matching job when they next change; None matches them all.
MATCHED_NEEDS: int | None = 12


@dataclass(frozen=True)
class Topic:
    """A catalogue node as the demo writes about it."""

    node: TaxonomyNode
    family: str
    subjects: tuple[str, ...]
    subject_en: str
    standards: tuple[str, ...]
    siblings: tuple[TaxonomyNode, ...]


@dataclass
class Cast:
    """The demo accounts and organisations the story needs."""

    office: User
    enterprise: User
    broker: User
    bank: User
    expert: User
    sellers: dict[str, User]
    organisations: dict[str, Organisation]
    brokers: dict[str, BrokerProfile] = field(default_factory=dict)


@dataclass
class Totals:
    listings: int = 0
    needs: int = 0
    scripted: int = 0
    offers: int = 0
    disclosures: int = 0
    deals: int = 0
    sales: int = 0
    brokers: int = 0
    matches: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def load(
    out: TextIO,
    *,
    listings: int = LISTINGS,
    needs: int = NEEDS,
    matched: int | None = MATCHED_NEEDS,
) -> None:
    """Load the demo market: the story, then `listings` and `needs` in all, then the matches
    of the story's public needs and of the newest others, `matched` in all (None: all)."""
    leaves = topics()
    if not leaves:
        out.write(f"market demo: skipped, taxonomy {TAXONOMY} missing (run load-reference)\n")
        return
    totals = Totals()
    started = time.perf_counter()
    cast = _cast()
    story_needs = _story(cast, totals)
    totals.timings["story"] = time.perf_counter() - started
    rng = random.Random(SEED)
    owners = _pool(
        [OrganisationKind.ENTERPRISE] * 4
        + [OrganisationKind.UNIVERSITY, OrganisationKind.RESEARCH_INSTITUTE]
    )
    seekers = _pool([OrganisationKind.ENTERPRISE] * 3 + [OrganisationKind.PARK])
    brokers = list(Organisation.objects.filter(kind=OrganisationKind.INTERMEDIARY).order_by("pk"))
    step = time.perf_counter()
    totals.listings = _bulk_listings(
        rng, leaves, owners, brokers, cast.office, max(listings - Listing.objects.count(), 0)
    )
    totals.needs = _bulk_needs(
        rng, leaves, seekers, cast.office, max(needs - Need.objects.count(), 0)
    )
    totals.timings["bulk"] = time.perf_counter() - step
    step = time.perf_counter()
    totals.matches = _match_public_needs(story_needs, matched)
    totals.timings["matches"] = time.perf_counter() - step
    timings = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in totals.timings.items())
    out.write(
        f"market demo: {totals.scripted} story records through the services, "
        f"{totals.listings} listings and {totals.needs} needs in bulk, {totals.offers} offers, "
        f"{totals.disclosures} disclosures, {totals.deals} deals, {totals.sales} public sales, "
        f"{totals.matches} matches added "
        f"({Listing.objects.count()} listings and {Need.objects.count()} needs in all; "
        f"{timings})\n"
    )


# The story ----------------------------------------------------------------------------------

HUAQING = "华清绿能科技有限公司"
QINGYUAN = "清源大学"
ZHONGLV = "中绿技术交易服务有限公司"
LVJIN = "绿金商业银行股份有限公司"
BIYUAN = "示例碧源环境科技有限公司"
YUNMO = "示例云膜分离技术有限公司"
YUANQUAN = "示例源泉水务集团有限公司"

XIBU = "示例西部绿色技术交易所有限公司"
LVZHI = "示例绿知知识产权服务有限公司"

# Certified technology brokers (技术经纪人): the demo broker account and two of other
# technology transfer organisations. username, full name, organisation, level, certificate
# number, certifying body, fields (codes), default commission (%), its terms, profile.
BROKERS: list[tuple[str, str, str, str, str, str, list[str], str, str, str]] = [
    (
        "broker",
        "刘洋",
        ZHONGLV,
        BrokerLevel.SENIOR,
        "JSJJR-31-2021-0158",
        "上海市技术转移协会",
        ["1.1.10", "1.5.3", "3.2"],
        "3.00",
        "按合同成交额收取，首付款到账后支付一半，验收后支付其余。",
        "从事技术转移九年，专注工业节能与余热利用，促成技术许可与转让合同四十余项。",
    ),
    (
        "xibu_broker",
        "何静",
        XIBU,
        BrokerLevel.INTERMEDIATE,
        "JSJJR-51-2022-0432",
        "四川省技术经纪人培训中心",
        ["1.5", "2.1"],
        "4.50",
        "按合同成交额收取，合同登记后一次性支付。",
        "熟悉西部地区工业园区水处理与固废利用项目，擅长技术服务合同的设计与谈判。",
    ),
    (
        "lvzhi_broker",
        "马骏",
        LVZHI,
        BrokerLevel.JUNIOR,
        "JSJJR-42-2024-0917",
        "湖北省技术转移人才培训基地",
        ["1.6"],
        "2.00",
        "按成交额收取，另含专利权属与法律状态核查。",
        "知识产权代理出身，负责专利许可交易的权属核查与许可条款设计。",
    ),
]

# Accounts of two technology owners, so that four organisations can answer the demo call.
SELLERS = [
    # username, full name, organisation
    ("biyuan", "吴海涛", BIYUAN),
    ("yunmo", "郑雪", YUNMO),
]

# Listings posted and moderated through the services. `actor` is who posts for the owner:
# the enterprise, expert or broker demo account, or "" for the system. `path` is what
# happens next, in order: submit, take (into moderation), approve, request_changes, reject,
# suspend, withdraw, expire, transfer.
STORY_LISTINGS: list[dict[str, Any]] = [
    {
        "owner": HUAQING,
        "actor": "enterprise",
        "title": "工业窑炉烟气余热深度回收发电系统",
        "title_en": "Deep waste-heat recovery power system for industrial kiln flue gas",
        "summary": "针对水泥、玻璃、冶金窑炉排烟温度高、余热利用率低的问题，以多级换热实现"
        "烟气余热回收，经有机朗肯循环（ORC）将200–350℃烟气余热转化为电能。单套装机1.5–6兆瓦，"
        "吨熟料余热发电量提高18%，年减排二氧化碳约1.26万吨。已在江苏、安徽、河北等地"
        "14条生产线稳定运行，投资回收期约3年。",
        "summary_en": "Recovers 200–350 °C flue-gas heat from cement, glass and metallurgical "
        "kilns through multi-stage heat exchange and an organic Rankine cycle. Units of "
        "1.5–6 MW raise waste-heat power per tonne of clinker by 18 % and avoid about "
        "12,600 t of CO₂ a year; 14 production lines in operation, payback about 3 years.",
        "detail": "核心换热器管束排布与防积灰吹扫参数；ORC工质配比及膨胀机选型计算书；"
        "14条生产线连续运行数据（累计4.2万小时）；设备采购清单与报价。",
        "codes": ["1.1.10", "1.5.3"],
        "trl": 9,
        "modes": [T.ORDINARY_LICENCE, T.DEVELOPMENT],
        "price": (PriceKind.FIXED, "480", None),
        "benefits": [
            (M.ENERGY_SAVED, "18", "%", "吨熟料余热发电量提高"),
            (M.CO2_AVOIDED, "12600", "吨CO₂/年", "单条5000吨/日熟料线"),
        ],
        "ip": [
            (IPKind.INVENTION_PATENT, 2021, "一种窑炉烟气多级余热回收发电系统", IPStatus.GRANTED),
            (IPKind.UTILITY_MODEL, 2022, "一种余热锅炉在线吹灰装置", IPStatus.GRANTED),
        ],
        "deployed_in": ["江苏省", "安徽省", "河北省"],
        "path": ["submit", "take", "approve"],
    },
    {
        "owner": HUAQING,
        "actor": "enterprise",
        "title": "永磁同步电机变频调速节能改造技术",
        "summary": "以稀土永磁同步电机和高压变频调速替代风机、水泵配套的老旧异步电机，"
        "结合管网阻力优化，电机系统综合节电率达22%–35%。已完成电力、化工、市政供水等行业"
        "86台套改造，单台年节电最高达120万千瓦时。",
        "detail": "电机电磁设计参数与绕组方案；变频器控制策略源程序；典型改造项目测试报告。",
        "codes": ["1.5.2", "1.1.8"],
        "trl": 8,
        "modes": [T.ORDINARY_LICENCE, T.SERVICE],
        "price": (PriceKind.RANGE, "60", "150"),
        "benefits": [(M.ENERGY_SAVED, "28", "%", "电机系统综合节电率")],
        "ip": [
            (IPKind.INVENTION_PATENT, 2020, "一种永磁同步电机无传感器控制方法", IPStatus.GRANTED)
        ],
        "path": ["submit", "approve"],
    },
    {
        "owner": HUAQING,
        "actor": "enterprise",
        "title": "工商业储能电站智能能量管理系统",
        "title_en": "Smart energy management system for commercial and industrial storage",
        "summary": "面向工商业用户侧储能，基于负荷预测与分时电价优化充放电策略，"
        "支持需量管理、光储协同与需求响应。已接入储能电站32座、总容量186兆瓦时，"
        "用户侧峰谷套利收益平均提高15%。",
        "summary_en": "Schedules behind-the-meter batteries from load forecasts and time-of-use "
        "tariffs, with demand-charge management, PV coordination and demand response. "
        "32 sites (186 MWh) connected; arbitrage revenue up 15 % on average.",
        "detail": "负荷预测模型结构与训练数据说明；调度优化算法源代码；接口协议文档。",
        "codes": ["3.4.2", "5.4.2"],
        "trl": 8,
        "modes": [T.SERVICE, T.ORDINARY_LICENCE],
        "price": (PriceKind.RANGE, "120", "260"),
        "benefits": [(M.COST_SAVED, "46", "万元/年", "单座2兆瓦时储能电站")],
        "ip": [(IPKind.SOFTWARE, 2023, "华清储能能量管理系统V3.0", IPStatus.GRANTED)],
        "path": ["submit", "approve"],
    },
    {
        "owner": HUAQING,
        "actor": "enterprise",
        "title": "低温烟气SCR脱硝催化剂再生技术",
        "summary": "对失活的钒钛系SCR脱硝催化剂进行清洗、活性组分补充和焙烧再生，"
        "再生后活性恢复至新催化剂的95%以上，成本约为新购的40%。",
        "codes": ["2.3.1"],
        "trl": 6,
        "modes": [T.ASSIGNMENT],
        "price": (PriceKind.NEGOTIABLE, None, None),
        "path": [],
    },
    {
        "owner": HUAQING,
        "actor": "enterprise",
        "title": "分布式光伏电站智能运维平台",
        "summary": "融合无人机红外巡检、组串级监测与故障诊断模型，实现分布式光伏电站"
        "远程集中运维，发电量损失降低3–5个百分点。",
        "codes": ["3.2.2", "6.1.2"],
        "trl": 7,
        "modes": [T.SERVICE],
        "price": (PriceKind.NEGOTIABLE, None, None),
        "path": ["submit", "request_changes"],
        "reason": "请补充已运维电站的装机容量证明和发电量提升的第三方检测报告。",
    },
    {
        "owner": HUAQING,
        "actor": "enterprise",
        "title": "园区多能互补微电网协同调度技术",
        "summary": "针对工业园区光伏、储能、燃气三联供与可调负荷并存的场景，建立多时间尺度"
        "协同调度模型，提高新能源就地消纳率至95%以上。",
        "codes": ["5.4.3", "3.4.1"],
        "trl": 6,
        "modes": [T.DEVELOPMENT, T.CONSULTING],
        "price": (PriceKind.RANGE, "80", "200"),
        "path": ["submit"],
    },
    {
        "owner": QINGYUAN,
        "actor": "expert",
        "title": "城镇污水低碳脱氮除磷短程硝化工艺",
        "summary": "基于短程硝化–厌氧氨氧化耦合，降低城镇污水处理曝气能耗30%以上、"
        "外加碳源投加量60%以上，出水总氮稳定低于10毫克/升。已在3座5–10万吨/日"
        "污水处理厂完成工程示范。",
        "codes": ["5.3.1", "1.2.1"],
        "trl": 7,
        "modes": [T.EXCLUSIVE_LICENCE, T.DEVELOPMENT],
        "price": (PriceKind.RANGE, "300", "800"),
        "benefits": [
            (M.ENERGY_SAVED, "32", "%", "曝气能耗降低"),
            (M.POLLUTANT_REDUCED, "70", "%", "总氮削减"),
        ],
        "ip": [
            (
                IPKind.INVENTION_PATENT,
                2019,
                "一种城镇污水短程硝化厌氧氨氧化脱氮方法",
                IPStatus.GRANTED,
            ),
            (IPKind.INVENTION_PATENT, 2022, "一种厌氧氨氧化颗粒污泥快速培养方法", IPStatus.PENDING),
        ],
        "path": ["submit", "approve"],
    },
    {
        "owner": QINGYUAN,
        "actor": "expert",
        "title": "磷石膏无害化处理与建材资源化技术",
        "summary": "磷石膏经水洗–中和–煅烧制备β型建筑石膏，可溶磷、氟去除率超过98%，"
        "产品满足《建筑石膏》（GB/T9776）要求，处理成本约60元/吨。",
        "codes": ["1.3.2", "2.5.1"],
        "trl": 7,
        "modes": [T.ORDINARY_LICENCE, T.CAPITAL_CONTRIBUTION],
        "price": (PriceKind.FIXED, "260", None),
        "benefits": [(M.WASTE_REDUCED, "30", "万吨/年", "单条生产线磷石膏利用量")],
        "ip": [
            (
                IPKind.INVENTION_PATENT,
                2020,
                "一种磷石膏净化煅烧制备建筑石膏的方法",
                IPStatus.GRANTED,
            )
        ],
        "path": ["submit", "approve"],
    },
    {
        "owner": QINGYUAN,
        "actor": "expert",
        "title": "钙钛矿/晶硅叠层太阳电池制备技术",
        "summary": "采用宽带隙钙钛矿顶电池与TOPCon底电池叠层结构，实验室效率30.1%，"
        "正在开展中试线验证。",
        "codes": ["3.1.2"],
        "trl": 4,
        "modes": [T.DEVELOPMENT, T.EXCLUSIVE_LICENCE],
        "price": (PriceKind.NEGOTIABLE, None, None),
        "path": ["submit", "take"],
    },
    {
        "owner": QINGYUAN,
        "actor": "expert",
        "title": "基于机器学习的公共建筑能耗预测算法",
        "summary": "利用建筑运行数据训练能耗预测模型，预测误差小于8%。",
        "codes": ["5.1.5"],
        "trl": 2,
        "modes": [T.CONSULTING],
        "price": (PriceKind.NEGOTIABLE, None, None),
        "path": ["submit", "reject"],
        "reason": "成果尚处于算法研究阶段（技术成熟度2级），未提供任何应用验证，"
        "建议完成试点应用后重新提交。",
    },
    {
        "owner": "示例清风节能装备有限公司",
        "actor": "broker",
        "title": "磁悬浮离心式鼓风机",
        "title_en": "Magnetic-levitation centrifugal blower",
        "summary": "采用磁悬浮轴承与高速永磁电机直驱，无齿轮箱、无润滑油，整机效率较罗茨"
        "风机提高30%以上，适用于污水处理曝气、水泥、电力等行业。",
        "summary_en": "Magnetic bearings and a direct-drive high-speed permanent-magnet motor: "
        "no gearbox, no oil, over 30 % more efficient than Roots blowers in aeration.",
        "codes": ["1.1.6"],
        "trl": 9,
        "modes": [T.ORDINARY_LICENCE, T.ASSIGNMENT],
        "price": (PriceKind.FIXED, "95", None),
        "benefits": [(M.ENERGY_SAVED, "30", "%", "较罗茨风机")],
        "ip": [(IPKind.INVENTION_PATENT, 2018, "一种磁悬浮离心鼓风机转子结构", IPStatus.GRANTED)],
        "path": ["submit", "approve"],
    },
    {
        "owner": "示例燕赵环保工程有限公司",
        "actor": "broker",
        "title": "钢铁烧结烟气循环与超低排放协同治理技术",
        "summary": "烧结烟气选择性循环回用，配合活性炭一体化脱硫脱硝，颗粒物、二氧化硫、"
        "氮氧化物排放分别低于10、35、50毫克/立方米，烟气外排量减少25%。",
        "codes": ["2.3.4", "1.2.2"],
        "trl": 8,
        "modes": [T.ORDINARY_LICENCE, T.DEVELOPMENT],
        "price": (PriceKind.RANGE, "500", "1500"),
        "benefits": [(M.POLLUTANT_REDUCED, "85", "%", "氮氧化物削减")],
        "ip": [(IPKind.INVENTION_PATENT, 2019, "一种烧结烟气选择性循环方法", IPStatus.GRANTED)],
        "path": ["submit", "approve", "suspend"],
    },
    {
        "owner": "示例循环再生资源有限公司",
        "actor": "broker",
        "title": "退役动力电池梯次利用与材料再生技术",
        "summary": "退役磷酸铁锂电池经快速分选重组用于储能，无法梯次利用的电池经破碎、"
        "湿法冶金回收锂、镍、钴，锂回收率超过90%。",
        "codes": ["1.3.6", "1.7.2"],
        "trl": 8,
        "modes": [T.CAPITAL_CONTRIBUTION],
        "price": (PriceKind.NEGOTIABLE, None, None),
        "path": ["submit", "approve", "withdraw"],
    },
    {
        "owner": "示例风驰风电设备有限公司",
        "actor": "broker",
        "title": "低风速风电机组长叶片气动优化技术",
        "summary": "针对年平均风速5.5米/秒以下地区，优化叶片翼型与柔性控制策略，"
        "年等效满发小时数提高8%。",
        "codes": ["3.1.1"],
        "trl": 9,
        "modes": [T.ASSIGNMENT],
        "price": (PriceKind.FIXED, "1200", None),
        "benefits": [(M.RENEWABLE_OUTPUT, "850", "万千瓦时/年", "单台5兆瓦机组")],
        "path": ["submit", "approve", "transfer"],
    },
    {
        "owner": BIYUAN,
        "actor": "biyuan",
        "title": "高盐难降解工业废水膜浓缩与分盐结晶技术",
        "summary": "采用纳滤分盐、高压反渗透与机械蒸汽再压缩（MVR）蒸发结晶组合工艺，"
        "实现煤化工、印染高盐废水近零排放，氯化钠、硫酸钠产品纯度达到工业盐标准。",
        "codes": ["1.2.1", "2.4.2"],
        "trl": 8,
        "modes": [T.ORDINARY_LICENCE, T.SERVICE],
        "price": (PriceKind.RANGE, "400", "1200"),
        "benefits": [(M.WATER_SAVED, "120", "万吨/年", "单个项目废水回用量")],
        "ip": [(IPKind.INVENTION_PATENT, 2021, "一种高盐废水纳滤分盐结晶系统", IPStatus.GRANTED)],
        "path": ["submit", "approve"],
    },
    {
        "owner": YUNMO,
        "actor": "yunmo",
        "title": "抗污染平板陶瓷膜MBR污水处理装备",
        "title_en": "Fouling-resistant flat ceramic membrane bioreactor",
        "summary": "平板陶瓷膜通量高、耐化学清洗、寿命10年以上，MBR出水稳定达到"
        "地表水准IV类，膜池占地较传统工艺减少40%。",
        "summary_en": "Flat ceramic membranes with high flux and a service life over 10 years; "
        "the MBR meets class IV surface-water quality on 40 % less land.",
        "codes": ["1.2.1", "5.3.1"],
        "trl": 8,
        "modes": [T.ORDINARY_LICENCE, T.SERVICE],
        "price": (PriceKind.FIXED, "350", None),
        "benefits": [(M.POLLUTANT_REDUCED, "90", "%", "化学需氧量去除率")],
        "ip": [(IPKind.UTILITY_MODEL, 2022, "一种平板陶瓷膜组件", IPStatus.GRANTED)],
        "path": ["submit", "approve"],
    },
    {
        "owner": "示例光合新能源股份有限公司",
        "actor": "",
        "title": "TOPCon高效光伏电池量产工艺",
        "title_en": "Mass-production process for high-efficiency TOPCon solar cells",
        "summary": "隧穿氧化层钝化接触（TOPCon）电池量产平均效率26.2%，双面率85%，"
        "可在现有PERC产线基础上升级改造。",
        "summary_en": "TOPCon cells at 26.2 % average mass-production efficiency and 85 % "
        "bifaciality, by upgrading existing PERC lines.",
        "codes": ["3.1.2"],
        "trl": 9,
        "modes": [T.ORDINARY_LICENCE, T.SERVICE],
        "price": (PriceKind.RESERVE, "2000", None),
        "benefits": [(M.RENEWABLE_OUTPUT, "3600", "万千瓦时/年", "每百兆瓦组件较PERC增发")],
        "path": ["submit", "approve"],
    },
    {
        "owner": "示例蓝海氢能科技有限公司",
        "actor": "",
        "title": "兆瓦级碱性电解水制氢装备",
        "summary": "单槽产氢1000标方/小时，直流电耗不高于4.3千瓦时/标方，"
        "支持宽功率波动运行，适配风光离网制氢。",
        "codes": ["3.2.9", "3.1.10"],
        "trl": 8,
        "modes": [T.ORDINARY_LICENCE],
        "price": (PriceKind.FIXED, "900", None),
        "path": ["submit", "approve"],
    },
    {
        "owner": "示例绿建低碳建筑科技有限公司",
        "actor": "",
        "title": "装配式超低能耗建筑围护结构体系",
        "summary": "预制夹芯保温外墙板与无热桥连接节点，建筑供暖能耗较现行节能标准降低75%。",
        "codes": ["5.1.1", "5.1.4"],
        "trl": 8,
        "modes": [T.ORDINARY_LICENCE],
        "price": (PriceKind.FIXED, "150", None),
        "expired": True,
        "path": ["submit", "approve", "expire"],
    },
    {
        "owner": "示例宁储储能技术有限公司",
        "actor": "",
        "title": "液冷储能电池舱热管理系统",
        "summary": "电池舱液冷板与智能温控，电芯温差控制在3℃以内，系统循环寿命提高20%。",
        "codes": ["3.4.2"],
        "trl": 8,
        "modes": [T.ORDINARY_LICENCE, T.DEVELOPMENT],
        "price": (PriceKind.RANGE, "200", "500"),
        "path": ["submit", "approve"],
    },
    {
        "owner": "示例黔绿生态农业有限公司",
        "actor": "",
        "title": "畜禽粪污好氧发酵有机肥生产技术",
        "summary": "槽式好氧发酵配合复合菌剂，发酵周期缩短至15天，有机肥产品符合"
        "《有机肥料》（NY/T525）要求。",
        "codes": ["1.7.7", "4.1.8"],
        "trl": 9,
        "modes": [T.SERVICE, T.ORDINARY_LICENCE],
        "price": (PriceKind.FIXED, "30", None),
        "path": ["submit", "approve"],
    },
    {
        "owner": YUANQUAN,
        "actor": "",
        "title": "供水管网分区计量与漏损智能诊断系统",
        "summary": "基于DMA分区计量、夜间最小流量分析和压力调控，供水管网漏损率由18%降至9%。",
        "codes": ["5.3.5"],
        "trl": 9,
        "modes": [T.SERVICE],
        "price": (PriceKind.NEGOTIABLE, None, None),
        "benefits": [(M.WATER_SAVED, "260", "万吨/年", "中等城市供水管网")],
        "path": ["submit", "approve"],
    },
    {
        "owner": "示例碳评检测认证有限公司",
        "actor": "",
        "title": "产品碳足迹核算与认证服务",
        "title_en": "Product carbon footprint accounting and certification",
        "summary": "依据ISO 14067和《温室气体 产品碳足迹 量化要求和指南》（GB/T24067），"
        "提供产品全生命周期碳足迹核算、核查与认证。",
        "summary_en": "Life-cycle carbon footprint accounting, verification and certification "
        "under ISO 14067.",
        "codes": ["6.2.6", "6.3.3"],
        "trl": 9,
        "modes": [T.SERVICE, T.CONSULTING],
        "price": (PriceKind.RANGE, "5", "30"),
        "path": ["submit", "approve"],
    },
]

# Needs posted and moved through the services; `path` steps are those of `move_need`.
STORY_NEEDS: list[dict[str, Any]] = [
    {
        "seeker": YUANQUAN,
        "actor": "",
        "title": "城镇污水处理厂提标改造与污泥减量技术需求",
        "title_en": "Upgrading a municipal wastewater plant and reducing its sludge",
        "problem": "集团下属4座城镇污水处理厂（合计20万吨/日）需由一级A提标至地表水准IV类，"
        "现有曝气能耗高、外加碳源费用大，脱水污泥含水率80%，处置费用逐年上升。",
        "problem_en": "Four plants (200,000 m³/day) must meet class IV surface-water limits; "
        "aeration and external carbon are costly and sludge disposal is rising.",
        "outcome": "出水主要指标稳定达到地表水准IV类；吨水电耗不增加；污泥产量减少30%以上。",
        "codes": ["5.3.1", "1.2.1"],
        "industry": "水务",
        "budget": ("800", "2000"),
        "modes": [T.ORDINARY_LICENCE, T.DEVELOPMENT, T.SERVICE],
        "path": ["start_review", "accept"],
        "call": True,
    },
    {
        "seeker": HUAQING,
        "actor": "enterprise",
        "title": "储能电池舱低功耗液冷热管理技术需求",
        "problem": "现有储能电池舱空调温控系统能耗占辅助用电的60%，夏季高温时电芯温差超过8℃。",
        "outcome": "温控能耗降低40%，电芯温差不超过3℃。",
        "codes": ["3.4.2"],
        "industry": "储能",
        "budget": ("50", "150"),
        "modes": [T.DEVELOPMENT, T.ORDINARY_LICENCE],
        "path": None,
    },
    {
        "seeker": HUAQING,
        "actor": "enterprise",
        "title": "光伏组件清洗机器人节水技术需求",
        "problem": "西北地区光伏电站组件积灰严重，人工水洗每年用水约3万吨且效率低。",
        "outcome": "实现无水或微水清洗，清洗后发电效率恢复至95%以上。",
        "codes": ["3.2.2"],
        "industry": "光伏",
        "budget": ("30", "80"),
        "modes": [T.ORDINARY_LICENCE, T.SERVICE],
        "path": [],
    },
    {
        "seeker": "示例光合新能源股份有限公司",
        "actor": "",
        "title": "光伏硅片切割废水回用技术需求",
        "problem": "硅片金刚线切割废水含硅粉和切削液，现处理后直接排放，回用率不足20%。",
        "outcome": "废水回用率达到70%以上，回收硅粉纯度不低于99%。",
        "codes": ["2.4.1", "2.4.2"],
        "industry": "光伏",
        "budget": ("200", "500"),
        "modes": [T.ASSIGNMENT, T.ORDINARY_LICENCE],
        "path": ["start_review"],
    },
    {
        "seeker": "示例燕赵环保工程有限公司",
        "actor": "",
        "title": "焦化废水处理技术需求",
        "problem": "需要焦化废水处理技术。",
        "outcome": "达标排放。",
        "codes": ["2.4.2"],
        "industry": "大气污染治理",
        "budget": (None, None),
        "modes": [],
        "path": ["start_review", "decline"],
        "reason": DECLINE_REASONS[0],
    },
    {
        "seeker": "示例循环再生资源有限公司",
        "actor": "",
        "title": "废旧光伏组件拆解回收技术需求",
        "problem": "预计2026年起每年回收退役光伏组件约5000吨，缺少玻璃、铝框、银的高值化回收工艺。",
        "outcome": "材料综合回收率不低于90%，银回收率不低于95%。",
        "codes": ["1.3.6", "1.7.2"],
        "industry": "资源循环利用",
        "budget": ("300", "600"),
        "modes": [T.ASSIGNMENT],
        "path": ["withdraw"],
    },
    {
        "seeker": "示例风驰风电设备有限公司",
        "actor": "",
        "title": "风电叶片复合材料回收利用技术需求",
        "problem": "退役风电叶片玻璃纤维/环氧树脂复合材料难以降解，目前以填埋为主。",
        "outcome": "形成年处理1万吨退役叶片的回收利用工艺，再生纤维可用于建材。",
        "codes": ["1.7.2", "1.3.6"],
        "industry": "风电装备",
        "budget": ("500", "1500"),
        "modes": [T.DEVELOPMENT, T.CAPITAL_CONTRIBUTION],
        "path": ["start_review", "accept", "start_work"],
    },
    {
        "seeker": "示例黔绿生态农业有限公司",
        "actor": "",
        "title": "山地果园水肥一体化与面源污染防控需求",
        "problem": "山地果园灌溉依赖漫灌，化肥流失造成下游水体氮磷超标。",
        "outcome": "节水30%以上，化肥用量减少20%，地表径流氮磷浓度下降40%。",
        "codes": ["1.6.9", "4.1.11"],
        "industry": "生态农业",
        "budget": ("40", "100"),
        "modes": [T.SERVICE, T.ORDINARY_LICENCE],
        "path": ["start_review", "accept", "start_work", "complete"],
    },
    {
        "seeker": "示例绿色低碳产业园",
        "actor": "",
        "title": "园区污水集中处理与中水回用技术需求",
        "problem": "园区现有企业32家，废水经预处理后接入市政管网，中水回用率不足10%。",
        "outcome": "建设2万吨/日集中处理设施，中水回用率达到50%。",
        "codes": ["2.4.3", "2.1.3"],
        "industry": "产业园区",
        "budget": ("1500", "4000"),
        "modes": [T.DEVELOPMENT, T.SERVICE],
        "path": ["start_review", "accept"],
    },
    {
        "seeker": "示例国际合作生态园",
        "actor": "",
        "title": "园区屋顶分布式光伏与储能一体化方案需求",
        "title_en": "Rooftop PV and storage for an eco-industrial park",
        "problem": "园区标准厂房屋顶面积约40万平方米，白天用电负荷高，峰谷电价差大。",
        "problem_en": "About 400,000 m² of factory roofs, a high daytime load and a wide "
        "peak-valley tariff spread.",
        "outcome": "建成不少于30兆瓦光伏和10兆瓦时储能，园区绿电占比达到35%。",
        "codes": ["3.2.2", "3.4.2", "5.4.3"],
        "industry": "产业园区",
        "budget": ("8000", "15000"),
        "modes": [T.CAPITAL_CONTRIBUTION, T.SERVICE],
        "path": ["start_review", "accept"],
    },
]

CALL = {
    "title": "源泉水务污水处理厂提标改造技术揭榜",
    "requirements": "1. 提出4座污水处理厂提标至地表水准IV类的整体技术方案；"
    "2. 给出吨水投资、吨水电耗和药耗测算；3. 提供不少于1项同等规模工程案例；"
    "4. 改造期间不得停产。",
}
OFFERS = [
    # account, listing title offered ("" for none), proposal, price, months, decision
    (
        "yunmo",
        "抗污染平板陶瓷膜MBR污水处理装备",
        "以平板陶瓷膜MBR改造现有二沉池和深度处理单元，不新增用地，分厂分批实施。",
        "1680",
        14,
        OfferStatus.SHORTLISTED,
    ),
    (
        "expert",
        "城镇污水低碳脱氮除磷短程硝化工艺",
        "主流短程硝化–厌氧氨氧化改造生化池，曝气能耗和碳源投加同步下降，提供运行调试与人员培训。",
        "1250",
        18,
        OfferStatus.SHORTLISTED,
    ),
    (
        "biyuan",
        "",
        "深度处理采用臭氧催化氧化加反硝化滤池，污泥采用低温干化减量，总承包实施。",
        "1960",
        12,
        OfferStatus.SUBMITTED,
    ),
    (
        "enterprise",
        "",
        "污泥低温干化耦合厂区余热回收，干化热源60%来自鼓风机房与沼气发电余热。",
        "860",
        10,
        OfferStatus.SUBMITTED,
    ),
]


def _cast() -> Cast:
    """The accounts demo's users, the story's organisations, and two sellers' accounts."""
    names = {
        *(spec["owner"] for spec in STORY_LISTINGS),
        *(spec["seeker"] for spec in STORY_NEEDS),
        ZHONGLV,
        LVJIN,
        *(row[2] for row in SELLERS),
        *(row[2] for row in BROKERS),
    }
    organisations = _named(names)
    usernames = ["office", "enterprise", "broker", "bank", "expert"]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    missing = set(usernames) - set(users)
    if missing:
        raise LookupError(f"Demo accounts missing: {', '.join(sorted(missing))}")
    sellers = {}
    for username, full_name, organisation in SELLERS:
        seller = User.objects.filter(username=username).first()
        if seller is None:
            seller = account_services.create_user(
                actor=SYSTEM,
                password=DEMO_PASSWORD,
                username=username,
                full_name=full_name,
                email=f"{username}@demo.gtis.invalid",
                role=Role.ORGANISATION_MEMBER,
                organisation=organisations[organisation],
                organisation_role=OrganisationRole.MEMBER,
            )
        sellers[username] = seller
    return Cast(
        office=users["office"],
        enterprise=users["enterprise"],
        broker=users["broker"],
        bank=users["bank"],
        expert=users["expert"],
        sellers=sellers,
        organisations=organisations,
    )


def _named(names: Iterable[str]) -> dict[str, Organisation]:
    wanted = set(names)
    found = {o.name: o for o in Organisation.objects.filter(name__in=wanted).order_by("-pk")}
    missing = wanted - set(found)
    if missing:
        raise LookupError(f"Demo organisations missing: {', '.join(sorted(missing))}")
    return found


def _actor(cast: Cast, name: str) -> Any:
    accounts = {
        "enterprise": cast.enterprise,
        "broker": cast.broker,
        "bank": cast.bank,
        "expert": cast.expert,
        **cast.sellers,
    }
    return accounts[name] if name else SYSTEM


def _nodes(codes: Sequence[str]) -> list[TaxonomyNode]:
    found = {
        node.code: node
        for node in TaxonomyNode.objects.filter(taxonomy__code=TAXONOMY, code__in=codes)
    }
    return [found[code] for code in codes if code in found]


def _story(cast: Cast, totals: Totals) -> list[int]:
    """The demo's own listings, needs, disclosures and call, through the services; returns
    the needs' ids."""
    listings = {}
    for spec in STORY_LISTINGS:
        owner = cast.organisations[spec["owner"]]
        listing = Listing.objects.filter(owner=owner, title=spec["title"]).first()
        if listing is None:
            listing = _post_listing(cast, owner, spec)
            totals.scripted += 1
        listings[spec["title"]] = listing
    needs = {}
    for spec in STORY_NEEDS:
        seeker = cast.organisations[spec["seeker"]]
        need = Need.objects.filter(seeker=seeker, title=spec["title"]).first()
        if need is None:
            need = _post_need(cast, seeker, spec)
            totals.scripted += 1
        needs[spec["title"]] = need
    totals.disclosures = _disclosures(cast, listings)
    call_need = next(needs[spec["title"]] for spec in STORY_NEEDS if spec.get("call"))
    totals.offers = _call(cast, call_need, listings)
    totals.brokers = _brokers(cast)
    totals.deals = _deals(cast, listings)
    totals.sales = _sales(cast, listings)
    return [need.pk for need in needs.values()]


def _post_listing(cast: Cast, owner: Organisation, spec: dict[str, Any]) -> Listing:
    actor = _actor(cast, spec["actor"])
    rng = random.Random(spec["title"])
    today = timezone.localdate()
    kind, low, high = spec["price"]
    listing = services.save_listing(
        actor=actor,
        nodes=_nodes(spec["codes"]),
        owner=owner,
        broker=cast.organisations[ZHONGLV] if spec["actor"] == "broker" else None,
        title=spec["title"],
        title_en=spec.get("title_en", ""),
        summary=spec["summary"],
        summary_en=spec.get("summary_en", ""),
        confidential_detail=spec.get("detail", ""),
        trl=spec["trl"],
        province=owner.province,
        developed_in=[PROVINCE_NAMES.get(owner.province, "")],
        deployed_in=spec.get("deployed_in", []),
        transfer_modes=[str(mode) for mode in spec["modes"]],
        price_kind=kind,
        price_min=Decimal(low) if low else None,
        price_max=Decimal(high) if high else None,
        expires_on=today - datetime.timedelta(days=3)
        if spec.get("expired")
        else today + datetime.timedelta(days=730),
    )
    for metric, value, unit, description in spec.get("benefits", []):
        services.add_benefit(
            actor=actor,
            listing=listing,
            metric=metric,
            value=Decimal(value),
            unit=unit,
            description=description,
        )
    for ip_kind, year, title, status in spec.get("ip", []):
        services.add_ip_record(
            actor=actor,
            listing=listing,
            kind=ip_kind,
            number=_ip_number(rng, ip_kind, year),
            title=title,
            legal_status=status,
        )
    for step in spec["path"]:
        if step == "submit":
            services.submit_listing(actor=actor, listing=listing)
        elif step == "take":
            # No service takes a listing into moderation yet; the same audited transition.
            apply_transition(actor=cast.office, record=listing, name="take_for_moderation")
        elif step == "withdraw":
            services.withdraw_listing(actor=actor, listing=listing)
        elif step == "expire":
            services.expire_listings(actor=SYSTEM, today=today)
            listing.refresh_from_db()
        elif step == "transfer":
            # Deals will mark a listing transferred; until then, the audited transition.
            apply_transition(actor=cast.office, record=listing, name="mark_transferred")
        else:
            reason = spec.get("reason") or REASONS[D(step)][0]
            services.moderate_listing(
                actor=cast.office, listing=listing, decision=step, reason=reason
            )
    return listing


def _post_need(cast: Cast, seeker: Organisation, spec: dict[str, Any]) -> Need:
    actor = _actor(cast, spec["actor"])
    low, high = spec["budget"]
    need = services.save_need(
        actor=actor,
        nodes=_nodes(spec["codes"]),
        seeker=seeker,
        title=spec["title"],
        title_en=spec.get("title_en", ""),
        problem=spec["problem"],
        problem_en=spec.get("problem_en", ""),
        required_outcome=spec["outcome"],
        industry=spec["industry"],
        province=seeker.province,
        budget_min=Decimal(low) if low else None,
        budget_max=Decimal(high) if high else None,
        acceptable_modes=[str(mode) for mode in spec["modes"]],
        deadline=timezone.localdate() + datetime.timedelta(days=180),
    )
    if spec["path"] is None:
        return need
    services.submit_need(actor=actor, need=need)
    for step in spec["path"]:
        reviewer = cast.office if services.NEED_STEPS[step] == "market.review_need" else actor
        services.move_need(actor=reviewer, need=need, step=step, reason=spec.get("reason", ""))
    return need


def _disclosures(cast: Cast, listings: dict[str, Listing]) -> int:
    """The bank was granted the detail of the enterprise's waste-heat system; the broker's
    request for its motor retrofit awaits the enterprise's decision."""
    added = 0
    granted = listings["工业窑炉烟气余热深度回收发电系统"]
    if not granted.disclosures.filter(organisation=cast.bank.organisation_id).exists():
        disclosure = services.request_disclosure(
            actor=cast.bank,
            listing=granted,
            purpose="评估水泥企业余热发电项目的绿色信贷授信方案。",
            accept_terms=True,
        )
        services.decide_disclosure(actor=cast.enterprise, disclosure=disclosure, grant=True)
        added += 1
    requested = listings["永磁同步电机变频调速节能改造技术"]
    if not requested.disclosures.filter(organisation=cast.broker.organisation_id).exists():
        services.request_disclosure(
            actor=cast.broker,
            listing=requested,
            purpose="为意向受让方（一家钢铁企业）评估电机系统节能改造的技术可行性。",
            accept_terms=True,
        )
        added += 1
    return added


def _call(cast: Cast, need: Need, listings: dict[str, Listing]) -> int:
    """The water group's call for solutions, opened by the office, with four offers."""
    if need.calls.exists():
        return 0
    today = timezone.localdate()
    call = services.open_call(
        actor=cast.office,
        need=need,
        title=CALL["title"],
        requirements=CALL["requirements"],
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=CALL_WINDOW - 10),
    )
    for account, title, proposal, price, months, decision in OFFERS:
        offer = services.submit_offer(
            actor=_actor(cast, account),
            call=call,
            proposal=proposal,
            price=Decimal(price),
            duration_months=months,
            listing=listings[title] if title else None,
        )
        if decision != OfferStatus.SUBMITTED:
            services.decide_offer(actor=cast.office, offer=offer, status=decision)
    return len(OFFERS)


# Deals on the story's listings, one in every state: the buyer's account, the listing, the
# inquiry, then the steps in order (who takes each, and its data).
DEALS: list[tuple[str, str, str, list[tuple[Any, ...]]]] = [
    (
        "bank",
        "工业窑炉烟气余热深度回收发电系统",
        "为水泥客户的余热发电项目询价，能否提供已投运项目的发电量数据？",
        [
            ("make_offer", "bank", {"price": "2800000", "mode": "ordinary_licence"}),
            (
                "assign_broker",
                "bank",
                {
                    "agent": "broker",
                    "commission_rate": "2.50",
                    "commission_terms": "按合同成交额2.5%收取，由买卖双方各承担一半。",
                },
            ),
            (
                "make_offer",
                "enterprise",
                {"price": "3200000", "mode": "ordinary_licence", "terms": "许可期五年，含调试"},
            ),
            ("accept_offer", "bank", {}),
            (
                "sign_contract",
                "enterprise",
                {
                    "contract_type": "transfer",
                    "key_terms": "普通许可五年；分两期付款；含现场调试。",
                },
            ),
            ("register_contract", "enterprise", {"number": "2026320100004821"}),
            ("add_milestone", "enterprise", {"title": "合同签订后首付款", "amount": "1600000"}),
            ("add_milestone", "enterprise", {"title": "调试验收后尾款", "amount": "1600000"}),
            ("pay_all", "bank", {}),
            ("accept_delivery", "bank", {}),
            ("close", "enterprise", {}),
            ("rate_broker", "bank", {"score": 5, "comment": "提前核实了投运项目数据，谈判高效。"}),
            (
                "rate_broker",
                "enterprise",
                {"score": 4, "comment": "合同条款设计专业，回款跟进及时。"},
            ),
        ],
    ),
    (
        "broker",
        "永磁同步电机变频调速节能改造技术",
        "受一家钢铁企业委托，询问电机改造的许可条件。",
        [
            ("make_offer", "broker", {"price": "900000", "mode": "ordinary_licence"}),
            ("make_offer", "enterprise", {"price": "1100000", "mode": "ordinary_licence"}),
        ],
    ),
    (
        "enterprise",
        "高盐难降解工业废水膜浓缩与分盐结晶技术",
        "我司焦化厂高盐废水约800吨/日，请介绍分盐结晶的运行成本。",
        [
            ("assign_broker", "enterprise", {"agent": "xibu_broker"}),
            ("make_offer", "biyuan", {"price": "4500000", "mode": "service"}),
            ("accept_offer", "enterprise", {}),
        ],
    ),
    (
        "yunmo",
        "城镇污水低碳脱氮除磷短程硝化工艺",
        "希望以独占许可方式在华东地区推广该工艺。",
        [
            ("assign_broker", "expert", {"agent": "lvzhi_broker", "commission_rate": "2.00"}),
            ("make_offer", "yunmo", {"price": "6000000", "mode": "exclusive_licence"}),
            ("accept_offer", "expert", {}),
            (
                "sign_contract",
                "expert",
                {"contract_type": "transfer", "key_terms": "华东地区独占许可八年，按里程碑付款。"},
            ),
            ("add_milestone", "expert", {"title": "首付款", "amount": "2000000"}),
            ("pay_all", "yunmo", {}),
            ("add_milestone", "expert", {"title": "首个示范工程验收", "amount": "2000000"}),
        ],
    ),
    ("biyuan", "磷石膏无害化处理与建材资源化技术", "请问是否接受作价入股？", []),
    (
        "bank",
        "工商业储能电站智能能量管理系统",
        "了解储能能量管理系统的收费方式。",
        [
            ("make_offer", "bank", {"price": "500000", "mode": "service"}),
            ("cancel", "bank", {"reason": "客户项目延期，暂停采购。"}),
        ],
    ),
    (
        "enterprise",
        "抗污染平板陶瓷膜MBR污水处理装备",
        "厂区生活污水提标改造，询问膜组件寿命与更换费用。",
        [
            ("make_offer", "yunmo", {"price": "1800000", "mode": "service"}),
            ("accept_offer", "enterprise", {}),
            (
                "sign_contract",
                "yunmo",
                {"contract_type": "service", "key_terms": "膜系统设计与调试服务，出水达准IV类。"},
            ),
            ("dispute", "enterprise", {"reason": "调试后出水总氮未达到合同约定指标。"}),
        ],
    ),
    (
        "expert",
        "抗污染平板陶瓷膜MBR污水处理装备",
        "实验室中试需要一套小型膜组件及技术服务。",
        [
            ("make_offer", "yunmo", {"price": "300000", "mode": "service"}),
            ("assign_broker", "yunmo", {"agent": "xibu_broker", "commission_rate": "5.00"}),
            ("accept_offer", "expert", {}),
            (
                "sign_contract",
                "yunmo",
                {"contract_type": "service", "key_terms": "中试膜组件一套及三个月技术服务。"},
            ),
            ("add_milestone", "yunmo", {"title": "全款", "amount": "300000"}),
            ("pay_all", "expert", {}),
            ("accept_delivery", "expert", {}),
        ],
    ),
]


def _brokers(cast: Cast) -> int:
    """The certified brokers: each applies with the certificate and the office certifies it;
    the accounts of the two other organisations' brokers are made first."""
    added = 0
    today = timezone.localdate()
    for username, full_name, organisation, level, number, body, codes, rate, terms, bio in BROKERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = account_services.create_user(
                actor=SYSTEM,
                password=DEMO_PASSWORD,
                username=username,
                full_name=full_name,
                email=f"{username}@demo.gtis.invalid",
                role=Role.BROKER,
                organisation=cast.organisations[organisation],
                organisation_role=OrganisationRole.MEMBER,
            )
        profile = BrokerProfile.objects.filter(user=user).first()
        if profile is None:
            year = int(number.split("-")[2])
            profile = brokers.apply_as_broker(
                actor=user,
                name=full_name,
                certificate_number=number,
                level=level,
                certifying_body=body,
                certified_on=datetime.date(year, 6, 30),
                valid_until=today + datetime.timedelta(days=3 * 365),
                commission_rate=rate,
                commission_terms=terms,
                bio=bio,
                expertise=_nodes(codes),
            )
            brokers.certify_broker(
                actor=cast.office, profile=profile, reason="证书编号与发证机构核验无误。"
            )
            added += 1
        cast.brokers[username] = profile
    return added


def _deals(cast: Cast, listings: dict[str, Listing]) -> int:
    """The story's deals, each taken through its steps by the parties' accounts."""
    added = 0
    today = timezone.localdate()
    for buyer, title, question, steps in DEALS:
        listing = listings[title]
        account = _actor(cast, buyer)
        if Deal.objects.filter(listing=listing, buyer=account.organisation_id).exists():
            continue
        deal = deals.open_inquiry(actor=account, listing=listing, message=question)
        for action, who, data in steps:
            actor = _actor(cast, who)
            if action == "pay_all":
                for milestone in deal.milestones.filter(paid_on=None):
                    deals.pay_milestone(
                        actor=actor,
                        deal=deal,
                        milestone=milestone,
                        paid_on=today,
                        evidence=f"银行回单 {today:%Y%m%d}-{milestone.pk:04d}",
                    )
                continue
            extra: dict[str, Any] = {}
            if action == "sign_contract":
                extra["signed_on"] = today - datetime.timedelta(days=30)
            if action == "add_milestone":
                extra["due_on"] = today + datetime.timedelta(days=30)
            if action == "assign_broker":
                data = {**data, "agent": cast.brokers[data["agent"]]}
            deals.ACTIONS[action].service(actor=actor, deal=deal, **data, **extra)
        added += 1
    return added


# Public sales: a listed sale sold after bidding, a finished and a live auction, and a listed
# sale still taking registrations. `clock` is how far the story has run: "notice" (still
# registering), "bidding" (registration closed, bidding for three more days) or "ended".
SALES: list[dict[str, Any]] = [
    {
        "title": "城镇污水低碳脱氮除磷短程硝化工艺",
        "seller": "expert",
        "terms": {
            "method": "listed",
            "mode": "exclusive_licence",
            "price": "5000000",
            "increment": "100000",
            "deposit": "500000",
        },
        "buyers": [("biyuan", True, ""), ("yunmo", True, "")],
        "bids": [("biyuan", "5200000"), ("yunmo", "5400000"), ("biyuan", "5600000")],
        "clock": "ended",
        "refund": True,
    },
    {
        "title": "磁悬浮离心式鼓风机",
        "seller": "broker",
        "terms": {
            "method": "auction",
            "mode": "assignment",
            "price": "1800000",
            "reserve": "2000000",
            "increment": "50000",
            "deposit": "200000",
        },
        "buyers": [
            ("enterprise", True, ""),
            ("yunmo", True, ""),
            ("bank", False, "拍卖标的为生产技术，贵单位未提供实施主体与产业化方案。"),
        ],
        "bids": [("enterprise", "1800000"), ("yunmo", "1900000"), ("enterprise", "2050000")],
        "clock": "ended",
        "refund": False,
    },
    {
        "title": "磷石膏无害化处理与建材资源化技术",
        "seller": "expert",
        "terms": {
            "method": "auction",
            "mode": "ordinary_licence",
            "price": "2500000",
            "reserve": "3000000",
            "increment": "50000",
            "deposit": "250000",
        },
        "buyers": [("enterprise", True, ""), ("biyuan", True, "")],
        "bids": [("enterprise", "2500000"), ("biyuan", "2600000")],
        "clock": "bidding",
        "refund": False,
    },
    {
        "title": "工商业储能电站智能能量管理系统",
        "seller": "enterprise",
        "terms": {
            "method": "listed",
            "mode": "ordinary_licence",
            "price": "1500000",
            "increment": "50000",
            "deposit": "150000",
        },
        "buyers": [("biyuan", None, "")],
        "bids": [],
        "clock": "notice",
        "refund": False,
    },
]


def _sales(cast: Cast, listings: dict[str, Listing]) -> int:
    """The story's public sales, run through the services; the clock is moved on (as if the
    sale had opened days ago) where the story needs registration or bidding to have ended."""
    added = 0
    for spec in SALES:
        listing = listings[spec["title"]]
        if Sale.objects.filter(listing=listing).exists():
            continue
        now = timezone.now()
        seller = _actor(cast, spec["seller"])
        sale = sales.open_sale(
            actor=seller,
            listing=listing,
            notice_ends_at=now + datetime.timedelta(days=7),
            bidding_ends_at=now + datetime.timedelta(days=10),
            **spec["terms"],
        )
        for who, qualified, reason in spec["buyers"]:
            buyer = _actor(cast, who)
            registration = sales.register_intent(
                actor=buyer,
                sale=sale,
                statement="拟在本单位项目中实施该技术，已具备相应资金与实施条件。",
                deposit_reference=f"保证金回单 {now:%Y%m%d}-{buyer.organisation_id:04d}",
            )
            if qualified is not None:
                sales.decide_registration(
                    actor=seller,
                    sale=sale,
                    registration=registration,
                    qualified=qualified,
                    reason=reason,
                )
        if spec["clock"] != "notice":
            _move_clock(sale, notice_ends_at=now - datetime.timedelta(days=2))
        for who, amount in spec["bids"]:
            sales.place_bid(actor=_actor(cast, who), sale=sale, amount=amount)
        if spec["clock"] == "ended":
            _move_clock(sale, bidding_ends_at=timezone.now())
        if spec["refund"]:
            for registration in sale.registrations.filter(deposit_status="refund_due"):
                sales.refund_deposit(
                    actor=seller,
                    sale=sale,
                    registration=registration,
                    reference=f"退款回单 {now:%Y%m%d}-{registration.number:02d}",
                )
        added += 1
    return added


def _move_clock(sale: Sale, **times: datetime.datetime) -> None:
    """Set the sale's schedule as if it had run that long, then take the moves now due."""
    Sale.objects.filter(pk=sale.pk).update(**times)
    sale.refresh_from_db()
    sales.advance(sale)


CHECK_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]  # of a CNIPA application number
PATENT_DIGITS: dict[str, int] = {
    IPKind.INVENTION_PATENT: 1,
    IPKind.UTILITY_MODEL: 2,
    IPKind.DESIGN: 3,
}


def _ip_number(rng: random.Random, kind: str, year: int) -> str:
    """A plausible number: ZL2021 1 0123456.7 for patents (CNIPA check digit), 2023SR0123456
    for software copyrights, none for trade secrets."""
    if kind == IPKind.SOFTWARE:
        return f"{year}SR{rng.randrange(10**6, 2 * 10**6):07d}"
    digit = PATENT_DIGITS.get(kind)
    if digit is None:
        return ""
    serial = rng.randrange(10**5, 10**6 if digit == 1 else 2 * 10**6)
    digits = f"{year}{digit}{serial:07d}"
    check = sum(int(d) * w for d, w in zip(digits, CHECK_WEIGHTS, strict=True))
    return f"ZL{year} {digit} {serial:07d}.{'X' if check % 11 == 10 else check % 11}"


# The volume ---------------------------------------------------------------------------------

DETAILS = [
    "核心工艺参数与控制逻辑说明",
    "关键设备总图与部件图纸{n}张",
    "中试及工程运行数据（累计{h}小时）",
    "控制软件源代码与接口文档",
    "第三方检测报告全文",
    "典型项目投资与运行成本明细",
]
IP_ENDINGS = {
    IPKind.INVENTION_PATENT: ["及其控制方法", "的制备方法", "系统", "运行优化方法", "在线监测方法"],
    IPKind.UTILITY_MODEL: ["装置", "组件", "的连接结构", "的换热单元"],
    IPKind.TRADE_SECRET: ["工艺参数", "配方"],
}
TRANSFERRED = "已通过平台完成技术转让，合同已登记。"


@dataclass
class Plan:
    """A listing or need to create in bulk, with what hangs off it."""

    record: Any
    nodes: list[TaxonomyNode]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    benefits: list[Benefit] = field(default_factory=list)
    ip_records: list[IPRecord] = field(default_factory=list)
    reviews: list[tuple[str, str, datetime.datetime]] = field(default_factory=list)


def topics() -> list[Topic]:
    """The leaves of the 2019 catalogue, with the words the demo writes about them."""
    nodes = TaxonomyNode.objects.filter(taxonomy__code=TAXONOMY, depth=3).order_by("path")
    branches: dict[str, list[TaxonomyNode]] = {}
    for node in nodes:
        branches.setdefault(_branch(node), []).append(node)
    return [_topic(node, tuple(branches[_branch(node)])) for node in nodes]


def _branch(node: TaxonomyNode) -> str:
    return node.code.rsplit(".", 1)[0]


def _topic(node: TaxonomyNode, siblings: tuple[TaxonomyNode, ...]) -> Topic:
    subjects = [s for s in (_subject(keyword) for keyword in node.keywords or []) if s]
    if len(subjects) < 3:
        subjects.append(_subject_of_name(node.name))
    english = ENGLISH_PREFIXES.sub("", node.name_en or "") or node.name_en
    return Topic(
        node=node,
        family=FAMILIES.get(_branch(node), "process"),
        subjects=tuple(dict.fromkeys(subjects)),
        subject_en=english[:1].lower() + english[1:],
        standards=tuple(s for s in node.standards_cited or () if STANDARD.match(s)),
        siblings=siblings,
    )


def _subject(keyword: str) -> str:
    """A keyword fit for a title: a noun phrase of 3 to 12 characters."""
    text = re.sub(r"（[^）]*）|\([^)]*\)", "", str(keyword)).strip().removesuffix("建设")
    if not 3 <= len(text) <= 12 or text.startswith(VERBS) or re.search(r"[、，,.“”\s]", text):
        return ""
    return text


def _subject_of_name(name: str) -> str:
    return re.split(r"[、，]", NAME_ENDINGS.sub("", name))[0]


def _pool(kinds: Sequence[str]) -> list[list[Organisation]]:
    """Organisations to draw from, a list per kind (a kind named twice is drawn twice as
    often). Demo organisations count eleven times, so that they own more than their share;
    those with accounts keep to the story, so that their pages stay readable."""
    pools = []
    for kind in kinds:
        organisations = list(
            Organisation.objects.filter(kind=kind, is_active=True, members__isnull=True)
            .distinct()
            .order_by("pk")
        )
        demo = [o for o in organisations if o.name.startswith("示例")]
        if organisations:
            pools.append(organisations + demo * 10)
    return pools


def _pick(rng: random.Random, pools: list[list[Organisation]]) -> Organisation:
    return rng.choice(rng.choice(pools))


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _ago(now: datetime.datetime, rng: random.Random, low: int, high: int) -> datetime.datetime:
    return now - datetime.timedelta(days=rng.randint(low, high), minutes=rng.randint(0, 1439))


def _figure(rng: random.Random, low: float, high: float) -> Decimal:
    value = rng.uniform(low, high)
    return (
        Decimal(f"{value:.1f}") if high <= 100 else Decimal(round(value, -1 if high > 1000 else 0))
    )


def _bulk_listings(
    rng: random.Random,
    leaves: list[Topic],
    owners: list[list[Organisation]],
    brokers: list[Organisation],
    reviewer: User,
    count: int,
) -> int:
    if count <= 0 or not owners:
        return 0
    now = timezone.now()
    taken = set(Listing.objects.values_list("owner_id", "title"))
    plans: list[Plan] = []
    while len(plans) < count:
        topic = rng.choice(leaves)
        owner = _pick(rng, owners)
        title = listing_title(rng, topic)
        if (owner.pk, title) in taken:
            continue
        taken.add((owner.pk, title))
        plans.append(_listing_plan(rng, now, topic, owner, title, brokers))
    _create(Listing, plans, reviewer)
    return len(plans)


def listing_title(rng: random.Random, topic: Topic) -> str:
    """A listing title from the topic's words, e.g. 新型高效煤粉工业锅炉成套装备."""
    subject = rng.choice(topic.subjects)
    if subject.endswith(THINGS):
        suffix = rng.choice(THING_SUFFIXES)
    elif any(waste in subject for waste in WASTES) and rng.random() < 0.6:
        suffix = rng.choice(WASTE_SUFFIXES)
    else:
        suffix = rng.choice(SUFFIXES[topic.family])
    prefixed = rng.random() < 0.4 and not subject.startswith(("高效", "新型", "智能"))
    return f"{rng.choice(PREFIXES[topic.family]) if prefixed else ''}{subject}{suffix}"


def _listing_plan(
    rng: random.Random,
    now: datetime.datetime,
    topic: Topic,
    owner: Organisation,
    title: str,
    brokers: list[Organisation],
) -> Plan:
    status = _weighted(rng, LISTING_STATES)
    ever_published = status in (S.PUBLISHED, S.SUSPENDED, S.EXPIRED, S.TRANSFERRED) or (
        status == S.WITHDRAWN and rng.random() < 0.5
    )
    created = {
        S.DRAFT: (1, 90),
        S.SUBMITTED: (1, 20),
        S.IN_MODERATION: (1, 20),
        S.CHANGES_REQUESTED: (10, 200),
        S.REJECTED: (10, 400),
        S.EXPIRED: (420, 900),
    }.get(status, (20, 760))
    created_at = _ago(now, rng, *created)
    province = owner.province if owner.province and rng.random() < 0.8 else rng.choice(MAINLAND)
    claims = rng.sample(BENEFITS[topic.family], k=rng.randint(1, 2))
    benefits = [_benefit(rng, claim) for claim in claims]
    trl = rng.choices([3, 4, 5, 6, 7, 8, 9], weights=[1, 1, 2, 3, 4, 4, 3])[0]
    if status == S.REJECTED and rng.random() < 0.5:
        trl = rng.randint(1, 3)
    listing = Listing(
        owner=owner,
        broker=rng.choice(brokers) if brokers and rng.random() < 0.1 else None,
        title=title,
        summary=_summary(rng, topic, title, claims, benefits, trl),
        confidential_detail=_detail(rng) if rng.random() < 0.4 else "",
        trl=trl,
        province=province,
        developed_in=[PROVINCE_NAMES.get(province, "")],
        deployed_in=_places(rng),
        transfer_modes=_modes(rng, topic.family),
        status=status,
        **_price(rng),
    )
    if rng.random() < ENGLISH_SHARE:
        listing.title_en = rng.choice(ENGLISH_TITLES).format(s=topic.subject_en)
        listing.title_en = listing.title_en[:1].upper() + listing.title_en[1:]
        listing.summary_en = _summary_en(rng, topic, claims, benefits)
    plan = Plan(
        record=listing,
        nodes=_codes(rng, topic),
        created_at=created_at,
        updated_at=created_at,
        benefits=benefits,
        ip_records=_ip_records(rng, topic, created_at.year),
    )
    moment = created_at + datetime.timedelta(days=rng.randint(1, 7))
    if status in (S.CHANGES_REQUESTED, S.REJECTED) or (ever_published and rng.random() < 0.2):
        plan.reviews.append((D.REQUEST_CHANGES, rng.choice(REASONS[D.REQUEST_CHANGES]), moment))
        moment += datetime.timedelta(days=rng.randint(3, 15))
    if status == S.REJECTED:
        plan.reviews[-1] = (D.REJECT, rng.choice(REASONS[D.REJECT]), moment)
    if ever_published:
        moment = min(moment, now - datetime.timedelta(hours=1))
        listing.published_at = moment
        plan.reviews.append((D.APPROVE, rng.choice(REASONS[D.APPROVE]), moment))
        listing.expires_on = max(
            moment.date() + datetime.timedelta(days=730),
            now.date() + datetime.timedelta(days=rng.randint(30, 400)),
        )
    if status == S.EXPIRED:
        listing.expires_on = moment.date() + datetime.timedelta(days=365)
        moment = timezone.make_aware(
            datetime.datetime.combine(listing.expires_on, datetime.time(2))
        )
    elif status in (S.SUSPENDED, S.TRANSFERRED, S.WITHDRAWN) and ever_published:
        moment = min(moment + datetime.timedelta(days=rng.randint(30, 300)), now)
        if status == S.SUSPENDED:
            plan.reviews.append((D.SUSPEND, rng.choice(REASONS[D.SUSPEND]), moment))
        elif status == S.TRANSFERRED:
            listing.status_reason = TRANSFERRED
    if plan.reviews and not listing.status_reason:
        listing.status_reason = plan.reviews[-1][1]
    plan.updated_at = max(moment, created_at)
    return plan


def _benefit(rng: random.Random, claim: Claim) -> Benefit:
    metric, unit, low, high, description, _chinese, _english = claim
    return Benefit(
        metric=metric,
        value=_figure(rng, low, high),
        unit=unit,
        description=description,
        verified=rng.random() < 0.1,
    )


def _summary(
    rng: random.Random,
    topic: Topic,
    title: str,
    claims: list[Claim],
    benefits: list[Benefit],
    trl: int,
) -> str:
    method, _english = rng.choice(METHODS[topic.family])
    effects = "，".join(c[5].format(v=b.value) for c, b in zip(claims, benefits, strict=True))
    subject = title if rng.random() < 0.5 else "本技术"
    parts = [
        f"针对{topic.node.name}中{rng.choice(PAINS[topic.family])}的问题，{subject}采用{method}，"
        f"{effects}。"
    ]
    if trl >= 7:
        places = "、".join(rng.sample(MAINLAND_NAMES, k=2))
        if topic.family == "service":
            parts.append(f"已为{places}等地{rng.randint(12, 300)}家企业提供服务。")
        elif topic.family in ("ecology", "infrastructure"):
            parts.append(f"已在{places}等地{rng.randint(3, 60)}个项目中应用。")
        else:
            parts.append(
                f"已在{places}等地{rng.randint(3, 60)}个项目中应用，"
                f"覆盖{'、'.join(rng.sample(APPLICATIONS, k=2))}等行业。"
            )
    elif trl >= 5:
        parts.append("已完成中试验证，正在开展工程示范。")
    else:
        parts.append("已完成实验室验证，寻求中试合作伙伴。")
    if topic.standards and rng.random() < 0.6:
        parts.append(f"性能满足{rng.choice(topic.standards)}要求。")
    if topic.family in ("equipment", "process", "energy") and trl >= 7:
        parts.append(f"投资回收期约{rng.randint(15, 60) / 10:.1f}年。")
    return "".join(parts)


def _summary_en(
    rng: random.Random, topic: Topic, claims: list[Claim], benefits: list[Benefit]
) -> str:
    _chinese, method = rng.choice(METHODS[topic.family])
    effects = " and ".join(
        c[6].format(v=b.value, w=f"{b.value * 10000:,.0f}")
        for c, b in zip(claims, benefits, strict=True)
    )
    return (
        f"For {topic.subject_en}: {method}; {effects}. "
        f"Deployed in {rng.randint(3, 60)} projects in China."
    )


def _detail(rng: random.Random) -> str:
    parts = rng.sample(DETAILS, k=rng.randint(2, 3))
    filled = [p.format(n=rng.randint(12, 180), h=rng.randint(2000, 60000)) for p in parts]
    return "；".join(filled) + "。"


def _places(rng: random.Random) -> list[str]:
    places = rng.sample(MAINLAND_NAMES, k=rng.randint(1, 4))
    if rng.random() < 0.1:
        places.append(rng.choice(ABROAD))
    return places


def _modes(rng: random.Random, family: str) -> list[str]:
    pool = MODES.get(family, MODES["default"])
    modes = list(dict.fromkeys(rng.choices(pool, k=rng.randint(1, 3))))
    if rng.random() < 0.01:
        modes = [T.FREE_PUBLIC_LICENCE]
    return [str(mode) for mode in modes]


def _price(rng: random.Random) -> dict[str, Any]:
    kind = rng.choices(list(PriceKind), weights=[25, 30, 35, 10])[0]
    low = Decimal(round(10 ** rng.uniform(1, 3.5)))
    if kind == PriceKind.NEGOTIABLE:
        return {"price_kind": kind}
    if kind == PriceKind.RANGE:
        return {"price_kind": kind, "price_min": low, "price_max": low * rng.choice([2, 3, 5])}
    return {"price_kind": kind, "price_min": low}


def _codes(rng: random.Random, topic: Topic) -> list[TaxonomyNode]:
    nodes = [topic.node]
    other = rng.choice(topic.siblings)
    if rng.random() < 0.3 and other.pk != topic.node.pk:
        nodes.append(other)
    return nodes


def _ip_records(rng: random.Random, topic: Topic, year: int) -> list[IPRecord]:
    if topic.family == "service" or rng.random() < 0.25:
        kinds = [IPKind.SOFTWARE] if rng.random() < 0.5 else []
    else:
        kinds = rng.choices(
            [IPKind.INVENTION_PATENT, IPKind.UTILITY_MODEL, IPKind.SOFTWARE, IPKind.TRADE_SECRET],
            weights=[6, 3, 1, 0.3],
            k=rng.randint(1, 3),
        )
    records = []
    for kind in kinds:
        filed = rng.randint(max(2012, year - 6), min(year, 2025))
        subject = rng.choice(topic.subjects)
        status = IPStatus.GRANTED
        if kind == IPKind.SOFTWARE:
            title = f"{subject}管理软件V{rng.randint(1, 5)}.0"
        elif kind == IPKind.TRADE_SECRET:
            title = f"{subject}{rng.choice(IP_ENDINGS[kind])}"
        else:
            title = f"一种{subject}{rng.choice(IP_ENDINGS[kind])}"
            if kind == IPKind.INVENTION_PATENT and filed >= year - 1:
                status = IPStatus.PENDING
            elif rng.random() < 0.05:
                status = IPStatus.EXPIRED
        records.append(
            IPRecord(
                kind=kind,
                number=_ip_number(rng, kind, filed),
                title=title,
                legal_status=status,
            )
        )
    return records


def _bulk_needs(
    rng: random.Random,
    leaves: list[Topic],
    seekers: list[list[Organisation]],
    reviewer: User,
    count: int,
) -> int:
    if count <= 0 or not seekers:
        return 0
    now = timezone.now()
    taken = set(Need.objects.values_list("seeker_id", "title"))
    plans: list[Plan] = []
    while len(plans) < count:
        topic = rng.choice(leaves)
        seeker = _pick(rng, seekers)
        title = rng.choice(NEED_TITLES).format(s=rng.choice(topic.subjects))
        title = title.replace("改造改造", "改造")
        if (seeker.pk, title) in taken:
            continue
        taken.add((seeker.pk, title))
        plans.append(_need_plan(rng, now, topic, seeker, title))
    _create(Need, plans, reviewer)
    return len(plans)


def _need_plan(
    rng: random.Random,
    now: datetime.datetime,
    topic: Topic,
    seeker: Organisation,
    title: str,
) -> Plan:
    stage = _weighted(rng, NEED_STAGES)
    created = {
        NeedStage.DRAFT: (1, 60),
        NeedStage.SUBMITTED: (1, 20),
        NeedStage.IN_REVIEW: (3, 40),
        NeedStage.COMPLETED: (300, 900),
        NeedStage.IN_PROGRESS: (120, 600),
    }.get(stage, (10, 500))
    created_at = _ago(now, rng, *created)
    subject = rng.choice(topic.subjects)
    goal = rng.choice(NEED_GOALS)
    budgeted = rng.random() < 0.6
    low = Decimal(round(10 ** rng.uniform(1.3, 3.3))) if budgeted else None
    need = Need(
        seeker=seeker,
        title=title,
        problem=f"我单位{_scale(rng, topic.family)}，目前{rng.choice(PAINS[topic.family])}，"
        f"希望引进{subject}相关技术，实现{goal}。",
        required_outcome=f"{goal}；{_target(rng, topic.family)}；"
        f"投资回收期不超过{rng.randint(2, 6)}年。",
        industry=seeker.industry or rng.choice(INDUSTRIES[topic.family]),
        province=seeker.province,
        budget_min=low,
        budget_max=low * rng.choice([2, 3, 4]) if low else None,
        acceptable_modes=_modes(rng, topic.family),
        deadline=(created_at + datetime.timedelta(days=rng.randint(120, 540))).date(),
        stage=stage,
    )
    if stage == NeedStage.DECLINED:
        need.stage_reason = rng.choice(DECLINE_REASONS)
    if rng.random() < ENGLISH_SHARE:
        need.title_en = f"Seeking {topic.subject_en} technology"
        need.problem_en = (
            f"We are looking for {topic.subject_en} technology to {rng.choice(NEED_GOALS_EN)}."
        )
    moved = {
        NeedStage.DRAFT: 0,
        NeedStage.SUBMITTED: 1,
        NeedStage.IN_REVIEW: 5,
        NeedStage.SOLUTION_DESIGN: 15,
    }.get(stage, 60)
    updated_at = min(created_at + datetime.timedelta(days=moved), now)
    return Plan(record=need, nodes=_codes(rng, topic), created_at=created_at, updated_at=updated_at)


def _scale(rng: random.Random, family: str) -> str:
    if family == "equipment":
        return f"现有生产线{rng.randint(2, 12)}条，年综合能耗约{rng.randint(1, 30)}万吨标准煤"
    if family == "process":
        return f"现有处理设施规模约{rng.randint(5, 200) * 100}吨/日"
    if family == "energy":
        return f"年用电量约{rng.randint(1, 80) * 1000}万千瓦时"
    if family == "ecology":
        return f"负责治理区域面积约{rng.randint(5, 300)}平方公里"
    if family == "infrastructure":
        return f"管理建筑面积约{rng.randint(5, 120)}万平方米"
    return f"下属企业{rng.randint(5, 60)}家，碳排放和能耗数据分散在多个系统中"


def _target(rng: random.Random, family: str) -> str:
    if family in ("equipment", "infrastructure", "energy"):
        return f"综合能耗降低{rng.randint(10, 40)}%以上"
    if family == "process":
        return f"主要污染物排放浓度降低{rng.randint(30, 80)}%以上"
    if family == "ecology":
        return f"植被覆盖率提高{rng.randint(10, 40)}个百分点"
    return f"数据采集覆盖率达到{rng.randint(90, 100)}%"


def _create(model: type[Listing] | type[Need], plans: list[Plan], reviewer: User) -> None:
    """Insert the planned records and their parts, date them, and index them for search."""
    records = [plan.record for plan in plans]
    model.objects.bulk_create(records, batch_size=BATCH)
    through: Any = model.nodes.through
    link = f"{model._meta.model_name}_id"
    through.objects.bulk_create(
        [
            through(**{link: plan.record.pk, "taxonomynode_id": node.pk})
            for plan in plans
            for node in plan.nodes
        ],
        batch_size=BATCH,
    )
    for plan in plans:
        plan.record.created_at, plan.record.updated_at = plan.created_at, plan.updated_at
    model.objects.bulk_update(records, ["created_at", "updated_at"], batch_size=BATCH)
    if model is Listing:
        _create_parts(plans, reviewer)
    _index(model, [record.pk for record in records])


def _create_parts(plans: list[Plan], reviewer: User) -> None:
    benefits, ip_records, reviews, decided = [], [], [], []
    for plan in plans:
        parts: list[Benefit | IPRecord] = [*plan.benefits, *plan.ip_records]
        for part in parts:
            part.listing = plan.record
        benefits += plan.benefits
        ip_records += plan.ip_records
        for decision, reason, moment in plan.reviews:
            reviews.append(
                ListingReview(
                    listing=plan.record, decision=decision, reason=reason, reviewer=reviewer
                )
            )
            decided.append(moment)
    Benefit.objects.bulk_create(benefits, batch_size=BATCH)
    IPRecord.objects.bulk_create(ip_records, batch_size=BATCH)
    ListingReview.objects.bulk_create(reviews, batch_size=BATCH)
    for review, moment in zip(reviews, decided, strict=True):
        review.decided_at = moment
    ListingReview.objects.bulk_update(reviews, ["decided_at"], batch_size=BATCH)


def _index(model: type[Listing] | type[Need], pks: list[int]) -> None:
    """The search terms `services.reindex` would store, without queueing a matching job."""
    for chunk in _chunks(pks, BATCH):
        queryset: Any = model.objects.filter(pk__in=chunk).prefetch_related("nodes")
        if model is Listing:
            queryset = queryset.select_related("owner").prefetch_related("benefits")
        records = list(queryset)
        for record in records:
            title, body = record.search_texts()
            record.search_title, record.search_body = (
                search.document(*title),
                search.document(*body),
            )
        model.objects.bulk_update(records, ["search_title", "search_body"])


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _match_public_needs(story: list[int], limit: int | None) -> int:
    """Rank listings for the public needs of the story and the newest others, once, here,
    rather than in a job per write."""
    public = Need.objects.filter(stage__in=PUBLIC_NEED_STAGES)
    chosen = list(public.filter(pk__in=story).order_by("pk").values_list("pk", flat=True))
    others = public.exclude(pk__in=story).order_by("-created_at", "-pk")
    room = None if limit is None else max(limit - len(chosen), 0)
    chosen += others.values_list("pk", flat=True)[:room]
    added = 0
    for pk in Need.objects.filter(pk__in=chosen, matches__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            added += matching.recompute("need", pk)["matches"]
    return added
