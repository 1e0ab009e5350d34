"""Reading a roadmap table (路线图、时间表) from plain text, .docx or .xlsx.

All three become the same stream of cell lines, each with its location (line, paragraph or
sheet row), and one classifier turns that stream into parts → tasks → deliverables. Nothing
is written here: `services.import_plan` writes a `ParsedPlan` in one transaction.
"""

import calendar
import datetime
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from gtis.roadmap.choices import Precision, ResultForm

PART_HEADING = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+)$")
NUMBERED = re.compile(r"^(\d{1,3})\s*[.、]\s*(.+)$")
RAW_NUMBER = re.compile(r"^[\d０-９]{1,3}\s*[.、．]\s*")
RAW_PART = re.compile(r"^[一二三四五六七八九十]+、\s*")
DATE = r"(\d{4})(?:年(\d{1,2})月(?:(\d{1,2})日)?)?"
PERIOD = re.compile(rf"\(\s*{DATE}\s*(?:-\s*{DATE})?\s*年?\s*\)\s*[。.;；,，]?\s*$")
ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]|\[\s*_GoBack\s*\]")
DASH_BETWEEN_DATES = re.compile(r"(?<=[\d年月日])\s*[‐‑‒–—―−－~～至到]\s*(?=\d)")
HEADER_CELLS = {"任务", "牵头部门", "主要成果形式和完成时间", "参加部门", "序号", "部分"}
DEPARTMENT_LIKE = re.compile(r"^[\u4e00-\u9fff]{2,20}(部|委|局|会|行|署|院|办|总局)$")
NUMERALS = "一二三四五六七八九十"

RESULT_FORM_KEYWORDS = [
    (ResultForm.CATALOGUE, ("目录", "清单", "名录")),
    (ResultForm.STANDARD, ("标准", "技术规范")),
    (ResultForm.EVENT, ("大赛", "博览会", "论坛", "评选", "典型案例")),
    (
        ResultForm.DESIGNATION,
        (
            "基地",
            "中心",
            "平台",
            "示范区",
            "园区",
            "众创空间",
            "联盟",
            "联合体",
            "观测研究站",
            "数据中心",
            "园中园",
            "生态城市",
        ),
    ),
    (ResultForm.MECHANISM, ("机制", "制度", "体系", "市场", "快速通道")),
    (ResultForm.POLICY, ("政策", "办法", "指引", "措施", "规范")),
    (
        ResultForm.PROGRAMME,
        (
            "行动",
            "工程",
            "项目",
            "试点",
            "示范",
            "认定",
            "评估",
            "采购",
            "推广",
            "支持",
            "统计",
            "中介",
        ),
    ),
]


@dataclass(frozen=True)
class Line:
    location: str
    text: str


@dataclass
class ParsedDeliverable:
    number: int
    text: str
    period_start: datetime.date
    period_end: datetime.date
    precision: str
    result_form: str
    location: str


@dataclass
class ParsedTask:
    number: int
    title: str
    location: str
    leads: list[str] = field(default_factory=list)
    deliverables: list[ParsedDeliverable] = field(default_factory=list)


@dataclass
class ParsedPart:
    number: int
    title: str
    location: str
    tasks: list[ParsedTask] = field(default_factory=list)


@dataclass
class ParsedPlan:
    title: str
    parts: list[ParsedPart]

    @property
    def tasks(self) -> list[ParsedTask]:
        return [task for part in self.parts for task in part.tasks]

    @property
    def deliverables(self) -> list[ParsedDeliverable]:
        return [d for task in self.tasks for d in task.deliverables]


class RoadmapParseError(Exception):
    """Everything that could not be read, each with where it is."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{where}: {what}" for where, what in errors))


# Sources ---------------------------------------------------------------------------------------


def read_file(path: Path, departments: dict[str, str]) -> ParsedPlan:
    """Parse a .txt, .docx or .xlsx roadmap; `departments` maps accepted names to codes."""
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        if suffix == ".docx":
            return parse_lines(docx_lines(handle), departments)
        if suffix == ".xlsx":
            return parse_lines(xlsx_lines(handle), departments)
        if suffix in {".txt", ".text", ""}:
            return parse_lines(text_lines(handle.read()), departments)
    raise RoadmapParseError(
        [
            (
                path.name,
                _("Unsupported file type %(suffix)s: use .txt, .docx or .xlsx.")
                % {"suffix": suffix},
            )
        ]
    )


def text_lines(data: bytes) -> Iterator[Line]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    for number, line in enumerate(text.splitlines(), start=1):
        yield Line(_("line %(n)d") % {"n": number}, line)


def docx_lines(handle: IO[bytes]) -> Iterator[Line]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(handle)
    paragraph_number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraph_number += 1
            yield Line(_("paragraph %(n)d") % {"n": paragraph_number}, block.text)
        elif isinstance(block, Table):
            for row_number, row in enumerate(block.rows, start=1):
                seen = set()
                for cell_number, cell in enumerate(row.cells, start=1):
                    if id(cell._tc) in seen:  # a merged cell repeats in every column it spans
                        continue
                    seen.add(id(cell._tc))
                    where = _("table row %(row)d, cell %(cell)d") % {
                        "row": row_number,
                        "cell": cell_number,
                    }
                    for text in cell.text.splitlines():
                        yield Line(where, text)


def xlsx_lines(handle: IO[bytes]) -> Iterator[Line]:
    """One row per deliverable: part, task, lead departments and deliverable columns by header."""
    import openpyxl

    workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    previous: dict[str, str] = {}
    for sheet in workbook.worksheets:
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        columns = _xlsx_columns(header or ())
        if "deliverable" not in columns:
            yield Line(
                _("sheet %(sheet)s, row 1") % {"sheet": sheet.title},
                _("missing column: 主要成果形式和完成时间"),
            )
            continue
        for row_number, row in enumerate(rows, start=2):
            where = _("sheet %(sheet)s, row %(row)d") % {"sheet": sheet.title, "row": row_number}
            for key in ("part", "task", "leads", "deliverable"):
                index = columns.get(key)
                value = (
                    ""
                    if index is None or index >= len(row) or row[index] is None
                    else str(row[index]).strip()
                )
                if key == "deliverable" or (value and value != previous.get(key)):
                    yield Line(where, value)
                if value:
                    previous[key] = value


def _xlsx_columns(header: Iterable[object]) -> dict[str, int]:
    names = {
        "part": ("部分", "part"),
        "task": ("任务", "task"),
        "leads": ("牵头部门", "lead departments"),
        "deliverable": ("主要成果形式和完成时间", "deliverable"),
    }
    columns = {}
    for index, cell in enumerate(header):
        label = re.sub(r"\s+", "", str(cell or "")).lower()
        for key, accepted in names.items():
            if key not in columns and label in {a.replace(" ", "") for a in accepted}:
                columns[key] = index
    return columns


# The classifier --------------------------------------------------------------------------------


def clean(text: str) -> str:
    """The text as it should be stored: artefacts gone, the original punctuation kept."""
    return ARTEFACT.sub("", text).replace("\u3000", " ").strip()


def normalise(text: str) -> str:
    """The text as the classifier reads it: half-width digits, brackets and dashes."""
    text = unicodedata.normalize("NFKC", clean(text))
    return DASH_BETWEEN_DATES.sub("-", text).strip()


def strip_number(raw: str) -> str:
    return RAW_NUMBER.sub("", raw, count=1).strip()


def strip_period(raw: str) -> str:
    """The deliverable text without its trailing （…年） period, punctuation as written."""
    raw = raw.rstrip(" 。.;；,，")
    cut = max(raw.rfind("（"), raw.rfind("("))
    return raw[:cut].strip() if cut > 0 else raw


def parse_lines(lines: Iterable[Line], departments: dict[str, str]) -> ParsedPlan:
    """Turn cell lines into a plan, or raise RoadmapParseError listing every problem found."""
    state = _ParseState(departments)
    for line in lines:
        text = normalise(line.text)
        if text:
            state.feed(line.location, text, clean(line.text))
    return state.finish()


class _ParseState:
    def __init__(self, departments: dict[str, str]) -> None:
        self.departments = departments
        self.title = ""
        self.parts: list[ParsedPart] = []
        self.errors: list[tuple[str, str]] = []
        self.pending: ParsedDeliverable | None = None  # a deliverable whose period is still to come
        self.pending_text = self.pending_raw = ""
        self.seen_tasks: set[int] = set()
        self.seen_deliverables: set[int] = set()

    def feed(self, where: str, text: str, raw: str) -> None:
        if self.pending is not None and not NUMBERED.match(text) and not PART_HEADING.match(text):
            self._continue_deliverable(where, text, raw)
            return
        if re.sub(r"\s+", "", text) in HEADER_CELLS:
            return
        if text.startswith("注") and self.parts:
            return  # the table's closing note
        if match := PART_HEADING.match(text):
            self._part(where, _chinese_number(match.group(1)), RAW_PART.sub("", raw))
        elif match := NUMBERED.match(text):
            number, body = int(match.group(1)), match.group(2).strip()
            if self._is_deliverable(number, body):
                self._deliverable(where, number, body, strip_number(raw))
            else:
                self._task(where, number, strip_number(raw))
        elif leads := self._departments_in(where, text):
            self._leads(where, text, leads)
        elif not self.parts and not self.title:
            self.title = raw
        else:
            self.errors.append(
                (where, _("cannot tell what this line is: “%(text)s”") % {"text": text[:60]})
            )

    def _is_deliverable(self, number: int, body: str) -> bool:
        """Deliverables carry a period; without one, the numbering tells a task from a
        deliverable whose period is on the next line."""
        if PERIOD.search(body):
            return True
        task = self._current_task()
        if task is None or not task.leads:
            return False
        next_task = max(self.seen_tasks, default=0) + 1
        next_deliverable = max(self.seen_deliverables, default=0) + 1
        return not (number == next_task and number != next_deliverable)

    def _current_task(self) -> ParsedTask | None:
        return self.parts[-1].tasks[-1] if self.parts and self.parts[-1].tasks else None

    def _part(self, where: str, number: int, title: str) -> None:
        self._close_pending()
        if self.parts and number != self.parts[-1].number + 1:
            self.errors.append(
                (
                    where,
                    _("part %(n)d follows part %(prev)d")
                    % {"n": number, "prev": self.parts[-1].number},
                )
            )
        self.parts.append(ParsedPart(number, title, where))

    def _task(self, where: str, number: int, title: str) -> None:
        self._close_pending()
        if not self.parts:
            self.errors.append(
                (
                    where,
                    _("task %(n)d comes before any part heading such as “一、…”") % {"n": number},
                )
            )
            return
        if number in self.seen_tasks:
            self.errors.append((where, _("task %(n)d appears twice") % {"n": number}))
        self.seen_tasks.add(number)
        self.parts[-1].tasks.append(ParsedTask(number, title, where))

    def _leads(self, where: str, text: str, leads: list[str]) -> None:
        task = self._current_task()
        if task is None:
            self.errors.append(
                (where, _("departments “%(text)s” come before any task") % {"text": text[:60]})
            )
        elif task.deliverables:
            self.errors.append(
                (
                    where,
                    _("departments “%(text)s” come after the deliverables of task %(n)d")
                    % {"text": text[:60], "n": task.number},
                )
            )
        else:
            task.leads.extend(leads)

    def _deliverable(self, where: str, number: int, body: str, raw: str) -> None:
        self._close_pending()
        task = self._current_task()
        if task is None or not task.leads:
            self.errors.append(
                (
                    where,
                    _("deliverable %(n)d comes before its task and lead departments")
                    % {"n": number},
                )
            )
            return
        if number in self.seen_deliverables:
            self.errors.append((where, _("deliverable %(n)d appears twice") % {"n": number}))
        self.seen_deliverables.add(number)
        placeholder = datetime.date.min
        self.pending = ParsedDeliverable(
            number, "", placeholder, placeholder, Precision.YEAR, ResultForm.OTHER, where
        )
        task.deliverables.append(self.pending)
        self.pending_text = self.pending_raw = ""
        self._continue_deliverable(where, body, raw)

    def _continue_deliverable(self, where: str, text: str, raw: str) -> None:
        assert self.pending is not None
        self.pending_text += text
        self.pending_raw += raw
        match = PERIOD.search(self.pending_text)
        if not match:
            return
        deliverable, self.pending = self.pending, None
        deliverable.text = strip_period(self.pending_raw)
        deliverable.result_form = infer_result_form(deliverable.text)
        try:
            start, end, precision = period_from_match(match)
        except ValueError as error:
            self.errors.append(
                (
                    where,
                    _("deliverable %(n)d: %(error)s") % {"n": deliverable.number, "error": error},
                )
            )
            return
        deliverable.period_start, deliverable.period_end = start, end
        deliverable.precision = precision

    def _close_pending(self) -> None:
        if self.pending is not None:
            self.errors.append(
                (
                    self.pending.location,
                    _("deliverable %(n)d has no period such as （2020年） or （2019-2022年）")
                    % {"n": self.pending.number},
                )
            )
            self.pending = None

    def _departments_in(self, where: str, text: str) -> list[str] | None:
        names = [name.strip() for name in re.split(r"[、,，;；]", text) if name.strip()]
        if not names or not all(
            DEPARTMENT_LIKE.match(name) or name in self.departments for name in names
        ):
            return None
        unknown = [name for name in names if name not in self.departments]
        for name in unknown:
            self.errors.append((where, _("unknown department “%(name)s”") % {"name": name}))
        return [self.departments[name] for name in names if name in self.departments]

    def finish(self) -> ParsedPlan:
        self._close_pending()
        for task in (t for part in self.parts for t in part.tasks):
            if not task.leads:
                self.errors.append(
                    (task.location, _("task %(n)d has no lead departments") % {"n": task.number})
                )
            if not task.deliverables:
                self.errors.append(
                    (task.location, _("task %(n)d has no deliverables") % {"n": task.number})
                )
        _check_sequence(
            self.errors, "task", [(t.number, t.location) for p in self.parts for t in p.tasks]
        )
        _check_sequence(
            self.errors,
            "deliverable",
            [(d.number, d.location) for p in self.parts for t in p.tasks for d in t.deliverables],
        )
        if not self.parts:
            self.errors.append((_("file"), _("no part heading such as “一、…” was found")))
        if self.errors:
            raise RoadmapParseError(self.errors)
        return ParsedPlan(self.title, self.parts)


def _check_sequence(errors: list[tuple[str, str]], kind: str, items: list[tuple[int, str]]) -> None:
    for (previous, _where), (number, where) in itertools.pairwise(items):
        if number != previous + 1 and number != previous:
            label = _("task") if kind == "task" else _("deliverable")
            errors.append(
                (
                    where,
                    _("%(kind)s %(n)d follows %(prev)d: is one missing?")
                    % {"kind": label, "n": number, "prev": previous},
                )
            )


def _chinese_number(numeral: str) -> int:
    if numeral.startswith("十"):
        return 10 + (NUMERALS.index(numeral[1]) + 1 if len(numeral) > 1 else 0)
    return NUMERALS.index(numeral[0]) + 1


def period_from_match(match: re.Match[str]) -> tuple[datetime.date, datetime.date, str]:
    """The dates a period such as (2019-2022) or (2020年6月) covers, and its precision."""
    start_year, start_month, start_day, end_year, end_month, end_day = match.groups()
    if end_year is None:
        end_year, end_month, end_day = start_year, start_month, start_day
    precision = Precision.DAY if start_day else Precision.MONTH if start_month else Precision.YEAR
    start = _date(int(start_year), start_month, start_day, first=True)
    end = _date(int(end_year), end_month, end_day, first=False)
    if start > end:
        raise ValueError(_("the period ends before it starts"))
    return start, end, precision


def _date(year: int, month: str | None, day: str | None, *, first: bool) -> datetime.date:
    if not 1900 <= year <= 2100:
        raise ValueError(_("%(year)d is not a plausible year") % {"year": year})
    if month is None:
        return datetime.date(year, 1, 1) if first else datetime.date(year, 12, 31)
    m = int(month)
    if day is None:
        return datetime.date(year, m, 1 if first else calendar.monthrange(year, m)[1])
    return datetime.date(year, m, int(day))


def infer_result_form(text: str) -> str:
    for form, keywords in RESULT_FORM_KEYWORDS:
        if any(keyword in text for keyword in keywords):
            return form
    return ResultForm.OTHER
