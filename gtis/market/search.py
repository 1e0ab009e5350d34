"""Full-text search of listings and needs in Chinese and English, behind one interface:
SQLite FTS5 tables kept in step by triggers, or PostgreSQL tsvector columns with GIN indexes.

Documents hold space-separated terms: jieba words, every Chinese character bigram (so that any
fragment of a title finds it) and lightly stemmed English words. A query must match all of its
terms; titles weigh more than bodies."""

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gtis.catalog.text import HAN, LATIN, STOP, english_stem, segment

TITLE_WEIGHT = 5.0


def document(*texts: str) -> str:
    """The indexed terms of `texts`: jieba words, character bigrams and English stems."""
    found: list[str] = []
    for text in texts:
        for run in HAN.findall(text):
            found.extend(word for word in segment(run) if len(word) > 2)
            found.extend(run[i : i + 2] for i in range(len(run) - 1))
            if len(run) == 1:
                found.append(run)
        found.extend(_latin_terms(text))
    return " ".join(found)


def query_terms(text: str) -> list[str]:
    """What a query must match: the bigrams of its Chinese runs and its English stems."""
    found: list[str] = []
    for run in HAN.findall(text):
        found.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
    found.extend(_latin_terms(text))
    return list(dict.fromkeys(found))


def _latin_terms(text: str) -> list[str]:
    return [
        english_stem(part)
        for word in LATIN.findall(text)
        for part in word.lower().split("-")
        if len(part) > 1 and part not in STOP
    ]


@dataclass(frozen=True)
class Hits:
    total: int
    ids: list[int]


def search(queryset: QuerySet[Any], text: str, offset: int = 0, limit: int = 20) -> Hits:
    """The records of `queryset` matching `text`, best first (a page of ids and the total)."""
    terms = query_terms(text)
    if not terms:
        return Hits(0, [])
    backend = _backend()
    matching = queryset.filter(pk__in=backend.matching(queryset.model, terms))
    total = matching.count()
    return Hits(total, backend.ranked(queryset.model, terms, matching, offset, limit))


def candidates(queryset: QuerySet[Any], terms: list[str], limit: int) -> list[int]:
    """Ids of up to `limit` records of `queryset` matching any of `terms`, best first."""
    terms = [term for term in terms if term]
    if not terms:
        return []
    return _backend().ranked(queryset.model, terms, queryset, 0, limit, any_term=True)


def matching(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """`queryset` narrowed to the records matching `text` (for facet counts)."""
    terms = query_terms(text)
    if not terms:
        return queryset.none()
    return queryset.filter(pk__in=_backend().matching(queryset.model, terms))


class SQLiteBackend:
    """FTS5 tables `<table>_fts` with the title and body terms of each record."""

    def _match(self, terms: list[str], any_term: bool = False) -> str:
        joiner = " OR " if any_term else " AND "
        return joiner.join('"' + term.replace('"', "") + '"' for term in terms)

    def matching(self, model: type[Model], terms: list[str]) -> RawSQL:
        table = model._meta.db_table
        return RawSQL(
            f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s", [self._match(terms)]
        )

    def ranked(
        self,
        model: type[Model],
        terms: list[str],
        queryset: QuerySet[Any],
        offset: int,
        limit: int,
        any_term: bool = False,
    ) -> list[int]:
        table = model._meta.db_table
        inner, params = queryset.values("pk").query.sql_with_params()
        sql = (
            f"SELECT f.rowid FROM {table}_fts f WHERE {table}_fts MATCH %s AND f.rowid IN ({inner})"
            f" ORDER BY bm25({table}_fts, {TITLE_WEIGHT}, 1.0), f.rowid DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self._match(terms, any_term), *params, limit, offset])
            return [row[0] for row in cursor.fetchall()]


class PostgreSQLBackend:
    """A stored, weighted `search_vector` tsvector column with a GIN index on each table."""

    def _query(self, terms: list[str], any_term: bool = False) -> str:
        joiner = " | " if any_term else " & "
        return joiner.join("'" + term.replace("'", "").replace("\\", "") + "'" for term in terms)

    def matching(self, model: type[Model], terms: list[str]) -> RawSQL:
        table = model._meta.db_table
        return RawSQL(
            f"SELECT id FROM {table} WHERE search_vector @@ to_tsquery('simple', %s)",
            [self._query(terms)],
        )

    def ranked(
        self,
        model: type[Model],
        terms: list[str],
        queryset: QuerySet[Any],
        offset: int,
        limit: int,
        any_term: bool = False,
    ) -> list[int]:
        table = model._meta.db_table
        inner, params = queryset.values("pk").query.sql_with_params()
        sql = (
            f"SELECT t.id FROM {table} t, to_tsquery('simple', %s) q"
            f" WHERE t.search_vector @@ q AND t.id IN ({inner})"
            " ORDER BY ts_rank(t.search_vector, q) DESC, t.id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self._query(terms, any_term), *params, limit, offset])
            return [row[0] for row in cursor.fetchall()]


def _backend() -> SQLiteBackend | PostgreSQLBackend:
    return PostgreSQLBackend() if connection.vendor == "postgresql" else SQLiteBackend()


def highlight(text: str, query: str, width: int = 120) -> SafeString:
    """A snippet of `text` around the first place the query occurs, the query's words marked."""
    runs = HAN.findall(query)
    words = sorted(
        {
            *runs,
            *(word for run in runs for word in segment(run) if len(word) > 1),
            *(word for word in LATIN.findall(query) if len(word) > 1),
        },
        key=len,
        reverse=True,
    )
    if not words:
        return mark_safe(escape(text[:width]))
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - width // 3) if first else 0
    window = text[start : start + width]
    marked = pattern.sub(lambda m: "\x00" + m.group(0) + "\x01", window)
    html = escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + html + suffix)
