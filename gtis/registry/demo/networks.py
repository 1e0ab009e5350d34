"""Demo innovation alliances, consortia and unions (roadmap deliverables 6, 8 and 38), each with
its leader and members in their 产学研金介用 roles."""

import datetime
from typing import TextIO

from gtis.core.actors import SYSTEM
from gtis.registry import services
from gtis.registry.demo.organisations import named
from gtis.registry.models import MemberRole, Network, NetworkKind, NetworkMembership

D = datetime.date
M = MemberRole
INVENTED = "演示数据：联盟名称、牵头单位与成员关系均为虚构。"

Member = tuple[str, str, datetime.date | None]
NETWORKS: list[tuple[str, str, str, str, datetime.date, str, list[Member]]] = [
    # name, English name, kind, leader, founded on, description, members (name, role, joined on)
    (
        "“一带一路”绿色技术创新联盟",
        "Belt and Road Green Technology Innovation Alliance",
        NetworkKind.INTERNATIONAL,
        "清华大学",
        D(2020, 12, 18),
        "推动绿色技术在共建“一带一路”国家的转移转化与联合研发（路线图成果38）。"
        "演示数据：牵头单位与成员关系为虚构。",
        [
            ("中国环境科学研究院", M.RESEARCH, None),
            ("中国科学院生态环境研究中心", M.RESEARCH, None),
            ("华南理工大学", M.ACADEMIA, None),
            ("示例光合新能源股份有限公司", M.INDUSTRY, None),
            ("示例绿源银行股份有限公司", M.FINANCE, D(2021, 6, 1)),
            ("示例西部绿色技术交易所有限公司", M.INTERMEDIARY, None),
            ("中国环境保护产业协会", M.INTERMEDIARY, None),
            ("示例国际合作生态园", M.USER, D(2022, 3, 15)),
        ],
    ),
    (
        "示例氢能产业技术创新联盟",
        "Demo Hydrogen Industry Technology Innovation Alliance",
        NetworkKind.ALLIANCE,
        "示例蓝海氢能科技有限公司",
        D(2020, 9, 18),
        "围绕制氢、储运、加注和燃料电池应用开展联合攻关。" + INVENTED,
        [
            ("中国科学院大连化学物理研究所", M.RESEARCH, None),
            ("同济大学", M.ACADEMIA, None),
            ("示例风驰风电设备有限公司", M.INDUSTRY, D(2021, 5, 10)),
            ("示例绿色技术创业投资基金（有限合伙）", M.FINANCE, None),
            ("示例碳评检测认证有限公司", M.INTERMEDIARY, None),
            ("示例绿色低碳产业园", M.USER, D(2022, 8, 1)),
        ],
    ),
    (
        "示例工业固废资源化利用创新联合体",
        "Demo Industrial Solid Waste Utilisation Innovation Consortium",
        NetworkKind.CONSORTIUM,
        "示例循环再生资源有限公司",
        D(2021, 4, 22),
        "龙头企业牵头整合高校、院所、园区、金融和中介力量（路线图成果6）。" + INVENTED,
        [
            ("四川大学", M.ACADEMIA, None),
            ("中国环境科学研究院", M.RESEARCH, None),
            ("示例燕赵环保工程有限公司", M.INDUSTRY, None),
            ("示例绿保财产保险股份有限公司", M.FINANCE, None),
            ("中国循环经济协会", M.INTERMEDIARY, None),
            ("示例绿色低碳产业园", M.USER, None),
        ],
    ),
    (
        "示例长江流域水环境治理技术创新联盟",
        "Demo Yangtze River Basin Water Environment Technology Innovation Alliance",
        NetworkKind.ALLIANCE,
        "中国环境科学研究院",
        D(2019, 11, 28),
        "面向长江流域水污染治理与生态修复的技术协同创新。" + INVENTED,
        [
            ("南京大学", M.ACADEMIA, None),
            ("华中科技大学", M.ACADEMIA, None),
            ("中国科学院生态环境研究中心", M.RESEARCH, None),
            ("示例源泉水务集团有限公司", M.USER, None),
            ("示例碧源环境科技有限公司", M.INDUSTRY, None),
            ("示例云膜分离技术有限公司", M.INDUSTRY, D(2020, 10, 9)),
            ("示例绿源银行股份有限公司", M.FINANCE, None),
            ("示例绿知知识产权服务有限公司", M.INTERMEDIARY, D(2021, 3, 1)),
            ("中国环境保护产业协会", M.INTERMEDIARY, None),
        ],
    ),
    (
        "示例近零能耗建筑创新联合体",
        "Demo Nearly Zero Energy Building Innovation Consortium",
        NetworkKind.CONSORTIUM,
        "示例绿建低碳建筑科技有限公司",
        D(2022, 3, 15),
        "超低能耗、近零能耗建筑技术集成与工程示范。" + INVENTED,
        [
            ("中国建筑科学研究院有限公司", M.RESEARCH, None),
            ("哈尔滨工业大学", M.ACADEMIA, None),
            ("天津大学", M.ACADEMIA, None),
            ("深圳职业技术大学", M.ACADEMIA, D(2023, 2, 20)),
            ("示例光合新能源股份有限公司", M.INDUSTRY, None),
            ("示例绿源银行股份有限公司", M.FINANCE, None),
        ],
    ),
    (
        "示例西部绿色技术创新联合会",
        "Demo Western China Green Technology Innovation Union",
        NetworkKind.UNION,
        "示例西部绿色技术交易所有限公司",
        D(2021, 8, 8),
        "西部地区产学研金介用各方的绿色技术供需对接平台。" + INVENTED,
        [
            ("四川大学", M.ACADEMIA, None),
            ("西安交通大学", M.ACADEMIA, None),
            ("中国科学院青海盐湖研究所", M.RESEARCH, None),
            ("示例黔绿生态农业有限公司", M.INDUSTRY, None),
            ("示例云膜分离技术有限公司", M.INDUSTRY, None),
            ("示例绿色技术创业投资基金（有限合伙）", M.FINANCE, D(2022, 1, 12)),
            ("中国节能协会", M.INTERMEDIARY, None),
            ("示例绿色低碳产业园", M.USER, None),
            ("示例国际合作生态园", M.USER, D(2023, 6, 30)),
        ],
    ),
    (
        "示例新型储能技术创新联盟",
        "Demo New Energy Storage Technology Innovation Alliance",
        NetworkKind.ALLIANCE,
        "示例宁储储能技术有限公司",
        D(2021, 10, 12),
        "电化学储能、液流电池和储能系统集成的技术创新联盟。" + INVENTED,
        [
            ("中国科学院大连化学物理研究所", M.RESEARCH, None),
            ("华中科技大学", M.ACADEMIA, None),
            ("示例风驰风电设备有限公司", M.INDUSTRY, None),
            ("示例光合新能源股份有限公司", M.INDUSTRY, None),
            ("示例绿保财产保险股份有限公司", M.FINANCE, D(2022, 9, 1)),
            ("示例碳评检测认证有限公司", M.INTERMEDIARY, None),
            ("华清绿能科技有限公司", M.USER, D(2023, 4, 18)),
        ],
    ),
    (
        "示例中国—东盟绿色技术转移联盟",
        "Demo China-ASEAN Green Technology Transfer Alliance",
        NetworkKind.INTERNATIONAL,
        "中国科学院广州能源研究所",
        D(2023, 9, 20),
        "面向东盟国家的绿色技术转移、培训与示范。" + INVENTED,
        [
            ("华南理工大学", M.ACADEMIA, None),
            ("深圳职业技术大学", M.ACADEMIA, None),
            ("示例光合新能源股份有限公司", M.INDUSTRY, None),
            ("示例绿色技术创业投资基金（有限合伙）", M.FINANCE, None),
            ("中绿技术交易服务有限公司", M.INTERMEDIARY, None),
            ("示例绿色技术创新促进中心", M.INTERMEDIARY, D(2024, 5, 6)),
        ],
    ),
]


def load(out: TextIO) -> None:
    organisations = named({row[3] for row in NETWORKS} | {m[0] for row in NETWORKS for m in row[6]})
    networks = memberships = 0
    for name, name_en, kind, leader, founded_on, description, members in NETWORKS:
        network = Network.objects.filter(name=name).first()
        if network is None:
            network = services.save_network(
                actor=SYSTEM,
                name=name,
                name_en=name_en,
                kind=kind,
                leader=organisations[leader],
                founded_on=founded_on,
                description=description,
            )
            networks += 1
        have = set(
            NetworkMembership.objects.filter(network=network).values_list(
                "organisation__name", flat=True
            )
        )
        for member, role, joined_on in members:
            if member not in have:
                services.set_network_member(
                    actor=SYSTEM,
                    network=network,
                    organisation=organisations[member],
                    role=role,
                    joined_on=joined_on or founded_on,
                )
                memberships += 1
    out.write(f"registry demo: {networks} networks and {memberships} memberships added\n")
