"""Stable error codes of payments, refunds and gateway notifications."""

from xborder.core.errors import DomainError

BAD_SIGNATURE = "bad_signature"
STALE_NOTIFICATION = "stale_notification"
MALFORMED_NOTIFICATION = "malformed_notification"
PAYMENT_NOT_FOUND = "payment_not_found"
AMOUNT_MISMATCH = "amount_mismatch"
INVALID_AMOUNT = "invalid_amount"
REFUND_EXCEEDS_CAPTURED = "refund_exceeds_captured"
NOT_REFUNDABLE = "not_refundable"
PAYER_NOT_BUYER = "payer_not_buyer"
PAYER_MISMATCH = "payer_mismatch"
PAYER_REQUIRED = "payer_required"
CHARGE_CLOSED = "charge_closed"
UNKNOWN_GATEWAY = "unknown_gateway"


class PaymentError(DomainError):
    """Codes: ``bad_signature`` (401), ``stale_notification`` (401), ``malformed_notification`` (400),
    ``payment_not_found`` (404), ``amount_mismatch``, ``invalid_amount`` (400), ``refund_exceeds_captured`` (409),
    ``not_refundable`` (409), ``payer_not_buyer`` (the hosted page refused a payer who is not the buyer),
    ``payer_required`` (name and ID number missing), ``charge_closed`` (409), ``unknown_gateway``."""
