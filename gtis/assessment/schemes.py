"""Assessment schemes as data: a scheme version read from YAML (gtis/data/assessment_schemes/,
format in its README) and checked, every refusal naming the file, the line and the key; and the
arithmetic every campaign runs on it: leaf scores by each indicator's scoring function, the
weighted total, the panel's aggregate (mean, or without one highest and one lowest), outliers,
the eligibility gates, the decision (veto and mandatory items first, then the pass mark),
grades within a population and the rounds of review (a written review, then perhaps an oral
defence of a shortlist).

This module reads files and computes; it touches no database."""

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from gtis.core.yamlfile import Checker, DataFileError, LineMapping

DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "assessment_schemes"
SUBJECTS = ("organisation", "site", "listing", "product", "patent_application", "team")
AGGREGATIONS = ("mean", "trimmed_mean")
OPERATORS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "true")
SCORING_KINDS = ("pass_fail", "points_bands", "count_bands", "grade", "interpolate")
GRADES = ("A", "B", "C", "D", "E")
PLEDGES = ("applicant", "evaluator")
ON_MISSED = ("suspend", "remove", "none")
HUNDRED = Decimal(100)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 02-29 refused: not yearly
CENT = Decimal("0.01")


class SchemeError(DataFileError):
    """A scheme file that cannot be used, naming the file, the line and the key."""


class ScoringError(ValueError):
    """An expert's entry that an indicator's scoring function cannot take."""


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def __str__(self) -> str:
        from django.utils import translation

        return self.zh if (translation.get_language() or "zh").startswith("zh") else self.en


@dataclass(frozen=True)
class Band:
    points: Decimal
    label: Text | None = None
    min: Decimal | None = None


@dataclass(frozen=True)
class Scoring:
    """How an indicator turns what an expert enters into 0–100 points."""

    kind: str
    bands: tuple[Band, ...] = ()
    grade_points: tuple[tuple[str, Decimal], ...] = ()
    baseline: Decimal | None = None
    leading: Decimal | None = None
    higher_is_better: bool = True

    def points(self, entry: Any) -> Decimal:
        """The points for `entry`: True/False (pass_fail), a band's number from 0
        (points_bands), a count (count_bands), a grade A–E (grade) or a measured value
        (interpolate)."""
        if self.kind == "pass_fail":
            if not isinstance(entry, bool):
                raise ScoringError("Enter pass or fail.")
            return HUNDRED if entry else Decimal(0)
        if self.kind == "points_bands":
            if not isinstance(entry, int) or isinstance(entry, bool):
                raise ScoringError("Choose one of the bands.")
            if not 0 <= entry < len(self.bands):
                raise ScoringError("Choose one of the bands.")
            return self.bands[entry].points
        if self.kind == "grade":
            grades = dict(self.grade_points)
            if entry not in grades:
                raise ScoringError("Enter a grade from A to E.")
            return grades[entry]
        value = _number(entry)
        if value is None:
            raise ScoringError("Enter a number.")
        if self.kind == "count_bands":
            return next(
                (b.points for b in self.bands if b.min is not None and value >= b.min), Decimal(0)
            )
        return self._interpolated(value)

    def describe(self) -> str:
        """The scoring function in words, in the reader's language."""
        from django.utils.translation import gettext as _

        if self.kind == "pass_fail":
            return _("Pass 100, fail 0")
        if self.kind == "points_bands":
            return " · ".join(f"{band.label} {_plain(band.points)}" for band in self.bands)
        if self.kind == "count_bands":
            return " · ".join(
                f"≥{_plain(b.min or Decimal(0))}: {_plain(b.points)}" for b in self.bands
            )
        if self.kind == "grade":
            return " · ".join(f"{grade} {_plain(points)}" for grade, points in self.grade_points)
        return _(
            "Linear from the baseline %(baseline)s (0) to the leading value %(leading)s (100)"
        ) % {
            "baseline": _plain(self.baseline or Decimal(0)),
            "leading": _plain(self.leading or Decimal(0)),
        }

    def _interpolated(self, value: Decimal) -> Decimal:
        assert self.baseline is not None and self.leading is not None
        share = (value - self.baseline) / (self.leading - self.baseline)
        return (min(max(share, Decimal(0)), Decimal(1)) * HUNDRED).quantize(CENT)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Text
    weight: Decimal
    line: int
    children: tuple["Indicator", ...] = ()
    scoring: Scoring | None = None
    evidence: Text | None = None

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def leaves(self) -> list["Indicator"]:
        if self.is_leaf:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]

    def score(self, entries: Mapping[str, Any]) -> Decimal:
        """0–100: a leaf's points for its entry, or the weighted sum of the children's scores."""
        if self.scoring is not None:
            if self.code not in entries:
                raise ScoringError(f"{self.code}: no score entered.")
            try:
                return self.scoring.points(entries[self.code])
            except ScoringError as error:
                raise ScoringError(f"{self.code}: {error}") from error
        return sum((c.weight * c.score(entries) / HUNDRED for c in self.children), Decimal(0))


@dataclass(frozen=True)
class Item:
    """A veto condition or a mandatory item."""

    code: str
    text: Text
    evidence: Text | None = None
    source: str = ""


@dataclass(frozen=True)
class Gate:
    """A machine-checkable eligibility rule: the applicant's `field` against a threshold."""

    code: str
    text: Text
    field: str
    operator: str
    threshold: Any
    unit: str
    period: str
    source: str

    def check(self, facts: Mapping[str, Any]) -> str:
        """'confirmed' when the fact meets the rule, 'conflicting' when it does not, 'missing'
        when the applicant has not given it."""
        if facts.get(self.field) in (None, ""):
            return "missing"
        return "confirmed" if self._holds(facts[self.field]) else "conflicting"

    def _holds(self, fact: Any) -> bool:
        if self.operator == "true":
            return fact is True
        if self.operator == "in":
            return fact in self.threshold
        if self.operator in ("eq", "ne"):
            same = fact == self.threshold or _number(fact) == _number(self.threshold)
            return same if self.operator == "eq" else not same
        value, limit = _number(fact), _number(self.threshold)
        if value is None or limit is None:
            return False
        return {
            "gt": value > limit,
            "gte": value >= limit,
            "lt": value < limit,
            "lte": value <= limit,
        }[self.operator]


@dataclass(frozen=True)
class Duty:
    """A scheduled obligation of every holder once designated (动态管理): due every
    `every_months`, on a day of the year (`due`, "MM-DD") or `due_days` after each period ends,
    with `grace_days` before it counts as missed and what a miss does (`on_missed`)."""

    code: str
    name: Text
    every_months: int
    due: str
    due_days: int | None
    grace_days: int
    on_missed: str
    source: str


@dataclass(frozen=True)
class Round:
    """A round of review: the first takes every submitted application; a later one takes the
    `shortlist` best of the round before (all those tied at the line go through)."""

    code: str
    name: Text
    shortlist: int | None = None


# A scheme that names no rounds is reviewed once, in writing.
DEFAULT_ROUNDS = (Round("written", Text("书面评审", "Written review")),)


@dataclass(frozen=True)
class Scheme:
    """One version of a scheme, as its file defines it."""

    code: str
    version: str
    name: Text
    deliverables: tuple[int, ...]
    subject: str
    source: Text
    defaults: Text
    experts: int
    aggregation: str
    outlier_points: Decimal
    pass_mark: Decimal | None
    grading: tuple[tuple[str, Decimal], ...]
    notice_days: int
    validity_years: int | None
    cultivation_years: int | None
    lookback_years: int
    same_region: bool
    pledges: tuple[str, ...]
    verification: bool
    english_certificate: bool
    veto: tuple[Item, ...]
    gates: tuple[Gate, ...]
    mandatory: tuple[Item, ...]
    indicators: tuple[Indicator, ...]
    duties: tuple[Duty, ...] = ()
    rounds: tuple[Round, ...] = DEFAULT_ROUNDS

    def leaves(self) -> list[Indicator]:
        return [leaf for indicator in self.indicators for leaf in indicator.leaves()]

    def total(self, entries: Mapping[str, Any]) -> Decimal:
        """One expert's total, 0–100, from their entry for every leaf indicator."""
        total = sum((i.weight * i.score(entries) / HUNDRED for i in self.indicators), Decimal(0))
        return total.quantize(CENT)

    def aggregate(self, totals: Sequence[Decimal]) -> Decimal:
        return aggregate(totals, self.aggregation)

    def decide(
        self,
        *,
        totals: Sequence[Decimal],
        vetoed: Sequence[str] = (),
        mandatory: Mapping[str, bool] | None = None,
    ) -> "Decision":
        """Veto conditions found and mandatory items not met fail the application whatever its
        score; otherwise the panel's aggregate against the pass mark."""
        mandatory = mandatory or {}
        reasons = [f"veto:{code}" for code in vetoed]
        reasons += [f"mandatory:{m.code}" for m in self.mandatory if not mandatory.get(m.code)]
        score = self.aggregate(totals) if totals else None
        below = self.pass_mark is not None and score is not None and score < self.pass_mark
        if below and not reasons:
            reasons.append("pass_mark")
        return Decision(
            passed=not reasons and score is not None, score=score, reasons=tuple(reasons)
        )

    def outliers(self, totals: Sequence[Decimal]) -> list[int]:
        return outliers(totals, self.outlier_points)

    def grades(self, scores: Mapping[Any, Decimal]) -> dict[Any, str]:
        return grade_population(scores, self.grading)

    def round(self, number: int) -> Round:
        """The round `number` (counted from 1)."""
        return self.rounds[number - 1]

    def is_last_round(self, number: int) -> bool:
        return number >= len(self.rounds)


@dataclass(frozen=True)
class Decision:
    passed: bool
    score: Decimal | None
    reasons: tuple[str, ...]


def aggregate(totals: Sequence[Decimal], rule: str) -> Decimal:
    """The panel's score: the mean, or (trimmed_mean) the mean once exactly one highest and one
    lowest total are dropped, ties or not."""
    values = sorted(Decimal(t) for t in totals)
    if not values:
        raise ValueError("No scores to aggregate.")
    if rule == "trimmed_mean":
        if len(values) < 3:
            raise ValueError("A trimmed mean needs at least three scores.")
        values = values[1:-1]
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT)


def outliers(totals: Sequence[Decimal], points: Decimal) -> list[int]:
    """The positions of the totals more than `points` from the median of the others (a median,
    so that one far-off score does not make the others look far off too)."""
    found = []
    for index, total in enumerate(totals):
        others = [Decimal(t) for i, t in enumerate(totals) if i != index]
        if others and abs(Decimal(total) - statistics.median(others)) > points:
            found.append(index)
    return found


def grade_population(
    scores: Mapping[Any, Decimal], grading: Sequence[tuple[str, Decimal]]
) -> dict[Any, str]:
    """Grades by rank: the first band whose cumulative share covers the rank (A+ 5% / A 35% /
    B 60%: in twenty, the first is A+, the next seven A, the rest B)."""
    ranked = sorted(scores, key=lambda key: scores[key], reverse=True)
    grades = {}
    for rank, key in enumerate(ranked):
        reached = Decimal(rank + 1) * HUNDRED / len(ranked)
        cumulative = Decimal(0)
        for grade, share in grading:
            cumulative += share
            if reached <= cumulative:
                grades[key] = grade
                break
    return grades


def parse_file(path: str | Path) -> Scheme:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SchemeError(f"{path.name}: cannot be read ({error})") from error
    return parse(text, path.name)


def shipped() -> list[tuple[Path, str]]:
    """The scheme files the platform ships, with their text."""
    return [(path, path.read_text(encoding="utf-8")) for path in sorted(DIRECTORY.glob("*.yaml"))]


def parse(text: str, name: str = "scheme") -> Scheme:
    """The scheme version in `text`, checked: every refusal names the file, line and key."""
    return _Reader(name).scheme(text)


class _Reader(Checker):
    error = SchemeError

    def scheme(self, text: str) -> Scheme:
        root = self.load(text)
        code = self.string(root, "code")
        if not code.replace("-", "").isalnum() or code != code.lower():
            self.fail(root, "code", "use lower-case letters, digits and hyphens")
        aggregation = self.choice(root, "aggregation", AGGREGATIONS)
        experts = self.integer(root, "experts", minimum=1)
        if aggregation == "trimmed_mean" and experts < 3:
            self.fail(root, "experts", "a trimmed mean needs at least three experts")
        validity = self.integer(root, "validity_years", minimum=1, required=False)
        cultivation = self.integer(root, "cultivation_years", minimum=1, required=False)
        if (validity is None) == (cultivation is None):
            self.fail(root, "validity_years", "give either validity_years or cultivation_years")
        conflicts = self.mapping(root.get("conflicts", LineMapping()), "conflicts", root.line)
        pass_mark = root.get("pass_mark")
        return Scheme(
            code=code,
            version=self.string(root, "version"),
            name=self.text(root, "name"),
            deliverables=tuple(self.deliverables(root)),
            subject=self.choice(root, "subject", SUBJECTS),
            source=self.text(root, "source"),
            defaults=self.text(root, "defaults"),
            experts=experts,
            aggregation=aggregation,
            outlier_points=self.decimal(root, "outlier_points", default=Decimal(15)),
            pass_mark=None
            if pass_mark is None
            else self.decimal(root, "pass_mark", maximum=HUNDRED),
            grading=self.grading(root),
            notice_days=self.integer(root, "notice_days", minimum=0),
            validity_years=validity,
            cultivation_years=cultivation,
            lookback_years=self.integer(
                conflicts, "lookback_years", minimum=0, default=3, path="conflicts"
            ),
            same_region=self.flag(conflicts, "same_region", path="conflicts"),
            pledges=tuple(self.pledges(root)),
            verification=self.flag(root, "verification"),
            english_certificate=self.flag(root, "english_certificate"),
            veto=tuple(self.items(root, "veto", "source")),
            gates=tuple(
                self.gate(g, f"gates[{i}]", root)
                for i, g in enumerate(self.sequence(root, "gates", empty=True))
            ),
            mandatory=tuple(self.items(root, "mandatory", "evidence")),
            indicators=self.level(root, "indicators", "", set()),
            duties=tuple(self.duties(root)),
            rounds=self.rounds(root),
        )

    # Values ---------------------------------------------------------------------------------

    def string(self, parent: LineMapping, key: str, path: str = "") -> str:
        value = parent.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(parent, self.path(path, key), "is missing")
        return value.strip()

    def text(self, parent: LineMapping, key: str, path: str = "") -> Text:
        return Text(**self.words(parent, key, path))

    def choice(self, parent: LineMapping, key: str, choices: Sequence[str], path: str = "") -> str:
        value = parent.get(key)
        if value not in choices:
            self.fail(parent, self.path(path, key), f"must be one of {', '.join(choices)}")
        return str(value)

    def integer(
        self,
        parent: LineMapping,
        key: str,
        *,
        minimum: int,
        required: bool = True,
        default: int | None = None,
        path: str = "",
    ) -> Any:
        value = parent.get(key, default)
        if value is None and not required:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.fail(parent, self.path(path, key), f"must be a whole number of at least {minimum}")
        return value

    def decimal(
        self,
        parent: LineMapping,
        key: str,
        *,
        default: Decimal | None = None,
        maximum: Decimal | None = None,
        path: str = "",
    ) -> Decimal:
        value = _number(parent.get(key, default))
        if value is None or value < 0 or (maximum is not None and value > maximum):
            limit = f" and at most {maximum}" if maximum is not None else ""
            self.fail(parent, self.path(path, key), f"must be a number of at least 0{limit}")
        return value

    def flag(self, parent: LineMapping, key: str, path: str = "") -> bool:
        value = parent.get(key, False)
        if not isinstance(value, bool):
            self.fail(parent, self.path(path, key), "must be true or false")
        return value

    def deliverables(self, root: LineMapping) -> list[int]:
        values = self.sequence(root, "deliverables")
        if not all(isinstance(v, int) and 1 <= v <= 44 for v in values):
            self.fail(root, "deliverables", "must be roadmap deliverable numbers, 1 to 44")
        return values

    def pledges(self, root: LineMapping) -> list[str]:
        values = self.sequence(root, "pledges", empty=True)
        if any(v not in PLEDGES for v in values):
            self.fail(root, "pledges", f"may name only {', '.join(PLEDGES)}")
        return values

    def grading(self, root: LineMapping) -> tuple[tuple[str, Decimal], ...]:
        bands = []
        for index, band in enumerate(self.sequence(root, "grading", empty=True)):
            path = f"grading[{index}]"
            band = self.mapping(band, path, root.line)
            bands.append((self.string(band, "grade", path), self.decimal(band, "share", path=path)))
        if bands and sum(share for _grade, share in bands) != HUNDRED:
            total = sum(share for _grade, share in bands)
            self.fail(root, "grading", f"the shares add up to {total}, not 100")
        return tuple(bands)

    def duties(self, root: LineMapping) -> list[Duty]:
        found = []
        seen: set[str] = set()
        for index, raw in enumerate(self.sequence(root, "duties", empty=True)):
            path = f"duties[{index}]"
            duty = self.mapping(raw, path, root.line)
            code = self.unique(duty, path, seen)
            every = self.integer(duty, "every_months", minimum=1, path=path)
            if every > 60:
                self.fail(duty, f"{path}.every_months", "must be at most 60")
            due, due_days = self.due(duty, path)
            found.append(
                Duty(
                    code=code,
                    name=self.text(duty, "name", path),
                    every_months=every,
                    due=due,
                    due_days=due_days,
                    grace_days=self.integer(duty, "grace_days", minimum=0, default=0, path=path),
                    on_missed=self.choice(duty, "on_missed", ON_MISSED, path),
                    source=self.string(duty, "source", path),
                )
            )
        return found

    def due(self, duty: LineMapping, path: str) -> tuple[str, int | None]:
        """Either a day of the year, "MM-DD", or a number of days after each period ends."""
        if ("due" in duty) == ("due_days" in duty):
            self.fail(duty, path, "give either due (a day, MM-DD) or due_days")
        if "due_days" in duty:
            return "", self.integer(duty, "due_days", minimum=0, path=path)
        day = str(duty.get("due", "")).strip()
        month, _dash, date = day.partition("-")
        valid = (
            month.isdigit()
            and date.isdigit()
            and len(month) == len(date) == 2
            and 1 <= int(month) <= 12
            and 1 <= int(date) <= _DAYS_IN_MONTH[int(month) - 1]
        )
        if not valid:
            self.fail(duty, f"{path}.due", "must be a day of the year written MM-DD, e.g. 03-31")
        return day, None

    def rounds(self, root: LineMapping) -> tuple[Round, ...]:
        """The rounds, in order; each later one names how many of the round before it takes,
        never more than the round before took."""
        if "rounds" not in root:
            return DEFAULT_ROUNDS
        found: list[Round] = []
        seen: set[str] = set()
        for index, raw in enumerate(self.sequence(root, "rounds")):
            path = f"rounds[{index}]"
            item = self.mapping(raw, path, root.line)
            code = self.unique(item, path, seen)
            if not code.replace("-", "").isalnum() or code != code.lower():
                self.fail(item, f"{path}.code", "use lower-case letters, digits and hyphens")
            shortlist = self.integer(item, "shortlist", minimum=1, required=False, path=path)
            if index == 0 and shortlist is not None:
                self.fail(
                    item,
                    f"{path}.shortlist",
                    "the first round reviews every application; only later rounds shortlist",
                )
            if index > 0 and shortlist is None:
                self.fail(
                    item, f"{path}.shortlist", "give how many of the round before this one takes"
                )
            previous = found[-1].shortlist if found else None
            if previous is not None and shortlist is not None and shortlist > previous:
                self.fail(
                    item,
                    f"{path}.shortlist",
                    f"cannot take more than the round before took ({previous})",
                )
            found.append(Round(code, self.text(item, "name", path), shortlist))
        return tuple(found)

    # Items, gates, indicators ---------------------------------------------------------------

    def items(self, root: LineMapping, key: str, extra: str) -> list[Item]:
        found = []
        seen: set[str] = set()
        for index, raw in enumerate(self.sequence(root, key, empty=True)):
            path = f"{key}[{index}]"
            item = self.mapping(raw, path, root.line)
            code = self.unique(item, path, seen)
            if extra == "source":
                found.append(
                    Item(
                        code,
                        self.text(item, "text", path),
                        source=self.string(item, "source", path),
                    )
                )
            else:
                found.append(
                    Item(
                        code,
                        self.text(item, "text", path),
                        evidence=self.text(item, "evidence", path),
                    )
                )
        return found

    def gate(self, raw: Any, path: str, root: LineMapping) -> Gate:
        gate = self.mapping(raw, path, root.line)
        if gate.get("operator") is True:  # YAML reads an unquoted `true` as the boolean
            gate["operator"] = "true"
        operator = self.choice(gate, "operator", OPERATORS, path)
        threshold = gate.get("threshold")
        if operator == "in" and not isinstance(threshold, list):
            self.fail(gate, f"{path}.threshold", "must be a list for the operator in")
        if operator in ("gt", "gte", "lt", "lte") and _number(threshold) is None:
            self.fail(gate, f"{path}.threshold", "must be a number")
        return Gate(
            code=self.string(gate, "code", path),
            text=self.text(gate, "text", path),
            field=self.string(gate, "field", path),
            operator=operator,
            threshold=threshold,
            unit=str(gate.get("unit", "")),
            period=str(gate.get("period", "")),
            source=self.string(gate, "source", path),
        )

    def level(
        self, parent: LineMapping, key: str, path: str, seen: set[str]
    ) -> tuple[Indicator, ...]:
        """The indicators under `parent`, whose weights must add up to 100."""
        full = self.path(path, key)
        indicators = []
        for index, raw in enumerate(self.sequence(parent, key, path)):
            indicators.append(self.indicator(raw, f"{full}[{index}]", parent, seen))
        total = sum((i.weight for i in indicators), Decimal(0))
        if total != HUNDRED:
            self.fail(parent, full, f"the weights add up to {_plain(total)}, not 100")
        return tuple(indicators)

    def indicator(self, raw: Any, path: str, parent: LineMapping, seen: set[str]) -> Indicator:
        node = self.mapping(raw, path, parent.line)
        code = self.unique(node, path, seen)
        weight = self.decimal(node, "weight", path=path, maximum=HUNDRED)
        has_children, has_scoring = "children" in node, "scoring" in node
        if has_children == has_scoring:
            self.fail(node, path, "give either children or scoring")
        if has_children:
            children = self.level(node, "children", path, seen)
            return Indicator(
                code, self.text(node, "name", path), weight, node.line, children=children
            )
        return Indicator(
            code,
            self.text(node, "name", path),
            weight,
            node.line,
            scoring=self.scoring(node, f"{path}.scoring"),
            evidence=self.text(node, "evidence", path),
        )

    def scoring(self, node: LineMapping, path: str) -> Scoring:
        raw = self.mapping(node.get("scoring"), path, node.line)
        kind = self.choice(raw, "kind", SCORING_KINDS, path)
        if kind == "pass_fail":
            return Scoring(kind)
        if kind == "grade":
            points = self.mapping(raw.get("points"), f"{path}.points", raw.line)
            if sorted(points) != list(GRADES):
                self.fail(points, f"{path}.points", "must give points for each grade A to E")
            return Scoring(
                kind,
                grade_points=tuple(
                    (g, self.decimal(points, g, path=f"{path}.points", maximum=HUNDRED))
                    for g in GRADES
                ),
            )
        if kind == "interpolate":
            baseline = (
                self.decimal(raw, "baseline", path=path)
                if raw.get("baseline") is not None
                else None
            )
            leading = (
                self.decimal(raw, "leading", path=path) if raw.get("leading") is not None else None
            )
            if baseline is None or leading is None:
                self.fail(raw, path, "needs a baseline and a leading value")
            better = self.flag(raw, "higher_is_better", path) if "higher_is_better" in raw else True
            if (leading > baseline) != better or leading == baseline:
                self.fail(raw, f"{path}.leading", "must be better than the baseline")
            return Scoring(kind, baseline=baseline, leading=leading, higher_is_better=better)
        bands = []
        for index, item in enumerate(self.sequence(raw, "bands", path)):
            band_path = f"{path}.bands[{index}]"
            band = self.mapping(item, band_path, raw.line)
            worth = self.decimal(band, "points", path=band_path, maximum=HUNDRED)
            if kind == "points_bands":
                bands.append(Band(worth, label=self.text(band, "label", band_path)))
            else:
                bands.append(Band(worth, min=self.decimal(band, "min", path=band_path)))
        if kind == "count_bands":
            minimums = [b.min or Decimal(0) for b in bands]
            if minimums != sorted(minimums, reverse=True):
                self.fail(raw, f"{path}.bands", "list the bands from the highest min down")
        return Scoring(kind, bands=tuple(bands))

    def unique(self, item: LineMapping, path: str, seen: set[str]) -> str:
        code = self.string(item, "code", path)
        if code in seen:
            self.fail(item, f"{path}.code", f"{code!r} is used twice")
        seen.add(code)
        return code


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}" if not math.isnan(value) else str(value)
