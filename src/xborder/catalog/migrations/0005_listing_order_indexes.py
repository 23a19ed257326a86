"""PostgreSQL only: indexes in the exact order of the listing's sorts (catalog/selectors.py ORDERINGS), so
a page sorted by price (high to low, unpriced last) or by name walks an index instead of sorting every
active product. Price low-to-high and newest are served by the model's own indexes."""

from django.db import migrations

INDEXES = {
    "catalog_product_price_desc": "catalog_product (is_active, min_price_cny DESC NULLS LAST, id DESC)",
    "catalog_product_name_order": "catalog_product (is_active, name, id)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_search_bigrams")]

    operations = [migrations.RunPython(create, drop)]
