"""Stable codes of inventory errors (stock errors live with the stock services as ``StockError``)."""

from xborder.core.errors import DomainError

NOT_FOUND = "not_found"
LINES_REQUIRED = "lines_required"
QUANTITY_INVALID = "quantity_invalid"
COST_INVALID = "cost_invalid"
VARIANT_UNKNOWN = "variant_unknown"
DUPLICATE_LINE = "duplicate_line"
NOT_SELF_OPERATED = "not_self_operated"
NOT_BONDED = "not_bonded"
PURCHASE_ORDER_CLOSED = "purchase_order_closed"
LINE_NOT_IN_ORDER = "line_not_in_order"
ALREADY_RECEIVED = "already_received"
COUNT_MISSING = "count_missing"
SUPPLIER_INVALID = "supplier_invalid"


class InboundError(DomainError):
    """Codes above; 400 for bad input, 404 for unknown objects, 409 for a state that does not allow it."""
