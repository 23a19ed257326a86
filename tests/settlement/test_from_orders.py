"""The ledger fed from orders: amounts and categories from the order, and the sweep of paid orders."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import CategoryFactory, ProductFactory, VariantFactory
from tests.factories.fulfilment import CnyStoreFactory, CommissionRuleFactory
from tests.factories.orders import OrderFactory, OrderLineFactory, PackageFactory
from xborder.orders.states import Status
from xborder.settlement import from_orders, selectors, services, tasks
from xborder.settlement.models import AccountCode as A
from xborder.settlement.models import JournalEntry

pytestmark = pytest.mark.django_db
D = Decimal


def paid_order(*, discount="0.00"):
    """Goods 300 (200 skincare + 100 wine), freight 20, tax 27.30, total 347.30 - discount."""
    store = CnyStoreFactory()
    skincare, wine = CategoryFactory(), CategoryFactory()
    CommissionRuleFactory(store=store, category=skincare, rate=D("0.0200"))
    CommissionRuleFactory(store=store, category=wine, rate=D("0.0600"))
    order = OrderFactory(
        store=store, status=Status.PAID, paid_at=timezone.now(), goods_total=D("300.00"), freight_total=D("20.00"),
        tax_total=D("27.30"), discount_total=D(discount), total=D("347.30") - D(discount),
    )  # fmt: skip
    package = PackageFactory(order=order)
    for category, value in ((skincare, "200.00"), (wine, "100.00")):
        variant = VariantFactory(product=ProductFactory(category=category))
        OrderLineFactory(package=package, variant=variant, offer__variant=variant, line_total_cny=D(value))
    return order


def test_a_paid_order_is_recorded_with_commission_per_category():
    order = paid_order()

    from_orders.record_order_payment(order=order)

    assert selectors.owed_balance(A.PLATFORM_COMMISSION) == D("10.00")  # 2% of 200 + 6% of 100
    assert selectors.owed_balance(A.TAX_WITHHELD) == D("27.30")
    assert selectors.owed_balance(A.SELLER_PAYABLE, store=order.store) == D("310.00")


def test_a_discount_reduces_the_goods_pro_rata_across_categories():
    order = paid_order(discount="30.00")

    amounts = from_orders.order_amounts(order)

    assert amounts.goods == D("270.00")
    assert [value for _category, value in amounts.goods_by_category] == [D("180.00"), D("90.00")]


def test_the_sweep_records_each_paid_order_once_and_skips_unpaid_ones():
    first, second = paid_order(), paid_order()
    OrderFactory(status=Status.PENDING_PAYMENT)

    assert tasks.record_paid_orders.delay().get() == 2
    assert from_orders.record_paid_orders() == 0
    assert set(JournalEntry.objects.values_list("reference", flat=True)) == {first.number, second.number}


def test_a_paid_order_refunded_outside_a_return_is_closed_in_the_ledger_once():
    order = paid_order()
    from_orders.record_order_payment(order=order)
    type(order).objects.filter(pk=order.pk).update(status=Status.REFUNDED)

    assert tasks.record_closed_orders.delay().get() == 1
    assert from_orders.record_closed_orders() == 0
    assert selectors.owed_balance(A.SELLER_PAYABLE, store=order.store) == 0
    assert selectors.owed_balance(A.TAX_WITHHELD) == 0
    assert selectors.owed_balance(A.PLATFORM_COMMISSION) == 0


def test_an_order_refunded_through_returns_is_not_closed_again():
    order = paid_order()
    from_orders.record_order_payment(order=order)
    services.record_refund(store=order.store, order_reference=order.number, refund_reference="RT1",
                           goods="300.00", tax="27.30")  # fmt: skip
    type(order).objects.filter(pk=order.pk).update(status=Status.REFUNDED)

    assert from_orders.record_closed_orders() == 0
    assert selectors.owed_balance(A.SELLER_PAYABLE, store=order.store) == D("20.00")  # freight kept by policy
