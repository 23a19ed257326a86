import pytest


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Pages render base.html, whose {% static %} needs a manifest that tests do not build.
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
