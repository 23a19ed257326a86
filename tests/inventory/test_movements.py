"""Every change of a stock item's quantity or reservation leaves a movement; movements sum to the levels."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import StaffFactory, StockItemFactory
from xborder.inventory.models import MovementReason, StockItem, StockMovement
from xborder.inventory.selectors import unreconciled_stock_items
from xborder.inventory.services import (
    StockError,
    StockRequest,
    add_stock,
    adjust_stock,
    commit_stock,
    release_stock,
    reserve_stock,
    restock_return,
)


def request_for(stock, quantity):
    return StockRequest(variant_id=stock.variant_id, warehouse_id=stock.warehouse_id, quantity=quantity)


def opened(quantity=10, reserved=0):
    """A stock item with its opening movement (the factory writes it)."""
    return StockItemFactory(quantity=quantity, reserved=reserved)


def last_movement():
    return StockMovement.objects.order_by("-pk").values_list("reason", "delta_quantity", "delta_reserved",
                                                                 "reference").first()  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        (lambda s, actor: reserve_stock([request_for(s, 3)], reference="ORD1", actor=actor), ("reserved", 0, 3)),
        (lambda s, actor: release_stock([request_for(s, 2)], reference="ORD1", actor=actor), ("released", 0, -2)),
        (lambda s, actor: commit_stock([request_for(s, 2)], reference="ORD1", actor=actor), ("committed", -2, -2)),
        (lambda s, actor: add_stock([request_for(s, 4)], reason="received", reference="ORD1", actor=actor),
         ("received", 4, 0)),
        (lambda s, actor: restock_return(warehouse_id=s.warehouse_id, lines=[(s.variant_id, 1)], reference="ORD1",
                                         actor=actor), ("returned", 1, 0)),
        (lambda s, actor: adjust_stock(variant_id=s.variant_id, warehouse_id=s.warehouse_id, delta=-3,
                                       reference="ORD1", actor=actor), ("adjusted", -3, 0)),
    ],
    ids=["reserved", "released", "committed", "received", "returned", "adjusted"],
)  # fmt: skip
def test_every_stock_change_writes_one_movement_with_its_reason(operation, expected):
    stock, actor = opened(quantity=10, reserved=4), StaffFactory()

    operation(stock, actor)

    reason, delta_quantity, delta_reserved = expected
    assert last_movement() == (reason, delta_quantity, delta_reserved, "ORD1")
    assert StockMovement.objects.order_by("-pk").first().actor == actor
    assert unreconciled_stock_items() == []


@pytest.mark.django_db
def test_a_refused_reservation_writes_no_movement():
    plenty, short = opened(quantity=10), opened(quantity=1)

    with pytest.raises(StockError):
        reserve_stock([request_for(plenty, 3), request_for(short, 2)])

    assert StockMovement.objects.exclude(reason=MovementReason.ADJUSTED).count() == 0


@pytest.mark.django_db
def test_duplicate_requests_make_one_movement_per_stock_item():
    stock = opened(quantity=10)

    reserve_stock([request_for(stock, 1), request_for(stock, 2)])

    assert last_movement()[:3] == ("reserved", 0, 3)
    assert StockMovement.objects.filter(reason=MovementReason.RESERVED).count() == 1


@pytest.mark.django_db
def test_restocking_a_variant_new_to_the_warehouse_creates_its_stock_item():
    stock = opened(quantity=1)
    other_warehouse = StockItemFactory(quantity=0).warehouse

    restock_return(warehouse_id=other_warehouse.pk, lines=[(stock.variant_id, 2)], reference="RT1")

    assert StockItem.objects.get(variant=stock.variant, warehouse=other_warehouse).quantity == 2
    assert unreconciled_stock_items() == []


@pytest.mark.django_db
def test_an_adjustment_cannot_count_away_reserved_units():
    stock = opened(quantity=5, reserved=4)

    with pytest.raises(StockError) as error:
        adjust_stock(variant_id=stock.variant_id, warehouse_id=stock.warehouse_id, delta=-2, reference="count")

    assert error.value.code == "stock_mismatch"
    assert StockMovement.objects.count() == 1


@pytest.mark.django_db
def test_a_level_changed_behind_the_ledger_is_reported_unreconciled():
    stock = opened(quantity=5)

    StockItem.objects.filter(pk=stock.pk).update(quantity=6)

    assert unreconciled_stock_items() == [(stock.pk, 6, 5, 0, 0)]


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["reserve", "release", "commit", "receive", "return", "adjust"]),
        st.integers(min_value=0, max_value=2),
        st.integers(min_value=1, max_value=6),
    ),
    max_size=25,
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_movements_always_sum_to_quantity_and_reserved(operations):
    StockMovement.objects.all().delete()
    StockItem.objects.all().delete()
    items = [opened(quantity=3) for _ in range(3)]
    for name, index, units in operations:
        stock = items[index]
        request = [request_for(stock, units)]
        try:
            if name == "reserve":
                reserve_stock(request)
            elif name == "release":
                release_stock(request)
            elif name == "commit":
                commit_stock(request)
            elif name == "receive":
                add_stock(request, reason=MovementReason.RECEIVED, reference="IB")
            elif name == "return":
                restock_return(warehouse_id=stock.warehouse_id, lines=[(stock.variant_id, units)], reference="RT")
            else:
                adjust_stock(variant_id=stock.variant_id, warehouse_id=stock.warehouse_id, delta=-units, reference="c")
        except StockError:
            pass

    assert unreconciled_stock_items() == []
