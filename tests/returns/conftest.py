import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories.fulfilment import delivered_cbec_package

RELEASED = timezone.make_aware(dt.datetime(2026, 3, 1, 10, 0))
DELIVERED = RELEASED + dt.timedelta(days=2)
DAY = dt.timedelta(days=1)
SECOND = dt.timedelta(seconds=1)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def package(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return delivered_cbec_package(released_at=RELEASED, delivered_at=DELIVERED)


@pytest.fixture
def lines(package):
    first, second = package.lines.order_by("pk")
    return first, second


def photo(name="crack.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


# The browser fixtures of the end-to-end suite, for the fulfilment-to-refund journey.
from tests.e2e.conftest import browser, page, screenshot  # noqa: E402, F401
