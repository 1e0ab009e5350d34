"""Green taxonomies shipped with GTIS (see gtis/data/README.md), loaded idempotently."""

import csv
import re
from pathlib import Path
from typing import TextIO

from django.conf import settings

from gtis.catalog import services
from gtis.catalog.services import NodeRow
from gtis.core.actors import SYSTEM

DATA = Path(settings.PACKAGE_DIR) / "data" / "catalog"
GIC_2019 = "gic-2019"
GBC_2021 = "gbc-2021"
IPC_GREEN = "ipc-green"


def load(out: TextIO) -> None:
    gic = _guidance_catalogue_rows()
    for code, meta, rows in [
        (GIC_2019, _GIC_META, gic),
        (GBC_2021, _GBC_META, _bond_catalogue_rows(gic)),
        (IPC_GREEN, _IPC_META, _ipc_rows()),
    ]:
        _taxonomy, summary = services.load_taxonomy(actor=SYSTEM, code=code, rows=rows, **meta)
        out.write(f"taxonomy {code}: {summary}\n")


_GIC_META = {
    "name": "绿色产业指导目录（2019年版）",
    "name_en": "Green Industry Guidance Catalogue (2019 edition)",
    "issued_by": "国家发展改革委、工业和信息化部、自然资源部、生态环境部、住房城乡建设部、"
    "中国人民银行、国家能源局",
    "document_number": "发改环资〔2019〕293号",
    "year": 2019,
    "source": "shangfr/GreenCreditPolicy data/绿色产业指导目录.csv, cross-checked with "
    "caitaotaotao/GreenIndustryCata (third-party transcriptions of the official text).",
}
_GBC_META = {
    "name": "绿色债券支持项目目录（2021年版）",
    "name_en": "Green Bond Endorsed Projects Catalogue (2021 edition)",
    "issued_by": "中国人民银行、国家发展改革委、中国证监会",
    "document_number": "银发〔2021〕96号",
    "year": 2021,
    "source": "Nikeandocean/carbon-accounting-specs specs/green-finance/bond-catalog.yaml.",
    "is_partial": True,
    "partial_note": "Codes are complete; names and texts come from a poor PDF parse and were "
    "cleaned where the 2019 catalogue gives the name; second-level names are "
    "not in the source.",
}
_IPC_META = {
    "name": "IPC 绿色清单（部分）",
    "name_en": "WIPO IPC Green Inventory (partial)",
    "issued_by": "WIPO",
    "source": "x0range/greenpatents classifications/green_inventory_03.txt; the topic of each "
    "line was inferred from its position.",
    "is_partial": True,
    "partial_note": "Classification patterns and seven inferred top-level topics only; "
    "sub-topics and their names are missing.",
}


def _guidance_catalogue_rows() -> list[NodeRow]:
    english = _english_names()
    rows: list[NodeRow] = []
    seen: set[str] = set()
    with (DATA / "green_industry_catalogue_2019.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            for code, name in (
                (line["l1_code"], line["l1_name"]),
                (line["l2_code"], line["l2_name"]),
            ):
                if code not in seen:
                    seen.add(code)
                    rows.append(NodeRow(code=code, name=name, name_en=english.get(code, "")))
            rows.append(
                NodeRow(
                    code=line["l3_code"],
                    name=line["l3_name"],
                    name_en=english.get(line["l3_code"], ""),
                    description=line["description"],
                    standards_cited=_split(line["standards_cited"]),
                    keywords=_split(line["keywords_third_party"]),
                )
            )
    return rows


def _english_names() -> dict[str, str]:
    """English names of the 2019 catalogue's categories (our translation, see data/README.md)."""
    with (DATA / "green_industry_catalogue_2019_en.csv").open(encoding="utf-8") as handle:
        return {line["code"]: line["name_en"] for line in csv.DictReader(handle)}


def _bond_catalogue_rows(gic: list[NodeRow]) -> list[NodeRow]:
    texts = {}
    with (DATA / "green_bond_catalogue_2021_raw.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            texts[line["code"]] = (line["raw_text"], _split(line["standards_cited"]))
    known_names = sorted({row.name for row in gic}, key=len, reverse=True)
    top = {row.code: row.name for row in gic if "." not in row.code}
    rows = [NodeRow(code=code, name=name) for code, name in top.items()]
    seen = set(top)
    with (DATA / "green_bond_catalogue_2021_codes.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            code = line["code"]
            parent = code.rsplit(".", 1)[0]
            if parent not in seen and parent.count(".") == 1:
                seen.add(parent)
                rows.append(NodeRow(code=parent, name=f"{parent}（原文未载名称）"))
            raw, standards = texts.get(code, ("", []))
            name, description = _clean_bond_text(raw, known_names)
            rows.append(
                NodeRow(
                    code=code, name=name or code, description=description, standards_cited=standards
                )
            )
            seen.add(code)
    return rows


def _clean_bond_text(raw: str, known_names: list[str]) -> tuple[str, str]:
    """Name and text of a bond-catalogue item, repairing the parse's misplaced colons."""
    joined = raw.replace("：", "", 1) if "：" in raw else raw
    for name in known_names:
        if joined.startswith(name):
            return name, joined[len(name) :].lstrip("：:，, ")
    name, _, rest = raw.partition("：")
    return name.strip()[:120], rest.strip()


def _ipc_rows() -> list[NodeRow]:
    topics: dict[str, str] = {}
    rows: list[NodeRow] = []
    seen: set[str] = set()
    with (DATA / "ipc_green_inventory_cpc_patterns.csv").open(encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            topic = line["topic_inferred"].strip()
            topic_code = "T" + str(len(topics) + 1) if topic not in topics else topics[topic]
            if topic not in topics:
                topics[topic] = topic_code
                rows.append(
                    NodeRow(code=topic_code, name=topic.capitalize(), name_en=topic.capitalize())
                )
            pattern = re.sub(r"\s+", " ", line["raw_pattern"]).strip()
            if pattern in seen:
                continue
            seen.add(pattern)
            rows.append(
                NodeRow(
                    code=pattern,
                    name=pattern,
                    parent_code=topic_code,
                    notes=f"source line {line['source_line']}",
                )
            )
    return rows


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]
