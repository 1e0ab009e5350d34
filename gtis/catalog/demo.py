"""Demo catalogue editions that look like the real lists (`gtis load-demo`)."""

import datetime
from typing import TextIO

from gtis.accounts.models import Department
from gtis.catalog import services
from gtis.catalog.choices import EditionKind
from gtis.catalog.models import CatalogueEdition
from gtis.core.actors import SYSTEM

D = datetime.date

PROMOTION_2020 = [
    (
        "1",
        "高效永磁同步电机系统",
        "采用稀土永磁材料和变频控制，电机系统效率较普通异步电机提高5%以上。",
        "适用于风机、水泵、压缩机等通用机械",
        ["1.1.8", "1.5.2"],
    ),
    (
        "2",
        "烧结烟气循环节能减排技术",
        "将部分烧结烟气循环回烧结料层，回收显热并减少烟气排放量。",
        "适用于钢铁行业烧结工序",
        ["1.5.3", "2.3.4"],
    ),
    (
        "3",
        "城镇污水处理厂污泥好氧发酵技术",
        "污泥经好氧发酵稳定化、无害化后土地利用。",
        "适用于城镇污水处理厂污泥处置",
        ["1.7.8"],
    ),
    (
        "4",
        "大型风电机组智能运维技术",
        "基于振动监测和大数据分析的风电机组故障预警与运维。",
        "适用于陆上和海上风电场",
        ["3.2.1"],
    ),
    (
        "5",
        "建筑垃圾再生骨料制备技术",
        "建筑垃圾经破碎、筛分、除杂制成再生骨料，用于道路和建材。",
        "适用于城市建筑垃圾资源化",
        ["1.3.3", "1.7.2"],
    ),
]
PROMOTION_2022 = [
    PROMOTION_2020[0],
    (
        "2",
        "烧结烟气循环节能减排技术",
        "将部分烧结烟气循环回烧结料层，回收显热并减少烟气排放量，配合活性炭脱硫脱硝实现超低排放。",
        "适用于钢铁行业烧结工序",
        ["1.5.3", "2.3.4"],
    ),
    PROMOTION_2020[3],
    PROMOTION_2020[4],
    (
        "6",
        "电化学储能电站集成技术",
        "磷酸铁锂电池储能系统集成与能量管理，参与电网调峰调频。",
        "适用于新能源配套储能和电网侧储能",
        ["3.4.2"],
    ),
]
ELIMINATION_2021 = [
    (
        "1",
        "燃煤小锅炉（蒸发量10吨/小时以下）",
        "热效率低、污染物排放高的燃煤工业锅炉。",
        "城市建成区",
        ["1.1.1"],
        D(2021, 1, 1),
        "燃气锅炉、热泵或集中供热",
    ),
    (
        "2",
        "S9系列及以下配电变压器",
        "空载损耗和负载损耗高于现行能效限定值的配电变压器。",
        "",
        ["1.1.9"],
        D(2021, 6, 1),
        "一级能效非晶合金或硅钢配电变压器",
    ),
    (
        "3",
        "Y系列（IP44）三相异步电动机",
        "能效低于GB 18613能效限定值的老旧电动机。",
        "",
        ["1.1.8"],
        D(2022, 1, 1),
        "高效永磁同步电机",
    ),
]
CASES_2021 = [
    (
        "1",
        "某钢铁集团烧结余热发电与超低排放改造",
        "年节约标准煤8万吨，减排二氧化碳20万吨。",
        "",
        ["1.5.3", "2.3.4"],
    ),
    (
        "2",
        "某市餐厨垃圾资源化处理项目",
        "日处理餐厨垃圾300吨，年产沼气1000万立方米。",
        "",
        ["1.7.3"],
    ),
]


def load(out: TextIO) -> None:
    if CatalogueEdition.objects.exists():
        out.write("catalogue demo: already loaded\n")
        return
    ndrc = Department.objects.get(code="ndrc")
    most = Department.objects.get(code="most")
    miit = Department.objects.get(code="miit")
    promotion = _published(
        EditionKind.PROMOTION,
        "绿色技术推广目录（2020年）",
        2020,
        "发改办环资〔2020〕990号",
        [ndrc, most],
        ndrc,
        [
            dict(zip(("key", "title", "description", "scope", "node_codes"), row, strict=True))
            for row in PROMOTION_2020
        ],
        D(2020, 12, 31),
    )
    _published(
        EditionKind.PROMOTION,
        "绿色技术推广目录（2022年）",
        2022,
        "",
        [ndrc, most],
        ndrc,
        [
            dict(zip(("key", "title", "description", "scope", "node_codes"), row, strict=True))
            for row in PROMOTION_2022
        ],
        D(2022, 11, 30),
    )
    _published(
        EditionKind.ELIMINATION,
        "高耗能落后机电设备（产品）淘汰目录",
        2021,
        "",
        [miit],
        miit,
        [
            dict(
                zip(
                    (
                        "key",
                        "title",
                        "description",
                        "scope",
                        "node_codes",
                        "banned_from",
                        "replacement",
                    ),
                    row,
                    strict=True,
                )
            )
            for row in ELIMINATION_2021
        ],
        D(2020, 12, 15),
    )
    _published(
        EditionKind.TYPICAL_CASES,
        "绿色技术创新典型案例（2021年）",
        2021,
        "",
        [most],
        most,
        [
            dict(zip(("key", "title", "description", "scope", "node_codes"), row, strict=True))
            for row in CASES_2021
        ],
        D(2021, 9, 30),
    )
    out.write(f"catalogue demo: 4 editions (e.g. {promotion.title})\n")


def _published(
    kind: str,
    title: str,
    year: int,
    number: str,
    issuers: list[Department],
    owner: Department,
    entries: list[dict],
    published_on: datetime.date,
) -> CatalogueEdition:
    edition = services.create_edition(
        actor=SYSTEM,
        kind=kind,
        title=title,
        year=year,
        document_number=number,
        issuing_departments=issuers,
        owner_department=owner,
    )
    for entry in entries:
        services.save_entry(actor=SYSTEM, edition=edition, **entry)
    services.submit_for_review(actor=SYSTEM, edition=edition)
    notice_start = published_on - datetime.timedelta(days=20)
    services.open_public_notice(actor=SYSTEM, edition=edition, starts_on=notice_start, days=7)
    return services.publish_edition(actor=SYSTEM, edition=edition, published_on=published_on)
