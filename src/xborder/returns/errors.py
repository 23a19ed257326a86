"""Stable error codes of returns."""

from xborder.core.errors import DomainError


class ReturnError(DomainError):
    """Codes: ``not_found`` (404), ``not_delivered`` (409), ``return_window_closed`` (409), ``no_lines``,
    ``line_not_in_package``, ``quantity_invalid``, ``quantity_exceeds`` (409), ``reason_invalid``,
    ``photos_required``, ``too_many_photos``, ``photo_invalid``, ``tracking_number_invalid``,
    ``return_not_open`` (409: the return is not in a state for this step), ``not_allowed`` (403),
    ``payment_not_found`` (409).
    """
