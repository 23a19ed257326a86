"""The whole after-sale journey in a real browser: a cleared bonded order is picked and shipped by warehouse
staff, the carrier's signed webhook reports scans and delivery, the buyer follows it on the tracking page and
asks for a return, an operator receives and inspects it, and the buyer sees the refund."""

import datetime as dt
import json
import re
import time

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import StaffFactory
from tests.factories.fulfilment import WebhookCarrierFactory, cleared_package, paid_through_sandbox
from xborder.logistics.webhooks import sign
from xborder.orders.models import CustomsMode
from xborder.orders.services import record_event
from xborder.orders.states import Status
from xborder.payments.models import Payment
from xborder.returns.models import ReturnRequest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SECRET = "whsec-test-0123456789"


def logged_in(browser, base, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}])
    return context.new_page()


def later(minutes: int) -> str:
    return (timezone.now() + dt.timedelta(minutes=minutes)).isoformat()


def carrier_posts(page, base, events):
    body = json.dumps({"events": events}).encode()
    stamp = str(int(time.time()))
    response = page.request.post(
        base + "/logistics/webhooks/yto-push/",
        data=body,
        headers={"Content-Type": "application/json", "X-Xborder-Timestamp": stamp,
                 "X-Xborder-Signature": sign(SECRET, stamp, body)},
    )  # fmt: skip
    assert response.ok, response.text()


def test_ship_track_deliver_return_and_refund_in_the_browser(live_server, browser, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    WebhookCarrierFactory(code="yto-push", name="YTO Push", webhook_secret=SECRET)
    package = cleared_package(mode=CustomsMode.BONDED)
    order = package.order
    record_event(order=order, package=package, to_status=Status.CLEARED, reason="customs released")
    paid_through_sandbox(order)
    base = live_server.url

    staff = logged_in(browser, base, StaffFactory())
    staff.goto(f"{base}/logistics/warehouses/{package.warehouse.code}/")
    staff.get_by_role("button", name="Pick").click()
    staff.get_by_label(package.number).check()
    staff.get_by_label("Tracking number", exact=True).fill("YT0000001")
    staff.get_by_role("button", name="Pack and ship selected").click()
    assert "Shipped as SH" in staff.locator("ul.messages").inner_text()
    screenshot(staff, "fulfilment-1-warehouse")

    carrier_posts(staff, base, [
        {"id": "yt-1", "tracking_number": "YT0000001", "code": "picked_up",
         "occurred_at": later(1), "location": "Ningbo bonded zone"},
        {"id": "yt-3", "tracking_number": "YT0000001", "code": "delivered",
         "occurred_at": later(20), "location": "Shanghai"},
    ])  # fmt: skip
    carrier_posts(staff, base, [  # an earlier scan arriving late lands in its place
        {"id": "yt-2", "tracking_number": "YT0000001", "code": "out_for_delivery",
         "occurred_at": later(16), "location": "Pudong station"},
    ])  # fmt: skip

    buyer = logged_in(browser, base, order.buyer)
    buyer.goto(f"{base}/logistics/orders/{order.number}/tracking/")
    assert buyer.locator(".order-status").inner_text() == "Delivered"
    codes = "items => items.map(i => i.dataset.code)"
    scans = buyer.locator("ol.tracking-timeline li.tracking").evaluate_all(codes)
    changes = buyer.locator("ol.tracking-timeline li.order").evaluate_all(codes)
    assert scans == ["picked_up", "out_for_delivery", "delivered"]
    assert {"cleared", "fulfilling", "shipped", "delivered"} <= set(changes)
    screenshot(buyer, "fulfilment-2-tracking")

    buyer.get_by_test_id("return-package").click()
    line = package.lines.get()
    buyer.get_by_label(line.description).fill("1")
    buyer.get_by_label("Reason").select_option("changed_mind")
    buyer.get_by_role("button", name="Ask for a return").click()
    buyer.wait_for_url(re.compile(r"/returns/RT"))
    assert buyer.locator(".return-status").inner_text().startswith("Approved")
    assert "bonded" in buyer.locator(".destination").inner_text().lower()
    buyer.get_by_label("Carrier").fill("SF Express")
    buyer.get_by_label("Tracking number").fill("SF9000001")
    buyer.get_by_role("button", name="I have sent it back").click()
    assert buyer.locator(".return-status").inner_text() == "On its way back"
    screenshot(buyer, "fulfilment-3-return")

    number = ReturnRequest.objects.get().number
    staff.goto(f"{base}/returns/{number}/")
    staff.get_by_role("button", name="Mark received").click()
    staff.get_by_role("button", name="Inspect and refund").click()
    assert staff.locator(".return-status").inner_text() == "Refunded"

    buyer.reload()
    assert buyer.locator(".return-status").inner_text() == "Refunded"
    assert "100.00 CNY" in buyer.locator(".refund").inner_text()
    assert Payment.objects.get().refunded_amount == order.total
    buyer.goto(f"{base}/logistics/orders/{order.number}/tracking/")
    assert "refunded" in buyer.locator("ol.tracking-timeline").evaluate("l => l.innerHTML")
    screenshot(buyer, "fulfilment-4-refunded")
