import pytest

from tests.factories.orders import cart_with, stocked_offer
from xborder.checkout.errors import CheckoutError
from xborder.checkout.models import Cart, CartLine
from xborder.checkout.services import add_to_cart, buyer_cart, change_quantity, guest_cart, merge_carts


@pytest.mark.django_db
@pytest.mark.parametrize("quantity", [0, -1, 100, True, "2"], ids=["zero", "negative", "over-99", "bool", "text"])
def test_a_quantity_is_a_whole_number_from_1_to_99(buyer, quantity):
    with pytest.raises(CheckoutError) as error:
        add_to_cart(cart=buyer_cart(user=buyer), offer_id=stocked_offer().pk, quantity=quantity)

    assert error.value.code == "invalid_quantity"
    assert not CartLine.objects.exists()


@pytest.mark.django_db
def test_adding_the_same_offer_again_adds_to_the_line_within_stock(buyer):
    offer = stocked_offer(quantity=3)
    cart = buyer_cart(user=buyer)
    add_to_cart(cart=cart, offer_id=offer.pk, quantity=2)

    with pytest.raises(CheckoutError) as error:
        add_to_cart(cart=cart, offer_id=offer.pk, quantity=2)

    assert (error.value.code, error.value.status) == ("insufficient_stock", 409)
    add_to_cart(cart=cart, offer_id=offer.pk, quantity=1)
    assert cart.lines.get().quantity == 3


@pytest.mark.django_db
def test_a_suspended_stores_offer_cannot_be_added(buyer):
    offer = stocked_offer()
    offer.store.status = "suspended"
    offer.store.save()

    with pytest.raises(CheckoutError) as error:
        add_to_cart(cart=buyer_cart(user=buyer), offer_id=offer.pk)

    assert error.value.code == "offer_unavailable"


@pytest.mark.django_db
def test_a_line_of_another_cart_cannot_be_changed(buyer):
    other = guest_cart()
    line = CartLine.objects.create(cart=other, offer=stocked_offer(), quantity=1)

    with pytest.raises(CheckoutError) as error:
        change_quantity(cart=buyer_cart(user=buyer), line_id=line.pk, quantity=2)

    assert (error.value.code, error.value.status) == ("line_not_found", 404)


@pytest.mark.django_db
def test_merging_caps_each_line_at_the_stock_and_deletes_the_guest_cart(buyer):
    offer = stocked_offer(quantity=4)
    cart_with(buyer, (offer, 3))
    guest = guest_cart()
    CartLine.objects.create(cart=guest, offer=offer, quantity=3)

    cart = merge_carts(guest=guest, user=buyer)

    assert cart.lines.get().quantity == 4
    assert list(Cart.objects.all()) == [cart]
