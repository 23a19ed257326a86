"""Stable error codes of logistics."""

from xborder.core.errors import DomainError


class LogisticsError(DomainError):
    """Codes: shipping ``no_packages``, ``package_not_ready``, ``package_already_shipped``,
    ``consolidation_mixed_buyers``, ``consolidation_mixed_warehouses``, ``consolidation_mixed_modes``,
    ``consolidation_not_direct_mail``, ``carrier_unavailable``, ``carrier_unsuitable``, ``tracking_number_invalid``,
    ``tracking_number_taken``, ``leg_not_found``; webhooks ``carrier_not_found`` (404), ``signature_missing``,
    ``timestamp_invalid``, ``timestamp_out_of_window``, ``signature_invalid`` (401), ``payload_invalid`` (400);
    ``not_allowed`` (403).
    """
