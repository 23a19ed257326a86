"""Portal pages: the dashboard's figures, read-only orders, products with CNY prices, stock; query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import FxRateFactory, OfferFactory, StockItemFactory, StoreFactory, StoreMemberFactory
from tests.factories.marketplace import ApplicationDocumentFactory, StoreApplicationFactory
from tests.factories.orders import OrderFactory, OrderLineFactory, PackageFactory, hs_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(client):
    store = StoreFactory(slug="shop", currency_id="JPY")
    FxRateFactory(base_id="JPY", quote_id="CNY", rate=Decimal("0.048"))
    owner = StoreMemberFactory(store=store, role="owner").user
    client.force_login(owner)
    return store


def _url(name, store, **kwargs):
    return reverse(f"sellerportal:{name}", kwargs={"slug": store.slug, **kwargs})


def test_the_dashboard_counts_products_offers_orders_waiting_packages_low_stock_and_expiring_documents(client, shop):
    low = OfferFactory(store=shop)
    OfferFactory(store=shop, is_active=False)
    StockItemFactory(variant=low.variant, warehouse=low.warehouse, quantity=3)
    PackageFactory(order=OrderFactory(store=shop, status="paid"))
    PackageFactory(order=OrderFactory(store=shop, status="fulfilling"))
    application = StoreApplicationFactory(store=shop)
    import datetime as dt

    from django.utils import timezone

    ApplicationDocumentFactory(application=application, expires_on=timezone.localdate() + dt.timedelta(days=9))
    figures = client.get(_url("dashboard", shop)).context["figures"]
    assert (figures["products"], figures["active_offers"], figures["orders_today"]) == (2, 1, 2)
    assert (figures["packages_waiting_customs"], figures["packages_waiting_shipping"]) == (1, 1)
    assert [item.variant_id for item in figures["low_stock"]] == [low.variant_id]
    assert len(figures["expiring_documents"]) == 1


def test_the_orders_page_is_read_only_and_shows_no_buyer_address(client, shop):
    line = OrderLineFactory(package=PackageFactory(order=OrderFactory(store=shop, status="paid")))
    OrderFactory()  # another store's order
    listing = client.get(_url("orders", shop)).content.decode()
    assert line.order.number in listing
    assert listing.count("/orders/XBT") == 1
    detail = client.get(_url("order_detail", shop, number=line.order.number)).content.decode()
    assert line.package.number in detail and line.variant.sku in detail
    assert "王小明" not in detail and "<form" not in detail.split("<h1>")[1].split("</main>")[0]


def test_another_stores_order_is_404(client, shop):
    other = OrderFactory()
    assert client.get(_url("order_detail", shop, number=other.number)).status_code == 404


def test_the_orders_list_does_not_grow_queries_with_orders(client, shop, django_assert_max_num_queries):
    for _ in range(5):
        PackageFactory(order=OrderFactory(store=shop))
    with django_assert_max_num_queries(8):
        assert client.get(_url("orders", shop)).status_code == 200


def test_products_show_the_price_in_the_store_currency_and_in_cny_in_fixed_queries(
    client, shop, django_assert_max_num_queries
):
    for _ in range(10):
        OfferFactory(store=shop, price=Decimal("3000"))
    with django_assert_max_num_queries(10):
        page = client.get(_url("products", shop)).content.decode()
    assert "3000.00 JPY" in page and "¥144.00" in page


def test_sellers_see_the_estimated_import_tax_of_one_item(client, shop):
    hs_rate(vat="0.13", ct="0")
    offer = OfferFactory(store=shop, price=Decimal("3000"), price_cny=Decimal("144.00"))
    page = client.get(_url("offer_edit", shop, offer_id=offer.pk)).content.decode()
    assert "Estimated import tax on one item: ¥13.10" in page


def test_stock_is_grouped_by_warehouse(client, shop):
    offer = OfferFactory(store=shop)
    StockItemFactory(variant=offer.variant, warehouse=offer.warehouse, quantity=40, reserved=5)
    groups = client.get(_url("stock", shop)).context["groups"]
    assert [(warehouse.pk, [item.available for item in items]) for warehouse, items in groups] == [
        (offer.warehouse.pk, [35])
    ]


def test_a_pending_store_is_warned_that_it_cannot_publish(client):
    store = StoreFactory(status="pending")
    client.force_login(StoreMemberFactory(store=store, role="owner").user)
    assert "not approved" in client.get(_url("dashboard", store)).content.decode()
