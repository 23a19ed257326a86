import pytest

from tests.factories.orders import seed_currencies


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Pages render base.html, whose {% static %} needs a manifest that tests do not build.
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }


@pytest.fixture(autouse=True)
def _currencies_after_flush(request):
    # Thread tests run on a flushed database, where the seeded currencies are gone.
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        seed_currencies()


# The browser fixtures of the end-to-end suite, for the checkout journey test.
from tests.e2e.conftest import browser, page, screenshot  # noqa: E402, F401
