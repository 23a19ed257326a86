"""The demo platform: every role, stores of every kind, a taxable catalog, idempotent loading, fast generation.

The demo is loaded once per module inside a transaction that is rolled back afterwards; each test runs in
its own savepoint on top of it, so the expensive part happens once.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, F
from django.test.utils import CaptureQueriesContext, override_settings

from xborder.accounts.models import Identity, User
from xborder.catalog.demo import platform as demo_platform
from xborder.catalog.demo.barcodes import ean13, ean13_check_digit, is_valid_ean13
from xborder.catalog.demo.loader import load_demo
from xborder.catalog.demo.products import generated_draft, last_generated_index, local_price
from xborder.catalog.models import Category, FulfilmentMode, Offer, Product, Variant
from xborder.catalog.services import refresh_display_prices
from xborder.core.pii import keyed_hash
from xborder.duties.tables import HS_RATES_CSV
from xborder.inventory.models import StockItem, Warehouse, WarehouseKind
from xborder.inventory.selectors import unreconciled_stock_items
from xborder.pricing.models import FxRate
from xborder.sellers.models import Store, StoreKind, StoreStatus

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
COUNTED = (User, Store, Warehouse, Category, Product, Variant, Offer, StockItem, FxRate, Identity)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo, db, settings):
    settings.PASSWORD_HASHERS = FAST_HASHER
    return demo


def account(key: str) -> User:
    return User.objects.get(email=demo_platform._email(key))


def test_every_role_has_a_demo_account(loaded):
    assert account("buyer").roles == {"buyer"}
    assert "store_member" in account("merchant").roles
    assert account("merchant").store_memberships.get().store.kind == StoreKind.OVERSEAS_MERCHANT
    assert account("merchant").store_memberships.get().store.country == "JP"
    assert account("selfop").store_memberships.get().store.kind == StoreKind.SELF_OPERATED
    assert "agency_member" in account("agency").roles
    assert "creator" in account("creator").roles
    assert account("operator").roles == {"buyer", "operator"}
    assert account("admin").is_superuser


def test_demo_accounts_log_in_with_the_printed_password(loaded, client):
    assert client.login(email=account("buyer2").email, password=demo_platform.DEMO_PASSWORD)


def test_the_buyer_has_a_verified_identity_and_a_shanghai_address(loaded):
    buyer = account("buyer")
    assert buyer.identity.is_verified
    assert buyer.identity.id_hash == keyed_hash("110101199003070011")
    assert buyer.identity.masked_id_number == "110101********0011"
    address = buyer.addresses.get(is_default=True)
    assert (address.province, address.district_code) == ("上海市", "310115")


def test_the_second_buyer_has_no_identity(loaded):
    assert not Identity.objects.filter(user=account("buyer2")).exists()


@pytest.mark.parametrize(
    "permission, granted",
    [
        ("catalog.change_product", True),
        ("catalog.view_offer", True),
        ("sellers.change_store", True),
        ("accounts.view_identity", True),
        ("accounts.change_identity", False),
        ("catalog.delete_product", False),
    ],
    ids=lambda value: str(value),
)
def test_operators_may_view_and_change_catalog_and_sellers_and_view_identities(loaded, permission, granted):
    operator = account("operator")
    assert operator.groups.filter(name="Operators").exists()
    assert operator.has_perm(permission) is granted


def test_approved_stores_of_all_four_kinds_in_at_least_six_countries(loaded):
    stores = Store.objects.filter(status=StoreStatus.APPROVED)
    assert stores.count() >= 8
    assert set(stores.values_list("kind", flat=True)) == set(StoreKind.values)
    assert stores.values("country").distinct().count() >= 6
    assert not stores.filter(members__isnull=True).exists()
    self_operated = stores.get(kind=StoreKind.SELF_OPERATED)
    assert (self_operated.country, self_operated.currency_id) == ("CN", "CNY")


def test_bonded_warehouses_carry_their_customs_identifiers(loaded):
    bonded = Warehouse.objects.filter(kind=WarehouseKind.BONDED)
    assert {house.city for house in bonded} >= {"Ningbo", "Hangzhou", "Guangzhou", "Zhengzhou"}
    assert all(house.customs_code and house.area_code and house.ems_no for house in bonded)
    assert Warehouse.objects.filter(kind=WarehouseKind.OVERSEAS).values("country").distinct().count() >= 6
    assert Warehouse.objects.filter(kind=WarehouseKind.DOMESTIC).exists()


def test_fx_rates_to_cny_for_every_store_currency(loaded):
    rates = dict(FxRate.objects.filter(source="demo", quote_id="CNY").values_list("base_id", "rate"))
    assert set(rates) >= {"JPY", "KRW", "USD", "EUR", "GBP", "AUD", "NZD", "CAD", "HKD"}
    assert Decimal("6") < rates["USD"] < Decimal("8")
    assert set(Store.objects.values_list("currency_id", flat=True)) <= set(rates) | {"CNY"}


def test_at_least_300_bilingual_products_in_at_least_10_top_categories(loaded):
    products = Product.objects.all()
    assert products.count() >= 300
    assert not products.filter(name_zh="").exists()
    assert not products.filter(description_zh="").exists()
    tops = {path.split("/")[0] for path in products.values_list("category__path", flat=True)}
    assert len(tops) >= 10
    assert Category.objects.filter(parent__isnull=False).count() > len(tops)


def test_every_variant_has_a_taxable_hs_code_a_valid_barcode_and_its_brands_origin(loaded):
    rated = {row["hs_code"] for row in csv.DictReader(io.StringIO(HS_RATES_CSV.read_text(encoding="utf-8")))}
    variants = list(Variant.objects.select_related("product__brand"))
    assert variants
    for variant in variants:
        assert len(variant.hs_code) == 10 and variant.hs_code in rated, variant.sku
        assert is_valid_ean13(variant.barcode), variant.sku
        assert variant.origin_country == variant.product.brand.country
        assert variant.gross_weight_kg >= variant.net_weight_kg > 0
    assert len({variant.barcode for variant in variants}) == len(variants)


@pytest.mark.parametrize(
    "category, hs_code, legal_unit",
    [
        ("beauty/skincare", "3304990099", "ml"),
        ("baby/infant-formula", "1901101000", "g"),
        ("bags/handbags", "4202210000", "piece"),
        ("watches/automatic", "9102210000", "piece"),
        ("wine/red-wine", "2204210000", "l"),
    ],
    ids=["lotion", "formula", "handbag", "watch", "wine"],
)
def test_customs_data_fits_the_category(loaded, category, hs_code, legal_unit):
    variants = Variant.objects.filter(product__category__path=category, hs_code=hs_code)
    assert variants.exists()
    assert set(variants.values_list("legal_unit", flat=True)) <= {legal_unit, "g"}
    assert variants.filter(legal_unit=legal_unit).exists()


def test_offers_are_priced_in_their_stores_currency_with_every_fulfilment_mode(loaded):
    offers = Offer.objects.select_related("store", "warehouse")
    assert not offers.exclude(currency=F("store__currency")).exists()
    assert set(offers.values_list("fulfilment_mode", flat=True)) == set(FulfilmentMode.values)
    assert not offers.filter(fulfilment_mode=FulfilmentMode.BONDED).exclude(warehouse__kind=WarehouseKind.BONDED)
    assert not offers.filter(price_cny__isnull=True).exists()
    assert not Product.objects.filter(min_price_cny__isnull=True).exists()


def test_many_products_compare_several_offers_and_luxury_goods_cross_the_5000_limit(loaded):
    several = Product.objects.annotate(n=Count("offers__store", distinct=True)).filter(n__gte=2).count()
    assert several >= Product.objects.count() // 3
    assert Offer.objects.filter(product__category__path__startswith="watches", price_cny__gt=5000).exists()
    assert Offer.objects.filter(product__category__path__startswith="bags", price_cny__gt=5000).exists()


def test_every_offer_has_stock_in_its_warehouse(loaded):
    stocked = set(StockItem.objects.values_list("variant_id", "warehouse_id"))
    assert set(Offer.objects.values_list("variant_id", "warehouse_id")) <= stocked
    kinds = set(StockItem.objects.filter(quantity__gt=0).values_list("warehouse__kind", flat=True))
    assert {WarehouseKind.BONDED, WarehouseKind.OVERSEAS} <= kinds


def test_demo_stock_levels_are_the_sums_of_their_movements(loaded):
    assert StockItem.objects.exists()
    assert unreconciled_stock_items() == []


def test_a_second_run_writes_nothing(loaded):
    before = {model.__name__: model.objects.count() for model in COUNTED}
    with CaptureQueriesContext(connection) as queries:
        result = load_demo()
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert not result.created_anything
    assert {model.__name__: model.objects.count() for model in COUNTED} == before


def test_generating_products_uses_bulk_inserts_and_resumes(loaded):
    products = Product.objects.count()
    with CaptureQueriesContext(connection) as queries:
        result = load_demo(products=500)
    assert result.generated_products_created == 500
    assert Product.objects.count() == products + 500
    assert len(queries) < 100
    assert last_generated_index() == 500
    assert load_demo(products=500).generated_products_created == 0
    assert load_demo(products=650).generated_products_created == 150
    assert not Offer.objects.filter(price_cny__isnull=True).exists()


def test_prices_written_with_generated_products_equal_a_full_repricing(loaded):
    load_demo(products=300)
    generated = Offer.objects.filter(variant__sku__startswith="XG")
    written = dict(generated.values_list("id", "price_cny"))
    lowest = dict(Product.objects.filter(slug__contains="-g").values_list("id", "min_price_cny"))
    refresh_display_prices()
    assert dict(generated.values_list("id", "price_cny")) == written
    assert dict(Product.objects.filter(slug__contains="-g").values_list("id", "min_price_cny")) == lowest
    assert None not in lowest.values()


def test_generated_products_are_deterministic_varied_and_bilingual():
    assert generated_draft(42) == generated_draft(42)
    drafts = [generated_draft(index) for index in range(1, 301)]
    assert len({draft.name for draft in drafts}) >= 280
    assert len({draft.category.split("/")[0] for draft in drafts}) >= 10
    assert all(draft.name_zh and draft.description_zh and draft.variants for draft in drafts)
    assert all(offer.price > 0 for draft in drafts for variant in draft.variants for offer in variant.offers)


def test_command_prints_the_demo_accounts_every_time(loaded):
    for _ in range(2):
        out = io.StringIO()
        call_command("demo", verbosity=0, stdout=out)
        assert demo_platform._email("buyer") in out.getvalue()
        assert demo_platform.DEMO_PASSWORD in out.getvalue()
    assert "nothing changed" in out.getvalue()


@pytest.mark.parametrize(
    "code, valid",
    [("4006381333931", True), ("4006381333932", False), ("490000000001", False), ("49000000000A3", False)],
    ids=["gs1-example", "wrong-check-digit", "twelve-digits", "not-digits"],
)
def test_ean13_check_digit(code, valid):
    assert is_valid_ean13(code) is valid


def test_barcodes_carry_the_gs1_prefix_of_the_country():
    assert ean13("JP", 12345).startswith("49")
    assert ean13("KR", 12345).startswith("880")
    assert ean13_check_digit("400638133393") == "1"


@pytest.mark.parametrize(
    "cny, currency, expected",
    [
        (Decimal("268"), "CNY", Decimal("268")),
        (Decimal("268"), "JPY", Decimal("5740")),
        (Decimal("268"), "KRW", Decimal("54000")),
        (Decimal("1299"), "USD", Decimal("183.00")),
        (Decimal("39"), "EUR", Decimal("4.70")),
    ],
    ids=["cny", "jpy-tens", "krw-hundreds", "usd-whole", "eur-dimes"],
)
def test_local_prices_follow_the_demo_rate_and_local_rounding(cny, currency, expected):
    assert local_price(cny, currency) == expected
