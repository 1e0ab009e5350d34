import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gtis.catalog import classifier
from gtis.catalog.models import Taxonomy


class Command(BaseCommand):
    help = "Measure the classifier on a labelled CSV with the columns text,code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--taxonomy", default="gic-2019")
        parser.add_argument("--show-misses", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        taxonomy = Taxonomy.objects.get(code=options["taxonomy"])
        try:
            with options["file"].open(encoding="utf-8-sig") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as error:
            raise CommandError(str(error)) from None
        if not rows or not {"text", "code"} <= set(rows[0]):
            raise CommandError("the file needs the columns text,code")
        top1 = top3 = 0
        for row in rows:
            codes = [s.code for s in classifier.classify(taxonomy, row["text"], k=3)]
            top1 += codes[:1] == [row["code"]]
            top3 += row["code"] in codes
            if options["show_misses"] and row["code"] not in codes:
                self.stdout.write(f"miss {row['code']} -> {codes}: {row['text'][:60]}")
        self.stdout.write(f"accuracy@1 {top1 / len(rows):.2f}")
        self.stdout.write(f"accuracy@3 {top3 / len(rows):.2f}")
        self.stdout.write(f"texts {len(rows)}")
