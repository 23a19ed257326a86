"""Reads of payments."""

from django.db.models import Prefetch

from xborder.payments.errors import PAYMENT_NOT_FOUND, PaymentError
from xborder.payments.models import Payment, PaymentEvent, Refund


def payment_for_buyer(*, buyer, number: str) -> Payment:
    """One of the buyer's payments with its orders, refunds and timeline; ``payment_not_found`` (404) otherwise."""
    payment = (
        Payment.objects.filter(buyer=buyer, number=number)
        .prefetch_related(
            "orders",
            Prefetch("refunds", queryset=Refund.objects.order_by("created_at", "id")),
            Prefetch("timeline", queryset=PaymentEvent.objects.select_related("actor").order_by("created_at", "id")),
        )
        .first()
    )
    if payment is None:
        raise PaymentError(PAYMENT_NOT_FOUND, "No such payment.", status=404)
    return payment
