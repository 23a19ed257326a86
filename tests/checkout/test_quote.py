from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.factories import FxRateFactory
from tests.factories.inventory import BondedWarehouseFactory
from tests.factories.orders import cart_with, free_shipping, shopper, stocked_offer
from tests.factories.sellers import StoreFactory
from xborder.checkout.models import ShippingRule
from xborder.checkout.services import quote_cart
from xborder.duties.services import reserve_quota


@pytest.fixture
def buyer_with_identity(db):
    return shopper()


def quote_of(buyer, *lines, split=False):
    return quote_cart(cart=cart_with(buyer, *lines), buyer=buyer, split=split)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mode", "regime", "customs_mode", "days"),
    [
        ("bonded", "china_cbec", "1210", (1, 3)),
        ("direct_mail", "china_cbec", "9610", (7, 15)),
        ("postal", "china_postal", "postal", (10, 20)),
        ("general_trade", "china_general_trade", "general", (5, 10)),
    ],
    ids=["bonded", "direct-mail", "postal", "general-trade"],
)
def test_the_regime_follows_the_offers_fulfilment_mode(buyer_with_identity, mode, regime, customs_mode, days):
    offer = stocked_offer(mode=mode)

    package = quote_of(buyer_with_identity, (offer, 1)).packages[0]

    assert (package.regime, package.customs_mode, package.delivery_days) == (regime, customs_mode, days)


@pytest.mark.django_db
def test_lines_are_grouped_by_store_warehouse_and_regime(buyer_with_identity):
    store = StoreFactory(currency_id="CNY")
    bonded = BondedWarehouseFactory()
    a = stocked_offer(store=store, mode="bonded", warehouse=bonded)
    b = stocked_offer(store=store, mode="bonded", warehouse=bonded)
    c = stocked_offer(store=store, mode="direct_mail")
    d = stocked_offer(mode="direct_mail")

    quote = quote_of(buyer_with_identity, (a, 1), (b, 2), (c, 1), (d, 1))

    assert sorted(len(package.lines) for package in quote.packages) == [1, 1, 2]


@pytest.mark.django_db
def test_freight_is_first_kilogram_plus_each_started_extra_kilogram(buyer_with_identity):
    offer = stocked_offer(gross_weight_kg=Decimal("1.250"), net_weight_kg=Decimal("1.000"))
    ShippingRule.objects.create(store=offer.store, first_kg=Decimal("15.00"), extra_kg=Decimal("8.00"))

    package = quote_of(buyer_with_identity, (offer, 2)).packages[0]

    assert package.freight == Decimal("31.00")  # 2.5 kg: 3 started kg = 15 + 2 x 8


@pytest.mark.django_db
def test_default_freight_applies_without_a_rule(buyer_with_identity):
    package = quote_of(buyer_with_identity, (stocked_offer(), 1)).packages[0]

    assert package.freight == Decimal("20.00")


@pytest.mark.django_db
def test_cbec_tax_is_70_percent_of_vat_and_prices_convert_at_the_rate_in_force(buyer_with_identity):
    FxRateFactory(base_id="JPY", quote_id="CNY", rate=Decimal("0.0480"))
    store = StoreFactory(currency_id="JPY")
    free_shipping(store)
    offer = stocked_offer(store=store, price="10000")

    quote = quote_of(buyer_with_identity, (offer, 1))
    package = quote.packages[0]

    assert package.lines[0].unit_price_cny == Decimal("480.00")
    assert package.landed.vat == Decimal("43.68")  # 480 x 13% x 70%
    assert (package.landed.tariff, package.treatment) == (Decimal("0.00"), "cbec")
    assert quote.fx_rates == {"JPY": Decimal("0.0480000000")}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("unit_price", "quantity", "violations", "treatment"),
    [
        ("2500.00", 2, (), "cbec"),
        ("2500.01", 2, ("over_transaction_limit",), "general_trade"),
        ("5000.01", 1, (), "cbec_full_tax"),
    ],
    ids=["5000.00-within", "5000.01-two-pieces-over", "5000.01-single-item-full-tax"],
)
def test_per_transaction_limit_at_5000(buyer_with_identity, unit_price, quantity, violations, treatment):
    offer = stocked_offer(price=unit_price)
    free_shipping(offer.store)

    package = quote_of(buyer_with_identity, (offer, quantity)).packages[0]

    assert package.violation_codes == violations
    assert package.treatment == treatment


@pytest.mark.django_db
def test_a_multi_item_package_over_5000_gets_a_compliant_split_proposal(buyer_with_identity):
    big = stocked_offer(price="3000.00")
    small = stocked_offer(price="1500.00", store=big.store, warehouse=big.warehouse)

    quote = quote_of(buyer_with_identity, (big, 2), (small, 2))
    proposal = quote.packages[0].split_proposal

    assert len(proposal) == 2
    assert sorted(sum(line.total_cny for line in part) for part in proposal) == [Decimal("4500.00")] * 2
    placed_quote = quote_cart(cart=buyer_with_identity.cart, buyer=buyer_with_identity, split=True)
    assert len(placed_quote.packages) == 2
    assert placed_quote.is_placeable
    assert all(package.dutiable_value <= Decimal("5000.00") for package in placed_quote.packages)


@pytest.mark.django_db
@pytest.mark.parametrize(("used", "over"), [("21000.00", False), ("21000.01", True)], ids=["26000-within", "over"])
def test_annual_limit_at_26000(buyer_with_identity, used, over):
    reserve_quota(id_hash=buyer_with_identity.identity.id_hash, package_ref="earlier", amount=Decimal(used))
    offer = stocked_offer(price="5000.00")
    free_shipping(offer.store)

    package = quote_of(buyer_with_identity, (offer, 1)).packages[0]

    assert ("over_annual_limit" in package.violation_codes) is over


@pytest.mark.django_db
def test_two_packages_of_one_cart_count_together_toward_the_annual_limit(buyer_with_identity):
    reserve_quota(id_hash=buyer_with_identity.identity.id_hash, package_ref="earlier", amount=Decimal("20000.00"))
    first, second = stocked_offer(price="4000.00"), stocked_offer(price="4000.00")
    free_shipping(first.store), free_shipping(second.store)

    quote = quote_of(buyer_with_identity, (first, 1), (second, 1))

    assert [package.violation_codes for package in quote.packages] == [(), ("over_annual_limit",)]


@pytest.mark.django_db
def test_missing_identity_is_a_violation_of_cbec_packages_only(buyer):
    cbec, general = stocked_offer(mode="bonded"), stocked_offer(mode="general_trade")

    quote = quote_of(buyer, (cbec, 1), (general, 1))

    codes = {package.regime: package.violation_codes for package in quote.packages}
    assert codes == {"china_cbec": ("identity_required",), "china_general_trade": ()}


@pytest.mark.django_db
def test_goods_off_the_positive_list_are_a_violation(buyer_with_identity):
    offer = stocked_offer(hs_code="9504500000", listed=False)

    package = quote_of(buyer_with_identity, (offer, 1)).packages[0]

    assert package.violation_codes == ("not_on_positive_list",)


@pytest.mark.django_db
def test_quantity_above_stock_and_inactive_offers_are_violations(buyer_with_identity):
    short = stocked_offer(quantity=1)
    gone = stocked_offer()
    gone.is_active = False
    gone.save()

    quote = quote_of(buyer_with_identity, (short, 2), (gone, 1))

    assert sorted(code for package in quote.packages for code in package.violation_codes) == [
        "insufficient_stock",
        "offer_unavailable",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("stores", [1, 4], ids=["one-store", "four-stores"])
@pytest.mark.parametrize(("currency", "fx_queries"), [("CNY", 0), ("JPY", 1)])
def test_quote_runs_a_fixed_number_of_queries_whatever_the_cart(
    buyer_with_identity, django_assert_num_queries, stores, currency, fx_queries
):
    FxRateFactory(base_id="JPY", quote_id="CNY", rate=Decimal("0.0480"))
    lines = [(stocked_offer(store=StoreFactory(currency_id=currency)), 2) for _ in range(stores)]
    cart = cart_with(buyer_with_identity, *lines)
    buyer = type(buyer_with_identity).objects.get(pk=buyer_with_identity.pk)

    # lines, stock, HS rates, positive list, shipping rules, identity, quota ledger (sum, capped entries);
    # FX only when a line is not priced in CNY
    with django_assert_num_queries(8 + fx_queries):
        quote = quote_cart(cart=cart, buyer=buyer)

    assert len(quote.packages) == stores


def test_variants_without_rates_are_reported_not_crashed(buyer_with_identity):
    offer = stocked_offer()
    offer.variant.hs_code = "1111111111"
    offer.variant.save()

    package = quote_of(buyer_with_identity, (offer, 1)).packages[0]

    assert package.violation_codes == ("hs_code_not_found",)


@pytest.mark.django_db
def test_goods_listed_for_bonded_only_cannot_come_by_direct_mail(buyer_with_identity):
    from xborder.duties.models import PositiveListEntry

    offer = stocked_offer(hs_code="0306140000", mode="direct_mail")
    PositiveListEntry.objects.filter(tariff_line="03061400").update(trade_modes="1210")

    package = quote_of(buyer_with_identity, (offer, 1)).packages[0]

    assert package.violation_codes == ("trade_mode_not_allowed",)


@pytest.mark.django_db
def test_a_postal_parcel_over_1000_of_several_items_is_a_violation(buyer_with_identity):
    offer = stocked_offer(price="600.00", mode="postal")

    package = quote_of(buyer_with_identity, (offer, 2)).packages[0]

    assert package.violation_codes == ("postal_parcel_over_limit",)


@pytest.mark.django_db
def test_a_per_person_quantity_cap_is_checked(buyer_with_identity):
    from xborder.duties.models import PositiveListEntry

    offer = stocked_offer(hs_code="1701999000", legal_unit="kg", legal_quantity=Decimal("1.5"))
    PositiveListEntry.objects.filter(tariff_line="17019990").update(annual_cap=Decimal("2"), cap_unit="kg")

    within = quote_of(buyer_with_identity, (offer, 1)).packages[0]
    buyer_with_identity.cart.lines.all().delete()
    over = quote_of(buyer_with_identity, (offer, 2)).packages[0]

    assert within.violation_codes == ()
    assert within.capped_quantities == {"17019990": Decimal("1500.0")}
    assert over.violation_codes == ("quantity_cap_exceeded",)


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["store", "warehouse", "store_and_warehouse"])
def test_a_scope_has_one_shipping_rule_on_every_database(scope):
    fields = {
        "store": {"store": StoreFactory()},
        "warehouse": {"warehouse": BondedWarehouseFactory()},
        "store_and_warehouse": {"store": StoreFactory(), "warehouse": BondedWarehouseFactory()},
    }[scope]
    ShippingRule.objects.create(first_kg=Decimal("20"), extra_kg=Decimal("10"), **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShippingRule.objects.create(first_kg=Decimal("30"), extra_kg=Decimal("5"), **fields)
    assert ShippingRule.objects.count() == 1
