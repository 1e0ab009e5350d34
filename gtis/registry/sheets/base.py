"""What every registry sheet is made of: its columns, the row being cleaned, the records rows
refer to, and the specification each kind of sheet fills in."""

import datetime
import re
from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, cached_property
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Count, Model, QuerySet, TextChoices
from django.utils import translation
from django.utils.translation import gettext as _

from gtis.accounts.models import Department, Organisation
from gtis.accounts.regions import CHINESE_NAMES, Province, province_code
from gtis.accounts.validators import normalise_uscc
from gtis.registry.models import Policy
from gtis.registry.selectors import field_nodes

# column key, Chinese header, English header
Column = tuple[str, str, str]

# Lists in a cell (fields, departments, tags, deliverables) are separated by ; or 、 (or a comma).
SEPARATORS = re.compile(r"[;；、,，\n]+")
# The shape of a unified social credit code, to tell a code from a name.
CREDIT_CODE = re.compile(r"^[0-9A-Z]{18}$")
DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
FLAGS = {
    "是": True,
    "否": False,
    "强制": True,
    "推荐": False,
    "yes": True,
    "no": False,
    "y": True,
    "n": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
}
# The roadmap whose deliverables policies and standards name by number.
DELIVERABLE_PLAN = "gtis-2019"
# Names of provinces as exports write them (the full Chinese name).
PROVINCE_NAMES = {code: name for name, code in CHINESE_NAMES.items()}

# The roadmap's deliverables, reached through the policy's relation rather than an import:
# the registry and the roadmap are sibling engines.
Deliverable: Any = Policy.deliverables.field.related_model


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Preview:
    """What a sheet would add: rows read, good rows (new or already in the registry), and
    every problem by row and column."""

    rows: int = 0
    valid: int = 0
    new: int = 0
    existing: int = 0
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "valid": self.valid,
            "new": self.new,
            "existing": self.existing,
            "errors": [e.__dict__ for e in self.errors],
        }


@dataclass
class Outcome:
    """What a commit did: records added, rows already in the registry, bad rows skipped (and
    the problems found while writing)."""

    added: int = 0
    existing: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)

    def add(self, other: "Outcome") -> None:
        self.added += other.added
        self.existing += other.existing
        self.skipped += other.skipped
        self.errors.extend(other.errors)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "existing": self.existing,
            "skipped": self.skipped,
            "errors": [e.__dict__ for e in self.errors],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Outcome":
        return cls(
            added=data.get("added", 0),
            existing=data.get("existing", 0),
            skipped=data.get("skipped", 0),
            errors=[RowError(**e) for e in data.get("errors", [])],
        )


@cache
def choice_names(choices: type[TextChoices]) -> dict[str, str]:
    """A choice's value by its value or its label in Chinese or English (any case)."""
    names: dict[str, str] = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            names |= {str(label).lower(): value for value, label in choices.choices}
    return names | {value.lower(): value for value in choices.values}


def province_of(text: str) -> str | None:
    """A province code from a Chinese name (full or short), an English name or a code."""
    if text in Province.values:
        return text
    return province_code(text) or choice_names(Province).get(text.lower())


@cache
def _chinese_labels(choices: type[TextChoices]) -> dict[str, str]:
    with translation.override("zh-hans"):
        return {value: str(label) for value, label in choices.choices}


def label_in_chinese(choices: type[TextChoices], value: str) -> str:
    """The label an export writes for a choice (it reads back through `choice_names`)."""
    return _chinese_labels(choices).get(value, value)


def text_of(value: Any) -> str:
    """A cell as an export writes it: dates in ISO form, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def organisation_cells(organisations: Iterable[Organisation | None]) -> dict[int, str]:
    """How an export names each organisation: by name, or by its credit code where another
    organisation has the same name (so the cell reads back to the same one)."""
    wanted = {o.pk: o for o in organisations if o is not None}
    shared = set(
        Organisation.objects.filter(name__in={o.name for o in wanted.values()})
        .values("name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("name", flat=True)
    )
    return {
        pk: o.credit_code if o.name in shared and o.credit_code else o.name
        for pk, o in wanted.items()
    }


class Lookups:
    """The records a sheet's rows refer to, read once per sheet; organisations as they come,
    among those the importing user may see."""

    def __init__(self, actor: Any = None) -> None:
        self.actor = actor
        self._organisations: dict[str, Organisation | ValidationError] = {}

    def organisation(self, text: str) -> Organisation:
        """The organisation with this credit code or exact name; ValidationError if none or
        several."""
        if text not in self._organisations:
            try:
                self._organisations[text] = self._find_organisation(text)
            except ValidationError as error:
                self._organisations[text] = error
        found = self._organisations[text]
        if isinstance(found, ValidationError):
            raise found
        return found

    def _find_organisation(self, text: str) -> Organisation:
        queryset = (
            Organisation.objects.all()
            if self.actor is None
            else Organisation.objects.restrict(self.actor)
        )
        code = normalise_uscc(text).upper()
        if CREDIT_CODE.match(code):
            found = list(queryset.filter(credit_code=code)[:1])
        else:
            found = list(queryset.filter(name=text)[:2])
        if not found:
            raise ValidationError(
                _("No organisation in the registry has the credit code or name “%(value)s”.")
                % {"value": text}
            )
        if len(found) > 1:
            raise ValidationError(
                _("Several organisations are called “%(name)s”: give the credit code instead.")
                % {"name": text}
            )
        return found[0]

    @cached_property
    def departments(self) -> dict[str, Department]:
        """Departments by code, short name, official name or English name (any case)."""
        names: dict[str, Department] = {}
        for department in Department.objects.all():
            for name in (
                department.code,
                department.short_name,
                department.name,
                department.name_en,
                department.abbreviation_en,
            ):
                if name:
                    names[name.lower()] = department
        return names

    @cached_property
    def field_nodes(self) -> dict[str, Any]:
        """Nodes of the 2019 green industry catalogue by code."""
        return {node.code: node for node in field_nodes()}

    @cached_property
    def deliverables(self) -> dict[str, Any]:
        """Deliverables of the 2019 roadmap by number."""
        return {
            str(deliverable.number): deliverable
            for deliverable in Deliverable.objects.filter(plan__code=DELIVERABLE_PLAN)
        }


class Row:
    """One row being cleaned: its cells by column key and the problems found so far, each
    naming the row's number and the column's Chinese header."""

    def __init__(self, spec: "SheetSpec", number: int, values: Mapping[str, str]) -> None:
        self.spec = spec
        self.number = number
        self.values = values
        self.errors: list[RowError] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.spec.header(key), message))

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.values.get(key, "")
        if required and not value:
            self.error(key, _("This field is required."))
        return value

    def choice(self, key: str, choices: type[TextChoices], default: str = "") -> str:
        """A choice given by its value or its Chinese or English label."""
        value = self.text(key, required=not default)
        if not value:
            return default
        found = choice_names(choices).get(value.lower())
        if found is None:
            self.error(
                key,
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(str(label) for label in choices.labels)},
            )
            return default
        return found

    def province(self, key: str, *, required: bool = False) -> str:
        value = self.text(key, required=required)
        code = province_of(value) if value else ""
        if code is None:
            self.error(key, _("Unknown province “%(p)s”.") % {"p": value})
        return code or ""

    def date(self, key: str) -> datetime.date | None:
        value = self.text(key)
        if not value:
            return None
        match = DATE.match(value)
        try:
            if match is None:
                raise ValueError(value)
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            self.error(
                key, _("“%(value)s” is not a date; write it as 2020-06-30.") % {"value": value}
            )
            return None

    def decimal(self, key: str, low: int, high: int, places: int = 5) -> Decimal | None:
        value = self.text(key)
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self.error(key, _("“%(value)s” is not a number.") % {"value": value})
            return None
        if not low <= number <= high:
            self.error(
                key, _("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high}
            )
            return None
        return number.quantize(Decimal(1).scaleb(-places))

    def flag(self, key: str) -> bool | None:
        """是/否, yes/no, true/false or 1/0; None when the cell is empty."""
        value = self.text(key)
        if not value:
            return None
        found = FLAGS.get(value.lower())
        if found is None:
            self.error(key, _("Write 是 or 否 (yes or no), not “%(value)s”.") % {"value": value})
        return found

    def items(self, key: str) -> list[str]:
        """The items of a list cell, in order, without repeats."""
        return list(dict.fromkeys(p.strip() for p in SEPARATORS.split(self.text(key)) if p.strip()))

    def organisation(self, key: str, lookups: Lookups) -> Organisation | None:
        value = self.text(key)
        if not value:
            return None
        try:
            return lookups.organisation(value)
        except ValidationError as error:
            self.error(key, error.messages[0])
            return None

    def departments(self, key: str, lookups: Lookups) -> list[Department]:
        found = []
        for item in self.items(key):
            department = lookups.departments.get(item.lower())
            if department is None:
                self.error(
                    key,
                    _("Unknown department “%(value)s”: give its code, short name or full name.")
                    % {"value": item},
                )
            else:
                found.append(department)
        return found

    def deliverables(self, key: str, lookups: Lookups) -> list[Any]:
        found = []
        for item in self.items(key):
            deliverable = lookups.deliverables.get(item.removesuffix(".0"))
            if deliverable is None:
                self.error(
                    key,
                    _("The 2019 roadmap has no deliverable numbered “%(value)s”.")
                    % {"value": item},
                )
            else:
                found.append(deliverable)
        return found


class SheetSpec(ABC):
    """A kind of registry sheet: its columns, how a row becomes a record's fields, how a
    record is told apart from those already in the registry, and how records are written and
    exported. The read, preview, commit and export code in `engine` is driven by it."""

    kind: str
    title: Any
    model: type[Model]
    # What importing the sheet needs; exporting needs only to see the records.
    permission: str
    columns: Sequence[Column]
    # Columns a sheet must have; a sheet without them is refused at its header row.
    required: Sequence[str] = ()
    # Query parameters of the list page that an export honours.
    filters: Sequence[str] = ()
    # The list page of the records (a url name).
    list_url: str = ""
    # Keys of the cleaned fields that the service saves as relations, not as model fields.
    relations: Sequence[str] = ()
    # The column a row that the importing user may not add is blamed on.
    owner_column: str = ""
    # When a row is the same record as one in the registry (for the import page).
    same_record: Any = ""

    @cached_property
    def headers(self) -> dict[str, str]:
        return {key: zh for key, zh, _en in self.columns}

    @property
    def view_permission(self) -> str:
        """What exporting the sheet needs: seeing its records."""
        return f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"

    @cached_property
    def positions(self) -> dict[str, int]:
        """Each Chinese header's place in the sheet, to list a row's problems in order."""
        return {zh: number for number, (_key, zh, _en) in enumerate(self.columns)}

    def header(self, key: str) -> str:
        return self.headers.get(key) or self.columns[0][1]

    @abstractmethod
    def clean(self, row: Row, lookups: Lookups) -> dict[str, Any]:
        """The record's fields from a row; problems go to `row.error`."""

    @abstractmethod
    def key(self, fields: Mapping[str, Any]) -> Hashable:
        """What tells this record apart from the others (the de-duplication key)."""

    def key_column(self, fields: Mapping[str, Any]) -> str:
        """The column a row repeating an earlier one is blamed on."""
        return self.columns[0][0]

    @abstractmethod
    def existing_keys(self, rows: Sequence[Mapping[str, Any]]) -> set[Hashable]:
        """The keys of `rows` that records in the registry already have."""

    def check(self, number: int, fields: Mapping[str, Any], actor: Any) -> list[RowError]:
        """What saving the row would refuse, found without writing: the model's validation
        and, given the importing user, their permission on the record as it would be."""
        record = self.model(**{k: v for k, v in fields.items() if k not in self.relations})
        try:
            record.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            return self.row_errors(number, error)
        change = self.view_permission.replace(".view_", ".change_")
        if actor is not None and not actor.has_perm(change, record):
            return [self.refusal(number)]
        return []

    @abstractmethod
    def write(self, actor: Any, rows: Sequence[tuple[int, Mapping[str, Any]]]) -> Outcome:
        """Add the rows not in the registry yet; what is refused becomes row errors."""

    def row_errors(self, number: int, error: ValidationError) -> list[RowError]:
        """A model's or service's ValidationError as row errors, each on its column."""
        if not hasattr(error, "error_dict"):
            return [RowError(number, self.columns[0][1], m) for m in error.messages]
        return [
            RowError(number, self.header("" if name == NON_FIELD_ERRORS else name), message)
            for name, errors in error.error_dict.items()
            for message in ValidationError(errors).messages
        ]

    def refusal(self, number: int) -> RowError:
        return RowError(number, self.header(self.owner_column), _("You may not add this record."))

    @abstractmethod
    def records(self, viewer: Any, filters: Mapping[str, str]) -> QuerySet[Any]:
        """The records an export gives `viewer`: those they may see, filtered as the list."""

    @abstractmethod
    def export_rows(self, viewer: Any, filters: Mapping[str, str]) -> Iterator[list[str]]:
        """The export's rows, a cell per column, in the order of `columns`."""


class ServiceSheet(SheetSpec):
    """A sheet whose rows are written one by one through the record's service."""

    @abstractmethod
    def save(self, actor: Any, fields: Mapping[str, Any]) -> Any:
        """Write one new record through its service."""

    def write(self, actor: Any, rows: Sequence[tuple[int, Mapping[str, Any]]]) -> Outcome:
        """Add the rows not in the registry yet, one service call each; a row the service
        refuses becomes a row error."""
        outcome = Outcome()
        found = self.existing_keys([fields for _number, fields in rows])
        for number, fields in rows:
            if self.key(fields) in found:
                outcome.existing += 1
                continue
            try:
                self.save(actor, fields)
            except ValidationError as error:
                outcome.skipped += 1
                outcome.errors.extend(self.row_errors(number, error))
            except PermissionDenied:
                outcome.skipped += 1
                outcome.errors.append(self.refusal(number))
            else:
                outcome.added += 1
        return outcome


def visible_to(viewer: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """`queryset` cut to the rows `viewer` may see (its model's `restriction`)."""
    restriction = queryset.model.restriction(viewer, "view")  # type: ignore[attr-defined]
    return queryset if restriction is None else queryset.filter(restriction)


def joined(items: Iterable[Any]) -> str:
    """A list cell as exports write it (imports split it again)."""
    return "、".join(str(item) for item in items)
