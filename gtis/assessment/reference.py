"""The assessment engine's reference data: the scheme versions in gtis/data/assessment_schemes."""

from typing import TextIO

from gtis.assessment import services
from gtis.core.actors import SYSTEM


def load(out: TextIO) -> None:
    added, updated = services.load_shipped_schemes(actor=SYSTEM)
    out.write(f"assessment schemes: {added} versions added, {updated} updated\n")
