"""Payment states and the allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the payer")
    PAID = "paid", _("Paid")
    DECLINED = "declined", _("Declined")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


P = PaymentStatus
PAYMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    P.PENDING: frozenset({P.PAID, P.DECLINED}),
    P.PAID: frozenset({P.PARTIALLY_REFUNDED, P.REFUNDED}),
    P.PARTIALLY_REFUNDED: frozenset({P.PARTIALLY_REFUNDED, P.REFUNDED}),
    P.DECLINED: frozenset(),
    P.REFUNDED: frozenset(),
}
REFUNDABLE = frozenset({P.PAID, P.PARTIALLY_REFUNDED})


class ChargeStatus(models.TextChoices):
    """States of a charge on the sandbox platform's own books."""

    OPEN = "open", _("Open")
    CAPTURED = "captured", _("Captured")
    DECLINED = "declined", _("Declined")
