"""Purchase orders, inbound shipments into the bonded warehouse, and receiving with discrepancies."""

from decimal import Decimal

import pytest

from tests.factories import StaffFactory, StockItemFactory, VariantFactory, WarehouseFactory
from tests.factories.fulfilment import SelfOperatedStoreFactory
from tests.factories.inbound import InboundLineFactory, InboundShipmentFactory, SupplierFactory
from tests.factories.inventory import BondedWarehouseFactory
from xborder.inventory import inbound
from xborder.inventory.errors import InboundError
from xborder.inventory.models import (
    InboundDiscrepancy,
    InboundShipment,
    InboundStatus,
    PurchaseOrder,
    PurchaseOrderStatus,
    StockItem,
    StockMovement,
)
from xborder.inventory.selectors import unreconciled_stock_items


@pytest.fixture
def order(db):
    variants = VariantFactory.create_batch(2)
    return inbound.place_purchase_order(
        supplier=SupplierFactory(), store=SelfOperatedStoreFactory(), warehouse=BondedWarehouseFactory(),
        lines=[(variants[0].pk, 10, Decimal("1200")), (variants[1].pk, 5, "99.5")],
    )  # fmt: skip


def ship(order, **units):
    lines = list(order.lines.order_by("pk"))
    wanted = {lines[0].pk: units.get("first", 10), lines[1].pk: units.get("second", 5)}
    return inbound.expect_inbound_shipment(purchase_order=order, lines={k: v for k, v in wanted.items() if v})


def counts_of(shipment, *values):
    return dict(zip(shipment.lines.order_by("pk").values_list("pk", flat=True), values, strict=True))


def test_a_purchase_order_is_in_the_suppliers_currency_with_its_costs(order):
    assert order.currency_id == "JPY"
    assert order.status == PurchaseOrderStatus.ORDERED
    assert list(order.lines.order_by("pk").values_list("quantity_ordered", "unit_cost")) == [
        (10, Decimal("1200.00")),
        (5, Decimal("99.50")),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"lines": []}, "lines_required"),
        ({"lines": [(0, 0, "1")]}, "quantity_invalid"),
        ({"lines": [(0, 1, "-1")]}, "cost_invalid"),
        ({"lines": [(0, 1, "abc")]}, "cost_invalid"),
        ({"lines": [(0, 1, "1"), (0, 2, "1")]}, "duplicate_line"),
        ({"lines": [(-5, 1, "1")]}, "variant_unknown"),
        ({"store": "merchant"}, "not_self_operated"),
        ({"warehouse": "overseas"}, "not_bonded"),
    ],
    ids=["no-lines", "zero-units", "negative-cost", "cost-not-a-number", "duplicate", "unknown-variant",
         "merchant-store", "overseas-warehouse"],
)  # fmt: skip
def test_a_bad_purchase_order_is_refused_and_nothing_is_written(change, code):
    variant = VariantFactory()
    lines = [(variant.pk if v == 0 else v, q, c) for v, q, c in change.get("lines", [(0, 1, "1")])]
    store = (
        SelfOperatedStoreFactory()
        if change.get("store") is None
        else SelfOperatedStoreFactory(kind="overseas_merchant")
    )
    warehouse = WarehouseFactory() if change.get("warehouse") else BondedWarehouseFactory()

    with pytest.raises(InboundError) as error:
        inbound.place_purchase_order(supplier=SupplierFactory(), store=store, warehouse=warehouse, lines=lines)

    assert error.value.code == code
    assert not PurchaseOrder.objects.exists()


def test_receiving_exact_counts_adds_stock_with_received_movements_and_closes_the_order(order):
    shipment = ship(order)
    staff = StaffFactory()

    inbound.receive_inbound_shipment(shipment=shipment, counts=counts_of(shipment, 10, 5), actor=staff)

    shipment.refresh_from_db()
    order.refresh_from_db()
    assert (shipment.status, shipment.received_by) == (InboundStatus.RECEIVED, staff)
    assert order.status == PurchaseOrderStatus.RECEIVED
    stock = StockItem.objects.filter(warehouse=order.warehouse).order_by("variant_id")
    assert list(stock.values_list("quantity", "reserved")) == [(10, 0), (5, 0)]
    assert set(StockMovement.objects.values_list("reason", "reference")) == {("received", shipment.number)}
    assert not InboundDiscrepancy.objects.exists()
    assert unreconciled_stock_items() == []


def test_short_over_and_damaged_counts_are_recorded_and_only_good_units_are_stocked(order):
    shipment = ship(order)

    inbound.receive_inbound_shipment(
        shipment=shipment, counts=counts_of(shipment, 8, 7), damaged=counts_of(shipment, 1, 2)
    )

    first, second = shipment.lines.order_by("pk")
    found = set(InboundDiscrepancy.objects.values_list("line_id", "kind", "quantity"))
    assert found == {
        (first.pk, "short", 2),
        (first.pk, "damaged", 1),
        (second.pk, "over", 2),
        (second.pk, "damaged", 2),
    }
    stock = StockItem.objects.filter(warehouse=order.warehouse).order_by("variant_id")
    assert list(stock.values_list("quantity", flat=True)) == [7, 5]
    order.refresh_from_db()
    assert order.status == PurchaseOrderStatus.PARTLY_RECEIVED
    assert unreconciled_stock_items() == []


def test_stock_already_on_hand_is_increased_not_replaced(order):
    first_line = order.lines.order_by("pk").first()
    StockItemFactory(variant=first_line.variant, warehouse=order.warehouse, quantity=0)
    shipment = ship(order, second=0)

    inbound.receive_inbound_shipment(shipment=shipment, counts=counts_of(shipment, 10))

    assert StockItem.objects.get(variant=first_line.variant, warehouse=order.warehouse).quantity == 10


def test_a_second_shipment_completes_a_partly_received_order(order):
    first = ship(order, first=6)
    inbound.receive_inbound_shipment(shipment=first, counts=counts_of(first, 6, 5))
    order.refresh_from_db()
    assert order.status == PurchaseOrderStatus.PARTLY_RECEIVED

    rest = ship(order, first=4, second=0)
    inbound.receive_inbound_shipment(shipment=rest, counts=counts_of(rest, 4))

    order.refresh_from_db()
    assert order.status == PurchaseOrderStatus.RECEIVED


def test_a_shipment_is_received_once(order):
    shipment = ship(order)
    inbound.receive_inbound_shipment(shipment=shipment, counts=counts_of(shipment, 10, 5))

    with pytest.raises(InboundError) as error:
        inbound.receive_inbound_shipment(shipment=shipment, counts=counts_of(shipment, 10, 5))

    assert error.value.code == "already_received"
    assert StockMovement.objects.count() == 2


@pytest.mark.parametrize(
    ("counts", "damaged", "code"),
    [
        ((10,), (), "count_missing"),
        ((10, -1), (), "quantity_invalid"),
        ((10, 5), (11, 0), "quantity_invalid"),
        ((10, "5"), (), "quantity_invalid"),
    ],
    ids=["a-line-not-counted", "negative-count", "more-damaged-than-counted", "count-not-a-number"],
)
def test_bad_counts_are_refused_and_nothing_is_received(order, counts, damaged, code):
    shipment = ship(order)
    ids = list(shipment.lines.order_by("pk").values_list("pk", flat=True))

    with pytest.raises(InboundError) as error:
        inbound.receive_inbound_shipment(
            shipment=shipment,
            counts=dict(zip(ids, counts, strict=False)),
            damaged=dict(zip(ids, damaged, strict=False)),
        )

    assert error.value.code == code
    shipment.refresh_from_db()
    assert shipment.status == InboundStatus.EXPECTED
    assert not StockMovement.objects.exists()
    assert not InboundDiscrepancy.objects.exists()


def test_counts_of_another_shipments_lines_are_refused(order):
    shipment, other = ship(order), InboundLineFactory()

    with pytest.raises(InboundError) as error:
        inbound.receive_inbound_shipment(shipment=shipment, counts={**counts_of(shipment, 10, 5), other.pk: 1})

    assert error.value.code == "line_not_in_order"


def test_a_shipment_for_a_cancelled_order_is_refused(order):
    inbound.cancel_purchase_order(purchase_order=order)

    with pytest.raises(InboundError) as error:
        ship(order)

    assert error.value.code == "purchase_order_closed"


@pytest.mark.django_db
def test_the_shipment_factory_builds_lines_of_its_own_order():
    line = InboundLineFactory()

    assert line.purchase_order_line.purchase_order == line.shipment.purchase_order
    assert InboundShipmentFactory().warehouse.kind == "bonded"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clerks_receiving_the_same_shipment_at_once_stock_it_once():
    import threading

    from django.db import connection

    line = InboundLineFactory(quantity_expected=10)
    shipment = line.shipment
    barrier = threading.Barrier(4)
    results = []

    def clerk():
        barrier.wait()
        try:
            inbound.receive_inbound_shipment(shipment=InboundShipment.objects.get(pk=shipment.pk), counts={line.pk: 10})
            results.append("ok")
        except InboundError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["already_received"] * 3 + ["ok"]
    assert StockItem.objects.get(warehouse=shipment.warehouse).quantity == 10
    assert StockMovement.objects.count() == 1
    assert unreconciled_stock_items() == []
