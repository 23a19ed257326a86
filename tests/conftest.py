"""Shared fixtures and the rules for tests that need PostgreSQL or a browser.

- ``@pytest.mark.postgres`` tests run only on PostgreSQL. Elsewhere they skip with a clear message,
  except in CI (``CI=true``), where a PostgreSQL pass must not silently skip them: they fail.
- ``@pytest.mark.e2e`` tests drive Debian's chromium; missing chromium skips locally and fails in CI.
"""

import os

import pytest
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_configure(config):
    from django.conf import settings

    # Production serves hashed names from collectstatic's manifest; tests render pages without one.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_collection_modifyitems(items):
    """Every transactional test (threads, live server) restores the migrations' data when it ends.

    A transactional test without serialized rollback flushes the database and recreates content types
    under new ids, which then collide with the serialized ones the next serialized test loads; so all of
    them restore, and none needs to re-seed currencies or the chart of accounts by hand.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker and marker.kwargs.get("transaction")) or {"transactional_db", "live_server"} & set(
            item.fixturenames
        )
        if transactional:
            kwargs = {**(marker.kwargs if marker else {}), "transaction": True, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        message = "needs PostgreSQL: run with DATABASE_URL=postgres://user@host:5432/db"
        if IN_CI:
            pytest.fail(f"{message} (CI must run this test on PostgreSQL, not skip it)", pytrace=False)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def buyer(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def buyer_client(client, buyer):
    client.force_login(buyer)
    return client
