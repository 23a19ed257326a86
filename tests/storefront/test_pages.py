"""Buyer pages: what they show, that bad input never fails them, and that their query counts stay flat."""

from decimal import Decimal

import pytest
from django.urls import reverse

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
from xborder.sellers.models import StoreKind, StoreStatus

pytestmark = pytest.mark.django_db

LISTING = reverse("storefront:product_list")


def on_sale(*, store=None, mode="direct_mail", origin="JP", price_cny="199.00", **product_fields):
    product = ProductFactory(min_price_cny=Decimal(price_cny), **product_fields)
    variant = VariantFactory(product=product, origin_country=origin)
    route = {"warehouse": BondedWarehouseFactory()} if mode == "bonded" else {}
    offer = OfferFactory(variant=variant, store=store or StoreFactory(), fulfilment_mode=mode, **route)
    type(offer).objects.filter(pk=offer.pk).update(price_cny=Decimal(price_cny))
    ProductImageFactory(product=product)
    return product


def test_home_links_every_business_model_to_a_filtered_listing(client):
    on_sale(name="Snail Essence")

    page = client.get(reverse("storefront:home")).content.decode()

    for params in (
        "store_kind=overseas_merchant",
        "store_kind=self_operated&amp;fulfilment=bonded",
        "store_kind=personal_shopper",
        "store_kind=b2b_supplier",
        "fulfilment=direct_mail",
        "store_kind=overseas_merchant&amp;sort=price_asc",
        "sort=newest",
    ):
        assert f"{LISTING}?{params}" in page
    assert "Snail Essence" in page


def test_home_shows_the_category_tree(client):
    beauty = CategoryFactory(name="Beauty", slug="beauty")
    CategoryFactory(name="Skincare", slug="skincare", parent=beauty)

    page = client.get(reverse("storefront:home")).content.decode()

    assert "?category=beauty/skincare" in page or "?category=beauty%2Fskincare" in page


def test_listing_filters_by_origin_and_shows_cny_with_original_currency(client):
    on_sale(name="Korean Toner", origin="KR")
    on_sale(name="Japanese Sunscreen", origin="JP")

    response = client.get(LISTING, {"origin": "KR"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Korean Toner" in page
    assert "Japanese Sunscreen" not in page
    assert "¥199.00" in page
    assert "JPY 3,000" in page


def test_listing_filters_by_fulfilment_and_store_kind(client):
    bonded_store = StoreFactory(kind=StoreKind.SELF_OPERATED, currency_id="CNY")
    on_sale(name="Bonded Formula", store=bonded_store, mode="bonded")
    on_sale(name="Mailed Formula")

    page = client.get(LISTING, {"fulfilment": "bonded", "store_kind": "self_operated"}).content.decode()

    assert "Bonded Formula" in page
    assert "Mailed Formula" not in page


def test_listing_search_in_chinese_uses_the_fallback_on_sqlite(client):
    on_sale(name="Ginseng Cream", name_zh="人参面霜")
    on_sale(name="Milk Powder", name_zh="奶粉")

    page = client.get(LISTING, {"q": "面霜"}).content.decode()

    assert "Ginseng Cream" in page
    assert "Milk Powder" not in page


@pytest.mark.parametrize(
    "params",
    [
        {"price_min": "abc"},
        {"price_max": "1e999999"},
        {"price_min": "-1"},
        {"sort": "cheapest"},
        {"origin": "ZZ"},
        {"store_kind": "<script>"},
        {"fulfilment": "teleport"},
        {"page": "banana"},
        {"page": "99999"},
        {"price_min": "10", "price_max": "1"},
        {"q": "x" * 500},
    ],
    ids=[
        "text-price", "huge-price", "negative", "sort", "origin", "kind", "mode", "page-text", "page-far",
        "reversed", "long-q",
    ],
)  # fmt: skip
def test_bad_filter_input_is_ignored_with_a_message_not_a_500(client, params):
    on_sale(name="Still Listed")

    response = client.get(LISTING, params)

    assert response.status_code == 200
    page = response.content.decode()
    if "q" not in params:
        assert "Still Listed" in page
    if "page" not in params:
        assert "Some filters were ignored" in page


def test_listing_answers_htmx_with_the_results_fragment_only(client):
    on_sale(name="Fragment Product")

    response = client.get(LISTING, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert "Fragment Product" in page
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]


def test_pagination_links_keep_the_filters(client):
    for _ in range(25):
        on_sale(origin="KR")

    page = client.get(LISTING, {"origin": "KR", "sort": "name"}).content.decode()

    assert "?origin=KR&amp;sort=name&amp;page=2" in page


def test_product_page_compares_offers_with_shipping_explained_and_stock(client):
    product = on_sale(name="Sulwhasoo Cream", slug="sulwhasoo-cream", price_cny="1200.00")
    variant = product.variants.get()
    bonded = OfferFactory(
        variant=variant,
        store=StoreFactory(name="xborder Bonded", kind=StoreKind.SELF_OPERATED, currency_id="CNY"),
        fulfilment_mode="bonded",
        warehouse=BondedWarehouseFactory(),
        price=Decimal("1150.00"),
    )
    type(bonded).objects.filter(pk=bonded.pk).update(price_cny=Decimal("1150.00"))
    StockItemFactory(variant=variant, warehouse=bonded.warehouse, quantity=3, reserved=0)

    page = client.get(reverse("storefront:product_detail", args=["sulwhasoo-cream"])).content.decode()

    assert "Compare 2 offers" in page
    assert "xborder Bonded" in page
    assert "bonded warehouse in China" in page
    assert "1-3 days" in page
    assert "Ships from abroad" in page
    assert "Only 3 left" in page
    assert "Out of stock" in page
    assert "JPY 3,000" in page
    assert "3304990099" in page
    assert "calculated before payment" in page


def test_product_page_of_an_unknown_or_inactive_product_is_404(client):
    ProductFactory(slug="withdrawn", is_active=False)

    assert client.get(reverse("storefront:product_detail", args=["withdrawn"])).status_code == 404
    assert client.get(reverse("storefront:product_detail", args=["nope"])).status_code == 404


def test_store_page_shows_kind_verification_returns_and_products(client):
    store = StoreFactory(name="Seoul Beauty", slug="seoul-beauty", kind=StoreKind.OVERSEAS_MERCHANT, country="KR")
    store.return_window_days = 14
    store.save()
    on_sale(name="Cica Cream", store=store)
    on_sale(name="Elsewhere")

    page = client.get(reverse("storefront:store_detail", args=["seoul-beauty"])).content.decode()

    assert "Seoul Beauty" in page
    assert "Overseas merchant (M2C)" in page
    assert "Verified store" in page
    assert "14 days" in page
    assert "Cica Cream" in page
    assert "Elsewhere" not in page


def test_pending_store_page_is_404(client):
    StoreFactory(slug="not-yet", status=StoreStatus.PENDING)

    assert client.get(reverse("storefront:store_detail", args=["not-yet"])).status_code == 404


def test_switching_to_chinese_renders_the_pages_in_chinese(client):
    on_sale(
        name="Ginseng Cream", name_zh="人参面霜", slug="ginseng", brand=BrandFactory(name="Sulwhasoo", name_zh="雪花秀")
    )

    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": LISTING})
    assert response.status_code == 302
    page = client.get(LISTING).content.decode()
    product_page = client.get(reverse("storefront:product_detail", args=["ginseng"])).content.decode()

    assert '<html lang="zh-hans">' in page
    assert "人参面霜" in page
    assert "雪花秀" in page
    assert "筛选" in page
    assert "人参面霜" in product_page
    assert "付款前" in product_page


def make_catalog(count: int):
    store = StoreFactory()
    brand = BrandFactory()
    category = CategoryFactory()
    for _ in range(count):
        product = on_sale(store=store, brand=brand, category=category)
        OfferFactory(variant=product.variants.get())
    return store


@pytest.mark.parametrize("count", [1, 20], ids=["one-product", "twenty-products"])
def test_listing_page_query_count_does_not_grow_with_products(client, django_assert_num_queries, count):
    make_catalog(count)

    # count + page ids + page rows + brands + origins + categories
    with django_assert_num_queries(6):
        response = client.get(LISTING, {"sort": "price_asc", "origin": "JP"})

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 20], ids=["one-product", "twenty-products"])
def test_search_page_query_count_does_not_grow_with_products(client, django_assert_num_queries, count):
    make_catalog(count)

    # page ids with the count of matches + page rows + brands + origins + categories
    with django_assert_num_queries(5):
        response = client.get(LISTING, {"q": "Product"})

    assert response.status_code == 200


@pytest.mark.parametrize("offers", [1, 20], ids=["one-offer", "twenty-offers"])
def test_product_page_query_count_does_not_grow_with_offers(client, django_assert_num_queries, offers):
    product = on_sale(slug="p")
    variant = product.variants.get()
    for _ in range(offers - 1):
        offer = OfferFactory(variant=variant)
        StockItemFactory(variant=variant, warehouse=offer.warehouse)
        ProductImageFactory(product=product)

    # product + images + variants + offers (store, warehouse, stock) + breadcrumb + HS rates
    with django_assert_num_queries(6):
        response = client.get(reverse("storefront:product_detail", args=["p"]))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 20], ids=["one-product", "twenty-products"])
def test_store_page_query_count_does_not_grow_with_products(client, django_assert_num_queries, count):
    store = make_catalog(count)

    # store + count + page ids + page rows
    with django_assert_num_queries(4):
        response = client.get(reverse("storefront:store_detail", args=[store.slug]))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 20], ids=["one-product", "twenty-products"])
def test_home_query_count_does_not_grow_with_products(client, django_assert_num_queries, count):
    make_catalog(count)

    # categories + new arrivals
    with django_assert_num_queries(2):
        response = client.get(reverse("storefront:home"))

    assert response.status_code == 200


def test_product_page_estimates_the_import_tax_of_one_item_per_offer(client):
    from tests.duties.factories import HsRateFactory

    HsRateFactory(hs_code="1901101000", vat_rate=Decimal("0.13"), ct_rate=Decimal("0"), tariff_rate=Decimal("0.15"))
    product = ProductFactory(slug="formula", min_price_cny=Decimal("1000.00"))
    variant = VariantFactory(product=product, hs_code="1901101000", legal_unit="g", legal_quantity=Decimal("800"))
    offer = OfferFactory(variant=variant, fulfilment_mode="direct_mail")
    type(offer).objects.filter(pk=offer.pk).update(price_cny=Decimal("1000.00"))

    page = client.get(reverse("storefront:product_detail", args=["formula"])).content.decode()

    # CBEC: no tariff within the limits, VAT at 70%: 1000 x 13% x 0.7 = 91.00.
    assert "Est. import tax ¥91.00 per item" in page


def test_product_page_shows_no_tax_estimate_when_the_hs_code_has_no_rates(client):
    on_sale(slug="unrated")

    page = client.get(reverse("storefront:product_detail", args=["unrated"])).content.decode()

    assert "Est. import tax" not in page
    assert "calculated before payment" in page


def test_listing_count_stops_at_the_cap_and_says_so(client, monkeypatch):
    from xborder.storefront import views

    monkeypatch.setattr(views, "COUNT_CAP", 2)
    for _ in range(3):
        on_sale()

    page = client.get(LISTING).content.decode()

    assert "2+ products" in page


@pytest.mark.postgres
def test_search_without_exact_matches_offers_close_names_on_postgres(client):
    on_sale(name="Concentrated Ginseng Cream")

    page = client.get(LISTING, {"q": "ginsegn"}).content.decode()

    assert "Concentrated Ginseng Cream" in page
    assert "these names are close" in page


def test_filter_options_escape_names_and_mark_the_selection(client):
    on_sale(brand=BrandFactory(name="<b>Bold</b> & Co", slug="bold"))

    page = client.get(LISTING, {"brand": "bold"}).content.decode()

    assert '<option value="bold" selected>&lt;b&gt;Bold&lt;/b&gt; &amp; Co</option>' in page


def test_store_page_shows_the_stores_own_price_not_a_cheaper_one_elsewhere(client):
    store = StoreFactory(slug="dear-store")
    product = on_sale(name="Shared Cream", store=store, price_cny="500.00")
    elsewhere = OfferFactory(variant=product.variants.get())
    type(elsewhere).objects.filter(pk=elsewhere.pk).update(price_cny=Decimal("100.00"))

    page = client.get(reverse("storefront:store_detail", args=["dear-store"])).content.decode()

    assert "¥500.00" in page
    assert "¥100.00" not in page


def test_listing_navigates_the_category_tree_keeping_other_filters(client):
    beauty = CategoryFactory(name="Beauty", slug="beauty")
    CategoryFactory(name="Skincare", slug="skincare", parent=beauty)
    CategoryFactory(name="Books", slug="books")
    on_sale(category=beauty)

    roots = client.get(LISTING, {"origin": "JP"}).content.decode()
    inside = client.get(LISTING, {"origin": "JP", "category": "beauty", "price_min": "abc"}).content.decode()

    assert '<a href="?origin=JP&amp;category=books">Books</a>' in roots
    assert '<a href="?origin=JP&amp;category=beauty%2Fskincare">Skincare</a>' in inside
    assert '<a href="?origin=JP">All categories</a>' in inside


def test_nul_bytes_in_filters_are_dropped_not_sent_to_the_database(client):
    on_sale(name="Night Cream")

    response = client.get(LISTING, {"q": "cream\x00", "brand": "\x00", "category": "\x00"})

    assert response.status_code == 200
    assert "Night Cream" in response.content.decode()


def test_product_page_offers_add_to_cart_only_for_offers_in_stock(client):
    product = on_sale(slug="p")
    in_stock = OfferFactory(variant=product.variants.get())
    StockItemFactory(variant=in_stock.variant, warehouse=in_stock.warehouse, quantity=5)

    page = client.get(reverse("storefront:product_detail", args=["p"])).content.decode()

    assert page.count('name="offer_id"') == 1
    assert f'name="offer_id" value="{in_stock.pk}"' in page
    assert reverse("checkout:cart_add") in page


def test_listing_facets_are_cached_between_requests(client, django_assert_num_queries):
    make_catalog(3)
    client.get(LISTING)

    # count + page ids + page rows: brands, origins and categories come from the cache
    with django_assert_num_queries(3):
        response = client.get(LISTING, {"sort": "name"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("page", "cards", "number"),
    [("2", 6, 2), ("99", 6, 2), ("abc", 24, 1), ("0", 6, 2)],
    ids=["second", "past-the-end", "not-a-number", "zero"],
)
def test_search_pages_count_their_matches_with_the_page(client, page, cards, number):
    for _ in range(30):
        on_sale(name="Matcha Powder")
    on_sale(name="Unrelated")

    content = client.get(LISTING, {"q": "matcha", "page": page}).content.decode()

    assert "30 products" in content
    assert content.count('class="product-card"') == cards
    assert f"Page {number} of 2" in content
