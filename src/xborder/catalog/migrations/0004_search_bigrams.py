"""PostgreSQL only: a GIN index over the bigrams of a product's names, so that two-character queries (the
common Chinese word, 面霜, 奶粉), which pg_trgm cannot index, are an index lookup rather than a scan of
every name. ``xborder_bigrams`` is IMMUTABLE so it can back an expression index; the expression must match
BIGRAM_DOCUMENT in catalog/search.py. SQLite gets nothing."""

from django.db import migrations

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION xborder_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT COALESCE(array_agg(DISTINCT substr(t, i, 2)), '{}'::text[]) FROM generate_series(1, length(t) - 1) AS i
$$
"""
CREATE_INDEX = (
    "CREATE INDEX IF NOT EXISTS catalog_product_names_bigram ON catalog_product USING gin "
    "(xborder_bigrams(UPPER(COALESCE(name, '') || ' ' || COALESCE(name_zh, ''))))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION)
    schema_editor.execute(CREATE_INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS catalog_product_names_bigram")
    schema_editor.execute("DROP FUNCTION IF EXISTS xborder_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_search")]

    operations = [migrations.RunPython(create, drop)]
