"""Payments API: the state of one of the caller's payments (to poll after the hosted payment page), with
its refunds and timeline. Paying itself happens on the payment platform's page (``payment_url``)."""

from datetime import datetime
from decimal import Decimal

from ninja import Path, Router, Schema

from xborder.accounts.api_auth import token_or_session
from xborder.core.api_schemas import error_responses
from xborder.payments.selectors import payment_for_buyer

router = Router(tags=["payments"], auth=token_or_session)


class RefundOut(Schema):
    number: str
    amount: Decimal
    reason: str
    created_at: datetime


class PaymentEventOut(Schema):
    at: datetime
    from_status: str
    to_status: str
    who: str
    reason: str


class PaymentOut(Schema):
    number: str
    status: str
    gateway: str
    currency: str
    amount: Decimal
    captured_amount: Decimal
    refunded_amount: Decimal
    payment_url: str
    decline_reason: str
    orders: list[str]
    refunds: list[RefundOut]
    timeline: list[PaymentEventOut]


@router.get(
    "/{number}",
    response={200: PaymentOut, **error_responses(401, 404)},
    summary="One of my payments (404 `payment_not_found` otherwise)",
)
def my_payment(request, number: str = Path(..., max_length=24)):
    payment = payment_for_buyer(buyer=request.auth, number=number)
    return PaymentOut(
        number=payment.number,
        status=payment.status,
        gateway=payment.gateway,
        currency=payment.currency,
        amount=payment.amount,
        captured_amount=payment.captured_amount,
        refunded_amount=payment.refunded_amount,
        payment_url=payment.redirect_url,
        decline_reason=payment.decline_reason,
        orders=[order.number for order in payment.orders.all()],
        refunds=[RefundOut.model_validate(refund, from_attributes=True) for refund in payment.refunds.all()],
        timeline=[_event(event) for event in payment.timeline.all()],
    )


def _event(event) -> PaymentEventOut:
    return PaymentEventOut(
        at=event.created_at,
        from_status=event.from_status,
        to_status=event.to_status,
        who=event.who,
        reason=event.reason,
    )
