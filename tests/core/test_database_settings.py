"""PostgreSQL connections bind parameters on the server, so psycopg prepares the statements a connection repeats
(unless turned off for a transaction-pooling PgBouncer); SQLite is left as it is."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

READ_OPTIONS = (
    "import json; from xborder import settings; print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
)


SHOP = "postgres://shop@127.0.0.1:5432/shop"


def database_options(tmp_path, **environment) -> dict:
    """The database OPTIONS the settings module computes under ``environment`` (in a fresh interpreter)."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {"XBORDER_VAR_DIR": str(tmp_path)} | environment
    shown = subprocess.run([sys.executable, "-c", READ_OPTIONS], env=env, capture_output=True, text=True, check=True)
    return json.loads(shown.stdout)


@pytest.mark.parametrize(
    ("environment", "prepared"),
    [
        ({"DATABASE_URL": SHOP}, (True, 5)),
        ({"DATABASE_URL": SHOP, "XBORDER_DB_PREPARED_STATEMENTS": "off"}, (None, None)),
        ({}, (None, None)),
    ],
    ids=["postgresql", "postgresql-behind-pgbouncer", "sqlite"],
)
def test_postgresql_prepares_repeated_statements_unless_turned_off(tmp_path, environment, prepared):
    options = database_options(tmp_path, **environment)

    assert (options.get("server_side_binding"), options.get("prepare_threshold")) == prepared


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_postgresql_connection_prepares_a_statement_it_repeats():
    for _ in range(6):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_migrations WHERE app = %s", ["checkout"])

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] >= 1
