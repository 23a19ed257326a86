"""Every write of sellers: applications and their review, documents, members, settings, mandates, audit entries."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from xborder.accounts.errors import AddressError
from xborder.accounts.services import checked_address_fields
from xborder.catalog.models import Offer
from xborder.catalog.services import refresh_min_prices
from xborder.core.errors import PermissionDenied
from xborder.pricing.models import Currency
from xborder.sellers.errors import ApplicationError, DocumentError, MandateError, MembershipError, StoreStatusError
from xborder.sellers.models import (
    AgencyFeeKind,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationStatus,
    AuditEntry,
    BankAccountKind,
    DocumentKind,
    Mandate,
    MandateScope,
    Store,
    StoreApplication,
    StoreKind,
    StoreMember,
    StoreRole,
    StoreStatus,
)

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
EXPIRY_WARNING_DAYS = 30
MIN_RETURN_WINDOW_DAYS = 7  # the legal seven-day no-reason return window
MAX_RETURN_WINDOW_DAYS = 90
# Magic bytes decide the type; the extension must agree with them.
_SIGNATURES = (
    (b"%PDF-", "application/pdf", {".pdf"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
)
REQUIRED_DOCUMENTS = {
    StoreKind.OVERSEAS_MERCHANT: [
        {DocumentKind.BUSINESS_REGISTRATION},
        {DocumentKind.RETAIL_AUTHORISATION, DocumentKind.BRAND_AUTHORISATION},
    ],
    StoreKind.PERSONAL_SHOPPER: [{DocumentKind.IDENTITY}, {DocumentKind.PROOF_OF_RESIDENCE}],
    StoreKind.B2B_SUPPLIER: [{DocumentKind.BUSINESS_REGISTRATION}, {DocumentKind.EXPORT_LICENCE}],
}
APPLICANT_KINDS = set(REQUIRED_DOCUMENTS)
_TEXT_FIELDS = (
    "store_name", "store_name_zh", "company_name", "registration_number", "export_licence_number", "legal_name",
    "identity_number", "service_email", "service_phone", "bank_account_holder", "bank_name",
)  # fmt: skip
_REQUIRED_BY_KIND = {
    StoreKind.OVERSEAS_MERCHANT: ("company_name", "registration_number", "service_email", "service_phone"),
    StoreKind.PERSONAL_SHOPPER: ("legal_name", "identity_number", "service_email"),
    StoreKind.B2B_SUPPLIER: (
        "company_name", "registration_number", "export_licence_number", "service_email", "service_phone",
    ),
}  # fmt: skip
_ADDRESS_KEYS = ("recipient", "phone", "province", "city", "district", "district_code", "detail", "postal_code")


# --- applications ---------------------------------------------------------------------------------------------


def _require_operator(user) -> None:
    if not getattr(user, "is_staff", False):
        raise PermissionDenied("operator_required", "Only operator staff review applications.")


def _checked_bank(data: dict) -> dict:
    iban = re.sub(r"\s+", "", str(data.get("iban") or "")).upper()
    bic = re.sub(r"\s+", "", str(data.get("swift_bic") or "")).upper()
    account = re.sub(r"[\s-]+", "", str(data.get("bank_account_number") or ""))
    if iban:
        try:
            iban = stdnum_iban.validate(iban)
        except StdnumError:
            raise ApplicationError("iban_invalid", "The IBAN is not valid.", fields={"iban": "invalid"}) from None
    if bic:
        try:
            bic = stdnum_bic.validate(bic)
        except StdnumError:
            raise ApplicationError(
                "bic_invalid", "The SWIFT/BIC code is not valid.", fields={"swift_bic": "invalid"}
            ) from None
    if account and not re.fullmatch(r"[A-Za-z0-9]{4,34}", account):
        raise ApplicationError(
            "bank_account_required",
            "An account number has 4-34 letters or digits.",
            fields={"bank_account_number": "invalid"},
        )
    kind = BankAccountKind.IBAN if iban else (BankAccountKind.SWIFT if account and bic else "")
    return {"iban": iban, "swift_bic": bic, "bank_account_number": account, "bank_account_kind": kind}


def _checked_return_address(data: dict) -> dict:
    given = {key: str(data.get(f"return_{key}") or "").strip() for key in _ADDRESS_KEYS}
    if not any(given.values()):
        return {f"return_{key}": "" for key in _ADDRESS_KEYS}
    try:
        checked = checked_address_fields(given)
    except AddressError as error:
        fields = {f"return_{name}": code for name, code in error.fields.items()}
        raise ApplicationError(error.code, error.message, fields=fields) from None
    return {f"return_{key}": checked[key] for key in _ADDRESS_KEYS}


def _checked_application_fields(data: dict) -> dict:
    kind = data.get("kind")
    if kind not in APPLICANT_KINDS:
        raise ApplicationError("field_required", "Choose what kind of store you apply for.", fields={"kind": "invalid"})
    fields = {name: str(data.get(name) or "").strip() for name in _TEXT_FIELDS}
    if not fields["store_name"]:
        raise ApplicationError("field_required", "Give the store a name.", fields={"store_name": "required"})
    country = str(data.get("country") or "").strip().upper()
    if country not in dict(countries) or country == "CN":
        raise ApplicationError("country_invalid", "Choose the overseas country.", fields={"country": "invalid"})
    currency = str(data.get("currency") or "").strip().upper()
    if currency == "CNY" or not Currency.objects.filter(code=currency).exists():
        raise ApplicationError("currency_invalid", "Choose the store's currency.", fields={"currency": "invalid"})
    if fields["service_email"]:
        try:
            validate_email(fields["service_email"])
        except ValidationError:
            raise ApplicationError(
                "email_invalid", "Enter a valid e-mail.", fields={"service_email": "invalid"}
            ) from None
    deposit = data.get("security_deposit")
    if deposit not in (None, ""):
        try:
            deposit = Decimal(str(deposit))
        except InvalidOperation:
            deposit = Decimal(-1)
        if deposit < 0 or not deposit.is_finite():
            raise ApplicationError(
                "deposit_invalid", "The deposit is a positive amount.", fields={"security_deposit": "invalid"}
            )
    fields.update(kind=kind, country=country, currency_id=currency)
    fields.update(_checked_bank(data))
    fields.update(_checked_return_address(data))
    if deposit not in (None, ""):
        fields["security_deposit"] = deposit
    return fields


@transaction.atomic
def save_application(*, applicant, data: dict, application: StoreApplication | None = None) -> StoreApplication:
    """Create or edit a draft (or an application sent back for more information); formats are checked now,
    completeness when it is submitted."""
    if application is not None:
        application = StoreApplication.objects.select_for_update().get(pk=application.pk)
        if application.applicant_id != applicant.pk:
            raise ApplicationError("application_not_found", "No such application.", status=404)
        if not application.is_editable:
            raise ApplicationError(
                "application_not_editable", "This application is under review or decided.", status=409
            )
    fields = _checked_application_fields(data)
    application = application or StoreApplication(applicant=applicant)
    for name, value in fields.items():
        setattr(application, name, value)
    application.save()
    if not application.events.exists():
        ApplicationEvent.objects.create(
            application=application, actor=applicant, from_status="", to_status=ApplicationStatus.DRAFT
        )
    return application


def checked_document_upload(upload) -> str:
    """Return the content type of a PDF, JPEG or PNG upload of at most 10 MB; judged by its first bytes."""
    size = getattr(upload, "size", 0) or 0
    if size <= 0:
        raise DocumentError("document_empty", "The file is empty.", fields={"file": "empty"})
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError("document_too_large", "A document may be at most 10 MB.", fields={"file": "too_large"})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    name = (getattr(upload, "name", "") or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    for magic, content_type, extensions in _SIGNATURES:
        if head.startswith(magic) and extension in extensions:
            return content_type
    raise DocumentError(
        "document_type_not_allowed", "Upload a PDF, JPEG or PNG file.", fields={"file": "type_not_allowed"}
    )


@transaction.atomic
def add_document(
    *,
    application: StoreApplication,
    actor,
    kind: str,
    upload,
    expires_on: dt.date | None = None,
    brand_name: str = "",
    grantor: str = "",
    today: dt.date | None = None,
) -> ApplicationDocument:
    """Attach a checked qualification document to an editable application."""
    if application.applicant_id != actor.pk:
        raise ApplicationError("application_not_found", "No such application.", status=404)
    if not application.is_editable:
        raise ApplicationError("application_not_editable", "This application is under review or decided.", status=409)
    if kind not in DocumentKind.values:
        raise DocumentError("document_kind_invalid", "Choose the document type.", fields={"kind": "invalid"})
    if expires_on is not None and expires_on <= (today or timezone.localdate()):
        raise DocumentError("document_expired", "This document has already expired.", fields={"expires_on": "expired"})
    if kind == DocumentKind.BRAND_AUTHORISATION and not (brand_name.strip() and grantor.strip()):
        raise DocumentError(
            "field_required", "Name the brand and who granted the authorisation.", fields={"brand_name": "required"}
        )
    content_type = checked_document_upload(upload)
    return ApplicationDocument.objects.create(
        application=application,
        kind=kind,
        file=upload,
        original_name=(upload.name or "document")[-200:],
        content_type=content_type,
        size=upload.size,
        brand_name=brand_name.strip()[:100],
        grantor=grantor.strip()[:200],
        expires_on=expires_on,
        uploaded_by=actor,
    )


@transaction.atomic
def remove_document(*, application: StoreApplication, actor, document_id: int) -> None:
    """Remove a document from an editable application of the actor."""
    if application.applicant_id != actor.pk or not application.is_editable:
        raise ApplicationError("application_not_editable", "This application cannot be changed now.", status=409)
    deleted, _ = application.documents.filter(pk=document_id).delete()
    if not deleted:
        raise DocumentError("document_not_found", "No such document.", status=404)


def _transition(application: StoreApplication, *, actor, to_status: str, reason: str = "") -> StoreApplication:
    event = ApplicationEvent(
        application=application, actor=actor, from_status=application.status, to_status=to_status, reason=reason
    )
    application.status = to_status
    application.save(update_fields=["status", "submitted_at", "decided_at", "decided_by", "decision_reason",
                                    "store", "security_deposit", "updated_at"])  # fmt: skip
    event.save()
    return application


def _locked(application: StoreApplication) -> StoreApplication:
    return StoreApplication.objects.select_for_update().get(pk=application.pk)


def _missing_requirements(application: StoreApplication, today: dt.date) -> dict:
    missing = {name: "required" for name in _REQUIRED_BY_KIND[application.kind] if not getattr(application, name)}
    if application.kind != StoreKind.PERSONAL_SHOPPER and not application.return_district_code:
        missing["return_address"] = "required"
    if not application.bank_account_holder or not application.bank_account_kind:
        missing["bank_account"] = "required"
    kinds = set(application.documents.filter(expires_on__isnull=True).values_list("kind", flat=True))
    kinds |= set(application.documents.filter(expires_on__gt=today).values_list("kind", flat=True))
    for alternatives in REQUIRED_DOCUMENTS[application.kind]:
        if not kinds & alternatives:
            missing["documents"] = "missing"
    return missing


@transaction.atomic
def submit_application(*, application: StoreApplication, actor, today: dt.date | None = None) -> StoreApplication:
    """Send a complete draft (or an amended application) to the operators for review."""
    application = _locked(application)
    if application.applicant_id != actor.pk:
        raise ApplicationError("application_not_found", "No such application.", status=404)
    if not application.is_editable:
        raise ApplicationError("transition_not_allowed", "This application is already under review.", status=409)
    missing = _missing_requirements(application, today or timezone.localdate())
    if missing:
        code = "documents_missing" if list(missing) == ["documents"] else "field_required"
        raise ApplicationError(code, "The application is incomplete.", fields=missing)
    application.submitted_at = timezone.now()
    return _transition(application, actor=actor, to_status=ApplicationStatus.SUBMITTED)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "store"
    taken = set(Store.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def _decided(application: StoreApplication, operator, reason: str) -> None:
    if application.status != ApplicationStatus.SUBMITTED:
        raise ApplicationError("transition_not_allowed", "Only submitted applications are decided.", status=409)
    application.decided_at = timezone.now()
    application.decided_by = operator
    application.decision_reason = reason


@transaction.atomic
def approve_application(
    *, application: StoreApplication, operator, reason: str = "", security_deposit: Decimal | None = None
) -> StoreApplication:
    """Approve: open (or re-approve) the store with the applicant as its owner and record the deposit."""
    _require_operator(operator)
    application = _locked(application)
    _decided(application, operator, reason.strip())
    if security_deposit is not None:
        if security_deposit < 0:
            raise ApplicationError(
                "deposit_invalid", "The deposit is a positive amount.", fields={"security_deposit": "invalid"}
            )
        application.security_deposit = security_deposit
    store = application.store or Store(slug=_unique_slug(application.store_name))
    store.name = application.store_name
    store.name_zh = application.store_name_zh
    store.kind = application.kind
    store.country = application.country
    store.currency_id = application.currency_id
    store.status = StoreStatus.APPROVED
    try:
        with transaction.atomic():
            store.save()
    except IntegrityError:
        raise ApplicationError("slug_taken", "Another store took this name just now; try again.", status=409) from None
    StoreMember.objects.get_or_create(store=store, user=application.applicant, defaults={"role": StoreRole.OWNER})
    refresh_cheapest_prices_of_store(store)
    application.store = store
    return _transition(application, actor=operator, to_status=ApplicationStatus.APPROVED, reason=reason.strip())


@transaction.atomic
def reject_application(*, application: StoreApplication, operator, reason: str) -> StoreApplication:
    """Reject with the reasons the applicant reads."""
    _require_operator(operator)
    if not reason.strip():
        raise ApplicationError("reason_required", "Give the reasons for the rejection.", fields={"reason": "required"})
    application = _locked(application)
    _decided(application, operator, reason.strip())
    return _transition(application, actor=operator, to_status=ApplicationStatus.REJECTED, reason=reason.strip())


@transaction.atomic
def request_more_information(*, application: StoreApplication, operator, reason: str) -> StoreApplication:
    """Send the application back to the applicant, who edits and resubmits it."""
    _require_operator(operator)
    if not reason.strip():
        raise ApplicationError("reason_required", "Say what information is missing.", fields={"reason": "required"})
    application = _locked(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ApplicationError("transition_not_allowed", "Only submitted applications are reviewed.", status=409)
    application.decision_reason = reason.strip()
    return _transition(application, actor=operator, to_status=ApplicationStatus.MORE_INFO, reason=reason.strip())


@transaction.atomic
def flag_expiring_documents(*, today: dt.date | None = None, within_days: int = EXPIRY_WARNING_DAYS) -> int:
    """Mark documents that expire within ``within_days`` and were not flagged yet; returns how many."""
    today = today or timezone.localdate()
    return ApplicationDocument.objects.filter(
        expires_on__lte=today + dt.timedelta(days=within_days), expiry_flagged_at__isnull=True
    ).update(expiry_flagged_at=timezone.now())


# --- store settings and members -------------------------------------------------------------------------------


# --- store status ---------------------------------------------------------------------------------------------


def refresh_cheapest_prices_of_store(store: Store) -> int:
    """Recompute the cached cheapest price of every product the store offers, after its status changed.

    Only an approved store's offers count, so suspending, closing or re-approving a store moves these prices;
    call it in the transaction that changes the status. Returns how many products changed price.
    """
    return refresh_min_prices(Offer.objects.filter(store=store).values("product_id"))


@transaction.atomic
def change_store_status(*, store: Store, status: str, operator) -> Store:
    """An operator approves, suspends or closes a store; the cheapest prices of its products follow at once."""
    _require_operator(operator)
    if status not in StoreStatus.values:
        raise StoreStatusError("status_invalid", "Unknown store status.", fields={"status": "invalid"})
    store = Store.objects.select_for_update().get(pk=store.pk)
    if store.status != status:
        store.status = status
        store.save(update_fields=["status"])
        refresh_cheapest_prices_of_store(store)
    return store


@transaction.atomic
def update_store_settings(*, store: Store, description: str, return_window_days: int) -> Store:
    """Change the store's description and return window (at least the legal seven days)."""
    if not MIN_RETURN_WINDOW_DAYS <= int(return_window_days) <= MAX_RETURN_WINDOW_DAYS:
        raise ApplicationError(
            "return_window_invalid",
            f"The return window is {MIN_RETURN_WINDOW_DAYS} to {MAX_RETURN_WINDOW_DAYS} days.",
            fields={"return_window_days": "invalid"},
        )
    store.description = description.strip()
    store.return_window_days = int(return_window_days)
    store.save(update_fields=["description", "return_window_days"])
    return store


@transaction.atomic
def add_store_member(*, store: Store, email: str, role: str) -> StoreMember:
    """Add an existing user to the store with a role."""
    if role not in StoreRole.values:
        raise MembershipError("role_invalid", "Choose a role.", fields={"role": "invalid"})
    user = get_user_model().objects.filter(email=(email or "").strip().lower()).first()
    if user is None:
        raise MembershipError("user_not_found", "No account with this e-mail.", fields={"email": "not_found"})
    if not user.is_active:
        raise MembershipError("user_inactive", "This account is deactivated.", fields={"email": "inactive"})
    try:
        with transaction.atomic():
            return StoreMember.objects.create(store=store, user=user, role=role)
    except IntegrityError:
        raise MembershipError("already_member", "This user is already a member.", fields={"email": "taken"}) from None


@transaction.atomic
def remove_store_member(*, store: Store, member_id: int) -> None:
    """Remove a member; the last owner stays (the store row is locked, so two owners removed at once cannot
    both go)."""
    Store.objects.select_for_update().filter(pk=store.pk).first()
    member = StoreMember.objects.filter(store=store, pk=member_id).first()
    if member is None:
        raise MembershipError("member_not_found", "No such member.", status=404)
    if member.role == StoreRole.OWNER and store.members.filter(role=StoreRole.OWNER).count() == 1:
        raise MembershipError("last_owner", "A store keeps at least one owner.", status=409)
    member.delete()


# --- mandates and audit ---------------------------------------------------------------------------------------


def _checked_fee(fee_kind: str, fee_percent, fee_monthly) -> tuple[str, Decimal | None, Decimal | None]:
    try:
        percent = Decimal(str(fee_percent)) if fee_percent not in (None, "") else None
        monthly = Decimal(str(fee_monthly)) if fee_monthly not in (None, "") else None
    except InvalidOperation:
        raise MandateError("fee_invalid", "Enter the fee as a number.", fields={"fee": "invalid"}) from None
    valid = {
        AgencyFeeKind.NONE: percent is None and monthly is None,
        AgencyFeeKind.PERCENT_OF_GMV: percent is not None and 0 < percent <= 100 and monthly is None,
        AgencyFeeKind.MONTHLY: monthly is not None and monthly > 0 and percent is None,
    }
    if not valid.get(fee_kind, False):
        raise MandateError("fee_invalid", "The fee terms do not match the fee kind.", fields={"fee": "invalid"})
    return fee_kind, percent, monthly


@transaction.atomic
def grant_mandate(
    *,
    store: Store,
    agency,
    granted_by,
    scopes: list[str],
    starts_on: dt.date,
    ends_on: dt.date,
    fee_kind: str = AgencyFeeKind.NONE,
    fee_percent=None,
    fee_monthly=None,
) -> Mandate:
    """Let an agency operate the store within the scopes between two dates."""
    scopes = sorted(set(scopes or []))
    if not scopes:
        raise MandateError("scope_required", "Choose at least one scope.", fields={"scopes": "required"})
    if not set(scopes) <= set(MandateScope.values):
        raise MandateError("scope_invalid", "Unknown scope.", fields={"scopes": "invalid"})
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise MandateError("dates_invalid", "The mandate ends after it starts.", fields={"ends_on": "invalid"})
    fee_kind, percent, monthly = _checked_fee(fee_kind, fee_percent, fee_monthly)
    return Mandate.objects.create(
        store=store,
        agency=agency,
        scopes=scopes,
        starts_on=starts_on,
        ends_on=ends_on,
        granted_by=granted_by,
        fee_kind=fee_kind,
        fee_percent=percent,
        fee_monthly=monthly,
    )


@transaction.atomic
def revoke_mandate(*, store: Store, mandate_id: int, actor) -> Mandate:
    """Revoke at once; the next request of the agency is refused."""
    updated = Mandate.objects.filter(store=store, pk=mandate_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor
    )
    if not updated:
        if Mandate.objects.filter(store=store, pk=mandate_id).exists():
            raise MandateError("already_revoked", "This mandate was already revoked.", status=409)
        raise MandateError("mandate_not_found", "No such mandate.", status=404)
    return Mandate.objects.get(pk=mandate_id)


def record_audit_entry(*, actor, mandate: Mandate, action: str, obj=None, details: dict | None = None) -> AuditEntry:
    """Write what an agency member did; called inside the transaction of the action itself."""
    return AuditEntry.objects.create(
        actor=actor,
        agency_id=mandate.agency_id,
        store_id=mandate.store_id,
        mandate=mandate,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        details=details or {},
    )
