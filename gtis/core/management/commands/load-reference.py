from typing import Any

from django.core.management.base import BaseCommand

from gtis.core.loaders import run_loaders


class Command(BaseCommand):
    help = "Load the reference data every engine ships (idempotent: loading again updates)."

    def handle(self, *args: Any, **options: Any) -> None:
        run_loaders("reference", self.stdout)
