import threading

import pytest
from django.db import connection

from tests.factories import StockItemFactory
from xborder.inventory.models import StockItem
from xborder.inventory.services import StockError, StockRequest, commit_stock, release_stock, reserve_stock


def request_for(stock, quantity):
    return StockRequest(variant_id=stock.variant_id, warehouse_id=stock.warehouse_id, quantity=quantity)


@pytest.mark.django_db
@pytest.mark.parametrize(("available", "wanted", "ok"), [(5, 5, True), (5, 6, False), (0, 1, False)],
                         ids=["exactly-available", "one-too-many", "none-left"])  # fmt: skip
def test_reserving_succeeds_only_when_enough_units_are_available(available, wanted, ok):
    stock = StockItemFactory(quantity=available + 2, reserved=2)

    if ok:
        reserve_stock([request_for(stock, wanted)])
    else:
        with pytest.raises(StockError) as error:
            reserve_stock([request_for(stock, wanted)])
        assert error.value.code == "out_of_stock"

    stock.refresh_from_db()
    assert stock.reserved == (2 + wanted if ok else 2)


@pytest.mark.django_db
def test_a_short_line_undoes_the_reservation_of_every_other_line():
    plenty, short = StockItemFactory(quantity=10), StockItemFactory(quantity=1)

    with pytest.raises(StockError):
        reserve_stock([request_for(plenty, 3), request_for(short, 2)])

    assert list(StockItem.objects.order_by("pk").values_list("reserved", flat=True)) == [0, 0]


@pytest.mark.django_db
def test_duplicate_requests_for_one_row_are_added_up():
    stock = StockItemFactory(quantity=3)

    with pytest.raises(StockError):
        reserve_stock([request_for(stock, 2), request_for(stock, 2)])

    reserve_stock([request_for(stock, 1), request_for(stock, 2)])
    stock.refresh_from_db()
    assert stock.reserved == 3


@pytest.mark.django_db
def test_release_and_commit_move_reserved_and_on_hand_units():
    stock = StockItemFactory(quantity=10, reserved=4)

    release_stock([request_for(stock, 1)])
    commit_stock([request_for(stock, 2)])

    stock.refresh_from_db()
    assert (stock.quantity, stock.reserved) == (8, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("operation", [release_stock, commit_stock], ids=["release", "commit"])
def test_releasing_or_shipping_more_than_reserved_is_refused(operation):
    stock = StockItemFactory(quantity=10, reserved=1)

    with pytest.raises(StockError) as error:
        operation([request_for(stock, 2)])

    assert error.value.code == "stock_mismatch"
    stock.refresh_from_db()
    assert (stock.quantity, stock.reserved) == (10, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_buyers_racing_for_five_units_exactly_five_succeed():
    stock = StockItemFactory(quantity=5)
    barrier = threading.Barrier(20)
    results = []

    def buyer():
        barrier.wait()
        try:
            reserve_stock([request_for(stock, 1)])
            results.append("ok")
        except StockError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=buyer) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    stock.refresh_from_db()
    assert results.count("ok") == 5
    assert results.count("out_of_stock") == 15
    assert (stock.quantity, stock.reserved) == (5, 5)
