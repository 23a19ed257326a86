"""Reads of accounts."""

from xborder.accounts.models import Address, ApiToken, Identity, IdentityStatus, User
from xborder.core.pii import keyed_hash


def addresses_of(user: User):
    return Address.objects.filter(user=user)


def identity_of(user: User) -> Identity | None:
    return Identity.objects.filter(user=user).first()


def verified_identity(user: User) -> Identity | None:
    """The user's verified real-name identity with its hash and status only: checkout's checks need no clear
    name or number, so none is decrypted."""
    return (
        Identity.objects.filter(user=user, status=IdentityStatus.VERIFIED)
        .only("id", "user_id", "id_hash", "status")
        .first()
    )


def identities_with_id_number(id_number: str):
    """Find identities by ID number through the keyed hash (the clear number is never queried)."""
    return Identity.objects.filter(id_hash=keyed_hash(id_number))


def address_of(user: User, address_id: int) -> Address | None:
    """One of the user's own addresses, or ``None`` (someone else's address is indistinguishable from none)."""
    return Address.objects.filter(user=user, pk=address_id).first()


def api_tokens_of(user: User):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
