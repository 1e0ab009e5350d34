from typing import Any

from django.core.management.base import BaseCommand

from gtis.market import sales


class Command(BaseCommand):
    help = (
        "Close the registration or bidding of public sales whose time has come (run every "
        "minute; pages and the API also do it when a sale is read)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = sales.advance_due()
        self.stdout.write(f"{count} sales advanced")
