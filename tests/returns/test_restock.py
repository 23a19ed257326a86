"""Resellable goods back in the bonded warehouse go back on its stock, each unit with a ``returned`` movement."""

import pytest

from tests.returns.conftest import DAY, DELIVERED, photo
from xborder.inventory.models import StockItem, StockMovement
from xborder.inventory.selectors import unreconciled_stock_items
from xborder.returns import services
from xborder.returns.errors import ReturnError
from xborder.returns.models import ReturnDestination

pytestmark = pytest.mark.django_db


def received(package, lines, *, reason="changed_mind"):
    buyer = package.order.buyer
    photos = [photo()] if reason != "changed_mind" else []
    request = services.request_return(buyer=buyer, package=package, lines=lines, reason=reason, photos=photos,
                                      now=DELIVERED + DAY)  # fmt: skip
    services.receive_return(request=request, received_at=DELIVERED + 5 * DAY)
    return request


def on_hand(package, line):
    stock = StockItem.objects.filter(variant_id=line.variant_id, warehouse_id=package.warehouse_id).first()
    return stock.quantity if stock else 0


def test_accepted_units_of_a_bonded_return_go_back_on_the_bonded_warehouses_stock(package, lines):
    request = received(package, {lines[0].pk: 2, lines[1].pk: 1})
    assert request.destination == ReturnDestination.BONDED_WAREHOUSE

    services.inspect_return(request=request, accepted={lines[0].pk: 1, lines[1].pk: 1}, now=DELIVERED + 5 * DAY)

    assert (on_hand(package, lines[0]), on_hand(package, lines[1])) == (1, 1)
    movements = StockMovement.objects.filter(reference=request.number)
    assert set(movements.values_list("reason", "delta_quantity", "delta_reserved")) == {("returned", 1, 0)}
    assert unreconciled_stock_items() == []


def test_inspection_can_say_only_some_accepted_units_are_resellable(package, lines):
    request = received(package, {lines[0].pk: 2})

    services.inspect_return(request=request, resellable={lines[0].pk: 1}, now=DELIVERED + 5 * DAY)

    assert on_hand(package, lines[0]) == 1


@pytest.mark.parametrize("reason", ["defective", "damaged"])
def test_defective_or_damaged_goods_are_refunded_but_not_restocked_by_default(package, lines, reason):
    request = received(package, {lines[0].pk: 1}, reason=reason)

    services.inspect_return(request=request, now=DELIVERED + 5 * DAY)

    request.refresh_from_db()
    assert request.status == "refunded"
    assert on_hand(package, lines[0]) == 0
    assert not StockMovement.objects.exists()


@pytest.mark.parametrize("resellable", [{"first": 3}, {"first": -1}, {"other": 1}],
                         ids=["more-than-accepted", "negative", "line-not-returned"])  # fmt: skip
def test_a_bad_resellable_count_refuses_the_inspection_and_changes_nothing(package, lines, resellable):
    request = received(package, {lines[0].pk: 2})
    keys = {"first": lines[0].pk, "other": lines[1].pk}

    with pytest.raises(ReturnError):
        services.inspect_return(request=request, resellable={keys[k]: v for k, v in resellable.items()},
                                now=DELIVERED + 5 * DAY)  # fmt: skip

    request.refresh_from_db()
    assert request.status == "received"
    assert not StockMovement.objects.exists()


def test_goods_returned_to_a_merchant_address_are_not_platform_stock(package, lines):
    request = received(package, {lines[0].pk: 1})
    type(request).objects.filter(pk=request.pk).update(destination=ReturnDestination.LOCAL_ADDRESS)
    request.refresh_from_db()

    services.inspect_return(request=request, now=DELIVERED + 5 * DAY)

    assert not StockMovement.objects.exists()
