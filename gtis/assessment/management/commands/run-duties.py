import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gtis.assessment import duties


class Command(BaseCommand):
    help = (
        "After designation: mark obligations missed once their grace has passed and apply each "
        "duty's consequence, suspend the designations of holders with an active credit record "
        "(and reinstate them once it is repaired), and send expiry and due-date reminders, each "
        "once (run daily; running again changes nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="the day to run as (YYYY-MM-DD)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = duties.run_duties(today=options.get("today"))
        self.stdout.write(str(run))
