import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gtis.core.actors import SYSTEM
from gtis.roadmap import services
from gtis.roadmap.models import Plan
from gtis.roadmap.parsing import RoadmapParseError, read_file


class Command(BaseCommand):
    help = (
        "Import a roadmap table (路线图、时间表) from .txt, .docx or .xlsx. Importing again "
        "updates, never duplicates; a file with errors changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--code",
            help="the plan's code (default: the plan imported from a "
            "file of the same name, else the file's name)",
        )
        parser.add_argument("--title")
        parser.add_argument("--document-number")
        parser.add_argument("--issued-on", type=datetime.date.fromisoformat)
        parser.add_argument(
            "--issuer",
            action="append",
            default=[],
            help="code of an issuing department (repeat for several)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        try:
            parsed = read_file(path, services.department_names())
            plan, summary = services.import_plan(
                actor=SYSTEM,
                parsed=parsed,
                code=options["code"] or default_code(path),
                title=options["title"],
                document_number=options["document_number"],
                issued_on=options["issued_on"],
                issuers=options["issuer"],
                source_file=path.name,
            )
        except RoadmapParseError as error:
            for where, what in error.errors:
                self.stderr.write(f"{path.name}, {where}: {what}")
            raise CommandError(f"{len(error.errors)} problem(s); nothing was imported") from None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(
            f"{plan.code}: {len(parsed.parts)} parts, {len(parsed.tasks)} tasks, "
            f"{len(parsed.deliverables)} deliverables; {summary.describe()}"
        )


def default_code(path: Path) -> str:
    """The plan a file of this name was imported into before, else the file's name."""
    plan = Plan.objects.filter(source_file=path.name).order_by("pk").first()
    return plan.code if plan is not None else path.stem
