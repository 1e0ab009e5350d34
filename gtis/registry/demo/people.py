"""The demo expert pool: invented people at real and demo organisations, with the past
affiliations and declared relationships that conflict-of-interest checks read."""

import datetime
from typing import Any, TextIO

from gtis.accounts.models import User
from gtis.core.actors import SYSTEM
from gtis.registry import services
from gtis.registry.demo.organisations import named
from gtis.registry.models import Availability, Expert, RelationshipKind

D = datetime.date
R = RelationshipKind

EXPERTS = [
    # name, title, affiliation, position, fields (gic-2019 codes), expertise
    (
        "陈志远",
        "研究员",
        "中国环境科学研究院",
        "水环境研究所副所长",
        ["1.6.2", "5.3.1"],
        "流域水污染控制与水环境综合治理，主持多项重点流域治理方案编制。",
    ),
    (
        "刘慧敏",
        "教授",
        "清华大学",
        "",
        ["2.3.1", "2.3.3"],
        "工业烟气多污染物协同控制与挥发性有机物治理。",
    ),
    (
        "王建国",
        "正高级工程师",
        "示例燕赵环保工程有限公司",
        "总工程师",
        ["2.3.4", "1.2.2"],
        "钢铁烧结烟气超低排放改造工程设计与调试。",
    ),
    (
        "张晓燕",
        "研究员",
        "中国科学院生态环境研究中心",
        "",
        ["1.6.8", "1.6.11"],
        "建设用地与农用地土壤污染风险管控和修复。",
    ),
    (
        "李明辉",
        "教授",
        "同济大学",
        "环境科学与工程学院",
        ["5.3.1", "1.7.8"],
        "城镇污水资源化与污泥处理处置。",
    ),
    ("赵雪梅", "副教授", "浙江大学", "", ["3.1.2"], "晶硅光伏电池与组件可靠性评价。"),
    (
        "孙立新",
        "高级工程师",
        "示例清风节能装备有限公司",
        "研发中心主任",
        ["1.1.1", "1.5.1"],
        "工业锅炉与窑炉节能改造。",
    ),
    (
        "周婷",
        "副研究员",
        "中国科学院大连化学物理研究所",
        "",
        ["3.1.10", "3.2.9"],
        "质子交换膜燃料电池催化剂与膜电极。",
    ),
    (
        "吴海峰",
        "研究员",
        "中国科学院广州能源研究所",
        "",
        ["3.1.3", "3.2.3"],
        "生物质热化学转化与气化发电。",
    ),
    ("郑凯", "教授", "华中科技大学", "", ["3.3.2"], "煤炭清洁燃烧与燃烧后二氧化碳捕集。"),
    (
        "冯丽娟",
        "正高级工程师",
        "中国建筑科学研究院有限公司",
        "",
        ["5.1.1", "5.1.2"],
        "超低能耗建筑设计与绿色建筑评价。",
    ),
    (
        "何振华",
        "教授",
        "西安交通大学",
        "能源与动力工程学院",
        ["1.1.10", "1.5.3"],
        "工业余热回收与热力系统优化。",
    ),
    ("黄佳怡", "副教授", "华南理工大学", "", ["1.3.6", "1.7.2"], "废塑料化学回收与高值化利用。"),
    (
        "马俊杰",
        "研究员",
        "中国标准化研究院",
        "资源环境分院",
        ["1.1.15", "6.1.3"],
        "能效标准、能源计量与节能评估。",
    ),
    ("罗文静", "教授", "四川大学", "", ["2.5.1", "1.3.2"], "磷石膏等大宗工业固废资源化利用。"),
    ("高鹏", "教授", "哈尔滨工业大学", "", ["1.2.1", "2.4.2"], "寒冷地区污水生物处理。"),
    (
        "林晓东",
        "研究员",
        "中国科学院城市环境研究所",
        "",
        ["5.3.3", "1.2.8"],
        "城市大气环境监测与来源解析。",
    ),
    (
        "梁静",
        "副研究员",
        "中国科学院青海盐湖研究所",
        "",
        ["1.7.1"],
        "盐湖卤水提锂与钾镁资源综合利用。",
    ),
    (
        "宋国强",
        "高级工程师",
        "示例蓝海氢能科技有限公司",
        "技术总监",
        ["3.2.9", "1.4.2"],
        "加氢站工艺与高压氢气储运。",
    ),
    (
        "唐晓峰",
        "正高级工程师",
        "示例循环再生资源有限公司",
        "副总经理",
        ["1.7.2", "1.7.4"],
        "退役动力电池梯次利用与再生。",
    ),
    (
        "许丽华",
        "高级工程师",
        "示例源泉水务集团有限公司",
        "",
        ["5.3.5", "5.3.1"],
        "供水管网分区计量与漏损控制。",
    ),
    (
        "韩东",
        "正高级工程师",
        "示例风驰风电设备有限公司",
        "首席工程师",
        ["3.1.1", "3.2.1"],
        "大型风电机组整机设计与载荷仿真。",
    ),
    (
        "曹颖",
        "高级经济师",
        "示例绿源银行股份有限公司",
        "绿色金融部总经理",
        ["6"],
        "绿色信贷认定与环境风险压力测试。",
    ),
    (
        "邓志强",
        "高级经济师",
        "示例绿色技术创业投资基金（有限合伙）",
        "投资总监",
        ["3.4.2", "6"],
        "新能源与储能项目投资评估。",
    ),
    (
        "彭雅琴",
        "副研究员",
        "中国环境科学研究院",
        "",
        ["4.3.2", "4.2"],
        "河湖湿地保护与生态恢复。",
    ),
    ("袁伟", "教授", "南京大学", "", ["1.6.2", "4.3.2"], "湖泊富营养化治理与蓝藻水华控制。"),
    (
        "蒋丽",
        "高级工程师",
        "示例碳评检测认证有限公司",
        "",
        ["6.1.3", "6.2.1"],
        "温室气体排放核查与产品碳足迹评价。",
    ),
    ("蔡明", "教授", "天津大学", "", ["2.2.1", "2.3.3"], "化工过程绿色化与挥发性有机物回收。"),
    (
        "贾晓军",
        "正高级工程师",
        "示例绿建低碳建筑科技有限公司",
        "总建筑师",
        ["5.1.4", "5.1.3"],
        "装配式建筑与光伏建筑一体化。",
    ),
    (
        "丁慧",
        "研究员",
        "中国科学院生态环境研究中心",
        "",
        ["2.4", "1.2.1"],
        "难降解工业废水深度处理与回用。",
    ),
    (
        "魏红",
        "副教授",
        "深圳职业技术大学",
        "汽车与交通学院",
        ["1.4.1", "5.2.5"],
        "新能源汽车技术与充换电设施。",
    ),
    ("薛刚", "教授", "示例绿色技术职业学院", "副院长", ["1.5"], "节能改造技术与职业技能培训。"),
    (
        "叶子豪",
        "高级工程师",
        "示例光合新能源股份有限公司",
        "",
        ["3.1.2", "3.2.2"],
        "分布式光伏电站设计与运维。",
    ),
    (
        "阎晶",
        "研究员",
        "中国标准化研究院",
        "",
        ["1.1.11", "1.1.13"],
        "家用电器与照明产品能效标识。",
    ),
    (
        "余国华",
        "正高级工程师",
        "示例云膜分离技术有限公司",
        "总经理",
        ["1.2.1", "1.7.5"],
        "膜法海水淡化与高盐废水零排放。",
    ),
    ("潘静怡", "副教授", "浙江大学", "", ["3.4.3", "3.4.6"], "综合能源系统建模与优化调度。"),
    (
        "杜鑫",
        "高级工程师",
        "示例黔绿生态农业有限公司",
        "",
        ["4.1.2", "1.7.7"],
        "生态种植与秸秆、畜禽粪污资源化。",
    ),
    ("戴文博", "教授", "清华大学", "", ["3", "3.4.1"], "能源系统低碳转型路径与多能互补。"),
    (
        "夏雨",
        "副研究员",
        "中国科学院城市环境研究所",
        "",
        ["1.7.3", "5.3.2"],
        "生活垃圾分类与资源化利用。",
    ),
    (
        "钟华",
        "研究员",
        "中国科学院广州能源研究所",
        "",
        ["3.1.12", "3.2.8"],
        "波浪能发电装置与海洋能综合利用。",
    ),
    (
        "汪洋",
        "高级工程师",
        "示例西部绿色技术交易所有限公司",
        "技术经纪人",
        ["6.1"],
        "技术转移、技术评估与交易撮合。",
    ),
    (
        "田野",
        "正高级工程师",
        "示例燕赵环保工程有限公司",
        "",
        ["2.3.2", "3.4.4"],
        "燃煤电厂超低排放与灵活性改造。",
    ),
    ("任佳琪", "副教授", "同济大学", "", ["5.2.4", "5.2.7"], "智能交通与城市公共交通规划。"),
    (
        "姜涛",
        "研究员",
        "中国环境科学研究院",
        "固体废物污染控制技术研究所",
        ["2.2.2", "1.2.4"],
        "危险废物鉴别与处理处置。",
    ),
    ("范晓光", "教授", "华中科技大学", "", ["1.1.8", "1.5.2"], "高效电机与电机系统节能。"),
    (
        "方红梅",
        "正高级工程师",
        "中国建筑科学研究院有限公司",
        "",
        ["5.5", "5.5.1"],
        "海绵城市规划设计与效果评估。",
    ),
    (
        "石磊",
        "研究员",
        "中国科学院生态环境研究中心",
        "",
        ["4.3.6", "4.3.7"],
        "矿山生态修复与水土流失综合治理。",
    ),
    (
        "姚慧",
        "高级工程师",
        "示例绿知知识产权服务有限公司",
        "专利代理师",
        ["6.1.3"],
        "绿色技术专利分析与布局。",
    ),
    ("廖建平", "教授", "四川大学", "", ["3.1.4", "3.2.4"], "水电站生态调度与水力机械。"),
    (
        "邹敏",
        "副研究员",
        "中国科学院大连化学物理研究所",
        "",
        ["3.4.2"],
        "全钒液流电池储能技术。",
    ),
    (
        "熊伟",
        "高级工程师",
        "示例宁储储能技术有限公司",
        "",
        ["3.4.2", "3.1.8"],
        "电化学储能电站系统集成与能量管理。",
    ),
    ("金晓丽", "教授", "南京大学", "", ["6.1.4", "2.1"], "清洁生产审核与园区绿色化改造。"),
    (
        "陆海涛",
        "正高级工程师",
        "中国循环经济协会",
        "",
        ["2.1.1", "1.7"],
        "园区循环化改造与再生资源产业。",
    ),
    (
        "郝建军",
        "研究员",
        "中国环境保护产业协会",
        "",
        ["1.2"],
        "环保装备技术评价与产业政策。",
    ),
    (
        "顾晨",
        "高级工程师",
        "示例绿保财产保险股份有限公司",
        "",
        ["6"],
        "环境污染责任保险风险评估。",
    ),
    ("侯宇", "副教授", "哈尔滨工业大学", "", ["5.4.1", "3.2.10"], "北方清洁供暖与热泵技术。"),
    (
        "邵雪",
        "副研究员",
        "中国节能协会",
        "",
        ["6.2.2"],
        "合同能源管理项目评估。",
    ),
    ("孟凡", "教授", "西安交通大学", "", ["3.2.7", "3.1.11"], "中深层地热能开发利用。"),
    (
        "白晓宁",
        "正高级工程师",
        "示例绿色低碳产业园",
        "",
        ["2.1.2", "2.1.3"],
        "园区能源梯级利用与污染集中治理。",
    ),
    (
        "秦朗",
        "高级工程师",
        "示例国际合作生态园",
        "",
        ["2.1", "6.1.2"],
        "国际合作园区规划与绿色招商。",
    ),
]

# The accounts demo's user with the expert role gets a profile linked to the account.
ACCOUNT_PROFILE = (
    "expert",
    "副教授",
    "清源大学",
    "环境学院",
    ["1.2.1", "1.6"],
    "水污染控制工程与环境技术评估。",
)

LIMITED = {
    "刘慧敏": "本学期教学任务重，每月可参加一次评审",
    "冯丽娟": "仅接受线上评审",
    "吴海峰": "仅接受线上评审",
    "罗文静": "2027年3月前每月最多两次",
    "韩东": "项目现场时间多，需提前两周预约",
    "蔡明": "仅接受线上评审",
    "金晓丽": "每月最多两次",
}
UNAVAILABLE = {
    "赵雪梅": "出国访学至2027年8月",
    "林晓东": "借调工作至2027年6月",
    "侯宇": "病休",
}
UNLISTED = {"贾晓军", "顾晨", "邵雪", "秦朗"}

PAST_AFFILIATIONS: list[tuple[str, str, str, datetime.date, datetime.date | int]] = [
    # expert, organisation, position, from, until (a date, or months before today: these stay
    # within the three-year cooling-off period whenever the demo is loaded)
    ("王建国", "示例清风节能装备有限公司", "技术部经理", D(2009, 7, 1), D(2016, 3, 31)),
    ("宋国强", "中国科学院大连化学物理研究所", "助理研究员", D(2012, 9, 1), 20),
    ("唐晓峰", "示例宁储储能技术有限公司", "研发经理", D(2015, 4, 1), 14),
    ("曹颖", "示例绿色技术创业投资基金（有限合伙）", "投资经理", D(2013, 3, 1), D(2019, 12, 31)),
    ("邓志强", "示例绿源银行股份有限公司", "客户经理", D(2010, 7, 1), 30),
    ("蒋丽", "中国标准化研究院", "助理研究员", D(2011, 7, 1), D(2018, 6, 30)),
    ("贾晓军", "中国建筑科学研究院有限公司", "高级工程师", D(2006, 7, 1), 8),
    ("魏红", "示例光合新能源股份有限公司", "工程师", D(2012, 7, 1), D(2017, 8, 31)),
    ("汪洋", "示例绿知知识产权服务有限公司", "专利代理师", D(2016, 5, 1), 26),
    ("田野", "示例清风节能装备有限公司", "项目经理", D(2008, 3, 1), D(2014, 10, 31)),
    ("熊伟", "示例光合新能源股份有限公司", "系统工程师", D(2014, 7, 1), 10),
    ("姚慧", "示例碳评检测认证有限公司", "审核员", D(2015, 3, 1), D(2019, 9, 30)),
    ("叶子豪", "华中科技大学", "博士后", D(2013, 9, 1), D(2015, 8, 31)),
    ("余国华", "中国科学院城市环境研究所", "副研究员", D(2010, 1, 1), 34),
    ("顾晨", "示例绿源银行股份有限公司", "风险经理", D(2014, 7, 1), D(2021, 3, 31)),
    ("陆海涛", "示例循环再生资源有限公司", "技术总监", D(2012, 5, 1), 16),
    ("杜鑫", "中国环境科学研究院", "助理研究员", D(2007, 7, 1), D(2012, 6, 30)),
    ("韩东", "哈尔滨工业大学", "讲师", D(2004, 9, 1), D(2011, 2, 28)),
    ("许丽华", "示例燕赵环保工程有限公司", "工程师", D(2016, 7, 1), 6),
    ("秦朗", "示例绿色低碳产业园", "招商部部长", D(2017, 3, 1), 22),
    ("白晓宁", "示例西部绿色技术交易所有限公司", "业务总监", D(2015, 6, 1), D(2018, 12, 31)),
]

RELATIONSHIPS: list[tuple[str, str, str, str, datetime.date, datetime.date | None]] = [
    # expert (or the username of the account with a profile), organisation, kind, description,
    # declared on, ends on
    (
        "刘慧敏",
        "示例燕赵环保工程有限公司",
        R.CONSULTING,
        "兼任技术顾问",
        D(2023, 3, 1),
        D(2027, 2, 28),
    ),
    (
        "李明辉",
        "示例源泉水务集团有限公司",
        R.COLLABORATION,
        "国家重点研发计划课题合作单位",
        D(2022, 6, 15),
        D(2025, 12, 31),
    ),
    ("周婷", "示例蓝海氢能科技有限公司", R.SHAREHOLDING, "持股0.5%", D(2021, 9, 1), None),
    ("何振华", "示例清风节能装备有限公司", R.CONSULTING, "独立董事", D(2024, 1, 10), None),
    (
        "黄佳怡",
        "示例循环再生资源有限公司",
        R.STUDENT,
        "指导的博士毕业生任该公司研发负责人",
        D(2025, 7, 1),
        None,
    ),
    (
        "冯丽娟",
        "示例绿建低碳建筑科技有限公司",
        R.FAMILY,
        "配偶任该公司副总经理",
        D(2022, 3, 1),
        None,
    ),
    (
        "邹敏",
        "示例宁储储能技术有限公司",
        R.COLLABORATION,
        "共建液流电池联合实验室",
        D(2023, 5, 20),
        D(2028, 5, 19),
    ),
    (
        "戴文博",
        "示例光合新能源股份有限公司",
        R.CONSULTING,
        "兼任首席科学家",
        D(2021, 11, 1),
        None,
    ),
    (
        "郑凯",
        "示例绿色技术创业投资基金（有限合伙）",
        R.OTHER,
        "投资决策委员会外部委员",
        D(2024, 4, 8),
        None,
    ),
    ("石磊", "示例黔绿生态农业有限公司", R.FAMILY, "兄弟任该公司法定代表人", D(2020, 8, 1), None),
    ("潘静怡", "华清绿能科技有限公司", R.CONSULTING, "能源管理平台技术顾问", D(2025, 2, 1), None),
    ("袁伟", "示例云膜分离技术有限公司", R.COLLABORATION, "横向课题合作", D(2024, 9, 1), None),
    ("expert", "华清绿能科技有限公司", R.COLLABORATION, "校企联合研发项目", D(2025, 3, 1), None),
]


def load(out: TextIO) -> None:
    nodes = Expert.fields.field.related_model.objects  # type: ignore[union-attr]
    node_by_code = {n.code: n for n in nodes.filter(taxonomy__code="gic-2019")}
    account = User.objects.filter(username=ACCOUNT_PROFILE[0]).first()
    organisations = named(
        {row[2] for row in EXPERTS}
        | {row[1] for row in PAST_AFFILIATIONS}
        | {row[1] for row in RELATIONSHIPS}
        | ({ACCOUNT_PROFILE[2]} if account else set())
    )
    today = datetime.date.today()
    added: dict[str, Expert] = {}
    rows: list[tuple[tuple[Any, ...], Any]] = [(row, None) for row in EXPERTS]
    if account is not None:
        rows.append(((account.full_name, *ACCOUNT_PROFILE[1:]), account))
    for index, ((name, title, affiliation, position, codes, expertise), user) in enumerate(rows):
        if user is not None and Expert.objects.filter(user=user).exists():
            continue
        # A demo expert is known by name and affiliation, whether or not an account was linked
        # to it since (the assessment demo gives reviewers accounts).
        if (
            user is None
            and Expert.objects.filter(name=name, affiliation=organisations[affiliation]).exists()
        ):
            continue
        availability, note = Availability.AVAILABLE, ""
        if name in LIMITED:
            availability, note = Availability.LIMITED, LIMITED[name]
        elif name in UNAVAILABLE:
            availability, note = Availability.UNAVAILABLE, UNAVAILABLE[name]
        expert = services.save_expert(
            actor=SYSTEM,
            fields_of_work=[node_by_code[c] for c in codes if c in node_by_code],
            name=name,
            user=user,
            title=title,
            affiliation=organisations[affiliation],
            position=position,
            expertise=expertise,
            availability=availability,
            availability_note=note,
            email=user.email if user else f"expert{index + 1:02d}@demo.gtis.invalid",
            is_listed=name not in UNLISTED,
        )
        added[user.username if user else name] = expert
    affiliations = 0
    for name, organisation, position, started_on, until in PAST_AFFILIATIONS:
        if name in added:
            services.record_past_affiliation(
                actor=SYSTEM,
                expert=added[name],
                organisation=organisations[organisation],
                position=position,
                started_on=started_on,
                ended_on=until if isinstance(until, datetime.date) else _months_ago(today, until),
            )
            affiliations += 1
    relationships = 0
    for name, organisation, kind, description, declared_on, ends_on in RELATIONSHIPS:
        if name in added:
            services.declare_relationship(
                actor=SYSTEM,
                expert=added[name],
                organisation=organisations[organisation],
                kind=kind,
                description=description,
                declared_on=declared_on,
                ends_on=ends_on,
            )
            relationships += 1
    out.write(
        f"registry demo: {len(added)} experts added, with {affiliations} past affiliations "
        f"and {relationships} declared relationships\n"
    )


def _months_ago(today: datetime.date, months: int) -> datetime.date:
    """The last day of the month `months` before this one."""
    first = today.replace(day=1)
    year, month = divmod(first.year * 12 + first.month - 1 - months + 1, 12)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
