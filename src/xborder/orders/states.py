"""The order and package state machine: one explicit table of the allowed transitions.

Orders and packages share the states; a package moves through customs on its own, its order follows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Pending payment")
    PAID = "paid", _("Paid")
    DECLARING = "declaring", _("Declaring to customs")
    CLEARED = "cleared", _("Cleared by customs")
    CUSTOMS_REJECTED = "customs_rejected", _("Rejected by customs")
    FULFILLING = "fulfilling", _("Fulfilling")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


S = Status
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.DECLARING, S.CANCELLED, S.REFUNDED}),
    # declaring -> cancelled: customs confirmed the cancellation (CEB624) before release.
    S.DECLARING: frozenset({S.CLEARED, S.CUSTOMS_REJECTED, S.CANCELLED}),
    S.CLEARED: frozenset({S.FULFILLING}),
    S.CUSTOMS_REJECTED: frozenset({S.REFUNDED, S.CANCELLED}),
    S.FULFILLING: frozenset({S.SHIPPED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.COMPLETED, S.REFUNDED}),
    S.COMPLETED: frozenset({S.REFUNDED}),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}
FINAL = frozenset(status for status, targets in TRANSITIONS.items() if not targets)
# States in which the package holds reserved (not yet shipped) stock.
HOLDS_STOCK = frozenset({S.PENDING_PAYMENT, S.PAID, S.DECLARING, S.CLEARED, S.FULFILLING, S.CUSTOMS_REJECTED})


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
