"""API schemas of the current user, addresses, identity and API tokens. Personal data only ever leaves
masked: recipient, phone, street detail, real name and ID number."""

import datetime as dt

from ninja import Field, Schema

from xborder.accounts.models import Address, ApiToken, Identity, User
from xborder.core.pii import mask_name


def mask_detail(detail: str) -> str:
    """``科技园南路1号`` -> ``科技****``: enough to tell one's addresses apart, not enough to find the door."""
    return detail[:2] + "****" if detail else ""


class IdentityOut(Schema):
    name_masked: str
    id_number_masked: str
    id_type: str
    status: str
    verified_at: dt.datetime | None

    @classmethod
    def of(cls, identity: Identity) -> "IdentityOut":
        return cls(
            name_masked=identity.masked_name,
            id_number_masked=identity.masked_id_number,
            id_type=identity.id_type,
            status=identity.status,
            verified_at=identity.verified_at,
        )


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    roles: list[str]
    preferred_language: str
    identity: IdentityOut | None

    @classmethod
    def of(cls, user: User, identity: Identity | None) -> "MeOut":
        return cls(
            id=user.pk,
            email=user.email,
            display_name=user.display_name,
            roles=sorted(user.roles),
            preferred_language=user.preferred_language,
            identity=IdentityOut.of(identity) if identity else None,
        )


class AddressIn(Schema):
    recipient: str = Field(..., max_length=60)
    phone: str = Field(..., max_length=30, description="Mainland mobile, e.g. 138 1234 5678 or +8613812345678")
    province: str = Field("", max_length=20, description="Optional; checked against the district code")
    city: str = Field(..., max_length=30)
    district: str = Field(..., max_length=30)
    district_code: str = Field(..., max_length=6, description="6-digit administrative division code")
    detail: str = Field(..., max_length=200)
    postal_code: str = Field("", max_length=6)
    is_default: bool = False


class AddressOut(Schema):
    id: int
    recipient_masked: str
    phone_masked: str
    province: str
    city: str
    district: str
    district_code: str
    detail_masked: str
    postal_code: str
    is_default: bool

    @classmethod
    def of(cls, address: Address) -> "AddressOut":
        return cls(
            id=address.pk,
            recipient_masked=mask_name(address.recipient),
            phone_masked=address.masked_phone,
            province=address.province,
            city=address.city,
            district=address.district,
            district_code=address.district_code,
            detail_masked=mask_detail(address.detail),
            postal_code=address.postal_code,
            is_default=address.is_default,
        )


class IdentityIn(Schema):
    name: str = Field(..., max_length=60, description="The name exactly as on the resident ID card")
    id_number: str = Field(..., max_length=30, description="18-character resident ID number (GB 11643)")


class TokenIn(Schema):
    name: str = Field("api", min_length=1, max_length=60)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @classmethod
    def of(cls, token: ApiToken) -> "TokenOut":
        return cls(
            id=token.pk,
            name=token.name,
            prefix=token.prefix,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
        )


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="The plain token; shown this once, only its digest is kept")
