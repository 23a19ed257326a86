"""Buy now in a real browser: a visitor picks a quantity on the product page -> "Buy now" -> logs in -> the
checkout page of that one line with its tax -> pays on the sandbox page; the cart keeps what it held."""

import re
from decimal import Decimal

import pytest

from tests.factories.orders import cart_with, shopper, stocked_offer
from xborder.orders.models import OrderLine

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
BUYER_ID = "11010519491231002X"


def test_a_visitor_buys_now_logs_in_and_pays_for_that_line_only(live_server, page, screenshot):
    buyer = shopper(id_number=BUYER_ID)
    in_cart, bought = stocked_offer(price="80.00"), stocked_offer(price="320.00", mode="bonded")
    cart_with(buyer, (in_cart, 1))
    base = live_server.url

    page.goto(f"{base}/products/{bought.variant.product.slug}/")
    page.locator(f"#qty-{bought.pk}").fill("2")
    screenshot(page, "buy-now-1-product")
    page.get_by_test_id("buy-now").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label(re.compile("mail", re.I)).fill(buyer.email)
    page.get_by_label(re.compile("password", re.I)).fill("correct horse battery")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(re.compile(rf"/checkout/\?offer_id={bought.pk}&quantity=2$"))
    assert "your cart is not changed" in page.get_by_test_id("buy-now-note").inner_text()
    assert page.get_by_test_id("package").count() == 1
    assert Decimal(page.get_by_test_id("package-tax").inner_text().strip("¥")) > 0
    screenshot(page, "buy-now-2-checkout")

    page.get_by_test_id("place-order").click()
    page.wait_for_url(re.compile(r"/sandbox-pay/"))
    page.get_by_label("Payer name").fill("王小明")
    page.get_by_label("Payer ID number").fill(BUYER_ID)
    page.get_by_role("button", name="Pay").click()
    page.wait_for_url(re.compile(r"/checkout/done/"))
    assert page.get_by_test_id("payment-status").inner_text() == "Paid"

    page.goto(base + "/cart/")
    assert page.locator("table.cart tbody tr").count() == 1
    screenshot(page, "buy-now-3-cart-unchanged")
    assert list(OrderLine.objects.values_list("offer_id", "quantity")) == [(bought.pk, 2)]
