"""Catalog API: the storefront's filters and sorting, pagination, product detail with offers, categories and
brands; a fixed number of queries whatever the page size."""

from decimal import Decimal

import pytest

from tests.factories import (
    BrandFactory,
    CategoryFactory,
    FxRateFactory,
    OfferFactory,
    ProductFactory,
    StockItemFactory,
    StoreFactory,
    VariantFactory,
)
from tests.factories.inventory import BondedWarehouseFactory
from xborder.catalog.services import refresh_display_prices
from xborder.sellers.models import StoreKind

PRODUCTS = "/api/v1/catalog/products"


@pytest.fixture
def rates(db):
    FxRateFactory(base_id="JPY", quote_id="CNY", rate=Decimal("0.048"))
    FxRateFactory(base_id="USD", quote_id="CNY", rate=Decimal("7.1"))


def offer_for(product=None, *, origin="JP", price="3000", store=None, **fields):
    variant = VariantFactory(product=product or ProductFactory(), origin_country=origin)
    return OfferFactory(variant=variant, price=Decimal(price), store=store or StoreFactory(), **fields)


def listed(client, query: str = "") -> list[str]:
    response = client.get(f"{PRODUCTS}?{query}")
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


@pytest.mark.django_db
def test_a_listed_product_carries_names_brand_category_price_offers_and_origins(api_client, rates):
    category = CategoryFactory(slug="skincare", name="Skincare", name_zh="护肤")
    product = ProductFactory(name="Moist Cream", name_zh="保湿霜", category=category, brand=BrandFactory(slug="kao"))
    offer_for(product, origin="JP", price="3000")
    offer_for(product, origin="KR", price="20.00", store=StoreFactory(currency_id="USD", country="US"))
    refresh_display_prices()
    item = api_client.get(PRODUCTS).json()["items"][0]
    assert item["name"] == "Moist Cream" and item["name_zh"] == "保湿霜"
    assert item["brand"]["slug"] == "kao"
    assert item["category"] == {"path": "skincare", "name": "Skincare", "name_zh": "护肤"}
    assert item["min_price_cny"] == "142.00"
    assert item["offer_count"] == 2
    assert item["origin_countries"] == ["JP", "KR"]
    assert item["cheapest_offer"] == {
        "price": "20.00",
        "currency": "USD",
        "price_cny": "142.00",
        "fulfilment_mode": "direct_mail",
    }


@pytest.mark.django_db
def test_money_is_a_decimal_string_never_a_float(api_client, rates):
    offer_for(price="3000")
    refresh_display_prices()
    item = api_client.get(PRODUCTS).json()["items"][0]
    assert item["min_price_cny"] == "144.00"
    assert item["cheapest_offer"]["price"] == "3000"  # JPY has no minor unit


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("origin=KR", ["korean"]),
        ("origin=kr", ["korean"]),
        ("brand=sulwhasoo", ["korean"]),
        ("category=beauty", ["japanese", "korean"]),
        ("category=beauty/skincare", ["korean"]),
        ("store_kind=self_operated", ["japanese"]),
        ("fulfilment=bonded", ["japanese"]),
        ("price_min=100&price_max=200", ["japanese"]),
        ("price_max=100", ["korean"]),
        ("q=cream", ["korean"]),
        ("q=面霜", ["korean"]),
        ("sort=price_asc", ["korean", "japanese"]),
        ("sort=price_desc", ["japanese", "korean"]),
        ("origin=KR&fulfilment=bonded", []),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_listing_filters_and_sorting_match_the_storefront(api_client, rates, query, expected):
    beauty = CategoryFactory(slug="beauty")
    skincare = CategoryFactory(slug="skincare", parent=beauty)
    makeup = CategoryFactory(slug="makeup", parent=beauty)
    korean = ProductFactory(slug="korean", name="Snow Cream", name_zh="雪花面霜", category=skincare)
    korean.brand = BrandFactory(name="Sulwhasoo", slug="sulwhasoo")
    korean.save()
    japanese = ProductFactory(slug="japanese", name="Lipstick", name_zh="口红", category=makeup)
    offer_for(korean, origin="KR", price="10.00", store=StoreFactory(currency_id="USD", country="KR"))
    offer_for(
        japanese,
        origin="JP",
        price="3000",
        store=StoreFactory(kind=StoreKind.SELF_OPERATED),
        fulfilment_mode="bonded",
        warehouse=BondedWarehouseFactory(),
    )
    refresh_display_prices()
    assert listed(api_client, query) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("origin=ZZ", {"origin": "unknown_choice"}),
        ("store_kind=pirate", {"store_kind": "unknown_choice"}),
        ("fulfilment=teleport", {"fulfilment": "unknown_choice"}),
        ("sort=random", {"sort": "unknown_choice"}),
        ("price_min=cheap", {"price_min": "not_a_number"}),
        ("price_min=-5", {"price_min": "negative"}),
        ("price_max=NaN", {"price_max": "not_a_number"}),
        ("price_min=200&price_max=100", {"price_max": "range_reversed"}),
        ("q=" + "x" * 101, {"q": "too_long"}),
    ],
    ids=["origin", "store-kind", "fulfilment", "sort", "price-text", "price-negative", "price-nan", "range", "q-long"],
)
def test_unknown_filter_values_are_a_400_naming_each_parameter(api_client, db, query, fields):
    response = api_client.get(f"{PRODUCTS}?{query}")
    assert response.status_code == 400
    assert response.json() == {"code": "invalid_filter", "message": response.json()["message"], "fields": fields}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=-1", "limit=abc", "offset=-1", "offset=99999999999", "page=0", "page=x", "limit=1.5"],
)
def test_bad_pagination_is_invalid_input(api_client, query):
    response = api_client.get(f"{PRODUCTS}?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert set(body["fields"]) <= {"limit", "offset", "page"}


@pytest.mark.django_db
def test_a_huge_limit_is_capped(api_client):
    body = api_client.get(f"{PRODUCTS}?limit=" + "9" * 40).json()
    assert body["limit"] == 100


@pytest.mark.django_db
def test_pages_by_offset_or_page_number(api_client, rates):
    for _ in range(5):
        offer_for()
    refresh_display_prices()
    everything = listed(api_client, "sort=newest&limit=5")
    assert listed(api_client, "sort=newest&limit=2&offset=2") == everything[2:4]
    body = api_client.get(f"{PRODUCTS}?sort=newest&limit=2&page=3").json()
    assert [item["slug"] for item in body["items"]] == everything[4:]
    assert (body["count"], body["limit"], body["offset"]) == (5, 2, 4)


@pytest.mark.django_db
def test_the_count_stops_at_the_cap_and_deeper_pages_still_work(api_client, rates, monkeypatch):
    monkeypatch.setattr("xborder.catalog.api.COUNT_CAP", 2)
    for _ in range(4):
        offer_for()
    refresh_display_prices()
    body = api_client.get(f"{PRODUCTS}?limit=1&offset=3").json()
    assert (body["count"], body["count_capped"], len(body["items"])) == (2, True, 1)
    assert api_client.get(f"{PRODUCTS}?origin=KR").json()["count_capped"] is False


@pytest.mark.django_db
def test_an_exact_search_is_not_fuzzy_and_no_match_is_empty(api_client, rates):
    offer_for(ProductFactory(name="Moisturizing Cream"))
    refresh_display_prices()
    assert api_client.get(f"{PRODUCTS}?q=moisturizing").json()["fuzzy"] is False
    body = api_client.get(f"{PRODUCTS}?q=zzzzqqq").json()
    assert (body["count"], body["fuzzy"], body["items"]) == (0, False, [])


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_search_with_a_typo_returns_similar_names_like_the_storefront(api_client, rates):
    offer_for(ProductFactory(name="Moisturizing Cream", slug="moist"))
    refresh_display_prices()
    body = api_client.get(f"{PRODUCTS}?q=moisturizng").json()
    assert body["fuzzy"] is True
    assert [item["slug"] for item in body["items"]] == ["moist"]


@pytest.mark.django_db
def test_inactive_products_are_not_listed_nor_shown(api_client, rates):
    hidden = offer_for().product
    hidden.is_active = False
    hidden.save()
    assert listed(api_client) == []
    response = api_client.get(f"{PRODUCTS}/{hidden.slug}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_the_listing_runs_a_fixed_number_of_queries(api_client, rates, django_assert_num_queries, count):
    for _ in range(count):
        offer_for()
    refresh_display_prices()
    # capped count, the page's ids, those rows annotated, their origins
    with django_assert_num_queries(4):
        response = api_client.get(f"{PRODUCTS}?limit=50")
    assert len(response.json()["items"]) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_a_filtered_search_runs_a_fixed_number_of_queries(api_client, rates, django_assert_num_queries, count):
    for _ in range(count):
        offer_for(ProductFactory(name="Night Cream"), origin="KR")
    refresh_display_prices()
    # capped count, the page's ids, those rows annotated, their origins
    with django_assert_num_queries(4):
        response = api_client.get(f"{PRODUCTS}?q=cream&origin=KR&sort=price_asc&limit=50")
    assert response.json()["count"] == count


@pytest.mark.django_db
def test_product_detail_has_variants_with_customs_data_and_offers_compared(api_client, rates):
    product = ProductFactory(slug="cream")
    cheap = offer_for(product, origin="KR", price="10.00", store=StoreFactory(currency_id="USD", country="KR"))
    bonded = offer_for(
        product,
        price="3000",
        store=StoreFactory(kind=StoreKind.SELF_OPERATED, slug="xb-self"),
        fulfilment_mode="bonded",
        warehouse=BondedWarehouseFactory(),
    )
    StockItemFactory(variant=bonded.variant, warehouse=bonded.warehouse, quantity=12, reserved=2)
    refresh_display_prices()
    body = api_client.get(f"{PRODUCTS}/cream").json()
    variant = next(row for row in body["variants"] if row["sku"] == bonded.variant.sku)
    assert variant == {
        "id": bonded.variant.pk,
        "sku": bonded.variant.sku,
        "name": "50 ml",
        "name_zh": "",
        "hs_code": "3304990099",
        "origin_country": "JP",
        "net_weight_kg": "0.050",
        "gross_weight_kg": "0.120",
        "legal_unit": "ml",
        "legal_quantity": "50.000",
        "barcode": bonded.variant.barcode,
    }
    assert [row["id"] for row in body["offers"]] == [cheap.pk, bonded.pk]
    shown = body["offers"][1]
    assert shown["store"]["slug"] == "xb-self" and shown["store"]["kind"] == "self_operated"
    assert (shown["price"], shown["currency"], shown["price_cny"]) == ("3000", "JPY", "144.00")
    assert shown["fulfilment_mode"] == "bonded"
    assert shown["warehouse"] == {"kind": "bonded", "country": "CN"}
    assert shown["available_stock"] == 10
    assert body["offers"][0]["available_stock"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("offers", [1, 10])
def test_product_detail_runs_a_fixed_number_of_queries(api_client, rates, django_assert_num_queries, offers):
    product = ProductFactory(slug="cream")
    for _ in range(offers):
        offer_for(product)
    with django_assert_num_queries(4):  # product, images, variants, offers with stock
        response = api_client.get(f"{PRODUCTS}/cream")
    assert len(response.json()["offers"]) == offers


@pytest.mark.django_db
def test_an_unknown_product_is_not_found(api_client):
    response = api_client.get(f"{PRODUCTS}/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found.", "fields": {}}


@pytest.mark.django_db
def test_categories_come_as_a_tree(api_client, django_assert_num_queries):
    beauty = CategoryFactory(slug="beauty", name="Beauty", name_zh="美妆")
    CategoryFactory(slug="skincare", parent=beauty)
    CategoryFactory(slug="wine")
    with django_assert_num_queries(1):
        tree = api_client.get("/api/v1/catalog/categories").json()
    assert [node["path"] for node in tree] == ["beauty", "wine"]
    assert tree[0]["name_zh"] == "美妆"
    assert [child["path"] for child in tree[0]["children"]] == ["beauty/skincare"]


@pytest.mark.django_db
def test_brands_are_listed_by_name(api_client):
    BrandFactory(name="Shiseido", slug="shiseido", country="JP")
    BrandFactory(name="Aptamil", slug="aptamil", country="DE")
    body = api_client.get("/api/v1/catalog/brands").json()
    assert body == [
        {"slug": "aptamil", "name": "Aptamil", "name_zh": "", "country": "DE"},
        {"slug": "shiseido", "name": "Shiseido", "name_zh": "", "country": "JP"},
    ]
