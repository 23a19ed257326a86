"""Writes of payments: open a payment for a checkout, process a gateway's notifications (verified,
idempotent, tolerant of redelivery and disorder), refund (never more than was captured)."""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from xborder.core.money import round_money
from xborder.orders.errors import OrderError
from xborder.orders.models import Order
from xborder.orders.services import cancel_order, mark_orders_paid, new_number
from xborder.orders.states import Status
from xborder.payments import errors
from xborder.payments.errors import PaymentError
from xborder.payments.gateways import Notification, get_gateway
from xborder.payments.models import Payment, PaymentEvent, PaymentNotification, Refund
from xborder.payments.states import PAYMENT_TRANSITIONS, REFUNDABLE, PaymentStatus


def record_payment_event(
    *, payment: Payment, to_status: str, from_status: str = "", reason: str = "", actor=None, actor_label: str = "",
    refund: Refund | None = None,
) -> PaymentEvent:  # fmt: skip
    return PaymentEvent.objects.create(
        payment=payment,
        refund=refund,
        from_status=from_status,
        to_status=to_status,
        reason=reason[:200],
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label[:60],
    )


def _move(payment: Payment, to: str, *, reason: str, actor=None, actor_label: str = "", **changes) -> None:
    """Conditional UPDATE from the status we hold to ``to``, plus a timeline row."""
    current = payment.status
    if to not in PAYMENT_TRANSITIONS[current]:
        raise PaymentError("illegal_transition", f"Payment {payment} cannot go from {current} to {to}.", status=409)
    changes = {"status": to, "updated_at": timezone.now(), **changes}
    if Payment.objects.filter(pk=payment.pk, status=current).update(**changes) != 1:
        raise PaymentError("status_changed", f"Payment {payment} was changed meanwhile.", status=409)
    for name, value in changes.items():
        setattr(payment, name, value)
    record_payment_event(
        payment=payment, from_status=current, to_status=to, reason=reason, actor=actor, actor_label=actor_label
    )


def create_payment(
    *, buyer, orders: Iterable[Order], amount: Decimal, requires_identity: bool, buyer_id_hash: str = "",
    return_url: str = "", gateway: str | None = None,
) -> Payment:  # fmt: skip
    """One payment for the orders of a checkout, opened at the gateway; the payer goes to ``redirect_url``."""
    provider = get_gateway(gateway)
    payment = Payment(
        number=new_number("PY"),
        buyer=buyer,
        gateway=provider.code,
        amount=amount,
        requires_identity=requires_identity,
        buyer_id_hash=buyer_id_hash,
        return_url=return_url,
    )
    # No savepoint: placing an order calls this inside its transaction, and any failure aborts all of it.
    with transaction.atomic(savepoint=False):
        session = provider.create(payment)
        payment.provider_ref, payment.redirect_url = session.provider_ref, session.redirect_url
        payment.save()
        Payment.orders.through.objects.bulk_create(
            Payment.orders.through(payment_id=payment.pk, order_id=order.pk) for order in orders
        )
        record_payment_event(payment=payment, to_status=PaymentStatus.PENDING, reason="payment opened")
    return payment


def receive_notification(*, gateway: str, body: bytes, headers: Mapping[str, str], now: float | None = None) -> str:
    """Verify and apply one notification; returns the outcome (``paid``, ``declined``, ``duplicate``, ``stale``,
    ...). A redelivered notification (same id) changes nothing; a stale one (``pending`` after ``paid``) is
    recorded and ignored. Everything happens in one transaction, so a failure leaves it for redelivery."""
    notification = get_gateway(gateway).parse_notification(body, headers, now)
    try:
        with transaction.atomic():
            record = PaymentNotification.objects.create(
                notification_id=notification.notification_id,
                gateway=gateway,
                event=notification.event,
                payload=dict(notification.payload),
            )
            payment = Payment.objects.select_for_update().filter(number=notification.payment_ref).first()
            if payment is None:
                raise PaymentError(errors.PAYMENT_NOT_FOUND, "The notification names an unknown payment.", status=404)
            handler = HANDLERS.get(notification.event, _ignore)
            record.payment, record.outcome = payment, handler(payment, notification)
            record.save(update_fields=["payment", "outcome"])
            return record.outcome
    except IntegrityError:
        if PaymentNotification.objects.filter(notification_id=notification.notification_id).exists():
            return "duplicate"
        raise


def _ignore(payment: Payment, notification: Notification) -> str:
    return "ignored"


def _on_pending(payment: Payment, notification: Notification) -> str:
    return "pending" if payment.status == PaymentStatus.PENDING else "stale"


def _on_succeeded(payment: Payment, notification: Notification) -> str:
    if payment.status != PaymentStatus.PENDING:
        return "stale"
    if notification.amount != payment.amount or notification.currency != payment.currency:
        raise PaymentError(errors.AMOUNT_MISMATCH, "The notified amount is not the payment's amount.")
    _move(
        payment,
        PaymentStatus.PAID,
        reason=f"captured by {payment.gateway} ({notification.provider_ref})",
        actor_label=payment.gateway,
        captured_amount=notification.amount,
        payer_name=notification.payer_name,
        payer_id_hash=notification.payer_id_hash,
        paid_at=timezone.now(),
    )
    if payment.requires_identity and notification.payer_id_hash != payment.buyer_id_hash:
        _refund_and_cancel(payment, errors.PAYER_MISMATCH)
        return errors.PAYER_MISMATCH
    try:
        with transaction.atomic():
            mark_orders_paid(order_ids=payment.orders.values_list("pk", flat=True), reason=f"payment {payment.number}")
    except OrderError:
        # An order expired before the money arrived: give all of it back.
        refund_payment(payment=payment, amount=payment.captured_amount, reason="orders no longer payable")
        return "refunded_orders_closed"
    return "paid"


def _on_declined(payment: Payment, notification: Notification) -> str:
    if payment.status != PaymentStatus.PENDING:
        return "stale"
    reason = notification.decline_reason or "declined"
    _move(payment, PaymentStatus.DECLINED, reason=reason, actor_label=payment.gateway, decline_reason=reason[:40])
    _cancel_unpaid_orders(payment, f"payment declined: {reason}")
    return "declined"


HANDLERS = {"payment.pending": _on_pending, "payment.succeeded": _on_succeeded, "payment.declined": _on_declined}


def _refund_and_cancel(payment: Payment, reason: str) -> None:
    refund_payment(payment=payment, amount=payment.captured_amount, reason=reason)
    _cancel_unpaid_orders(payment, reason)


def _cancel_unpaid_orders(payment: Payment, reason: str) -> None:
    for order in payment.orders.filter(status=Status.PENDING_PAYMENT).order_by("pk"):
        try:
            with transaction.atomic():
                cancel_order(order=order, reason=reason, actor_label=payment.gateway)
        except OrderError:
            continue  # expired (cancelled) meanwhile: already released


def refund_payment(*, payment: Payment, amount: Decimal, reason: str, actor=None, actor_label: str = "") -> Refund:
    """Refund ``amount`` (full or partial) through the gateway. The sum of refunds never exceeds the captured
    amount: ``refunded += amount WHERE refunded <= captured - amount`` (and a database constraint)."""
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        raise PaymentError(errors.INVALID_AMOUNT, "A refund is a positive amount.", fields={"amount": "invalid"})
    amount = round_money(amount, payment.currency)
    with transaction.atomic():
        updated = Payment.objects.filter(
            pk=payment.pk, status__in=REFUNDABLE, refunded_amount__lte=F("captured_amount") - amount
        ).update(refunded_amount=F("refunded_amount") + amount, updated_at=timezone.now())
        if updated != 1:
            raise PaymentError(
                errors.REFUND_EXCEEDS_CAPTURED,
                "The refunds would exceed what was captured.",
                fields={"amount": "over the refundable amount"},
                status=409,
            )
        fresh = Payment.objects.select_for_update().get(pk=payment.pk)
        refund = Refund.objects.create(
            number=new_number("RF"), payment=fresh, amount=amount, reason=reason[:200], actor=_user(actor)
        )
        refund.provider_ref = get_gateway(fresh.gateway).refund(fresh, amount, refund.number)
        refund.save(update_fields=["provider_ref"])
        full = fresh.refunded_amount == fresh.captured_amount
        target = PaymentStatus.REFUNDED if full else PaymentStatus.PARTIALLY_REFUNDED
        _move(
            fresh, target, reason=f"refund {refund.number} of {amount}: {reason}", actor=actor, actor_label=actor_label
        )
        payment.status, payment.refunded_amount = fresh.status, fresh.refunded_amount
    return refund


def _user(actor):
    return actor if getattr(actor, "pk", None) else None
