"""A buyer browses: home -> listing -> filter -> product page -> switch to Simplified Chinese."""

import re
from decimal import Decimal

import pytest

from tests.factories import (
    BrandFactory,
    CategoryFactory,
    OfferFactory,
    ProductFactory,
    ProductImageFactory,
    StockItemFactory,
    StoreFactory,
    VariantFactory,
)
from tests.factories.inventory import BondedWarehouseFactory
from xborder.catalog.models import Offer
from xborder.sellers.models import StoreKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def build_catalog():
    """Two stores, a category tree and products from Korea and Japan, one offered both ways."""
    beauty = CategoryFactory(name="Beauty", name_zh="美妆", slug="beauty")
    skincare = CategoryFactory(name="Skincare", name_zh="护肤", slug="skincare", parent=beauty)
    bonded_store = StoreFactory(
        name="xborder Bonded", name_zh="xborder 保税自营", kind=StoreKind.SELF_OPERATED, country="CN", currency_id="CNY"
    )
    seoul = StoreFactory(name="Seoul Beauty", name_zh="首尔美妆", kind=StoreKind.OVERSEAS_MERCHANT, country="KR")
    sulwhasoo = BrandFactory(name="Sulwhasoo", name_zh="雪花秀", slug="sulwhasoo", country="KR")
    shiseido = BrandFactory(name="Shiseido", name_zh="资生堂", slug="shiseido", country="JP")
    cream = _product("Concentrated Ginseng Cream", "滋盈生人参面霜", "ginseng-cream", sulwhasoo, skincare, "KR")
    _offer(cream, seoul, "direct_mail", "1350.00", price=Decimal("250000"), currency="KRW")
    bonded = _offer(cream, bonded_store, "bonded", "1280.00", price=Decimal("1280.00"), currency="CNY")
    StockItemFactory(variant=bonded.variant, warehouse=bonded.warehouse, quantity=40)
    for index in range(5):
        product = _product(
            f"Ultimune Serum {index}", f"红腰子精华 {index}", f"ultimune-{index}", shiseido, skincare, "JP"
        )
        _offer(product, seoul, "direct_mail", f"{600 + index * 50}.00", price=Decimal("9800"), currency="KRW")


def _product(name, name_zh, slug, brand, category, origin):
    product = ProductFactory(name=name, name_zh=name_zh, slug=slug, brand=brand, category=category)
    VariantFactory(product=product, origin_country=origin, name="50 ml", name_zh="50毫升")
    ProductImageFactory(product=product)
    return product


def _offer(product, store, mode, price_cny, *, price, currency):
    warehouse = {"warehouse": BondedWarehouseFactory()} if mode == "bonded" else {}
    offer = OfferFactory(
        variant=product.variants.get(),
        store=store,
        fulfilment_mode=mode,
        price=price,
        currency_id=currency,
        **warehouse,
    )
    Offer.objects.filter(pk=offer.pk).update(price_cny=Decimal(price_cny))
    current = product.min_price_cny
    if current is None or Decimal(price_cny) < current:
        type(product).objects.filter(pk=product.pk).update(min_price_cny=Decimal(price_cny))
        product.min_price_cny = Decimal(price_cny)
    return offer


def test_browse_filter_open_product_and_switch_to_chinese(live_server, page, screenshot):
    build_catalog()

    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Overseas goods")
    assert page.locator("link[rel=stylesheet]").count() == 1
    background = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert background == "rgb(15, 92, 85)", "the stylesheet did not load"
    screenshot(page, "1-home")

    page.get_by_role("link", name=re.compile("Overseas brand stores")).click()
    page.wait_for_url(re.compile(r"/products/\?store_kind=overseas_merchant"))
    assert page.locator(".product-card").count() == 6

    page.get_by_label("Origin").select_option("KR")
    page.wait_for_url(re.compile(r"origin=KR"))
    page.wait_for_function("document.querySelectorAll('.product-card').length === 1")
    assert "Concentrated Ginseng Cream" in page.locator(".product-grid").inner_text()
    screenshot(page, "2-listing-filtered")

    page.get_by_role("link", name=re.compile("Concentrated Ginseng Cream")).click()
    page.wait_for_url(re.compile(r"/products/ginseng-cream/"))
    assert page.get_by_role("heading", name=re.compile("Compare 2 offers")).is_visible()
    offers = page.locator(".offer-list").inner_text()
    assert "bonded warehouse in China" in offers
    assert "KRW 250,000" in offers
    assert "¥1,280.00" in offers
    screenshot(page, "3-product")

    page.locator("#language-select").select_option("zh-hans")
    page.wait_for_function("document.documentElement.lang === 'zh-hans'")
    assert page.get_by_role("heading", level=1).inner_text() == "滋盈生人参面霜"
    assert "比较" in page.locator("#offers-title").inner_text()
    assert "付款前" in page.locator(".tax-note").inner_text()
    screenshot(page, "4-product-zh")


def test_listing_is_usable_on_a_phone(live_server, mobile_page, screenshot):
    build_catalog()

    mobile_page.goto(live_server.url + "/products/")

    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    assert mobile_page.locator("details.filters-panel").get_attribute("open") is None
    assert mobile_page.locator(".product-card").count() == 6
    screenshot(mobile_page, "5-listing-phone")


def test_account_pages_use_the_site_layout(live_server, page, screenshot):
    page.goto(live_server.url + "/accounts/login/")

    assert page.locator(".site-header .brand").inner_text().endswith("xborder")
    assert page.get_by_role("button", name="Log in").is_visible()
    background = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert background == "rgb(15, 92, 85)"
    screenshot(page, "6-login")


def test_store_page_lists_its_products(live_server, page, screenshot):
    build_catalog()

    page.goto(live_server.url + "/products/ginseng-cream/")
    page.get_by_role("link", name="Seoul Beauty").click()
    page.wait_for_url(re.compile(r"/stores/"))

    assert page.get_by_role("heading", level=1).inner_text() == "Seoul Beauty"
    assert "Verified store" in page.locator(".store-badges").inner_text()
    assert page.locator(".product-card").count() == 6
    screenshot(page, "7-store")


def test_an_offer_in_stock_goes_into_the_cart(live_server, page):
    build_catalog()

    page.goto(live_server.url + "/products/ginseng-cream/")
    page.locator(".offer-bonded").get_by_role("button", name="Add to cart").click()
    page.wait_for_url(re.compile(r"/cart/"))

    assert "Concentrated Ginseng Cream" in page.locator("main").inner_text()
