"""Fixtures of the checkout tests: a logged-in buyer, and the browser fixtures of the end-to-end suite."""

import pytest

from tests.e2e.conftest import browser, page, screenshot  # noqa: F401
from tests.factories.orders import shopper

BUYER_ID = "11010519491231002X"


@pytest.fixture
def shopper_client(client):
    """A logged-in buyer (``client.buyer``) with a verified identity (``BUYER_ID``) and a default address."""
    buyer = shopper(id_number=BUYER_ID)
    client.force_login(buyer)
    client.buyer = buyer
    return client


@pytest.fixture
def api(shopper_client):
    """The same logged-in buyer, named for the API tests."""
    return shopper_client
