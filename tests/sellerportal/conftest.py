import pytest

# The browser fixtures of the e2e suite, for the onboarding journey test.
from tests.e2e.conftest import browser  # noqa: F401


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents and import files land in a temporary directory; users hash passwords fast."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
