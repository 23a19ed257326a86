"""A buyer's journey in a real browser: two items from two stores -> log in -> checkout with the tax of each
package -> pay on the sandbox platform's page -> the paid order."""

import re
from decimal import Decimal

import pytest

from tests.factories import FxRateFactory
from tests.factories.orders import shopper, stocked_offer
from tests.factories.sellers import StoreFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
BUYER_ID = "11010519491231002X"


def add_to_cart_as_guest(page, base, offer_id, quantity):
    token = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "csrftoken")
    response = page.request.post(
        base + "/cart/add/",
        form={"offer_id": str(offer_id), "quantity": str(quantity)},
        headers={"X-CSRFToken": token, "Referer": base + "/cart/"},
    )
    assert response.ok


def test_two_stores_checkout_shows_tax_per_package_and_pays_on_the_sandbox_page(live_server, page, screenshot):
    buyer = shopper(id_number=BUYER_ID)
    FxRateFactory(base_id="JPY", quote_id="CNY", rate=Decimal("0.0480"))
    bonded = stocked_offer(price="320.00", mode="bonded")
    direct = stocked_offer(store=StoreFactory(currency_id="JPY", name="Osaka Beauty"), price="9800")
    base = live_server.url

    page.goto(base + "/accounts/login/")
    add_to_cart_as_guest(page, base, bonded.pk, 1)
    add_to_cart_as_guest(page, base, direct.pk, 2)
    page.get_by_label(re.compile("mail", re.I)).fill(buyer.email)
    page.get_by_label(re.compile("password", re.I)).fill("correct horse battery")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(base + "/cart/")
    assert page.locator("table.cart tbody tr").count() == 2
    page.get_by_test_id("to-checkout").click()
    page.wait_for_url(re.compile(r"/checkout/$"))
    packages = page.get_by_test_id("package")
    assert packages.count() == 2
    taxes = page.get_by_test_id("package-tax").all_inner_texts()
    assert all(Decimal(tax.strip("¥")) > 0 for tax in taxes)
    screenshot(page, "checkout-1-quote")

    page.get_by_test_id("place-order").click()
    page.wait_for_url(re.compile(r"/sandbox-pay/"))
    page.get_by_label("Payer name").fill("王小明")
    page.get_by_label("Payer ID number").fill(BUYER_ID)
    screenshot(page, "checkout-2-sandbox-pay")
    page.get_by_role("button", name="Pay").click()
    page.wait_for_url(re.compile(r"/checkout/done/"))
    assert page.get_by_test_id("payment-status").inner_text() == "Paid"

    page.locator("main a[href^='/orders/']").first.click()
    page.wait_for_url(re.compile(r"/orders/XB"))
    assert page.get_by_test_id("order-status").inner_text() == "Paid"
    assert "pending_payment → paid" in page.locator("ol.timeline").inner_text()
    screenshot(page, "checkout-3-paid-order")
