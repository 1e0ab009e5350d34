import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from gtis.core import services
from gtis.core.actors import SYSTEM


class Command(BaseCommand):
    help = (
        "Queue the daily roadmap digests (run it from cron, e.g. every morning at 8); a "
        "worker sends each department officer one digest, or nothing when nothing is due."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=datetime.date.fromisoformat)

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = options["as_of"] or timezone.localdate()
        job = services.start_job(
            actor=SYSTEM,
            kind="roadmap.send_digests",
            label=f"Roadmap digests {as_of.isoformat()}",
            arguments={"as_of": as_of.isoformat()},
        )
        self.stdout.write(f"queued job {job.pk}")
