"""Demo organisations of every kind but government, in twenty-odd provinces, verified."""

from collections.abc import Iterable
from typing import TextIO

from gtis.accounts import services
from gtis.accounts.models import Organisation, OrganisationKind, OrganisationSize, Verification
from gtis.core.actors import SYSTEM

K = OrganisationKind
S = OrganisationSize

ORGANISATIONS = [
    # name, English name, kind, province (GB/T 2260), city, industry, size
    ("清华大学", "Tsinghua University", K.UNIVERSITY, "11", "北京市", "", ""),
    ("同济大学", "Tongji University", K.UNIVERSITY, "31", "上海市", "", ""),
    ("浙江大学", "Zhejiang University", K.UNIVERSITY, "33", "杭州市", "", ""),
    (
        "华中科技大学",
        "Huazhong University of Science and Technology",
        K.UNIVERSITY,
        "42",
        "武汉市",
        "",
        "",
    ),
    ("西安交通大学", "Xi'an Jiaotong University", K.UNIVERSITY, "61", "西安市", "", ""),
    ("哈尔滨工业大学", "Harbin Institute of Technology", K.UNIVERSITY, "23", "哈尔滨市", "", ""),
    ("四川大学", "Sichuan University", K.UNIVERSITY, "51", "成都市", "", ""),
    ("南京大学", "Nanjing University", K.UNIVERSITY, "32", "南京市", "", ""),
    ("华南理工大学", "South China University of Technology", K.UNIVERSITY, "44", "广州市", "", ""),
    ("天津大学", "Tianjin University", K.UNIVERSITY, "12", "天津市", "", ""),
    (
        "中国科学院生态环境研究中心",
        "Research Center for Eco-Environmental Sciences, Chinese Academy of Sciences",
        K.RESEARCH_INSTITUTE,
        "11",
        "北京市",
        "",
        "",
    ),
    (
        "中国环境科学研究院",
        "Chinese Research Academy of Environmental Sciences",
        K.RESEARCH_INSTITUTE,
        "11",
        "北京市",
        "",
        "",
    ),
    (
        "中国科学院大连化学物理研究所",
        "Dalian Institute of Chemical Physics, Chinese Academy of Sciences",
        K.RESEARCH_INSTITUTE,
        "21",
        "大连市",
        "",
        "",
    ),
    (
        "中国科学院广州能源研究所",
        "Guangzhou Institute of Energy Conversion, Chinese Academy of Sciences",
        K.RESEARCH_INSTITUTE,
        "44",
        "广州市",
        "",
        "",
    ),
    (
        "中国建筑科学研究院有限公司",
        "China Academy of Building Research",
        K.RESEARCH_INSTITUTE,
        "11",
        "北京市",
        "",
        "",
    ),
    (
        "中国标准化研究院",
        "China National Institute of Standardization",
        K.RESEARCH_INSTITUTE,
        "11",
        "北京市",
        "",
        "",
    ),
    (
        "中国科学院城市环境研究所",
        "Institute of Urban Environment, Chinese Academy of Sciences",
        K.RESEARCH_INSTITUTE,
        "35",
        "厦门市",
        "",
        "",
    ),
    (
        "中国科学院青海盐湖研究所",
        "Qinghai Institute of Salt Lakes, Chinese Academy of Sciences",
        K.RESEARCH_INSTITUTE,
        "63",
        "西宁市",
        "",
        "",
    ),
    (
        "深圳职业技术大学",
        "Shenzhen Polytechnic University",
        K.VOCATIONAL_SCHOOL,
        "44",
        "深圳市",
        "",
        "",
    ),
    (
        "示例绿色技术职业学院",
        "Demo Green Technology Vocational College",
        K.VOCATIONAL_SCHOOL,
        "36",
        "南昌市",
        "",
        "",
    ),
    (
        "示例碧源环境科技有限公司",
        "Demo Biyuan Environmental Technology Co., Ltd.",
        K.ENTERPRISE,
        "32",
        "苏州市",
        "水污染治理",
        S.MEDIUM,
    ),
    (
        "示例光合新能源股份有限公司",
        "Demo Guanghe New Energy Co., Ltd.",
        K.ENTERPRISE,
        "34",
        "合肥市",
        "光伏",
        S.LARGE,
    ),
    (
        "示例清风节能装备有限公司",
        "Demo Qingfeng Energy-Saving Equipment Co., Ltd.",
        K.ENTERPRISE,
        "37",
        "济南市",
        "节能装备",
        S.MEDIUM,
    ),
    (
        "示例蓝海氢能科技有限公司",
        "Demo Lanhai Hydrogen Technology Co., Ltd.",
        K.ENTERPRISE,
        "31",
        "上海市",
        "氢能",
        S.SMALL,
    ),
    (
        "示例循环再生资源有限公司",
        "Demo Xunhuan Renewable Resources Co., Ltd.",
        K.ENTERPRISE,
        "43",
        "长沙市",
        "资源循环利用",
        S.MEDIUM,
    ),
    (
        "示例绿建低碳建筑科技有限公司",
        "Demo Lüjian Low-Carbon Building Technology Co., Ltd.",
        K.ENTERPRISE,
        "50",
        "重庆市",
        "绿色建筑",
        S.SMALL,
    ),
    (
        "示例源泉水务集团有限公司",
        "Demo Yuanquan Water Group Co., Ltd.",
        K.ENTERPRISE,
        "41",
        "郑州市",
        "水务",
        S.LARGE,
    ),
    (
        "示例风驰风电设备有限公司",
        "Demo Fengchi Wind Power Equipment Co., Ltd.",
        K.ENTERPRISE,
        "15",
        "包头市",
        "风电装备",
        S.LARGE,
    ),
    (
        "示例宁储储能技术有限公司",
        "Demo Ningchu Energy Storage Technology Co., Ltd.",
        K.ENTERPRISE,
        "35",
        "福州市",
        "储能",
        S.MEDIUM,
    ),
    (
        "示例黔绿生态农业有限公司",
        "Demo Qianlü Ecological Agriculture Co., Ltd.",
        K.ENTERPRISE,
        "52",
        "贵阳市",
        "生态农业",
        S.SMALL,
    ),
    (
        "示例云膜分离技术有限公司",
        "Demo Yunmo Membrane Separation Technology Co., Ltd.",
        K.ENTERPRISE,
        "53",
        "昆明市",
        "膜材料",
        S.SMALL,
    ),
    (
        "示例燕赵环保工程有限公司",
        "Demo Yanzhao Environmental Engineering Co., Ltd.",
        K.ENTERPRISE,
        "13",
        "石家庄市",
        "大气污染治理",
        S.MEDIUM,
    ),
    (
        "示例绿源银行股份有限公司",
        "Demo Lüyuan Bank Co., Ltd.",
        K.FINANCIAL_INSTITUTION,
        "33",
        "湖州市",
        "银行",
        S.LARGE,
    ),
    (
        "示例绿色技术创业投资基金（有限合伙）",
        "Demo Green Technology Venture Fund (LP)",
        K.FINANCIAL_INSTITUTION,
        "44",
        "深圳市",
        "创业投资",
        S.SMALL,
    ),
    (
        "示例绿保财产保险股份有限公司",
        "Demo Lübao Property Insurance Co., Ltd.",
        K.FINANCIAL_INSTITUTION,
        "31",
        "上海市",
        "保险",
        S.LARGE,
    ),
    (
        "示例西部绿色技术交易所有限公司",
        "Demo Western Green Technology Exchange Co., Ltd.",
        K.INTERMEDIARY,
        "51",
        "成都市",
        "技术交易",
        S.SMALL,
    ),
    (
        "示例绿知知识产权服务有限公司",
        "Demo Lüzhi Intellectual Property Services Co., Ltd.",
        K.INTERMEDIARY,
        "42",
        "武汉市",
        "知识产权服务",
        S.MICRO,
    ),
    (
        "示例碳评检测认证有限公司",
        "Demo Tanping Testing and Certification Co., Ltd.",
        K.INTERMEDIARY,
        "12",
        "天津市",
        "检验检测认证",
        S.SMALL,
    ),
    (
        "中国环境保护产业协会",
        "China Association of Environmental Protection Industry",
        K.INDUSTRY_ASSOCIATION,
        "11",
        "北京市",
        "",
        "",
    ),
    (
        "中国节能协会",
        "China Energy Conservation Association",
        K.INDUSTRY_ASSOCIATION,
        "11",
        "北京市",
        "",
        "",
    ),
    (
        "中国循环经济协会",
        "China Association of Circular Economy",
        K.INDUSTRY_ASSOCIATION,
        "11",
        "北京市",
        "",
        "",
    ),
    (
        "示例国际合作生态园",
        "Demo International Cooperation Eco-Park",
        K.PARK,
        "62",
        "兰州市",
        "",
        "",
    ),
    (
        "示例绿色低碳产业园",
        "Demo Green and Low-Carbon Industrial Park",
        K.PARK,
        "64",
        "银川市",
        "",
        "",
    ),
    (
        "示例绿色技术创新促进中心",
        "Demo Green Technology Innovation Promotion Centre",
        K.OTHER,
        "46",
        "海口市",
        "",
        "",
    ),
]


def load(out: TextIO) -> None:
    added = 0
    for name, name_en, kind, province, city, industry, size in ORGANISATIONS:
        if Organisation.objects.filter(name=name, province=province).exists():
            continue
        organisation = services.create_organisation(
            actor=SYSTEM,
            name=name,
            name_en=name_en,
            kind=kind,
            province=province,
            city=city,
            industry=industry,
            size=size,
        )
        services.set_verification(
            actor=SYSTEM, organisation=organisation, status=Verification.VERIFIED
        )
        added += 1
    provinces = len({row[3] for row in ORGANISATIONS})
    out.write(
        f"registry demo: {added} organisations added "
        f"({len(ORGANISATIONS)} in the demo, {provinces} provinces)\n"
    )


def named(names: Iterable[str]) -> dict[str, Organisation]:
    """The demo's organisations (and the accounts demo's) by name; a missing one is a bug in the
    demo data, so it fails loudly."""
    wanted = set(names)
    found = {o.name: o for o in Organisation.objects.filter(name__in=wanted).order_by("-pk")}
    missing = wanted - set(found)
    if missing:
        raise LookupError(f"Demo organisations missing: {', '.join(sorted(missing))}")
    return found
