import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from gtis.core.actors import SYSTEM
from gtis.market import services


class Command(BaseCommand):
    help = "Take published listings whose listing period has ended off the market (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=datetime.date.fromisoformat)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["as_of"] or timezone.localdate()
        count = services.expire_listings(actor=SYSTEM, today=today)
        self.stdout.write(f"{count} listings expired")
