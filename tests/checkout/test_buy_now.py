"""Buying lines now, without the cart: the quote and the placement take ``lines`` and leave the cart alone;
and placing an order is a hot path with a fixed number of queries."""

from decimal import Decimal

import pytest

from tests.factories.orders import cart_with, stocked_offer
from xborder.checkout.models import CartLine, Checkout
from xborder.inventory.models import StockItem
from xborder.orders.models import Order


def post(client, url, data, **headers):
    return client.post(f"/api/v1{url}", data, content_type="application/json", headers=headers)


def buy_now(client, lines, key="buy-now-key-0001"):
    body = {"address_id": client.buyer.addresses.get().pk, "lines": lines}
    return post(client, "/checkout/place", body, **{"Idempotency-Key": key})


@pytest.mark.django_db
def test_buying_now_places_the_lines_and_leaves_the_cart_as_it_was(api):
    in_cart, bought = stocked_offer(quantity=5), stocked_offer(quantity=5)
    cart_with(api.buyer, (in_cart, 2))

    response = buy_now(api, [{"offer_id": bought.pk, "quantity": 3}])

    assert response.status_code == 201
    order = Order.objects.get(number__in=response.json()["orders"])
    assert [(line.offer_id, line.quantity) for line in order.lines.all()] == [(bought.pk, 3)]
    assert list(CartLine.objects.filter(cart__user=api.buyer).values_list("offer_id", "quantity")) == [(in_cart.pk, 2)]
    assert StockItem.objects.get(variant=bought.variant).reserved == 3
    assert StockItem.objects.get(variant=in_cart.variant).reserved == 0


@pytest.mark.django_db
def test_lines_bought_now_of_the_same_offer_are_one_line(api):
    offer = stocked_offer(quantity=5)

    response = buy_now(api, [{"offer_id": offer.pk, "quantity": 1}, {"offer_id": offer.pk, "quantity": 2}])

    order = Order.objects.get(number__in=response.json()["orders"])
    assert [line.quantity for line in order.lines.all()] == [3]


@pytest.mark.django_db
def test_the_quote_of_lines_bought_now_prices_only_those_lines(api):
    in_cart, bought = stocked_offer(price="50.00"), stocked_offer(price="200.00")
    cart_with(api.buyer, (in_cart, 1))

    quote = post(api, "/checkout/quote", {"lines": [{"offer_id": bought.pk, "quantity": 2}]}).json()

    assert [line["offer_id"] for package in quote["packages"] for line in package["lines"]] == [bought.pk]
    assert Decimal(quote["packages"][0]["goods"]) == Decimal("400.00")
    assert Decimal(quote["packages"][0]["total_tax"]) > 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lines", "status", "code"),
    [
        ([{"offer_id": "offer", "quantity": 1}], 422, "invalid_input"),
        ([{"quantity": 0}], 422, "invalid_input"),
        ([{"quantity": 100}], 422, "invalid_input"),
        ([], 422, "invalid_input"),
        ([{"offer_id": 999_999}], 404, "offer_not_found"),
        ([{"quantity": 6}], 409, "insufficient_stock"),
        ([{"quantity": 50}, {"quantity": 50}], 400, "invalid_quantity"),
    ],
    ids=["offer-not-a-number", "quantity-0", "quantity-100", "no-lines", "unknown-offer", "above-stock",
         "merged-over-99"],
)  # fmt: skip
def test_bad_lines_bought_now_get_a_clear_error_and_change_nothing(api, lines, status, code):
    offer = stocked_offer(quantity=5)
    lines = [{"offer_id": offer.pk, "quantity": 1} | line for line in lines]

    response = buy_now(api, lines)

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert (Order.objects.count(), Checkout.objects.count()) == (0, 0)
    assert StockItem.objects.get(variant=offer.variant).reserved == 0


@pytest.mark.django_db
def test_the_same_key_with_the_same_lines_bought_now_returns_the_same_checkout(api):
    offer = stocked_offer(quantity=5)
    lines = [{"offer_id": offer.pk, "quantity": 1}]

    first, again = buy_now(api, lines), buy_now(api, lines)
    other = buy_now(api, [{"offer_id": offer.pk, "quantity": 2}])

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"]
    assert (other.status_code, other.json()["code"]) == (409, "idempotency_key_reused")
    assert Order.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("stores", [2, 4])
def test_placing_runs_a_fixed_number_of_queries_plus_one_per_stock_item(api, stores, django_assert_num_queries):
    """The hot path of checkout: one query per table whatever the number of stores, lines and packages,
    except the stock UPDATE, which is one per stock item so that rows are locked in a fixed order."""
    offers = [stocked_offer(quantity=5, mode="bonded" if index % 2 else "direct_mail") for index in range(stores)]
    warm = buy_now(api, [{"offer_id": offers[0].pk, "quantity": 1}], key="warm-up-key-0001")
    assert warm.status_code == 201
    body = {"address_id": api.buyer.addresses.get().pk, "lines": [{"offer_id": o.pk, "quantity": 1} for o in offers]}

    with django_assert_num_queries(PLACE_QUERIES + stores):
        response = post(api, "/checkout/place", body, **{"Idempotency-Key": "buy-now-key-0001"})

    assert (response.status_code, len(response.json()["orders"])) == (201, stores)


# Session and user 2; replay, address, offers, stock 4 (no FX: the offers are priced in CNY); the transaction
# (a savepoint inside the test's transaction) 2; checkout 1; identity, HS rates, positive list, shipping rules,
# quota ledger sum and capped entries 6; stock savepoint, movements, release 3; order, timeline, package, line 4;
# quota savepoint, lock, sum, entries, release 5; payment charge, payment, its orders, its event 4; checkout
# total and orders 2; the response's orders 1.
PLACE_QUERIES = 2 + 4 + 2 + 1 + 6 + 3 + 4 + 5 + 4 + 2 + 1
