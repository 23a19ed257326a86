"""Errors of the duties app, each with a stable code.

Plain Python (no Django import), so the pure engine in ``regimes`` can raise them too.
``DutiesError`` is a core ``DomainError``: the API turns it into ``{"code", "message", "fields"}`` with a 4xx status.
"""

from __future__ import annotations

from xborder.core.errors import DomainError

# Input errors (the request cannot be quoted at all).
EMPTY_LINES = "empty_lines"
INVALID_AMOUNT = "invalid_amount"
INVALID_QUANTITY = "invalid_quantity"
INVALID_HS_CODE = "invalid_hs_code"
INVALID_RATE = "invalid_rate"
MISSING_RATE = "missing_rate"
UNKNOWN_REGIME = "unknown_regime"
REGIME_NOT_IN_FORCE = "regime_not_in_force"
UNKNOWN_CURRENCY = "unknown_currency"
UNKNOWN_COUNTRY = "unknown_country"
UNSUPPORTED_LEGAL_UNIT = "unsupported_legal_unit"
LEGAL_QUANTITY_REQUIRED = "legal_quantity_required"
HS_CODE_NOT_FOUND = "hs_code_not_found"
FX_RATE_NOT_FOUND = "fx_rate_not_found"
BUYER_REQUIRED = "buyer_required"

# Quota ledger errors.
QUOTA_EXCEEDED = "over_annual_limit"
QUOTA_ENTRY_NOT_FOUND = "quota_entry_not_found"
QUOTA_TRANSITION_NOT_ALLOWED = "quota_transition_not_allowed"

# Data loading errors.
INVALID_CSV = "invalid_csv"

# Violations: the package can be quoted, but not under the preferential treatment.
OVER_TRANSACTION_LIMIT = "over_transaction_limit"
OVER_ANNUAL_LIMIT = "over_annual_limit"
NOT_ON_POSITIVE_LIST = "not_on_positive_list"
TRADE_MODE_NOT_ALLOWED = "trade_mode_not_allowed"
QUANTITY_CAP_EXCEEDED = "quantity_cap_exceeded"
POSTAL_PARCEL_OVER_LIMIT = "postal_parcel_over_limit"


class DutiesError(DomainError):
    """A duties use case refused its input. ``code`` is stable; ``fields`` maps a field to its problem."""

    status = 400

    def __init__(self, code: str, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(code, message, fields=fields)


class DutiesNotFound(DutiesError):
    """Something the request refers to does not exist (HS code, quota entry)."""

    status = 404


class DutiesConflict(DutiesError):
    """The request conflicts with the current state (quota exhausted, entry already committed)."""

    status = 409
