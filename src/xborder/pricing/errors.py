"""Stable error codes of pricing."""

from xborder.core.errors import DomainError


class PricingError(DomainError):
    """Codes: ``unknown_currency``, ``no_fx_rate``, ``fx_file_invalid``, ``fx_rate_invalid``."""
