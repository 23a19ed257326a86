"""Exchange is a return plus a new order for the replacement, placed through checkout, all or nothing."""

import pytest

from tests.factories.accounts import AddressFactory, IdentityFactory
from tests.factories.orders import stocked_offer
from tests.returns.conftest import DAY, DELIVERED
from xborder.checkout.errors import CheckoutError
from xborder.checkout.models import Cart, CartLine
from xborder.checkout.services import buyer_cart
from xborder.orders.models import Order
from xborder.returns import services
from xborder.returns.errors import ReturnError
from xborder.returns.models import ReturnEvent, ReturnRequest, ReturnStatus

pytestmark = pytest.mark.django_db
KEY = "exchange-key-0001"


@pytest.fixture
def buyer(package):
    buyer = package.order.buyer
    IdentityFactory(user=buyer)
    AddressFactory(user=buyer)
    return buyer


def exchanged(package, buyer, line, offer, *, quantity=1, key=KEY):
    return services.exchange(
        buyer=buyer, package=package, lines={line.pk: 1}, reason="changed_mind", replacement_offer_id=offer.pk,
        quantity=quantity, address=buyer.addresses.first(), idempotency_key=key, now=DELIVERED + DAY,
    )  # fmt: skip


def test_an_exchange_requests_the_return_and_places_a_new_order_for_the_replacement(package, lines, buyer):
    replacement = stocked_offer(store=package.order.store, price="100.00", mode="bonded")
    held = CartLine.objects.create(cart=buyer_cart(user=buyer), offer=replacement, quantity=3)

    result = exchanged(package, buyer, lines[0], replacement)

    assert result.return_request.status == ReturnStatus.APPROVED
    new_order = result.checkout.orders.get()
    assert new_order.store_id == package.order.store_id
    assert list(new_order.lines.values_list("variant_id", "quantity")) == [(replacement.variant_id, 1)]
    reasons = ReturnEvent.objects.filter(request=result.return_request).values_list("reason", flat=True)
    assert f"exchange: order {new_order.number}" in reasons
    assert CartLine.objects.filter(pk=held.pk).exists()  # the buyer's own cart is left alone
    assert Cart.objects.count() == 1


def test_an_offer_of_another_store_is_refused_and_nothing_is_written(package, lines, buyer):
    elsewhere = stocked_offer(price="100.00", mode="bonded")

    with pytest.raises(ReturnError) as error:
        exchanged(package, buyer, lines[0], elsewhere)

    assert error.value.code == "replacement_not_in_store"
    assert not ReturnRequest.objects.exists()
    assert Order.objects.count() == 1


def test_a_replacement_out_of_stock_refuses_the_whole_exchange(package, lines, buyer):
    replacement = stocked_offer(store=package.order.store, price="100.00", mode="bonded", quantity=1)

    with pytest.raises(CheckoutError) as error:
        exchanged(package, buyer, lines[0], replacement, quantity=2)

    assert error.value.code == "insufficient_stock"
    assert not ReturnRequest.objects.exists()
    assert Order.objects.count() == 1


def test_a_line_that_cannot_be_returned_refuses_the_whole_exchange(package, lines, buyer):
    replacement = stocked_offer(store=package.order.store, price="100.00", mode="bonded")
    exchanged(package, buyer, lines[1], replacement)

    with pytest.raises(ReturnError) as error:
        exchanged(package, buyer, lines[1], replacement, key="exchange-key-0002")

    assert error.value.code == "quantity_exceeds"
    assert Order.objects.count() == 2
