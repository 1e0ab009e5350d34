"""Reading the roadmap table from text, .docx and .xlsx, and importing it idempotently."""

import datetime
from io import StringIO
from pathlib import Path

import docx
import openpyxl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from gtis.core.models import AuditEvent
from gtis.roadmap.models import Deliverable, Part, Plan, Task
from gtis.roadmap.parsing import RoadmapParseError, parse_lines, read_file, text_lines
from gtis.roadmap.services import department_names

SEED = Path(settings.PACKAGE_DIR) / "data" / "seed" / "roadmap-2019.txt"
SHARED_SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "roadmap-2019.txt"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def parse_text(text: str, departments: dict) -> object:
    return parse_lines(text_lines(text.encode("utf-8")), department_names())


def signature(parsed) -> list:
    """What must come out the same whichever format the table came in."""
    return [
        (
            part.number,
            part.title,
            [
                (
                    task.number,
                    task.title,
                    task.leads,
                    [
                        (d.number, d.text, d.period_start, d.period_end, d.precision)
                        for d in task.deliverables
                    ],
                )
                for task in part.tasks
            ],
        )
        for part in parsed.parts
    ]


def test_the_seed_gives_6_parts_17_tasks_44_deliverables(departments):
    parsed = read_file(SEED, department_names())

    assert (len(parsed.parts), len(parsed.tasks), len(parsed.deliverables)) == (6, 17, 44)
    by_number = {d.number: d for d in parsed.deliverables}
    assert (by_number[15].period_start, by_number[15].period_end) == (
        datetime.date(2018, 1, 1),
        datetime.date(2022, 12, 31),
    )
    assert (by_number[14].period_start, by_number[14].period_end) == (
        datetime.date(2019, 1, 1),
        datetime.date(2019, 12, 31),
    )
    tasks = {t.number: t for t in parsed.tasks}
    assert len(tasks[5].leads) == 10 and len(tasks[3].leads) == 6
    assert tasks[12].leads == ["cnipa"]


def test_the_original_punctuation_is_kept(departments):
    parsed = read_file(SEED, department_names())
    by_number = {d.number: d for d in parsed.deliverables}
    assert by_number[19].text == "组织制定绿色（生态）设计产品评价技术规范"
    assert by_number[1].text == "实施绿色技术创新“十百千”行动"
    assert "[bookmark" not in " ".join(t.title for t in parsed.tasks)


def test_the_shared_seed_and_the_shipped_copy_agree(departments):
    if not SHARED_SEED.exists():
        pytest.skip("no shared folder beside this checkout")
    names = department_names()
    assert signature(read_file(SHARED_SEED, names)) == signature(read_file(SEED, names))


@pytest.mark.parametrize(
    "period",
    [
        "（2019－2022年）",
        "(2019-2022年)",
        "（２０１９—２０２２年）",
        "（2019~2022）",
        "（2019至2022年）。",
    ],
)
def test_bracket_digit_and_dash_variants_read_the_same(departments, period):
    text = f"一、部分\n1.任务\n科技部\n1.成果{period}\n"
    deliverable = parse_text(text, departments).deliverables[0]
    assert (deliverable.text, deliverable.period_start, deliverable.period_end) == (
        "成果",
        datetime.date(2019, 1, 1),
        datetime.date(2022, 12, 31),
    )


def test_month_and_day_periods_keep_their_precision(departments):
    text = "一、部分\n1.任务\n科技部\n1.甲（2020年6月）\n2.乙（2020年3月1日-2020年9月30日）\n"
    first, second = parse_text(text, departments).deliverables
    assert (first.period_start, first.period_end, first.precision) == (
        datetime.date(2020, 6, 1),
        datetime.date(2020, 6, 30),
        "month",
    )
    assert (second.period_start, second.period_end, second.precision) == (
        datetime.date(2020, 3, 1),
        datetime.date(2020, 9, 30),
        "day",
    )


def test_a_period_on_the_next_line_joins_its_deliverable(departments):
    text = "一、部分\n1.任务\n科技部\n1.一个很长的成果\n（2020年）\n2.下一个（2021年）\n"
    first, second = parse_text(text, departments).deliverables
    assert (first.text, first.period_end.year, second.number) == ("一个很长的成果", 2020, 2)


def test_a_malformed_table_reports_every_problem_by_line(departments):
    text = "\n".join(
        [
            "标题",
            "一、部分",
            "1.任务",
            "科技部、火星部",
            "1.没有期限的成果",
            "3.跳号的成果（2020年）",
            "1.任务重复",
        ]
    )
    with pytest.raises(RoadmapParseError) as error:
        parse_text(text, departments)
    messages = [f"{where}: {what}" for where, what in error.value.errors]
    assert "line 4: unknown department “火星部”" in messages
    assert any(m.startswith("line 5:") and "no period" in m for m in messages)
    assert any(m.startswith("line 6:") and "follows" in m for m in messages)
    assert any(m.startswith("line 7:") and "1 appears twice" in m for m in messages)


def test_a_malformed_file_changes_nothing_and_the_command_names_its_lines(departments, tmp_path):
    call_command("import-roadmap", str(SEED), code="gtis-2019", stdout=StringIO())
    before = (
        Deliverable.objects.count(),
        AuditEvent.objects.count(),
        list(Deliverable.objects.values_list("text", flat=True)),
    )
    broken = tmp_path / "gtis-2019.txt"
    broken.write_text(
        SEED.read_text(encoding="utf-8").replace("（2020年）", "（二〇二〇）", 1), encoding="utf-8"
    )
    errors = StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import-roadmap", str(broken), code="gtis-2019", stderr=errors)

    assert "gtis-2019.txt, line 15: deliverable 3 has no period" in errors.getvalue()
    assert (
        Deliverable.objects.count(),
        AuditEvent.objects.count(),
        list(Deliverable.objects.values_list("text", flat=True)),
    ) == before


def test_importing_again_changes_nothing(departments):
    out = StringIO()
    call_command("import-roadmap", str(SEED), code="r", stdout=out)
    assert "44 deliverables" in out.getvalue()
    counts = (
        Part.objects.count(),
        Task.objects.count(),
        Deliverable.objects.count(),
        AuditEvent.objects.count(),
    )

    call_command("import-roadmap", str(SEED), code="r", stdout=out)

    assert "no changes" in out.getvalue()
    assert (
        (
            Part.objects.count(),
            Task.objects.count(),
            Deliverable.objects.count(),
            AuditEvent.objects.count(),
        )
        == counts
        == (6, 17, 44, counts[3])
    )


def test_a_changed_table_updates_in_place(departments, tmp_path):
    call_command("import-roadmap", str(SEED), code="r", stdout=StringIO())
    first = Deliverable.objects.get(number=22)
    changed = tmp_path / "r.txt"
    changed.write_text(
        SEED.read_text(encoding="utf-8").replace(
            "22.建立国家绿色技术交易市场（2020年）", "22.建立国家绿色技术交易市场（2020-2021年）"
        ),
        encoding="utf-8",
    )

    call_command("import-roadmap", str(changed), code="r", stdout=StringIO())

    updated = Deliverable.objects.get(number=22)
    assert updated.pk == first.pk and updated.period_end == datetime.date(2021, 12, 31)
    assert Plan.objects.count() == 1


def roadmap_table_rows(parsed) -> list[list[str]]:
    """The roadmap as the rows of the Word table it is published in."""
    rows = [["任务", "牵头部门", "主要成果形式和完成时间"]]
    for part in parsed.parts:
        rows.append([f"{'一二三四五六'[part.number - 1]}、{part.title}"] * 3)  # a merged row
        for task in part.tasks:
            names = {v: k for k, v in department_names().items() if len(k) < 12}
            rows.append(
                [
                    f"{task.number}.{task.title}",
                    "、".join(names[code] for code in task.leads),
                    "\n".join(
                        f"{d.number}.{d.text}（{d.period_start.year}"
                        + (
                            f"-{d.period_end.year}"
                            if d.period_end.year != d.period_start.year
                            else ""
                        )
                        + "年）"
                        for d in task.deliverables
                    ),
                ]
            )
    return rows


def test_a_docx_with_the_same_table_imports_to_the_same_result(departments, tmp_path):
    names = department_names()
    parsed = read_file(SEED, names)
    document = docx.Document()
    document.add_paragraph(parsed.title)
    rows = roadmap_table_rows(parsed)
    table = document.add_table(rows=len(rows), cols=3)
    for row, values in zip(table.rows, rows, strict=True):
        if values[0] == values[1] == values[2]:
            merged = row.cells[0].merge(row.cells[2])
            merged.text = values[0]
            continue
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("注：牵头部门根据职责分工负责，参加部门由牵头部门确定。")
    path = tmp_path / "roadmap.docx"
    document.save(path)

    assert signature(read_file(path, names)) == signature(parsed)


def test_an_xlsx_with_one_row_per_deliverable_imports_to_the_same_result(departments, tmp_path):
    names = department_names()
    parsed = read_file(SEED, names)
    short = {v: k for k, v in names.items() if len(k) < 12}
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["部分", "任务", "牵头部门", "主要成果形式和完成时间"])
    for part in parsed.parts:
        for task in part.tasks:
            for d in task.deliverables:
                period = (
                    f"{d.period_start.year}-{d.period_end.year}"
                    if d.period_start.year != d.period_end.year
                    else f"{d.period_end.year}"
                )
                sheet.append(
                    [
                        f"{'一二三四五六'[part.number - 1]}、{part.title}",
                        f"{task.number}.{task.title}",
                        "、".join(short[c] for c in task.leads),
                        f"{d.number}.{d.text}（{period}年）",
                    ]
                )
    path = tmp_path / "roadmap.xlsx"
    workbook.save(path)

    assert signature(read_file(path, names)) == signature(parsed)


def test_an_unsupported_file_type_is_named(departments, tmp_path):
    path = tmp_path / "roadmap.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(RoadmapParseError, match=r"Unsupported file type \.pdf"):
        read_file(path, department_names())
