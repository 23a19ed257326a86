"""Stable error codes of accounts, addresses and real-name identities."""

from xborder.core.errors import DomainError


class AccountError(DomainError):
    """Codes: ``email_taken``, ``invalid_email``, ``weak_password``, ``invalid_credentials``,
    ``rate_limited``, ``invalid_token``."""


class AddressError(DomainError):
    """Codes: ``phone_invalid``, ``district_code_invalid``, ``province_mismatch``, ``field_required``,
    ``address_not_found``."""


class IdentityError(DomainError):
    """Codes: ``id_number_format``, ``id_number_birth_date``, ``id_number_check_digit``, ``name_invalid``,
    ``identity_missing``."""
