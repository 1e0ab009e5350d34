"""Full-text indexes of listings and needs: FTS5 tables kept in step by triggers on SQLite, a
stored weighted tsvector column with a GIN index on PostgreSQL (see gtis/market/search.py)."""

from django.db import migrations

TABLES = ["market_listing", "market_need"]


def _sqlite(table: str) -> tuple[list[str], list[str]]:
    fts = f"{table}_fts"
    columns = "rowid, search_title, search_body"
    create = [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_title, search_body, content='{table}', "
        "content_rowid='id', tokenize='unicode61')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}({columns}) VALUES (new.id, new.search_title, new.search_body); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, {columns}) "
        "VALUES ('delete', old.id, old.search_title, old.search_body); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF search_title, search_body ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, {columns}) "
        "VALUES ('delete', old.id, old.search_title, old.search_body); "
        f"INSERT INTO {fts}({columns}) VALUES (new.id, new.search_title, new.search_body); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]
    drop = [f"DROP TRIGGER IF EXISTS {fts}_{suffix}" for suffix in ("ai", "ad", "au")]
    return create, [*drop, f"DROP TABLE IF EXISTS {fts}"]


def _postgresql(table: str) -> tuple[list[str], list[str]]:
    create = [
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple', search_title), 'A') || "
        "setweight(to_tsvector('simple', search_body), 'B')) STORED",
        f"CREATE INDEX {table}_search_idx ON {table} USING GIN (search_vector)",
    ]
    drop = [
        f"DROP INDEX IF EXISTS {table}_search_idx",
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
    ]
    return create, drop


def _run(schema_editor, which: int) -> None:
    vendor = schema_editor.connection.vendor
    build = {"sqlite": _sqlite, "postgresql": _postgresql}.get(vendor)
    if build is None:
        raise RuntimeError(f"No full-text index for the {vendor} database")
    for table in TABLES:
        for statement in build(table)[which]:
            schema_editor.execute(statement)


def create_indexes(apps, schema_editor) -> None:
    _run(schema_editor, 0)


def drop_indexes(apps, schema_editor) -> None:
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("market", "0001_listings_needs_calls_matches")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
