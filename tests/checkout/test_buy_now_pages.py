"""Buy now (立即购买): from an offer on the product page straight to the checkout page of that one line, placed
without the cart, which stays as it was."""

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories.orders import cart_with, free_shipping, shopper, stocked_offer
from xborder.checkout.models import CartLine, Checkout
from xborder.inventory.models import StockItem
from xborder.orders.models import Order, OrderLine

pytestmark = pytest.mark.django_db

CHECKOUT = reverse("checkout:checkout")


def buy_now_url(offer_id, quantity) -> str:
    return f"{CHECKOUT}?offer_id={offer_id}&quantity={quantity}"


def hidden_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def place_form(client, url: str) -> dict[str, str]:
    """The place-order form of a checkout page as the browser would send it."""
    html = client.get(url).content.decode()
    fields = hidden_fields(html)
    fields.pop("csrfmiddlewaretoken", None)
    fields.pop("next", None)  # the language switcher's
    fields.pop("language", None)
    return {**fields, "address_id": client.buyer.addresses.get().pk}


def stock_of(offer) -> tuple[int, int]:
    item = StockItem.objects.get(variant=offer.variant, warehouse=offer.warehouse)
    return item.quantity, item.reserved


def test_each_offer_on_the_product_page_has_a_buy_now_button_in_its_add_to_cart_form(client):
    offer = stocked_offer()

    html = client.get(reverse("storefront:product_detail", args=[offer.variant.product.slug])).content.decode()

    form = re.search(r'<form class="add-to-cart".*?</form>', html, re.S).group(0)
    assert f'name="offer_id" value="{offer.pk}"' in form
    assert 'name="quantity"' in form  # one quantity input for both buttons
    assert f'formaction="{reverse("checkout:buy_now")}"' in form
    assert "Buy now" in form and "Add to cart" in form


def test_buy_now_goes_on_to_the_checkout_page_of_that_offer_and_quantity_without_touching_the_cart(shopper_client):
    offer = stocked_offer()

    response = shopper_client.post(reverse("checkout:buy_now"), {"offer_id": offer.pk, "quantity": "2"})

    assert response.status_code == 302
    assert response["Location"] == buy_now_url(offer.pk, 2)
    assert not CartLine.objects.exists()


def test_buy_now_needs_the_csrf_token_of_the_product_page(shopper_client):
    shopper_client.handler.enforce_csrf_checks = True

    response = shopper_client.post(reverse("checkout:buy_now"), {"offer_id": stocked_offer().pk, "quantity": "1"})

    assert response.status_code == 403


def test_the_buy_now_checkout_page_quotes_only_that_line_with_its_tax(shopper_client):
    in_cart = stocked_offer(price="80.00", name="Cart lotion")
    bought = stocked_offer(price="300.00", name="Buy-now serum")
    cart_with(shopper_client.buyer, (in_cart, 1))

    html = shopper_client.get(buy_now_url(bought.pk, 2)).content.decode()

    assert 'data-testid="buy-now-note"' in html
    assert "Buying now: your cart is not changed." in html
    assert reverse("storefront:product_detail", args=[bought.variant.product.slug]) in html
    assert html.count('data-testid="package"') == 1
    assert "2 × " in html and "Buy-now serum" in html and "Cart lotion" not in html
    taxes = re.findall(r'data-testid="package-tax">¥([0-9.]+)<', html)
    assert len(taxes) == 1 and float(taxes[0]) > 0
    fields = hidden_fields(html)
    assert fields["offer_id"] == str(bought.pk) and fields["quantity"] == "2"
    assert len(fields["idempotency_key"]) >= 8
    assert not re.search(r'disabled data-testid="place-order"', html)


def test_the_cart_checkout_page_has_no_buy_now_note_or_fields(shopper_client):
    cart_with(shopper_client.buyer, (stocked_offer(), 1))

    html = shopper_client.get(CHECKOUT).content.decode()

    assert 'data-testid="buy-now-note"' not in html
    assert "offer_id" not in hidden_fields(html)


def test_buying_now_places_that_line_and_leaves_the_cart_as_it_was(shopper_client):
    in_cart, bought = stocked_offer(price="80.00"), stocked_offer(price="300.00")
    cart_with(shopper_client.buyer, (in_cart, 3))

    placed = shopper_client.post(reverse("checkout:place"), place_form(shopper_client, buy_now_url(bought.pk, 2)))

    assert placed.status_code == 302 and placed["Location"].startswith("/sandbox-pay/")
    order = Order.objects.get()
    assert order.store_id == bought.store_id and order.buyer == shopper_client.buyer
    assert list(OrderLine.objects.values_list("offer_id", "quantity")) == [(bought.pk, 2)]
    assert order.tax_total > 0
    assert list(shopper_client.buyer.cart.lines.values_list("offer_id", "quantity")) == [(in_cart.pk, 3)]
    assert stock_of(bought) == (100, 2)
    assert stock_of(in_cart) == (100, 0)


def test_buying_now_with_an_empty_cart_creates_no_cart(shopper_client):
    bought = stocked_offer()

    shopper_client.post(reverse("checkout:place"), place_form(shopper_client, buy_now_url(bought.pk, 1)))

    assert Order.objects.count() == 1
    assert not CartLine.objects.exists()


def test_sending_the_buy_now_form_twice_places_one_order(shopper_client):
    form = place_form(shopper_client, buy_now_url(stocked_offer().pk, 1))

    first = shopper_client.post(reverse("checkout:place"), form)
    second = shopper_client.post(reverse("checkout:place"), form)

    assert first["Location"] == second["Location"]
    assert Order.objects.count() == 1 and Checkout.objects.count() == 1


BAD_LINES = {
    "quantity 0": ("{offer}", "0", "invalid_quantity"),
    "quantity 100": ("{offer}", "100", "invalid_quantity"),
    "quantity not a number": ("{offer}", "two", "invalid_quantity"),
    "quantity a fraction": ("{offer}", "1.5", "invalid_quantity"),
    "quantity negative": ("{offer}", "-1", "invalid_quantity"),
    "quantity missing": ("{offer}", None, "invalid_quantity"),
    "offer not a number": ("abc", "1", "offer_not_found"),
    "offer too large for the database": ("99999999999999999999", "1", "offer_not_found"),
    "offer unknown": ("987654321", "1", "offer_not_found"),
}


def bad_line(offer, case: str) -> dict[str, str]:
    offer_id, quantity, _ = BAD_LINES[case]
    line = {"offer_id": offer_id.format(offer=offer.pk)}
    if quantity is not None:
        line["quantity"] = quantity
    return line


@pytest.mark.parametrize("case", list(BAD_LINES))
def test_a_bad_buy_now_line_on_the_checkout_page_is_a_clear_error_and_offers_no_place_form(shopper_client, case):
    offer = stocked_offer()

    response = shopper_client.get(CHECKOUT, bad_line(offer, case))

    html = response.content.decode()
    assert response.status_code == 400
    assert f'data-testid="buy-now-error" data-code="{BAD_LINES[case][2]}"' in html
    assert 'data-testid="place-order"' not in html
    assert 'data-testid="package"' not in html
    assert "Your cart is empty." not in html


@pytest.mark.parametrize("case", list(BAD_LINES))
def test_a_bad_buy_now_line_in_the_place_form_creates_nothing(shopper_client, case):
    offer, in_cart = stocked_offer(), stocked_offer()
    cart_with(shopper_client.buyer, (in_cart, 1))
    form = {**place_form(shopper_client, buy_now_url(offer.pk, 1)), **bad_line(offer, case)}
    if BAD_LINES[case][1] is None:
        form.pop("quantity")

    response = shopper_client.post(reverse("checkout:place"), form)

    assert response.status_code == 400
    assert f'data-code="{BAD_LINES[case][2]}"' in response.content.decode()
    assert not Order.objects.exists() and not Checkout.objects.exists()
    assert stock_of(offer) == (100, 0)
    assert list(shopper_client.buyer.cart.lines.values_list("offer_id", "quantity")) == [(in_cart.pk, 1)]


def test_the_quantity_error_says_what_is_allowed(shopper_client):
    html = shopper_client.get(buy_now_url(stocked_offer().pk, 100)).content.decode()

    assert "The quantity must be a whole number from 1 to 99." in html


def test_a_refused_buy_now_placement_returns_to_that_line_with_its_reason_and_keeps_the_cart(client):
    buyer = shopper()
    buyer.identity.delete()
    client.force_login(buyer)
    client.buyer = buyer
    in_cart, bought = stocked_offer(), stocked_offer()
    cart_with(buyer, (in_cart, 1))

    response = client.post(reverse("checkout:place"), place_form(client, buy_now_url(bought.pk, 1)))

    assert response.status_code == 302 and response["Location"] == buy_now_url(bought.pk, 1)
    page = client.get(response["Location"]).content.decode()
    assert "identity_required" in page and 'data-testid="buy-now-note"' in page
    assert not Order.objects.exists()
    assert list(buyer.cart.lines.values_list("offer_id", "quantity")) == [(in_cart.pk, 1)]


def test_more_than_in_stock_is_shown_on_the_buy_now_page_and_cannot_be_placed(shopper_client):
    offer = stocked_offer(quantity=2)

    html = shopper_client.get(buy_now_url(offer.pk, 3)).content.decode()

    assert 'data-code="insufficient_stock"' in html
    assert re.search(r"disabled data-testid=\"place-order\"", html)


def test_the_split_offer_of_a_buy_now_line_keeps_the_line(shopper_client):
    dear = stocked_offer(price="3000.00")
    free_shipping(dear.store)

    html = shopper_client.get(buy_now_url(dear.pk, 2)).content.decode()
    assert 'data-code="over_transaction_limit"' in html
    split_url = re.search(r'data-testid="split-offer">.*?<a href="([^"]+)"', html, re.S).group(1).replace("&amp;", "&")
    assert split_url == f"?offer_id={dear.pk}&quantity=2&split=1"

    split_html = shopper_client.get(CHECKOUT + split_url).content.decode()
    assert split_html.count('data-testid="package"') == 2
    fields = hidden_fields(split_html)
    assert (fields["split"], fields["offer_id"], fields["quantity"]) == ("1", str(dear.pk), "2")
    placed = shopper_client.post(reverse("checkout:place"), place_form(shopper_client, CHECKOUT + split_url))
    assert placed.status_code == 302 and placed["Location"].startswith("/sandbox-pay/")
    assert Order.objects.get().packages.count() == 2


def test_a_visitor_who_buys_now_logs_in_and_comes_back_to_the_same_line(client):
    buyer, offer = shopper(), stocked_offer()

    to_checkout = client.post(reverse("checkout:buy_now"), {"offer_id": offer.pk, "quantity": "2"})
    to_login = client.get(to_checkout["Location"])

    assert to_login.status_code == 302
    assert to_login["Location"] == f"{reverse('accounts:login')}?next={quote(buy_now_url(offer.pk, 2), safe='/')}"
    login_page = client.get(to_login["Location"]).content.decode()
    # The log-in form's own "next" (the header's language form has one too, before it).
    next_url = re.findall(r'name="next" value="([^"]*)"', login_page)[-1].replace("&amp;", "&")
    logged_in = client.post(
        reverse("accounts:login"),
        {"username": buyer.email, "password": "correct horse battery", "next": next_url},
    )
    assert logged_in.status_code == 302 and logged_in["Location"] == buy_now_url(offer.pk, 2)
    html = client.get(logged_in["Location"]).content.decode()
    assert 'data-testid="buy-now-note"' in html
    assert hidden_fields(html)["offer_id"] == str(offer.pk)


def test_the_buy_now_page_runs_a_fixed_number_of_queries_and_never_reads_the_cart(
    shopper_client, django_assert_max_num_queries
):
    offer = stocked_offer()
    cart_with(shopper_client.buyer, (stocked_offer(), 1))

    # session, user, offer, FX, stock, identity, rates, positive list, rules, quota ledger (one or two),
    # product slug, addresses
    with django_assert_max_num_queries(13) as captured:
        response = shopper_client.get(buy_now_url(offer.pk, 1))

    assert response.status_code == 200
    assert not [query for query in captured.captured_queries if "checkout_cart" in query["sql"]]


def test_the_chinese_pages_say_buy_now_in_chinese(shopper_client):
    offer = stocked_offer()
    shopper_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    product_page = shopper_client.get(reverse("storefront:product_detail", args=[offer.variant.product.slug]))
    checkout_page = shopper_client.get(buy_now_url(offer.pk, 1))
    error_page = shopper_client.get(buy_now_url(offer.pk, 0))

    assert "立即购买" in product_page.content.decode()
    assert "立即购买：不会改动您的购物车。" in checkout_page.content.decode()
    assert "数量须为 1 到 99 之间的整数。" in error_page.content.decode()
