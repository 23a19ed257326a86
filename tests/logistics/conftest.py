import datetime as dt

import pytest
from django.utils import timezone

from tests.factories.fulfilment import CarrierFactory, InternationalCarrierFactory, WebhookCarrierFactory

NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def domestic(db):
    return CarrierFactory(code="sf-sandbox", name="SF Sandbox")


@pytest.fixture
def international(db):
    return InternationalCarrierFactory(code="jp-post-sandbox", name="JP Post Sandbox")


@pytest.fixture
def pushing(db):
    return WebhookCarrierFactory(code="yto-push", name="YTO Push")
