"""PostgreSQL: a title-only tsvector with its own GIN index, so that search can rank the
listings whose titles hold the query without reading the larger title-and-body vector of
every match (see gtis/market/search.py). SQLite's FTS5 tables already filter by column."""

from django.db import migrations

TABLES = ["market_listing", "market_need"]


def create_title_vectors(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ("
            "to_tsvector('simple', search_title)) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {table}_title_idx ON {table} USING GIN (title_vector)"
        )


def drop_title_vectors(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_title_idx")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS title_vector")


class Migration(migrations.Migration):
    dependencies = [("market", "0002_search_index")]

    operations = [migrations.RunPython(create_title_vectors, drop_title_vectors)]
