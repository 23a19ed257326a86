"""Stable error codes of orders and packages."""

from xborder.core.errors import DomainError

ILLEGAL_TRANSITION = "illegal_transition"
STATUS_CHANGED = "status_changed"
ORDER_NOT_FOUND = "order_not_found"


class OrderError(DomainError):
    """Codes: ``illegal_transition`` (the state machine has no such edge, 409), ``status_changed`` (another
    writer moved the order first, 409), ``order_not_found`` (404)."""

    status = 409
