import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import FxRateFactory
from tests.factories.fulfilment import CnyStoreFactory
from tests.factories.sellers import StoreFactory

T0 = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))


@pytest.fixture
def m2c_store(db):
    """An overseas merchant paid in JPY, 7-day return window, default 5% commission."""
    return StoreFactory(return_window_days=7)


@pytest.fixture
def cny_store(db):
    return CnyStoreFactory(return_window_days=7)


@pytest.fixture
def cny_to_jpy(db):
    return FxRateFactory(base_id="CNY", quote_id="JPY", rate=Decimal("20.5000"), valid_from=T0 - dt.timedelta(days=30))
