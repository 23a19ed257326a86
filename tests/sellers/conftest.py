import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents and import files land in a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
