import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from tests.factories import AddressFactory, FxRateFactory, UserFactory
from tests.factories.orders import cart_with, free_shipping, shopper, stocked_offer
from tests.factories.sellers import StoreFactory
from xborder.checkout.errors import CheckoutError
from xborder.checkout.models import Checkout
from xborder.checkout.services import buyer_cart, place_order
from xborder.duties.models import QuotaEntry
from xborder.duties.services import reserve_quota
from xborder.inventory.models import StockItem
from xborder.orders.models import Order, OrderLine, Package, TimelineEvent
from xborder.payments.models import Payment

KEY = "key-0001-abcdef"


def place(buyer, key=KEY, **kwargs):
    return place_order(
        buyer=buyer, cart=buyer_cart(user=buyer), address=buyer.addresses.first(), idempotency_key=key, **kwargs
    )


def footprint():
    return {
        "orders": Order.objects.count(),
        "packages": Package.objects.count(),
        "lines": OrderLine.objects.count(),
        "checkouts": Checkout.objects.count(),
        "payments": Payment.objects.count(),
        "quota_entries": QuotaEntry.objects.count(),
        "reserved": StockItem.objects.aggregate(total=Sum("reserved"))["total"],
        "timeline": TimelineEvent.objects.count(),
    }


@pytest.fixture
def two_store_cart(db):
    buyer = shopper()
    FxRateFactory(base_id="JPY", quote_id="CNY", rate=Decimal("0.0480"))
    japanese = stocked_offer(store=StoreFactory(currency_id="JPY"), price="10000", quantity=5, mode="bonded")
    local = stocked_offer(price="200.00", quantity=5)
    cart_with(buyer, (japanese, 2), (local, 1))
    return buyer, japanese, local


@pytest.mark.django_db
def test_placing_creates_one_order_per_store_and_one_payment_for_all(two_store_cart):
    buyer, japanese, _ = two_store_cart

    checkout = place(buyer)

    orders = list(checkout.orders.order_by("pk"))
    assert len(orders) == 2
    assert set(checkout.payment.orders.all()) == set(orders)
    assert checkout.payment.amount == checkout.total == sum(order.total for order in orders)
    assert checkout.payment.requires_identity
    jp_order = next(order for order in orders if order.store_id == japanese.store_id)
    assert jp_order.fx_rates == {"JPY": "0.0480000000"}
    line = jp_order.lines.get()
    assert (line.unit_price, line.currency, line.unit_price_cny, line.quantity) == (
        Decimal("10000.00"), "JPY", Decimal("480.00"), 2,
    )  # fmt: skip
    package = jp_order.packages.get()
    assert (package.regime, package.customs_mode, package.treatment) == ("china_cbec", "1210", "cbec")
    assert package.total_tax == line.tariff + line.consumption_tax + line.vat > 0
    assert package.landed_cost["lines"][0]["vat"] == str(line.vat)
    assert package.quota_reserved == package.dutiable_value
    assert QuotaEntry.objects.get(package_ref=package.number).amount == package.dutiable_value
    assert StockItem.objects.get(variant=japanese.variant).reserved == 2
    assert not buyer.cart.lines.exists()
    assert jp_order.timeline.get().to_status == "pending_payment"


@pytest.mark.django_db
def test_the_same_key_twice_returns_the_same_checkout_and_one_set_of_orders(two_store_cart):
    buyer = two_store_cart[0]

    first = place(buyer)
    again = place(buyer)

    assert again.pk == first.pk
    assert Order.objects.count() == 2
    assert Payment.objects.count() == 1


@pytest.mark.django_db
def test_a_key_reused_for_a_different_cart_is_refused_with_409(two_store_cart):
    buyer, japanese, _ = two_store_cart
    place(buyer)
    cart_with(buyer, (japanese, 1))

    with pytest.raises(CheckoutError) as error:
        place(buyer)

    assert (error.value.code, error.value.status) == ("idempotency_key_reused", 409)
    assert Order.objects.count() == 2


def _no_identity(buyer):
    buyer.identity.delete()


def _foreign_address(buyer):
    buyer.addresses.all().delete()
    AddressFactory(user=UserFactory())


def _annual_quota_nearly_used(buyer):
    reserve_quota(id_hash=buyer.identity.id_hash, package_ref="earlier", amount=Decimal("25900.00"))


def _sold_out_meanwhile(buyer):
    StockItem.objects.update(reserved=5)


def _offer_withdrawn(buyer):
    line = buyer.cart.lines.first()
    line.offer.is_active = False
    line.offer.save()


def _empty_cart(buyer):
    buyer.cart.lines.all().delete()


def _delisted(buyer):
    from xborder.duties.models import PositiveListEntry

    PositiveListEntry.objects.all().delete()


FAILURES = [
    (_no_identity, "identity_required"),
    (_foreign_address, "address_not_found"),
    (_annual_quota_nearly_used, "over_annual_limit"),
    (_sold_out_meanwhile, "insufficient_stock"),
    (_offer_withdrawn, "offer_unavailable"),
    (_empty_cart, "cart_empty"),
    (_delisted, "not_on_positive_list"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("arrange", "code"), FAILURES, ids=[code for _, code in FAILURES])
def test_a_failed_rule_raises_its_code_and_changes_nothing(two_store_cart, arrange, code):
    buyer = two_store_cart[0]
    arrange(buyer)
    before = footprint()

    with pytest.raises(CheckoutError) as error:
        place(buyer)

    assert error.value.code == code
    assert footprint() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("unit_price", "quantity", "ok"), [("2500.00", 2, True), ("2500.01", 2, False)],
                         ids=["5000.00", "5000.01"])  # fmt: skip
def test_per_transaction_limit_is_enforced_at_placement(db, unit_price, quantity, ok):
    buyer = shopper()
    offer = stocked_offer(price=unit_price)
    free_shipping(offer.store)
    cart_with(buyer, (offer, quantity))

    if ok:
        assert place(buyer).orders.get().packages.get().dutiable_value == Decimal("5000.00")
        return
    with pytest.raises(CheckoutError) as error:
        place(buyer)
    assert (error.value.code, error.value.fields["split"]) == ("over_transaction_limit", "available")
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_accepting_the_split_places_one_order_with_compliant_packages(db):
    buyer = shopper()
    offer = stocked_offer(price="3000.00")
    free_shipping(offer.store)
    cart_with(buyer, (offer, 3))

    checkout = place(buyer, split=True)

    packages = list(checkout.orders.get().packages.all())
    assert len(packages) == 3
    assert all(package.dutiable_value <= Decimal("5000.00") for package in packages)
    assert QuotaEntry.objects.filter(kind="reserved").count() == 3
    assert StockItem.objects.get(variant=offer.variant).reserved == 3


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "short", "x" * 101], ids=["missing", "too-short", "too-long"])
def test_an_idempotency_key_is_required(two_store_cart, key):
    with pytest.raises(CheckoutError) as error:
        place(two_store_cart[0], key=key)

    assert error.value.code == "idempotency_key_required"


def _in_threads(count, work):
    barrier = threading.Barrier(count)
    results = []

    def run(index):
        barrier.wait()
        try:
            results.append(work(index))
        except CheckoutError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_buyers_for_the_last_ten_units_make_exactly_ten_orders():
    offer = stocked_offer(quantity=10)
    buyers = [shopper() for _ in range(50)]
    for buyer in buyers:
        cart_with(buyer, (offer, 1))

    results = _in_threads(50, lambda index: place(buyers[index]).number)

    stock = StockItem.objects.get(variant=offer.variant)
    assert Order.objects.count() == 10
    assert sum(1 for result in results if result.startswith("CO")) == 10
    assert set(results) - {r for r in results if r.startswith("CO")} == {"out_of_stock"}
    assert (stock.quantity, stock.reserved) == (10, 10)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_key_sent_concurrently_creates_one_order():
    buyer = shopper()
    cart_with(buyer, (stocked_offer(), 1))

    results = _in_threads(6, lambda index: place(buyer).number)

    assert len(set(results)) == 1
    assert Order.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_orders_of_one_buyer_cannot_pass_the_annual_limit():
    buyer = shopper()
    reserve_quota(id_hash=buyer.identity.id_hash, package_ref="earlier", amount=Decimal("18000.00"))
    offer = stocked_offer(price="4500.00")
    free_shipping(offer.store)
    cart_with(buyer, (offer, 1))
    # Two devices: the same cart placed under two keys at once.
    results = _in_threads(2, lambda index: place(buyer, key=f"device-key-{index}").number)

    assert Order.objects.count() == 1
    assert sorted(result[:2] for result in results) in (["CO", "ov"], ["CO", "ca"])
    used = QuotaEntry.objects.filter(quota_year__id_hash=buyer.identity.id_hash).aggregate(t=Sum("amount"))["t"]
    assert used <= Decimal("26000.00")


@pytest.mark.django_db
def test_postal_and_general_trade_packages_need_no_identity_and_reserve_no_quota(db):
    buyer = shopper()
    buyer.identity.delete()
    cart_with(buyer, (stocked_offer(mode="postal"), 1), (stocked_offer(mode="general_trade"), 1))

    checkout = place(buyer)

    assert not checkout.payment.requires_identity
    assert not QuotaEntry.objects.exists()
    assert {p.regime for p in Package.objects.all()} == {"china_postal", "china_general_trade"}


@pytest.mark.django_db
def test_capped_quantities_are_reserved_with_the_quota_and_count_for_the_next_order(db):
    from xborder.duties.models import PositiveListEntry

    buyer = shopper()
    offer = stocked_offer(hs_code="1701999000", legal_unit="kg", legal_quantity=Decimal("1.5"))
    PositiveListEntry.objects.filter(tariff_line="17019990").update(annual_cap=Decimal("2"), cap_unit="kg")
    cart_with(buyer, (offer, 1))
    place(buyer)
    cart_with(buyer, (offer, 1))

    with pytest.raises(CheckoutError) as error:
        place(buyer, key="second-order-key")

    assert Decimal(QuotaEntry.objects.get().quantities["17019990"]) == Decimal("1500")
    assert error.value.code == "quantity_cap_exceeded"


@pytest.mark.django_db
@pytest.mark.parametrize(("price", "tax"), [("200.00", "0.00"), ("300.00", "60.00")], ids=["exempt", "taxed"])
def test_postal_tax_of_50_or_less_is_exempt_on_the_package_and_its_lines(db, price, tax):
    buyer = shopper()
    cart_with(buyer, (stocked_offer(price=price, mode="postal"), 1))

    package = place(buyer).orders.get().packages.get()

    assert package.total_tax == package.postal_tax == Decimal(tax)
    assert sum(line.total_tax for line in package.lines.all()) == Decimal(tax)
