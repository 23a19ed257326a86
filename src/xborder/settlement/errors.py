"""Stable error codes of settlement."""

from xborder.core.errors import DomainError


class SettlementError(DomainError):
    """Codes: ``entry_unbalanced``, ``entry_empty``, ``store_required``, ``store_not_allowed``,
    ``amount_invalid``, ``account_overdrawn``, ``no_commission_rule``, ``already_recorded``,
    ``payment_not_recorded``, ``refund_exceeds_payment``, ``refund_exceeds_tax``, ``return_window_open``,
    ``hold_not_found``, ``payout_already_settled``, ``period_invalid``, plus ``no_fx_rate`` from pricing.
    """
