"""Full-text search of listings and needs in Chinese and English, behind one interface:
SQLite FTS5 tables kept in step by triggers, or PostgreSQL tsvector columns with GIN indexes.

Documents hold space-separated terms: jieba words, every Chinese character bigram (so that any
fragment of a title finds it) and lightly stemmed English words. A query must match all of its
terms; titles weigh more than bodies."""

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, Model, Q, QuerySet
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


COUNT_CAP = 1000


@dataclass(frozen=True)
class Hits:
    """A page of ids, best first, and how many records match (at most COUNT_CAP: `capped`
    says there are more)."""

    total: int
    ids: list[int]
    capped: bool = False


def search(queryset: QuerySet[Any], text: str, offset: int = 0, limit: int = 20) -> Hits:
    """The records of `queryset` matching `text`: those with every term in the title first,
    the closest titles first, then the others, newest first. Beyond COUNT_CAP matches, the
    others are taken from the first COUNT_CAP the index yields: counting and sorting every
    match of a common word would read most of the table."""
    terms = query_terms(text)
    if not terms:
        return Hits(0, [])
    backend = _backend()
    window = list(
        queryset.filter(backend.condition(queryset.model, terms))
        .order_by()
        .values_list("pk", flat=True)[: COUNT_CAP + 1]
    )
    wanted = offset + limit
    ids = backend.ranked_titles(queryset, terms, wanted)
    if len(ids) < wanted:
        in_title = set(ids)  # every title hit: there are fewer than wanted
        ids += sorted((pk for pk in window if pk not in in_title), reverse=True)
    return Hits(min(len(window), COUNT_CAP), ids[offset:wanted], len(window) > COUNT_CAP)


def candidates(queryset: QuerySet[Any], terms: list[str], limit: int) -> list[int]:
    """Ids of up to `limit` records of `queryset` with any of `terms` in the title (those
    with the most first), then, to fill up, any of them in the body (in index order)."""
    terms = [term for term in terms if term]
    if not terms:
        return []
    backend = _backend()
    ids = backend.ranked_titles(queryset, terms, limit, any_term=True)
    if len(ids) < limit:
        others = queryset.filter(backend.condition(queryset.model, terms, any_term=True))
        more = others.exclude(pk__in=ids).order_by().values_list("pk", flat=True)
        ids += more[: limit - len(ids)]
    return ids


def matching(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """`queryset` narrowed to the records matching `text`."""
    terms = query_terms(text)
    if not terms:
        return queryset.none()
    return queryset.filter(_backend().condition(queryset.model, terms))


class SQLiteBackend:
    """FTS5 tables `<table>_fts` with the title and body terms of each record."""

    def _match(self, terms: list[str], title_only: bool = False, any_term: bool = False) -> str:
        joiner = " OR " if any_term else " AND "
        every = joiner.join('"' + term.replace('"', "") + '"' for term in terms)
        return f"search_title : ({every})" if title_only else every

    def condition(
        self, model: type[Model], terms: list[str], title_only: bool = False, any_term: bool = False
    ) -> Q:
        table = model._meta.db_table
        found = RawSQL(
            f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s",
            [self._match(terms, title_only, any_term)],
        )
        return Q(pk__in=found)

    def ranked_titles(
        self, queryset: QuerySet[Any], terms: list[str], limit: int, any_term: bool = False
    ) -> list[int]:
        table = queryset.model._meta.db_table
        inner, params = queryset.values("pk").query.sql_with_params()
        sql = (
            f"SELECT f.rowid FROM {table}_fts f WHERE {table}_fts MATCH %s AND f.rowid IN ({inner})"
            f" ORDER BY bm25({table}_fts, {TITLE_WEIGHT}, 1.0), f.rowid DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self._match(terms, True, any_term), *params, limit])
            return [row[0] for row in cursor.fetchall()]


class _TsQuery(Func):
    """`<table>.<column> @@ <query>` or `ts_rank(<table>.<column>, <query>)` on the row of
    the queryset it filters or annotates (its alias follows the query into subqueries)."""

    def __init__(
        self, template: str, column: str, terms: list[str], any_term: bool, **extra: Any
    ) -> None:
        super().__init__(F("pk"), **extra)
        self.sql, self.column = template, column
        joiner = " | " if any_term else " & "
        self.tsquery = joiner.join("'" + t.replace("'", "").replace("\\", "") + "'" for t in terms)

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        primary_key: Any = self.source_expressions[0]
        table = compiler.quote_name_unless_alias(primary_key.alias)
        column = f"{table}.{self.column}"
        return self.sql.format(column=column), [self.tsquery]


class PostgreSQLBackend:
    """Stored tsvector columns with GIN indexes on each table: `search_vector` (title and body)
    and `title_vector`."""

    def condition(
        self, model: type[Model], terms: list[str], title_only: bool = False, any_term: bool = False
    ) -> Q:
        column = "title_vector" if title_only else "search_vector"
        template = "{column} @@ to_tsquery('simple', %s)"
        return Q(_TsQuery(template, column, terms, any_term, output_field=BooleanField()))

    def ranked_titles(
        self, queryset: QuerySet[Any], terms: list[str], limit: int, any_term: bool = False
    ) -> list[int]:
        """The best `limit` of the first COUNT_CAP title hits (ranking every title that holds
        a common word would read most of the table)."""
        rank = _TsQuery(
            "ts_rank({column}, to_tsquery('simple', %s))",
            "title_vector",
            terms,
            any_term,
            output_field=FloatField(),
        )
        in_title = queryset.filter(
            self.condition(queryset.model, terms, title_only=True, any_term=any_term)
        )
        window = in_title.order_by().values("pk")[:COUNT_CAP]
        ordered = (
            queryset.model._default_manager.filter(pk__in=window)
            .annotate(title_rank=rank)
            .order_by("-title_rank", "-pk")
        )
        return list(ordered.values_list("pk", flat=True)[:limit])


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
