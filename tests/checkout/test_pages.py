import re

import pytest
from django.urls import reverse

from tests.checkout.conftest import BUYER_ID
from tests.factories import StoreMemberFactory
from tests.factories.orders import cart_with, free_shipping, shopper, stocked_offer
from xborder.checkout.models import Cart
from xborder.orders.models import Order


@pytest.mark.django_db
def test_a_guest_cart_is_merged_into_the_buyers_cart_after_log_in(client):
    offer, other = stocked_offer(), stocked_offer()
    client.post(reverse("checkout:cart_add"), {"offer_id": offer.pk, "quantity": 2})
    buyer = shopper()
    cart_with(buyer, (offer, 1), (other, 1))

    client.force_login(buyer)
    page = client.get(reverse("checkout:cart"))

    assert page.status_code == 200
    assert dict(buyer.cart.lines.values_list("offer_id", "quantity")) == {offer.pk: 3, other.pk: 1}
    assert Cart.objects.count() == 1


@pytest.mark.django_db
def test_cart_page_changes_and_removes_lines(shopper_client):
    offer = stocked_offer(quantity=4)
    shopper_client.post(reverse("checkout:cart_add"), {"offer_id": offer.pk, "quantity": 1})
    line = shopper_client.buyer.cart.lines.get()

    shopper_client.post(reverse("checkout:cart_line", args=[line.pk]), {"quantity": "9"})
    line.refresh_from_db()
    assert line.quantity == 1  # 9 is above stock: refused with a message
    shopper_client.post(reverse("checkout:cart_line", args=[line.pk]), {"quantity": "3"})
    line.refresh_from_db()
    assert line.quantity == 3
    shopper_client.post(reverse("checkout:cart_line", args=[line.pk]), {"action": "remove"})
    assert not shopper_client.buyer.cart.lines.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("stores", [1, 4], ids=["one-line", "four-lines"])
def test_cart_page_runs_a_fixed_number_of_queries(shopper_client, django_assert_max_num_queries, stores):
    cart_with(shopper_client.buyer, *[(stocked_offer(), 1) for _ in range(stores)])

    # session, user, cart, lines for the quote and for the table, FX, stock, rates, list, rules, identity, ledger
    with django_assert_max_num_queries(14):
        response = shopper_client.get(reverse("checkout:cart"))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("stores", [1, 4], ids=["one-line", "four-lines"])
def test_checkout_page_runs_a_fixed_number_of_queries(shopper_client, django_assert_num_queries, stores):
    cart_with(shopper_client.buyer, *[(stocked_offer(), 1) for _ in range(stores)])

    # session, user, cart, lines, stock, identity, rates, list, rules, ledger (sum, capped), addresses; no FX
    # for a CNY cart
    with django_assert_num_queries(12):
        response = shopper_client.get(reverse("checkout:checkout"))

    assert response.status_code == 200
    assert response.context["quote"].packages


@pytest.mark.django_db
def test_checkout_page_shows_each_packages_taxes_violations_and_split_offer(shopper_client):
    cheap, dear = stocked_offer(price="100.00"), stocked_offer(price="3000.00")
    free_shipping(dear.store)
    cart_with(shopper_client.buyer, (cheap, 1), (dear, 2))

    html = shopper_client.get(reverse("checkout:checkout")).content.decode()

    for label in ("Tariff", "Consumption tax", "Import VAT", "Total tax", "Treatment", "Freight"):
        assert label in html
    assert 'data-code="over_transaction_limit"' in html
    assert 'data-testid="split-offer"' in html
    assert re.search(r'data-testid="place-order"\s*disabled|disabled data-testid="place-order"', html)
    split_html = shopper_client.get(reverse("checkout:checkout") + "?split=1").content.decode()
    assert split_html.count('data-testid="package"') == 3
    assert 'name="split" value="1"' in split_html


@pytest.mark.django_db
def test_placing_paying_on_the_sandbox_page_and_seeing_the_paid_order(shopper_client):
    cart_with(shopper_client.buyer, (stocked_offer(), 1), (stocked_offer(mode="bonded"), 1))
    checkout_page = shopper_client.get(reverse("checkout:checkout")).content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', checkout_page).group(1)

    placed = shopper_client.post(
        reverse("checkout:place"), {"idempotency_key": key, "address_id": shopper_client.buyer.addresses.get().pk}
    )
    assert placed.status_code == 302 and placed["Location"].startswith("/sandbox-pay/")
    paid = shopper_client.post(
        placed["Location"], {"action": "confirm", "payer_name": "王小明", "payer_id_number": BUYER_ID}, follow=True
    )

    assert b'data-testid="payment-status">Paid' in paid.content
    orders = list(Order.objects.all())
    assert len(orders) == 2 and all(order.status == "paid" for order in orders)
    detail = shopper_client.get(reverse("orders:detail", args=[orders[0].number])).content.decode()
    assert "pending_payment → paid" in detail
    assert "pending → paid" in detail  # the payment's timeline
    assert 'data-testid="package-tax"' in detail
    listing = shopper_client.get(reverse("orders:list")).content.decode()
    assert all(order.number in listing for order in orders)


@pytest.mark.django_db
def test_a_failed_placement_shows_its_reason_and_keeps_the_cart(client):
    buyer = shopper()
    buyer.identity.delete()
    client.force_login(buyer)
    cart_with(buyer, (stocked_offer(), 1))

    response = client.post(
        reverse("checkout:place"),
        {"idempotency_key": "page-key-0001", "address_id": buyer.addresses.get().pk},
        follow=True,
    )

    assert b"identity_required" in response.content
    assert buyer.cart.lines.count() == 1


@pytest.mark.django_db
def test_order_pages_are_private_to_the_buyer_and_the_stores_members(client, shopper_client):
    cart_with(shopper_client.buyer, (stocked_offer(), 1))
    key = "page-key-0002"
    shopper_client.post(
        reverse("checkout:place"), {"idempotency_key": key, "address_id": shopper_client.buyer.addresses.get().pk}
    )
    order = Order.objects.get()
    member, stranger = StoreMemberFactory(store=order.store), StoreMemberFactory()

    client.force_login(stranger.user)
    assert client.get(reverse("orders:detail", args=[order.number])).status_code == 404
    assert client.get(reverse("orders:store_list", args=[order.store_id])).status_code == 404
    assert client.get(reverse("orders:store_detail", args=[order.store_id, order.number])).status_code == 404
    client.force_login(member.user)
    assert order.number in client.get(reverse("orders:store_list", args=[order.store_id])).content.decode()
    assert client.get(reverse("orders:store_detail", args=[order.store_id, order.number])).status_code == 200


@pytest.mark.django_db
def test_order_detail_runs_a_fixed_number_of_queries(shopper_client, django_assert_max_num_queries):
    cart_with(shopper_client.buyer, *[(stocked_offer(), 1) for _ in range(3)])
    shopper_client.post(
        reverse("checkout:place"),
        {"idempotency_key": "page-key-0003", "address_id": shopper_client.buyer.addresses.get().pk},
    )
    number = Order.objects.first().number

    with django_assert_max_num_queries(8):
        assert shopper_client.get(reverse("orders:detail", args=[number])).status_code == 200
