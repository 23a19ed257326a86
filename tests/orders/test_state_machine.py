import threading

import pytest
from django.db import connection

from tests.factories.orders import OrderFactory, OrderLineFactory, PackageFactory
from xborder.inventory.models import StockItem
from xborder.orders.errors import OrderError
from xborder.orders.models import Order, TimelineEvent
from xborder.orders.services import cancel_order, mark_orders_paid, ship_package, transition_order
from xborder.orders.states import TRANSITIONS, Status

ALL = [status.value for status in Status]
LEGAL = [(current, target) for current, targets in TRANSITIONS.items() for target in targets]
ILLEGAL = [(current, target) for current in ALL for target in ALL if target not in TRANSITIONS[current]]


def test_every_status_has_a_row_in_the_transition_table():
    assert set(TRANSITIONS) == set(ALL)


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), LEGAL, ids=[f"{a}->{b}" for a, b in LEGAL])
def test_legal_transition_moves_the_order_and_records_who_when_from_to_why(current, target, buyer):
    order = OrderFactory(status=current)

    transition_order(order=order, to=target, actor=buyer, reason="because")

    order.refresh_from_db()
    assert order.status == target
    event = TimelineEvent.objects.get(order=order)
    assert (event.from_status, event.to_status, event.reason, event.actor) == (current, target, "because", buyer)
    assert event.created_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), ILLEGAL[::7], ids=[f"{a}->{b}" for a, b in ILLEGAL[::7]])
def test_illegal_transition_is_refused_and_writes_nothing(current, target):
    order = OrderFactory(status=current)

    with pytest.raises(OrderError) as error:
        transition_order(order=order, to=target)

    assert error.value.code == "illegal_transition"
    order.refresh_from_db()
    assert order.status == current
    assert not TimelineEvent.objects.exists()


@pytest.mark.django_db
def test_a_stale_copy_cannot_move_an_order_another_writer_already_moved():
    order = OrderFactory()
    stale = Order.objects.get(pk=order.pk)
    transition_order(order=order, to=Status.PAID)

    with pytest.raises(OrderError) as error:
        transition_order(order=stale, to=Status.CANCELLED)

    assert error.value.code == "status_changed"
    assert Order.objects.get(pk=order.pk).status == Status.PAID
    assert TimelineEvent.objects.count() == 1


@pytest.mark.django_db
def test_paying_moves_the_order_and_its_packages_with_one_timeline_row_each():
    package = PackageFactory()

    mark_orders_paid(order_ids=[package.order_id], reason="payment P1")

    package.refresh_from_db()
    assert package.status == Status.PAID
    assert package.order.status == Status.PAID
    assert package.order.paid_at is not None
    assert TimelineEvent.objects.filter(order=package.order).count() == 2


@pytest.mark.django_db
def test_cancelling_releases_reserved_stock_once():
    line = OrderLineFactory(quantity=2)
    stock = StockItem.objects.create(variant=line.variant, warehouse=line.package.warehouse, quantity=5, reserved=2)
    line.package.quota_reserved = 0
    line.package.save()

    cancel_order(order=line.order, reason="buyer changed mind")
    with pytest.raises(OrderError):
        cancel_order(order=Order.objects.get(pk=line.order_id), reason="again")

    stock.refresh_from_db()
    assert (stock.quantity, stock.reserved) == (5, 0)
    line.package.refresh_from_db()
    assert line.package.status == Status.CANCELLED


@pytest.mark.django_db
def test_shipping_takes_the_units_out_of_stock():
    line = OrderLineFactory(quantity=2, package__status=Status.FULFILLING)
    stock = StockItem.objects.create(variant=line.variant, warehouse=line.package.warehouse, quantity=5, reserved=3)

    ship_package(package=line.package, reason="handed to carrier")

    stock.refresh_from_db()
    assert (stock.quantity, stock.reserved) == (3, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_racing_writers_cannot_both_move_an_order():
    order = OrderFactory()
    outcomes = []
    barrier = threading.Barrier(2)

    def writer(target):
        copy = Order.objects.get(pk=order.pk)
        barrier.wait()
        try:
            transition_order(order=copy, to=target)
            outcomes.append(target)
        except OrderError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(target,)) for target in (Status.PAID, Status.CANCELLED)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes, key=str).count("status_changed") == 1
    assert TimelineEvent.objects.filter(order=order).count() == 1
