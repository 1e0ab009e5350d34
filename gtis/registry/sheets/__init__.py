"""Registry sheets: .xlsx and CSV import and export of organisations, experts, sites,
policies and standards, one mechanism driven by a specification per kind of sheet.

An import is previewed first (every bad row and column named, nothing written), then
committed in resumable batches; rows already in the registry are counted and left alone.
"""

from typing import Any

from gtis.registry.sheets.base import Outcome, Preview, RowError, SheetSpec
from gtis.registry.sheets.engine import (
    Export,
    clean_row,
    commit,
    export,
    preview,
    read_rows,
    template,
)
from gtis.registry.sheets.experts import ExpertSheet
from gtis.registry.sheets.organisations import OrganisationSheet
from gtis.registry.sheets.policies import PolicySheet
from gtis.registry.sheets.sites import SiteSheet
from gtis.registry.sheets.standards import StandardSheet

SPECS: dict[str, SheetSpec] = {
    spec.kind: spec
    for spec in (OrganisationSheet(), ExpertSheet(), SiteSheet(), PolicySheet(), StandardSheet())
}


def spec_for(kind: str) -> SheetSpec:
    """The sheet of that kind; LookupError if there is none."""
    try:
        return SPECS[kind]
    except KeyError:
        raise LookupError(f"No registry sheet is called {kind!r}") from None


def importable_by(user: Any) -> list[SheetSpec]:
    """The sheets `user` may import."""
    return [spec for spec in SPECS.values() if user.has_perm(spec.permission)]


__all__ = [
    "SPECS",
    "Export",
    "Outcome",
    "Preview",
    "RowError",
    "SheetSpec",
    "clean_row",
    "commit",
    "export",
    "importable_by",
    "preview",
    "read_rows",
    "spec_for",
    "template",
]
