"""Stable error codes of carts, quotes and placing orders."""

from xborder.core.errors import DomainError

OFFER_NOT_FOUND = "offer_not_found"
OFFER_UNAVAILABLE = "offer_unavailable"
INVALID_QUANTITY = "invalid_quantity"
INSUFFICIENT_STOCK = "insufficient_stock"
LINE_NOT_FOUND = "line_not_found"
CART_EMPTY = "cart_empty"
ADDRESS_NOT_FOUND = "address_not_found"
IDENTITY_REQUIRED = "identity_required"
IDEMPOTENCY_KEY_REQUIRED = "idempotency_key_required"
IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
OUT_OF_STOCK = "out_of_stock"
NO_FX_RATE = "no_fx_rate"

STATUS = {
    OFFER_NOT_FOUND: 404,
    LINE_NOT_FOUND: 404,
    ADDRESS_NOT_FOUND: 404,
    IDEMPOTENCY_KEY_REUSED: 409,
    OUT_OF_STOCK: 409,
    INSUFFICIENT_STOCK: 409,
    "over_annual_limit": 409,
}


class CheckoutError(DomainError):
    """Codes: ``offer_not_found``, ``offer_unavailable``, ``invalid_quantity``, ``insufficient_stock``,
    ``line_not_found``, ``cart_empty``, ``address_not_found``, ``identity_required``,
    ``idempotency_key_required``, ``idempotency_key_reused`` (409), ``out_of_stock`` (409), ``no_fx_rate``,
    and every duties violation of a package: ``over_transaction_limit``, ``over_annual_limit`` (409),
    ``not_on_positive_list``, ``trade_mode_not_allowed``, ``quantity_cap_exceeded``, ``postal_parcel_over_limit``,
    ``hs_code_not_found``, ``missing_rate``."""

    status = 400

    def __init__(self, code: str, message: str = "", *, fields: dict | None = None, status: int | None = None):
        super().__init__(code, message, fields=fields, status=status or STATUS.get(code))
