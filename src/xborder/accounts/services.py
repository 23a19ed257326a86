"""Every write of accounts: sign-up, addresses, real-name identity, API tokens."""

import hashlib
import re
import secrets
from datetime import timedelta

import phonenumbers
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from xborder.accounts.china_regions import province_of
from xborder.accounts.errors import AccountError, AddressError, IdentityError
from xborder.accounts.models import Address, ApiToken, Identity, IdentityStatus, User
from xborder.accounts.resident_id import normalise_resident_id, resident_id_problem
from xborder.core.pii import keyed_hash

# Chinese names (2-20 Han characters, the middle dot of minority names) or Latin names of foreign residents.
_REAL_NAME = re.compile(r"^([\u4e00-\u9fff·]{2,20}|[A-Za-z][A-Za-z .'-]{1,59})$")


def sign_up(*, email: str, password: str, display_name: str = "") -> User:
    """Create a buyer account; the e-mail is the log-in and must be unique (case-insensitive)."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError("invalid_email", "Enter a valid e-mail address.", fields={"email": "invalid"}) from None
    try:
        validate_password(password, User(email=email, display_name=display_name))
    except ValidationError as exc:
        raise AccountError("weak_password", " ".join(exc.messages), fields={"password": "weak"}) from None
    try:
        with transaction.atomic():
            return User.objects.create_user(email, password, display_name=display_name.strip()[:60])
    except IntegrityError:
        raise AccountError("email_taken", "An account with this e-mail exists.", fields={"email": "taken"}) from None


def normalise_cn_phone(raw: str) -> str:
    """Return a Chinese mobile number in E.164 or raise ``phone_invalid``."""
    try:
        number = phonenumbers.parse(raw or "", "CN")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number_for_region(number, "CN"):
        raise AddressError("phone_invalid", "Enter a valid mainland China phone number.", fields={"phone": "invalid"})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def checked_address_fields(data: dict) -> dict:
    """Validate and normalise a Chinese address (recipient, mobile, 6-digit district code, ...)."""
    required = ("recipient", "phone", "city", "district", "district_code", "detail")
    missing = {name: "required" for name in required if not str(data.get(name) or "").strip()}
    if missing:
        raise AddressError("field_required", "Fill in every address field.", fields=missing)
    code = str(data["district_code"]).strip()
    province = province_of(code)
    if province is None:
        raise AddressError(
            "district_code_invalid",
            "The district code must be a 6-digit mainland administrative code.",
            fields={"district_code": "invalid"},
        )
    given_province = str(data.get("province") or "").strip()
    if given_province and given_province not in province:
        raise AddressError(
            "province_mismatch", "The district code is not in this province.", fields={"province": "mismatch"}
        )
    postal = str(data.get("postal_code") or "").strip()
    if postal and not re.fullmatch(r"\d{6}", postal):
        raise AddressError("field_required", "A postal code has 6 digits.", fields={"postal_code": "invalid"})
    return {
        "recipient": data["recipient"].strip()[:60],
        "phone": normalise_cn_phone(str(data["phone"])),
        "province": province[0],
        "city": data["city"].strip()[:30],
        "district": data["district"].strip()[:30],
        "district_code": code,
        "detail": data["detail"].strip()[:200],
        "postal_code": postal,
    }


@transaction.atomic
def save_address(*, user: User, data: dict, address: Address | None = None, make_default: bool = False) -> Address:
    """Create or update one of the user's addresses; the first address becomes the default."""
    fields = checked_address_fields(data)
    if address is not None and address.user_id != user.pk:
        raise AddressError("address_not_found", "No such address.", status=404)
    make_default = make_default or not user.addresses.exclude(pk=getattr(address, "pk", None)).exists()
    if make_default:
        user.addresses.filter(is_default=True).exclude(pk=getattr(address, "pk", None)).update(is_default=False)
    address = address or Address(user=user)
    for name, value in fields.items():
        setattr(address, name, value)
    address.is_default = make_default or address.is_default
    address.save()
    return address


@transaction.atomic
def delete_address(*, user: User, address_id: int) -> None:
    """Delete an address; if it was the default the newest remaining one becomes default."""
    deleted, _ = Address.objects.filter(user=user, pk=address_id).delete()
    if not deleted:
        raise AddressError("address_not_found", "No such address.", status=404)
    if not user.addresses.filter(is_default=True).exists():
        user.addresses.filter(pk__in=user.addresses.order_by("-id").values("pk")[:1]).update(is_default=True)


def checked_resident_id(raw: str) -> str:
    """Normalise an ID number and raise the stable code of its first problem."""
    id_number = normalise_resident_id(raw or "")
    problem = resident_id_problem(id_number)
    if problem:
        messages = {
            "id_number_format": "An ID number has 17 digits and a check digit or X.",
            "id_number_birth_date": "The ID number holds an impossible birth date.",
            "id_number_check_digit": "The ID number's check digit is wrong.",
        }
        raise IdentityError(problem, messages[problem], fields={"id_number": problem})
    return id_number


@transaction.atomic
def verify_identity(*, user: User, name: str, id_number: str, verifier: str = "sandbox") -> Identity:
    """Record the buyer's real-name identity after validating it; replaces an earlier one.

    The sandbox verifier checks format, birth date and GB 11643 check digit; a production verifier
    (a licensed identity-check service) plugs in behind the same call.
    """
    name = " ".join((name or "").split())
    if not _REAL_NAME.match(name):
        raise IdentityError("name_invalid", "Enter the name exactly as on the ID card.", fields={"name": "invalid"})
    id_number = checked_resident_id(id_number)
    identity, _ = Identity.objects.select_for_update().get_or_create(
        user=user, defaults={"name": name, "id_number": id_number, "id_hash": keyed_hash(id_number)}
    )
    identity.name, identity.id_number, identity.id_hash = name, id_number, keyed_hash(id_number)
    identity.status, identity.verified_by, identity.verified_at = IdentityStatus.VERIFIED, verifier, timezone.now()
    identity.save()
    return identity


def issue_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create an API token; the plain token is returned once and only its digest is kept."""
    plain = "xb_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=(name or "token")[:60], digest=hashlib.sha256(plain.encode()).hexdigest(), prefix=plain[:8]
    )
    return token, plain


def revoke_api_token(*, user: User, token_id: int) -> None:
    ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(revoked_at=timezone.now())


# A token's last use is recorded to the minute: writing it on every request would double the writes of the API.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def authenticate_api_token(plain: str) -> User | None:
    """The active user a bearer token belongs to, or ``None``; records when the token was last used (to
    the minute)."""
    digest = hashlib.sha256(plain.encode()).hexdigest()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
