from typing import Any

from django.core.management.base import BaseCommand

from gtis.core.loaders import run_loaders


class Command(BaseCommand):
    help = "Load a realistic demo data set, with one user for every role (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        run_loaders("demo", self.stdout)
