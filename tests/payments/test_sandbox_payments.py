import json
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import IdentityFactory, StockItemFactory
from tests.factories.orders import OrderLineFactory
from xborder.core.pii import keyed_hash
from xborder.orders.models import Order
from xborder.orders.states import Status
from xborder.payments import sandbox
from xborder.payments.errors import PaymentError
from xborder.payments.models import Payment, PaymentEvent, PaymentNotification, Refund, SandboxCharge
from xborder.payments.services import create_payment, receive_notification, refund_payment
from xborder.payments.states import PaymentStatus

BUYER_ID = "110101199003070011"
OTHER_ID = "440305198502141230"


@pytest.fixture
def identity(buyer):
    return IdentityFactory(user=buyer, id_number=BUYER_ID)


@pytest.fixture
def payment(buyer, identity):
    line = OrderLineFactory(order__buyer=buyer, quantity=1, package__order__buyer=buyer)
    StockItemFactory(variant=line.variant, warehouse=line.package.warehouse, quantity=5, reserved=1)
    return create_payment(
        buyer=buyer,
        orders=[line.order],
        amount=Decimal("120.00"),
        requires_identity=True,
        buyer_id_hash=identity.id_hash,
        return_url="/done/",
    )


def charge_of(payment):
    return SandboxCharge.objects.get(merchant_ref=payment.number)


def deliver(charge, event, *, at=None, **extra):
    body = sandbox.notification_body(charge, event, **extra)
    headers = {sandbox.SIGNATURE_HEADER: sandbox.sign(body, int(at or time.time()))}
    return body, headers, receive_notification(gateway="sandbox", body=body, headers=headers)


def captured(charge, payer_id=BUYER_ID):
    charge.status, charge.payer_name, charge.payer_id_hash = "captured", "王小明", keyed_hash(payer_id)
    charge.save()
    return charge


@pytest.mark.django_db
def test_creating_a_payment_opens_a_charge_with_a_hosted_page(payment):
    assert payment.status == PaymentStatus.PENDING
    assert payment.redirect_url == reverse("payments:sandbox_page", kwargs={"token": charge_of(payment).token})
    assert PaymentEvent.objects.filter(payment=payment, to_status="pending").count() == 1


@pytest.mark.django_db
def test_payer_who_is_the_buyer_pays_and_the_orders_become_paid(client, payment):
    response = client.post(
        payment.redirect_url, {"action": "confirm", "payer_name": "王小明", "payer_id_number": BUYER_ID.lower()}
    )

    assert response.status_code == 302 and response["Location"] == "/done/"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.captured_amount == Decimal("120.00")
    order = payment.orders.get()
    assert order.status == Status.PAID
    assert order.packages.get().status == Status.PAID
    assert list(order.timeline.values_list("to_status", flat=True)) == ["paid", "paid"]


@pytest.mark.django_db
def test_payer_who_is_not_the_buyer_is_declined_and_the_orders_cancelled(client, payment):
    response = client.post(
        payment.redirect_url, {"action": "confirm", "payer_name": "李四", "payer_id_number": OTHER_ID}
    )

    assert response.status_code == 400
    assert b'data-code="payer_not_buyer"' in response.content
    payment.refresh_from_db()
    assert (payment.status, payment.decline_reason) == (PaymentStatus.DECLINED, "payer_not_buyer")
    assert payment.orders.get().status == Status.CANCELLED


@pytest.mark.django_db
def test_payer_must_give_name_and_id_number(client, payment):
    response = client.post(payment.redirect_url, {"action": "confirm", "payer_name": "", "payer_id_number": ""})

    assert response.status_code == 400
    assert b"payer_required" in response.content
    assert charge_of(payment).status == "open"


@pytest.mark.django_db
def test_declining_on_the_hosted_page_cancels_the_orders_and_releases_stock(client, payment):
    client.post(payment.redirect_url, {"action": "decline"})

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.DECLINED
    order = payment.orders.get()
    assert order.status == Status.CANCELLED
    line = order.lines.get()
    assert line.variant.stock_items.get().reserved == 0


@pytest.mark.django_db
def test_forged_signature_is_refused_and_nothing_is_written(payment):
    body = sandbox.notification_body(captured(charge_of(payment)), "payment.succeeded")
    forged = {sandbox.SIGNATURE_HEADER: sandbox.sign(body, int(time.time()), secret="not the secret")}

    with pytest.raises(PaymentError) as error:
        receive_notification(gateway="sandbox", body=body, headers=forged)

    assert error.value.code == "bad_signature"
    assert not PaymentNotification.objects.exists()
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


@pytest.mark.django_db
def test_tampered_body_is_refused(payment):
    body = sandbox.notification_body(captured(charge_of(payment)), "payment.succeeded")
    headers = {sandbox.SIGNATURE_HEADER: sandbox.sign(body, int(time.time()))}

    with pytest.raises(PaymentError) as error:
        receive_notification(gateway="sandbox", body=body.replace(b"120.00", b"1.00"), headers=headers)

    assert error.value.code == "bad_signature"


@pytest.mark.django_db
@pytest.mark.parametrize(("age", "accepted"), [(299, True), (301, False), (-301, False)],
                         ids=["just-fresh", "older-than-5-min", "from-the-future"])  # fmt: skip
def test_notifications_older_than_five_minutes_are_refused(payment, age, accepted):
    charge = captured(charge_of(payment))
    if accepted:
        assert deliver(charge, "payment.succeeded", at=time.time() - age)[2] == "paid"
        return
    with pytest.raises(PaymentError) as error:
        deliver(charge, "payment.succeeded", at=time.time() - age)
    assert error.value.code == "stale_notification"


@pytest.mark.django_db
def test_a_redelivered_notification_is_applied_once(payment):
    body, headers, first = deliver(captured(charge_of(payment)), "payment.succeeded")

    second = receive_notification(gateway="sandbox", body=body, headers=headers)

    assert (first, second) == ("paid", "duplicate")
    assert PaymentNotification.objects.count() == 1
    assert PaymentEvent.objects.filter(payment=payment, to_status="paid").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("late_event", ["payment.pending", "payment.declined", "payment.succeeded"])
def test_a_late_notification_after_paid_does_not_move_the_payment_back(payment, late_event):
    charge = captured(charge_of(payment))
    deliver(charge, "payment.succeeded")

    outcome = deliver(charge, late_event)[2]

    assert outcome == "stale"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.orders.get().status == Status.PAID


@pytest.mark.django_db
def test_payer_mismatch_reported_by_the_gateway_refunds_and_cancels(payment):
    outcome = deliver(captured(charge_of(payment), payer_id=OTHER_ID), "payment.succeeded")[2]

    assert outcome == "payer_mismatch"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert payment.refunded_amount == payment.captured_amount == Decimal("120.00")
    assert payment.orders.get().status == Status.CANCELLED


@pytest.mark.django_db
def test_money_arriving_after_the_order_expired_is_refunded(payment):
    order = payment.orders.get()
    Order.objects.filter(pk=order.pk).update(status=Status.CANCELLED)

    outcome = deliver(captured(charge_of(payment)), "payment.succeeded")[2]

    assert outcome == "refunded_orders_closed"
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.REFUNDED


@pytest.mark.django_db
def test_amount_that_differs_from_the_payment_is_refused(payment):
    charge = captured(charge_of(payment))
    charge.amount = Decimal("1.00")

    with pytest.raises(PaymentError) as error:
        deliver(charge, "payment.succeeded")

    assert error.value.code == "amount_mismatch"
    assert not PaymentNotification.objects.exists()


@pytest.mark.django_db
def test_notification_endpoint_answers_401_with_a_code_on_a_bad_signature(client, payment):
    body = sandbox.notification_body(captured(charge_of(payment)), "payment.succeeded")
    url = reverse("payments:sandbox_notification")

    bad = client.post(url, body, content_type="application/json", headers={"X-Sandbox-Signature": "t=1,v1=00"})
    good = client.post(
        url, body, content_type="application/json",
        headers={"X-Sandbox-Signature": sandbox.sign(body, int(time.time()))},
    )  # fmt: skip

    assert (bad.status_code, json.loads(bad.content)["code"]) == (401, "bad_signature")
    assert (good.status_code, good.content) == (200, b"paid")


@pytest.fixture
def paid(payment):
    deliver(captured(charge_of(payment)), "payment.succeeded")
    payment.refresh_from_db()
    return payment


@pytest.mark.django_db
def test_partial_refunds_add_up_to_the_captured_amount_and_no_further(paid):
    refund_payment(payment=paid, amount=Decimal("20.00"), reason="one item damaged")
    assert paid.status == PaymentStatus.PARTIALLY_REFUNDED
    refund_payment(payment=paid, amount=Decimal("100.00"), reason="rest returned")
    assert paid.status == PaymentStatus.REFUNDED

    with pytest.raises(PaymentError) as error:
        refund_payment(payment=paid, amount=Decimal("0.01"), reason="one cent more")

    assert error.value.code == "refund_exceeds_captured"
    assert Refund.objects.filter(payment=paid).count() == 2
    assert charge_of(paid).refunded == Decimal("120.00")
    assert PaymentEvent.objects.filter(payment=paid, refund__isnull=True, to_status="refunded").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["120.01", "0", "-5"], ids=["over-captured", "zero", "negative"])
def test_a_refund_larger_than_paid_or_not_positive_is_refused(paid, amount):
    with pytest.raises(PaymentError) as error:
        refund_payment(payment=paid, amount=Decimal(amount), reason="x")

    assert error.value.code in {"refund_exceeds_captured", "invalid_amount"}
    assert not Refund.objects.exists()
    assert Payment.objects.get(pk=paid.pk).refunded_amount == 0


@pytest.mark.django_db
def test_an_unpaid_payment_cannot_be_refunded(payment):
    with pytest.raises(PaymentError) as error:
        refund_payment(payment=payment, amount=Decimal("1.00"), reason="x")

    assert error.value.code == "refund_exceeds_captured"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_partial_refunds_never_exceed_the_captured_amount(paid):
    barrier = threading.Barrier(8)
    outcomes = []

    def refund():
        barrier.wait()
        try:
            refund_payment(payment=Payment.objects.get(pk=paid.pk), amount=Decimal("50.00"), reason="race")
            outcomes.append("ok")
        except PaymentError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=refund) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    paid.refresh_from_db()
    assert outcomes.count("ok") == 2
    assert paid.refunded_amount == Decimal("100.00")
    assert paid.status == PaymentStatus.PARTIALLY_REFUNDED


@pytest.mark.django_db
def test_a_decline_for_an_order_that_already_expired_is_recorded(payment):
    from xborder.orders.services import cancel_order

    cancel_order(order=payment.orders.get(), reason="unpaid in time")

    outcome = deliver(charge_of(payment), "payment.declined", decline_reason="payer_declined")[2]

    assert outcome == "declined"
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.DECLINED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_money_arriving_while_the_order_expires_is_either_kept_or_refunded_never_lost(payment):
    from datetime import timedelta

    from django.utils import timezone

    from xborder.orders.services import expire_unpaid_orders

    charge = captured(charge_of(payment))
    barrier = threading.Barrier(2)

    def expire():
        barrier.wait()
        try:
            expire_unpaid_orders(now=timezone.now() + timedelta(hours=1))
        finally:
            connection.close()

    def notify():
        barrier.wait()
        try:
            deliver(charge, "payment.succeeded")
        finally:
            connection.close()

    threads = [threading.Thread(target=expire), threading.Thread(target=notify)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    payment.refresh_from_db()
    order = payment.orders.get()
    reserved = order.lines.get().variant.stock_items.get().reserved
    if order.status == Status.PAID:
        assert (payment.status, reserved) == (PaymentStatus.PAID, 1)
    else:
        assert order.status == Status.CANCELLED
        assert (payment.status, payment.refunded_amount, reserved) == (PaymentStatus.REFUNDED, Decimal("120.00"), 0)
