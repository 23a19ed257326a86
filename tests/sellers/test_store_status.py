"""A store's status decides whether its offers count: the cached cheapest price of its products follows every change."""

from decimal import Decimal

import pytest

from tests.factories import OfferFactory, ProductFactory, StaffFactory, StoreFactory, UserFactory
from tests.factories.marketplace import SubmittedApplicationFactory
from xborder.catalog.services import refresh_min_prices
from xborder.core.errors import DomainError
from xborder.sellers import services
from xborder.sellers.models import Store, StoreStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_stores():
    """One product offered by a cheap store (99.00 CNY) and a dearer one (120.00 CNY)."""
    product = ProductFactory()
    cheap, dear = StoreFactory(), StoreFactory()
    OfferFactory(store=cheap, variant__product=product, price_cny=Decimal("99.00"))
    OfferFactory(store=dear, variant__product=product, price_cny=Decimal("120.00"))
    refresh_min_prices()
    return {"product": product, "cheap": cheap, "dear": dear}


def _cheapest(product):
    product.refresh_from_db()
    return product.min_price_cny


@pytest.mark.parametrize("status", [StoreStatus.SUSPENDED, StoreStatus.CLOSED, StoreStatus.PENDING])
def test_a_store_that_stops_selling_no_longer_sets_the_cheapest_price(two_stores, status):
    assert _cheapest(two_stores["product"]) == Decimal("99.00")
    services.change_store_status(store=two_stores["cheap"], status=status, operator=StaffFactory())
    assert _cheapest(two_stores["product"]) == Decimal("120.00")


def test_a_product_whose_only_store_is_suspended_has_no_cheapest_price(two_stores):
    operator = StaffFactory()
    services.change_store_status(store=two_stores["cheap"], status=StoreStatus.SUSPENDED, operator=operator)
    services.change_store_status(store=two_stores["dear"], status=StoreStatus.SUSPENDED, operator=operator)
    assert _cheapest(two_stores["product"]) is None


def test_re_approving_a_suspended_store_brings_its_price_back(two_stores):
    operator = StaffFactory()
    services.change_store_status(store=two_stores["cheap"], status=StoreStatus.SUSPENDED, operator=operator)
    services.change_store_status(store=two_stores["cheap"], status=StoreStatus.APPROVED, operator=operator)
    assert _cheapest(two_stores["product"]) == Decimal("99.00")


def test_approving_an_application_of_a_suspended_store_brings_its_price_back(two_stores):
    Store.objects.filter(pk=two_stores["cheap"].pk).update(status=StoreStatus.SUSPENDED)
    refresh_min_prices()
    assert _cheapest(two_stores["product"]) == Decimal("120.00")

    application = SubmittedApplicationFactory(store=two_stores["cheap"])
    services.approve_application(application=application, operator=StaffFactory())
    assert _cheapest(two_stores["product"]) == Decimal("99.00")


def test_only_operators_change_a_store_status_and_only_to_a_known_one(two_stores):
    with pytest.raises(DomainError) as caught:
        services.change_store_status(store=two_stores["cheap"], status=StoreStatus.SUSPENDED, operator=UserFactory())
    assert caught.value.code == "operator_required"
    with pytest.raises(DomainError) as caught:
        services.change_store_status(store=two_stores["cheap"], status="banned", operator=StaffFactory())
    assert caught.value.code == "status_invalid"
    assert _cheapest(two_stores["product"]) == Decimal("99.00")


def _admin_change(client, store: Store, status: str):
    data = {
        "name": store.name,
        "name_zh": store.name_zh,
        "slug": store.slug,
        "kind": store.kind,
        "country": str(store.country),
        "currency": store.currency_id,
        "status": status,
        "description": store.description,
        "customs_code": store.customs_code,
        "return_window_days": store.return_window_days,
        "rating": "",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"/admin/sellers/store/{store.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_suspending_and_re_approving_a_store_in_the_admin_moves_the_cheapest_price(admin_client, two_stores):
    _admin_change(admin_client, two_stores["cheap"], StoreStatus.SUSPENDED)
    assert Store.objects.get(pk=two_stores["cheap"].pk).status == StoreStatus.SUSPENDED
    assert _cheapest(two_stores["product"]) == Decimal("120.00")

    _admin_change(admin_client, two_stores["cheap"], StoreStatus.APPROVED)
    assert _cheapest(two_stores["product"]) == Decimal("99.00")
