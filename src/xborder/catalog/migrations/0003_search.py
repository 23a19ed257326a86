"""Search indexes, PostgreSQL only: pg_trgm GIN indexes on the upper-cased names (what Django's ``icontains``
compares, and they index Chinese too), one on the raw name for trigram word similarity, and a GIN
full-text index on name + description. SQLite gets nothing: its search is a plain substring scan."""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations

INDEXES = {
    "catalog_product_name_upper_trgm": "catalog_product USING gin ((UPPER(name::text)) gin_trgm_ops)",
    "catalog_product_name_zh_upper_trgm": "catalog_product USING gin ((UPPER(name_zh::text)) gin_trgm_ops)",
    "catalog_product_name_trgm": "catalog_product USING gin (name gin_trgm_ops)",
    "catalog_brand_name_upper_trgm": "catalog_brand USING gin ((UPPER(name::text)) gin_trgm_ops)",
    "catalog_brand_name_zh_upper_trgm": "catalog_brand USING gin ((UPPER(name_zh::text)) gin_trgm_ops)",
    # Must match FULL_TEXT_DOCUMENT in catalog/selectors.py, or the planner will not use it.
    "catalog_product_fulltext": (
        "catalog_product USING gin (to_tsvector('simple'::regconfig, "
        "COALESCE(name, '') || ' ' || COALESCE(description, '')))"
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_initial")]

    operations = [
        CreateExtension("pg_trgm"),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
