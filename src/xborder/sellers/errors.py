"""Stable error codes of onboarding, membership and agency mandates."""

from xborder.core.errors import DomainError


class ApplicationError(DomainError):
    """Codes: ``field_required``, ``country_invalid``, ``currency_invalid``, ``iban_invalid``, ``bic_invalid``,
    ``bank_account_required``, ``phone_invalid``, ``email_invalid``, ``district_code_invalid``,
    ``province_mismatch``, ``deposit_invalid``, ``documents_missing``, ``application_not_editable``,
    ``transition_not_allowed``, ``reason_required``, ``application_not_found``, ``slug_taken``,
    ``return_window_invalid``, ``operator_required``."""


class StoreStatusError(DomainError):
    """Codes: ``status_invalid``."""


class DocumentError(DomainError):
    """Codes: ``document_type_not_allowed``, ``document_too_large``, ``document_empty``, ``document_kind_invalid``,
    ``document_expired``, ``document_not_found``."""


class MembershipError(DomainError):
    """Codes: ``user_not_found``, ``already_member``, ``member_not_found``, ``last_owner``, ``role_invalid``."""


class MandateError(DomainError):
    """Codes: ``scope_invalid``, ``scope_required``, ``dates_invalid``, ``fee_invalid``, ``mandate_not_found``,
    ``already_revoked``, ``agency_not_found``."""


class AgencyMembershipError(DomainError):
    """Codes: ``agency_admin_required`` (403), ``user_not_found``, ``user_inactive``, ``already_member``,
    ``role_invalid``, ``member_not_found`` (404), ``last_admin`` (409)."""
