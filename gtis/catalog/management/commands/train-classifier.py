from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gtis.catalog import classifier
from gtis.catalog.models import Taxonomy


class Command(BaseCommand):
    help = "Retrain the taxonomy classifier from node texts and the entries already classified."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--taxonomy", default="gic-2019")

    def handle(self, *args: Any, **options: Any) -> None:
        model = classifier.train(Taxonomy.objects.get(code=options["taxonomy"]))
        self.stdout.write(f"trained on {model.documents} nodes, {model.vocabulary} terms")
