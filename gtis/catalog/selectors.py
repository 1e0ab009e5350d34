"""Reads of the catalogue engine: nodes, editions, differences, and the elimination check."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from gtis.catalog.choices import EditionKind
from gtis.catalog.models import CatalogueEdition, CatalogueEntry, Taxonomy, TaxonomyNode
from gtis.catalog.text import terms

COMPARED = ("title", "description", "scope", "banned_from", "replacement")


def taxonomies(viewer: Any) -> QuerySet[Taxonomy]:
    return Taxonomy.objects.restrict(viewer).annotate(node_count=Count("nodes"))


def nodes(
    viewer: Any, taxonomy: Taxonomy | None = None, search: str = ""
) -> QuerySet[TaxonomyNode]:
    """Nodes in tree order; `search` matches code, names, description and keywords."""
    queryset = TaxonomyNode.objects.restrict(viewer).select_related("taxonomy")
    if taxonomy is not None:
        queryset = queryset.filter(taxonomy=taxonomy)
    if search:
        queryset = queryset.filter(
            Q(code__istartswith=search)
            | Q(name__icontains=search)
            | Q(name_en__icontains=search)
            | Q(description__icontains=search)
            | Q(keywords__icontains=search)
        )
    return queryset


def editions(viewer: Any) -> QuerySet[CatalogueEdition]:
    return (
        CatalogueEdition.objects.restrict(viewer)
        .select_related("owner_department")
        .prefetch_related("issuing_departments")
        .annotate(entry_count=Count("entries", distinct=True))
        .order_by("kind", "-year", "-id")
    )


def entries(edition: CatalogueEdition) -> QuerySet[CatalogueEntry]:
    return edition.entries.select_related("reference_type").prefetch_related("nodes__taxonomy")


@dataclass(frozen=True)
class Change:
    key: str
    before: CatalogueEntry | None
    after: CatalogueEntry | None
    fields: tuple[str, ...]

    @property
    def kind(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"


def differences(old: CatalogueEdition, new: CatalogueEdition) -> list[Change]:
    """Entries added, removed and changed from `old` to `new`, matched by their number (key)."""
    before = {e.key: e for e in entries(old)}
    after = {e.key: e for e in entries(new)}
    changes = []
    for key in sorted(before.keys() | after.keys(), key=_natural):
        a, b = before.get(key), after.get(key)
        if a is None or b is None:
            changes.append(Change(key, a, b, ()))
            continue
        fields = tuple(f for f in COMPARED if getattr(a, f) != getattr(b, f))
        if _codes(a) != _codes(b):
            fields += ("nodes",)
        if fields:
            changes.append(Change(key, a, b, fields))
    return changes


def _codes(entry: CatalogueEntry) -> set[str]:
    return {f"{n.taxonomy.code}:{n.code}" for n in entry.nodes.all()}


def _natural(key: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in key.replace("-", ".").split("."))


@dataclass(frozen=True)
class EliminationMatch:
    entry: CatalogueEntry
    reason: str


def elimination_check(
    *, on: datetime.date, text: str = "", node_codes: list[str] | None = None
) -> list[EliminationMatch]:
    """Elimination entries in force on `on` that the text or the taxonomy codes fall under.

    An entry matches a text that contains its title, or most of its title's terms; it matches
    a code given in the same taxonomy.
    """
    in_force = (
        CatalogueEntry.objects.filter(
            edition__kind=EditionKind.ELIMINATION,
            banned_from__lte=on,
            edition__in=CatalogueEdition.objects.in_force_on(on),
        )
        .select_related("edition")
        .prefetch_related("nodes__taxonomy")
    )
    wanted = set(node_codes or [])
    text_terms = {t for t in terms(text) if not t.startswith("#")} if text else set()
    matches = []
    for entry in in_force:
        reason = _match_reason(entry, text, text_terms, wanted)
        if reason:
            matches.append(EliminationMatch(entry, reason))
    return matches


def _match_reason(entry: CatalogueEntry, text: str, text_terms: set[str], wanted: set[str]) -> str:
    for node in entry.nodes.all():
        if node.code in wanted or f"{node.taxonomy.code}:{node.code}" in wanted:
            return f"taxonomy code {node.code}"
    if text and entry.title in text:
        return f"“{entry.title}”"
    title_terms = {t for t in terms(entry.title) if not t.startswith("#")}
    if text_terms and title_terms:
        shared = title_terms & text_terms
        if len(shared) / len(title_terms) >= 0.6:
            return "、".join(sorted(shared, key=len, reverse=True)[:4])
    return ""
