"""The offer service: only approved stores publish; prices are in the store's currency with a CNY price."""

from decimal import Decimal

import pytest

from tests.factories import CategoryFactory, FxRateFactory, OfferFactory, StoreFactory, WarehouseFactory
from xborder.catalog import offer_services
from xborder.core.errors import DomainError
from xborder.sellers.models import StoreStatus

pytestmark = pytest.mark.django_db


def listing(**overrides) -> dict:
    data = {
        "product_name": "Moisture Lotion", "brand": "Sakura", "category": "beauty", "sku": "SAK-001",
        "hs_code": "3304990099", "origin_country": "JP", "net_weight_kg": "0.2", "gross_weight_kg": "0.3",
        "legal_unit": "ml", "legal_quantity": "200", "price": "3000", "currency": "JPY",
        "fulfilment_mode": "direct_mail", "warehouse": "osaka", "is_active": "1",
    }  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def catalog_ready(db):
    CategoryFactory(slug="beauty")
    WarehouseFactory(code="osaka")
    FxRateFactory(base_id="JPY", quote_id="CNY", rate=Decimal("0.048"))


@pytest.mark.parametrize("status", [StoreStatus.PENDING, StoreStatus.SUSPENDED, StoreStatus.CLOSED])
def test_a_store_that_is_not_approved_cannot_publish_an_offer(status):
    offer = OfferFactory(is_active=False, store=StoreFactory(status=status))
    with pytest.raises(DomainError) as caught:
        offer_services.publish_offer(store=offer.store, offer_id=offer.pk)
    assert caught.value.code == "store_not_approved"
    offer.refresh_from_db()
    assert offer.is_active is False


def test_an_approved_store_publishes_and_unpublishes_its_offer():
    offer = OfferFactory(is_active=False)
    assert offer_services.publish_offer(store=offer.store, offer_id=offer.pk).is_active is True
    assert offer_services.unpublish_offer(store=offer.store, offer_id=offer.pk).is_active is False


def test_a_store_cannot_touch_another_stores_offer():
    offer = OfferFactory()
    with pytest.raises(DomainError) as caught:
        offer_services.unpublish_offer(store=StoreFactory(), offer_id=offer.pk)
    assert caught.value.code == "offer_not_found"


def test_creating_a_listing_stores_the_cny_price_and_the_products_cheapest_price(catalog_ready):
    offer = offer_services.create_listing(store=StoreFactory(), data=listing())
    assert offer.price == Decimal("3000")
    assert offer.price_cny == Decimal("144.00")
    offer.product.refresh_from_db()
    assert offer.product.min_price_cny == Decimal("144.00")


def test_a_pending_store_may_create_an_unpublished_listing_but_not_a_published_one(catalog_ready):
    store = StoreFactory(status=StoreStatus.PENDING)
    with pytest.raises(DomainError) as caught:
        offer_services.create_listing(store=store, data=listing())
    assert caught.value.code == "store_not_approved"
    assert offer_services.create_listing(store=store, data=listing(is_active="0")).is_active is False


@pytest.mark.parametrize(
    ("overrides", "code"),
    [({"currency": "EUR"}, "currency_mismatch"), ({"price": "0"}, "price_invalid"),
     ({"hs_code": "33049900"}, "hs_code_format"), ({"net_weight_kg": "0.5"}, "net_weight_over_gross")],
    ids=["other-currency", "zero-price", "hs-8-digits", "net-over-gross"],
)  # fmt: skip
def test_a_bad_listing_is_refused(catalog_ready, overrides, code):
    with pytest.raises(DomainError) as caught:
        offer_services.create_listing(store=StoreFactory(), data=listing(**overrides))
    assert caught.value.code == code


def test_editing_an_offer_recomputes_its_cny_price(catalog_ready):
    offer = offer_services.create_listing(store=StoreFactory(), data=listing())
    offer = offer_services.edit_offer(
        store=offer.store, offer_id=offer.pk, price="2000", fulfilment_mode="bonded", warehouse_code="osaka"
    )
    assert (offer.price, offer.price_cny, offer.fulfilment_mode) == (Decimal("2000"), Decimal("96.00"), "bonded")
