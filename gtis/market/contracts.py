"""The model contracts of the four statutory technology contract types (Civil Code, book III,
chapter 20), kept as reference data in gtis/data/contract_templates/<type>.yaml: read, checked
(a bad file is refused naming the file, the line and the key) and filled with a deal's values.

Their structure follows MOST's model technology contract texts (技术合同示范文本); the wording is
the platform's own, as each file says."""

import datetime
import functools
import string
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import translation

from gtis.core.yamlfile import LANGUAGES, Checker, DataFileError, LineMapping
from gtis.market.choices import ContractType, TransferMode

DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "contract_templates"

# The deal's values a clause may name, in braces.
PLACEHOLDERS = (
    "buyer_name",
    "buyer_credit_code",
    "seller_name",
    "seller_credit_code",
    "technology_title",
    "price_yuan",
    "milestones",
    "signed_on",
    "registration_number",
)

# The clauses of MOST's model texts every contract has, and those of one type.
COMMON_CLAUSES = (
    "project_name",
    "subject",
    "performance",
    "confidentiality",
    "deliverables",
    "price_and_payment",
    "acceptance",
    "liability",
    "disputes",
    "definitions",
    "signatures",
)
TYPE_CLAUSES = {
    ContractType.DEVELOPMENT: ("risk",),
    ContractType.TRANSFER: ("improvements",),
    ContractType.CONSULTING: (),
    ContractType.SERVICE: (),
}

# The contract type a deal's transfer mode suggests, until the parties pick one.
TYPE_FOR_MODE = {
    TransferMode.DEVELOPMENT: ContractType.DEVELOPMENT,
    TransferMode.CONSULTING: ContractType.CONSULTING,
    TransferMode.SERVICE: ContractType.SERVICE,
}

BLANK = "________"


class ContractTemplateError(DataFileError):
    """A template file that cannot be used, naming the file, the line and the key."""


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh if _chinese() else self.en


@dataclass(frozen=True)
class Clause:
    key: str
    heading: Text
    text: Text


@dataclass(frozen=True)
class Template:
    type: str
    title: Text
    source: Text
    buyer_role: Text
    seller_role: Text
    clauses: tuple[Clause, ...]

    @property
    def label(self) -> str:
        return str(ContractType(self.type).label)


@dataclass(frozen=True)
class FilledClause:
    key: str
    heading: str
    text: str


def parse(text: str, name: str, contract_type: str) -> Template:
    """The template in `text` (the file `name`), checked: every error names the file, the line
    and the key."""
    checker = _Checker(name)
    root = checker.load(text)
    if root.get("type") != contract_type:
        checker.fail(root, "type", f"must be {contract_type!r}")
    clauses = checker.sequence(root, "clauses")
    seen: list[str] = []
    parsed = []
    for index, item in enumerate(clauses):
        path = f"clauses[{index}]"
        clause = checker.mapping(item, path, root.line)
        key = clause.get("key")
        if not isinstance(key, str) or not key:
            checker.fail(clause, f"{path}.key", "is missing")
        if key in seen:
            checker.fail(clause, f"{path}.key", f"{key!r} is repeated")
        seen.append(key)
        parsed.append(
            Clause(
                key=key,
                heading=checker.text(clause, "heading", path),
                text=checker.text(clause, "text", path, placeholders=True),
            )
        )
    required = COMMON_CLAUSES + TYPE_CLAUSES[ContractType(contract_type)]
    missing = [key for key in required if key not in seen]
    if missing:
        checker.fail(root, "clauses", "lacks the clauses " + ", ".join(missing))
    parties = checker.mapping(root.get("parties"), "parties", root.line)
    return Template(
        type=contract_type,
        title=checker.text(root, "title", ""),
        source=checker.text(root, "source", ""),
        buyer_role=checker.text(parties, "buyer", "parties"),
        seller_role=checker.text(parties, "seller", "parties"),
        clauses=tuple(parsed),
    )


class _Checker(Checker):
    error = ContractTemplateError

    def sequence(
        self, parent: LineMapping, key: str, path: str = "", empty: bool = False
    ) -> list[Any]:
        value = parent.get(key)
        if not isinstance(value, list) or not value:
            self.fail(parent, key, "must be a list of clauses")
        return value

    def text(self, parent: LineMapping, key: str, path: str, placeholders: bool = False) -> Text:
        full = f"{path}.{key}" if path else key
        value = self.mapping(parent.get(key), full, parent.line)
        for language in LANGUAGES:
            words = value.get(language)
            if not isinstance(words, str) or not words.strip():
                self.fail(value, f"{full}.{language}", "is missing")
            if placeholders:
                self.placeholders(value, f"{full}.{language}", words)
        return Text(zh=value["zh"].strip(), en=value["en"].strip())

    def placeholders(self, where: LineMapping, key: str, text: str) -> None:
        """Every placeholder in `text` must be one of the deal's values."""
        try:
            names = [name for _literal, name, _spec, _conv in string.Formatter().parse(text)]
        except ValueError as error:
            self.fail(where, key, f"has a malformed placeholder ({error})")
        for name in names:
            if name is not None and name not in PLACEHOLDERS:
                self.fail(where, key, f"names an unknown placeholder {{{name}}}")


def load(contract_type: str, directory: Path | None = None) -> Template:
    """The template of `contract_type`, read from its file and checked."""
    if contract_type not in ContractType.values:
        raise LookupError(f"No technology contract type is called {contract_type!r}")
    if directory is None:
        return _load_shipped(contract_type)
    return _read(directory, contract_type)


@functools.cache
def _load_shipped(contract_type: str) -> Template:
    return _read(DIRECTORY, contract_type)


def _read(directory: Path, contract_type: str) -> Template:
    path = directory / f"{contract_type}.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContractTemplateError(f"{path.name}: cannot be read ({error})") from error
    return parse(text, path.name, contract_type)


def all_templates() -> list[Template]:
    """The four model contracts, in the order of ContractType."""
    return [load(contract_type) for contract_type in ContractType.values]


def suggested_type(deal: Any) -> str:
    """The deal's contract type, or the one its transfer mode suggests."""
    return deal.contract_type or TYPE_FOR_MODE.get(deal.mode, ContractType.TRANSFER)


def deal_values(deal: Any) -> dict[str, str]:
    """The placeholders' values for `deal` (its milestones prefetched), blanks where the deal
    has none yet."""
    chinese = _chinese()
    milestones = [
        (
            f"{m.title}人民币{_money(m.amount)}元，于{m.due_on:%Y-%m-%d}前支付"
            if chinese
            else f"{m.title}: {_money(m.amount)} yuan, due by {m.due_on:%Y-%m-%d}"
        )
        for m in deal.milestones.all()
    ]
    return {
        "buyer_name": deal.buyer.name,
        "buyer_credit_code": deal.buyer.credit_code or BLANK,
        "seller_name": deal.seller.name,
        "seller_credit_code": deal.seller.credit_code or BLANK,
        "technology_title": deal.listing.title,
        "price_yuan": _money(deal.price) if deal.price is not None else BLANK,
        "milestones": ("；" if chinese else "; ").join(milestones) or BLANK,
        "signed_on": _date(deal.contract_signed_on),
        "registration_number": deal.registration_number or BLANK,
    }


def fill(template: Template, values: dict[str, str] | None = None) -> list[FilledClause]:
    """The template's clauses in the reader's language, with `values` in place of the
    placeholders (blanks to write in by hand where a value is not given)."""
    given = values or {}
    filled = {name: given.get(name) or BLANK for name in PLACEHOLDERS}
    return [
        FilledClause(
            key=clause.key, heading=str(clause.heading), text=str(clause.text).format(**filled)
        )
        for clause in template.clauses
    ]


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _date(day: datetime.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else BLANK


def _chinese() -> bool:
    return (translation.get_language() or "zh-hans").startswith("zh")
