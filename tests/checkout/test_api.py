from decimal import Decimal

import pytest

from tests.factories import StoreMemberFactory
from tests.factories.orders import cart_with, free_shipping, stocked_offer
from xborder.orders.models import Order


def post(client, url, data=None, **headers):
    return client.post(f"/api/v1{url}", data or {}, content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_cart_lines_are_added_changed_and_removed(api):
    offer = stocked_offer(quantity=5)

    added = post(api, "/checkout/cart/lines", {"offer_id": offer.pk, "quantity": 2})
    line_id = added.json()["lines"][0]["id"]
    changed = api.patch(f"/api/v1/checkout/cart/lines/{line_id}", {"quantity": 5}, content_type="application/json")
    removed = api.delete(f"/api/v1/checkout/cart/lines/{line_id}")

    assert (added.status_code, added.json()["lines"][0]["quantity"]) == (201, 2)
    assert changed.json()["lines"][0]["quantity"] == 5
    assert removed.json() == {"lines": []}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"quantity": 0}, 422, "invalid_input"),
        ({"quantity": 6}, 409, "insufficient_stock"),
        ({"offer_id": 999999}, 404, "offer_not_found"),
        ({"inactive": True}, 400, "offer_unavailable"),
    ],
    ids=["quantity-0", "above-stock", "unknown-offer", "inactive-offer"],
)
def test_bad_cart_lines_get_a_clear_error_and_nothing_is_added(api, payload, status, code):
    offer = stocked_offer(quantity=5)
    if payload.pop("inactive", False):
        offer.is_active = False
        offer.save()
    body = {"offer_id": offer.pk, "quantity": 1} | payload

    response = post(api, "/checkout/cart/lines", body)

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert api.get("/api/v1/checkout/cart").json() == {"lines": []}


@pytest.mark.django_db
def test_quote_shows_every_package_with_its_taxes_and_violations(api):
    cheap, dear = stocked_offer(price="100.00"), stocked_offer(price="3000.00")
    free_shipping(dear.store)
    cart_with(api.buyer, (cheap, 1), (dear, 2))

    quote = post(api, "/checkout/quote").json()

    assert len(quote["packages"]) == 2
    over = next(package for package in quote["packages"] if package["violations"])
    assert [violation["code"] for violation in over["violations"]] == ["over_transaction_limit"]
    assert len(over["split_proposal"]) == 2
    fine = next(package for package in quote["packages"] if not package["violations"])
    assert Decimal(fine["vat"]) == Decimal("10.92")  # (100 + 20 freight) x 13% x 70%
    assert quote["placeable"] is False
    assert post(api, "/checkout/quote", {"split": True}).json()["placeable"] is True


@pytest.mark.django_db
def test_place_with_an_idempotency_key_creates_once_and_replays(api):
    cart_with(api.buyer, (stocked_offer(), 1))
    body = {"address_id": api.buyer.addresses.get().pk}

    first = post(api, "/checkout/place", body, **{"Idempotency-Key": "api-key-123456"})
    again = post(api, "/checkout/place", body, **{"Idempotency-Key": "api-key-123456"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json()["payment_url"].startswith("/sandbox-pay/")
    assert Order.objects.count() == 1


@pytest.mark.django_db
def test_place_without_a_key_or_with_a_reused_key_is_refused(api):
    offer = stocked_offer()
    cart_with(api.buyer, (offer, 1))
    body = {"address_id": api.buyer.addresses.get().pk}

    missing = post(api, "/checkout/place", body)
    post(api, "/checkout/place", body, **{"Idempotency-Key": "api-key-123456"})
    cart_with(api.buyer, (offer, 2))
    reused = post(api, "/checkout/place", body, **{"Idempotency-Key": "api-key-123456"})

    assert (missing.status_code, missing.json()["code"]) == (400, "idempotency_key_required")
    assert (reused.status_code, reused.json()["code"]) == (409, "idempotency_key_reused")


@pytest.mark.django_db
def test_orders_list_and_detail_show_packages_taxes_and_timeline(api):
    cart_with(api.buyer, (stocked_offer(), 1))
    post(api, "/checkout/place", {"address_id": api.buyer.addresses.get().pk}, **{"Idempotency-Key": "k" * 10})
    number = Order.objects.get().number

    listing = api.get("/api/v1/orders").json()
    detail = api.get(f"/api/v1/orders/{number}").json()

    assert [item["number"] for item in listing["items"]] == [number]
    assert detail["packages"][0]["total_tax"] == detail["tax_total"]
    assert detail["packages"][0]["lines"][0]["hs_code"] == "3304990099"
    assert [event["to_status"] for event in detail["timeline"]] == ["pending_payment"]


@pytest.mark.django_db
def test_another_buyers_order_and_another_stores_orders_are_404(api, client):
    cart_with(api.buyer, (stocked_offer(), 1))
    post(api, "/checkout/place", {"address_id": api.buyer.addresses.get().pk}, **{"Idempotency-Key": "k" * 10})
    order = Order.objects.get()
    stranger = StoreMemberFactory()
    member = StoreMemberFactory(store=order.store)

    client.force_login(stranger.user)
    not_mine = client.get(f"/api/v1/orders/{order.number}")
    other_store = client.get(f"/api/v1/orders/store/{order.store_id}")
    client.force_login(member.user)
    own_store = client.get(f"/api/v1/orders/store/{order.store_id}")

    assert (not_mine.status_code, not_mine.json()["code"]) == (404, "order_not_found")
    assert other_store.status_code == 404
    assert [item["number"] for item in own_store.json()["items"]] == [order.number]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/checkout/cart", "/orders"])
def test_the_api_needs_a_log_in(client, url):
    response = client.get(f"/api/v1{url}")

    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")
