"""The listing selector: every filter, every sort, text search in English and Chinese, filter parsing."""

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
from xborder.catalog.selectors import (
    INVALID_FILTER,
    ListingFilters,
    category_tree,
    listing_page,
    listing_page_counted,
    product_detail,
    product_listing,
    search_products,
)
from xborder.catalog.services import refresh_display_prices
from xborder.sellers.models import StoreKind, StoreStatus

pytestmark = pytest.mark.django_db


def product_with_offer(*, price_cny="100.00", origin="JP", mode="direct_mail", store=None, **product_fields):
    product = ProductFactory(min_price_cny=Decimal(price_cny), **product_fields)
    variant = VariantFactory(product=product, origin_country=origin)
    warehouse = BondedWarehouseFactory() if mode == "bonded" else None
    offer_fields = {"warehouse": warehouse} if warehouse else {}
    OfferFactory(variant=variant, fulfilment_mode=mode, store=store or StoreFactory(), **offer_fields)
    return product


def slugs(filters: ListingFilters) -> list[str]:
    return [product.slug for product in product_listing(filters)]


def listed(**params) -> list[str]:
    filters = ListingFilters.from_params(params)
    assert filters.is_valid, filters.errors
    return slugs(filters)


def test_listing_shows_only_active_products():
    product_with_offer(slug="on-sale")
    product_with_offer(slug="withdrawn", is_active=False)

    assert listed() == ["on-sale"]


def test_origin_filter_matches_any_variant_origin():
    product_with_offer(slug="from-korea", origin="KR")
    product_with_offer(slug="from-japan", origin="JP")

    assert listed(origin="kr") == ["from-korea"]


def test_brand_filter_uses_the_brand_slug():
    product_with_offer(slug="sulwhasoo-cream", brand=BrandFactory(name="Sulwhasoo", slug="sulwhasoo"))
    product_with_offer(slug="other")

    assert listed(brand="sulwhasoo") == ["sulwhasoo-cream"]


def test_category_filter_includes_the_whole_subtree_and_not_lookalike_paths():
    beauty = CategoryFactory(slug="beauty")
    skincare = CategoryFactory(slug="skincare", parent=beauty)
    product_with_offer(slug="cream", category=skincare)
    product_with_offer(slug="lipstick", category=beauty)
    product_with_offer(slug="beauty-tools", category=CategoryFactory(slug="beautytools"))

    assert sorted(listed(category="beauty")) == ["cream", "lipstick"]
    assert listed(category="beauty/skincare") == ["cream"]


def test_store_kind_filter_looks_at_the_stores_that_offer_the_product():
    product_with_offer(slug="bonded-b2c", store=StoreFactory(kind=StoreKind.SELF_OPERATED, currency_id="CNY"))
    product_with_offer(slug="m2c", store=StoreFactory(kind=StoreKind.OVERSEAS_MERCHANT))

    assert listed(store_kind="self_operated") == ["bonded-b2c"]


def test_fulfilment_filter():
    product_with_offer(slug="bonded", mode="bonded")
    product_with_offer(slug="direct", mode="direct_mail")

    assert listed(fulfilment="bonded") == ["bonded"]


def test_store_kind_and_fulfilment_must_hold_for_the_same_offer():
    product = product_with_offer(slug="mixed", mode="direct_mail", store=StoreFactory(kind="overseas_merchant"))
    OfferFactory(
        variant=product.variants.get(),
        store=StoreFactory(kind="self_operated", currency_id="CNY"),
        fulfilment_mode="bonded",
        warehouse=BondedWarehouseFactory(),
    )

    assert listed(store_kind="self_operated", fulfilment="bonded") == ["mixed"]
    assert listed(store_kind="self_operated", fulfilment="direct_mail") == []


def test_store_filter_lists_what_one_store_offers():
    store = StoreFactory(slug="tokyo-drug")
    product_with_offer(slug="ours", store=store)
    product_with_offer(slug="theirs")

    assert listed(store="tokyo-drug") == ["ours"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"price_min": "100"}, ["mid", "dear"]),
        ({"price_max": "100"}, ["cheap", "mid"]),
        ({"price_min": "50", "price_max": "150"}, ["mid"]),
    ],
    ids=["min-inclusive", "max-inclusive", "range"],
)
def test_price_range_in_cny_uses_the_cheapest_offer(params, expected):
    product_with_offer(slug="cheap", price_cny="20.00")
    product_with_offer(slug="mid", price_cny="100.00")
    product_with_offer(slug="dear", price_cny="900.00")

    assert listed(sort="price_asc", **params) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["b-second", "c-third", "a-first"]),
        ("price_asc", ["c-third", "a-first", "b-second"]),
        ("price_desc", ["b-second", "a-first", "c-third"]),
        ("name", ["a-first", "b-second", "c-third"]),
    ],
    ids=["newest", "price-asc", "price-desc", "name"],
)
def test_sorting(sort, expected):
    product_with_offer(slug="a-first", name="Alpha", price_cny="50.00")
    product_with_offer(slug="c-third", name="Gamma", price_cny="10.00")
    product_with_offer(slug="b-second", name="Beta", price_cny="90.00")

    assert listed(sort=sort) == expected


def test_products_without_a_price_sort_last_both_ways():
    product_with_offer(slug="priced", price_cny="10.00")
    ProductFactory(slug="unpriced", min_price_cny=None)

    assert listed(sort="price_asc")[-1] == "unpriced"
    assert listed(sort="price_desc")[-1] == "unpriced"


def test_listing_annotates_cheapest_offer_image_and_offer_count():
    product = product_with_offer(slug="p", price_cny="30.00")
    OfferFactory(variant=product.variants.get(), price=Decimal("9000"), currency_id="JPY")
    ProductImageFactory(product=product, url="/static/second.svg", position=2)
    ProductImageFactory(product=product, url="/static/first.svg", position=1)
    product.offers.update(price_cny=None)
    product.offers.filter(price=Decimal("9000")).update(price_cny=Decimal("430.00"))
    product.offers.filter(price=Decimal("3000")).update(price_cny=Decimal("143.00"))

    row = product_listing(ListingFilters()).get()

    assert row.offer_count == 2
    assert (row.cheapest_price, row.cheapest_currency, row.cheapest_price_cny) == (
        Decimal("3000"),
        "JPY",
        Decimal("143.00"),
    )
    assert row.image_url == "/static/first.svg"


@pytest.mark.parametrize(
    "q",
    ["cream", "CREAM", "面霜", "人参面霜", "雪花秀", "Sulwhasoo", "ce"],
    ids=[
        "english",
        "case-insensitive",
        "chinese-2-chars",
        "chinese-4-chars",
        "chinese-brand",
        "brand",
        "latin-2-chars",
    ],
)
def test_search_matches_names_in_both_languages_and_brand(q):
    brand = BrandFactory(name="Sulwhasoo", name_zh="雪花秀", slug="sulwhasoo")
    product_with_offer(slug="cream", name="Concentrated Ginseng Cream", name_zh="滋盈生人参面霜", brand=brand)
    product_with_offer(slug="formula", name="Infant Formula", name_zh="婴儿配方奶粉")

    assert [p.slug for p in search_products(q)] == ["cream"]


def test_search_looks_in_descriptions_too():
    product_with_offer(slug="serum", name="First Care Serum", description="An activating serum with ginseng.")
    product_with_offer(slug="other", name="Other")

    assert [p.slug for p in search_products("ginseng")] == ["serum"]


def test_search_ranks_name_matches_first_and_combines_with_filters():
    product_with_offer(slug="in-description", name="Toner", description="Use before cream.", origin="JP")
    product_with_offer(slug="in-name", name="Water Cream", origin="JP")
    product_with_offer(slug="korean-cream", name="Cream", origin="KR")

    found = search_products("cream", ListingFilters.from_params({"origin": "JP"}))

    assert [p.slug for p in found] == ["in-name", "in-description"]


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"price_min": "abc"}, "price_min", "not_a_number"),
        ({"price_max": "NaN"}, "price_max", "not_a_number"),
        ({"price_min": "-5"}, "price_min", "negative"),
        ({"price_min": "9", "price_max": "1"}, "price_max", "range_reversed"),
        ({"sort": "cheapest"}, "sort", "unknown_choice"),
        ({"origin": "XX"}, "origin", "unknown_choice"),
        ({"store_kind": "pirate"}, "store_kind", "unknown_choice"),
        ({"fulfilment": "teleport"}, "fulfilment", "unknown_choice"),
        ({"q": "x" * 101}, "q", "too_long"),
    ],
    ids=["price-text", "price-nan", "price-negative", "range-reversed", "sort", "origin", "store-kind", "mode", "q"],
)
def test_bad_filter_values_are_dropped_with_a_stable_code(params, field, code):
    filters = ListingFilters.from_params(params)

    assert filters.errors == {field: code}
    assert not filters.is_valid
    error = filters.error()
    assert (error.code, error.status, error.fields) == (INVALID_FILTER, 400, {field: code})
    assert list(product_listing(filters)) == []


def test_filters_round_trip_as_active_params():
    filters = ListingFilters.from_params({"origin": "kr", "price_min": "10", "sort": "name", "brand": ""})

    assert filters.active == {"origin": "KR", "price_min": "10", "sort": "name"}
    assert filters.without("origin").active == {"price_min": "10", "sort": "name"}


def test_category_tree_nests_children_under_parents(django_assert_num_queries):
    beauty = CategoryFactory(slug="beauty")
    CategoryFactory(slug="skincare", parent=beauty)
    CategoryFactory(slug="books")

    with django_assert_num_queries(1):
        roots = category_tree()

    assert [root.path for root in roots] == ["beauty", "books"]
    assert [child.path for child in roots[0].subcategories] == ["beauty/skincare"]


def test_product_detail_prefetches_offers_with_store_warehouse_and_stock(django_assert_num_queries):
    product = product_with_offer(slug="p")
    offer = product.offers.get()
    StockItemFactory(variant=offer.variant, warehouse=offer.warehouse, quantity=10, reserved=3)
    for _ in range(4):
        OfferFactory(variant=offer.variant)

    with django_assert_num_queries(4):
        detail = product_detail("p")
        rows = [(o.store.name, o.warehouse.kind, o.variant.hs_code, o.currency.code) for o in detail.active_offers]

    assert len(rows) == 5
    assert {o.id: o.stock_available for o in detail.active_offers}[offer.id] == 7


@pytest.mark.postgres
@pytest.mark.parametrize(
    "q",
    ["面霜", "人参面霜", "雪花秀", "参", "霜 "],
    ids=["two-chars", "four-chars", "brand", "one-char", "trailing-space"],
)
def test_chinese_search_on_postgres_uses_trigram_matching(q):
    brand = BrandFactory(name="Sulwhasoo", name_zh="雪花秀", slug="sulwhasoo")
    product_with_offer(slug="cream", name="Concentrated Ginseng Cream", name_zh="滋盈生人参面霜", brand=brand)
    product_with_offer(slug="formula", name="Infant Formula", name_zh="婴儿配方奶粉")

    assert [p.slug for p in search_products(q)] == ["cream"]


@pytest.mark.postgres
def test_postgres_fuzzy_search_forgives_a_typo_by_trigram_word_similarity():
    product_with_offer(slug="cream", name="Concentrated Ginseng Cream")
    product_with_offer(slug="formula", name="Infant Formula")

    assert [p.slug for p in search_products("ginsegn")] == []
    assert [p.slug for p in search_products("ginsegn", fuzzy=True)] == ["cream"]
    assert [p.slug for p in search_products("ginsegn cream", fuzzy=True)] == ["cream"]


@pytest.mark.postgres
def test_postgres_search_indexes_exist():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'catalog_product'")
        names = {row[0] for row in cursor.fetchall()}

    assert {
        "catalog_product_name_upper_trgm",
        "catalog_product_name_zh_upper_trgm",
        "catalog_product_fulltext",
    } <= names


def test_search_takes_like_wildcards_literally():
    product_with_offer(slug="percent", name="100% Pure Argan Oil")
    product_with_offer(slug="plain", name="Pure Argan Oil")

    assert [p.slug for p in search_products("100%")] == ["percent"]
    assert [p.slug for p in search_products("%")] == ["percent"]
    assert [p.slug for p in search_products("_")] == []


def test_listing_page_reads_ids_then_rows_in_listing_order(django_assert_num_queries):
    for name in ("Beta", "Alpha", "Gamma"):
        product_with_offer(slug=name.lower(), name=name)
    products = product_listing(ListingFilters(sort="name"))

    with django_assert_num_queries(2):
        rows = listing_page(products, 1, 3)

    assert [row.slug for row in rows] == ["beta", "gamma"]
    assert rows[0].offer_count == 1


def test_listing_page_of_a_store_annotates_that_stores_offers():
    store = StoreFactory(slug="ours")
    product = product_with_offer(slug="p", store=store)
    OfferFactory(variant=product.variants.get())
    product.offers.filter(store=store).update(price_cny=Decimal("500.00"))
    product.offers.exclude(store=store).update(price_cny=Decimal("100.00"))
    filters = ListingFilters(store="ours")

    (row,) = listing_page(product_listing(filters), 0, 24, store="ours")

    assert (row.offer_count, row.cheapest_price_cny) == (1, Decimal("500.00"))


def test_listing_page_counted_reads_the_page_and_the_number_of_matches_together(django_assert_num_queries):
    for index in range(5):
        product_with_offer(slug=f"cream-{index}", name=f"Cream {index}")
    product_with_offer(slug="toner", name="Toner")
    products = search_products("cream")

    with django_assert_num_queries(2):
        rows, total = listing_page_counted(products, 2, 4)

    assert (len(rows), total) == (2, 5)
    assert listing_page_counted(products, 10, 12) == ([], None)


@pytest.mark.parametrize("status", [StoreStatus.PENDING, StoreStatus.SUSPENDED, StoreStatus.CLOSED])
def test_offers_of_stores_that_are_not_approved_are_not_sold(status):
    approved = StoreFactory(currency_id="CNY")
    product = product_with_offer(price_cny="300.00", store=approved)
    hidden = OfferFactory(
        variant=product.variants.get(), store=StoreFactory(status=status, currency_id="CNY"), price=Decimal("99.00")
    )
    refresh_display_prices()
    product.refresh_from_db()
    assert product.min_price_cny == Decimal("3000.00")  # the factory offer of the approved store: 3000 CNY
    assert hidden.pk not in [offer.pk for offer in product_detail(product.slug).active_offers]
    assert listed(store=hidden.store.slug) == []
