"""Accounts API: the current user, their addresses, real-name identity (masked) and API tokens.

Every endpoint needs a log-in (bearer token or session with CSRF) and only ever touches the caller's own data.
"""

from ninja import Path, Router, Status

from xborder.accounts import selectors
from xborder.accounts.api_auth import authenticated_by_session, token_or_session
from xborder.accounts.errors import AccountError, AddressError, IdentityError
from xborder.accounts.schemas import (
    AddressIn,
    AddressOut,
    IdentityIn,
    IdentityOut,
    MeOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)
from xborder.accounts.services import delete_address, issue_api_token, revoke_api_token, save_address, verify_identity
from xborder.core.api_schemas import COMMON_ERRORS, MAX_ID, describe_errors, error_responses

router = Router(tags=["accounts"], auth=token_or_session)

AUTH_ERRORS = {401: COMMON_ERRORS[401], 403: COMMON_ERRORS[403], 429: COMMON_ERRORS[429]}
ADDRESS_ERRORS = {
    400: "`phone_invalid`, `district_code_invalid`, `province_mismatch`, `field_required`",
    422: COMMON_ERRORS[422] + " (also malformed JSON: 400 `malformed_json`)",
}
ADDRESS_NOT_FOUND = {404: "`address_not_found` (no such address among yours; others' addresses are never found)"}
ObjectId = Path(..., ge=1, le=MAX_ID)


def _address_or_404(user, address_id: int):
    address = selectors.address_of(user, address_id)
    if address is None:
        raise AddressError("address_not_found", "No such address.", status=404)
    return address


@router.get(
    "/me",
    response={200: MeOut, **error_responses(401, 429)},
    summary="The current user",
    description="E-mail, display name, roles and the real-name identity, masked.\n\n" + describe_errors(AUTH_ERRORS),
)
def me(request):
    return MeOut.of(request.auth, selectors.identity_of(request.auth))


@router.get(
    "/addresses",
    response={200: list[AddressOut], **error_responses(401, 429)},
    summary="My addresses",
    description="Default first; recipient, phone and street are masked.\n\n" + describe_errors(AUTH_ERRORS),
)
def list_addresses(request):
    return [AddressOut.of(address) for address in selectors.addresses_of(request.auth)]


@router.post(
    "/addresses",
    response={201: AddressOut, **error_responses(400, 401, 403, 422, 429)},
    summary="Add an address",
    description="The first address becomes the default.\n\n" + describe_errors({**AUTH_ERRORS, **ADDRESS_ERRORS}),
)
def create_address(request, payload: AddressIn):
    data = payload.dict(exclude={"is_default"})
    address = save_address(user=request.auth, data=data, make_default=payload.is_default)
    return Status(201, AddressOut.of(address))


@router.get(
    "/addresses/{address_id}",
    response={200: AddressOut, **error_responses(401, 404, 422, 429)},
    summary="One of my addresses",
    description=describe_errors({**AUTH_ERRORS, **ADDRESS_NOT_FOUND, 422: COMMON_ERRORS[422]}),
)
def read_address(request, address_id: int = ObjectId):
    return AddressOut.of(_address_or_404(request.auth, address_id))


@router.put(
    "/addresses/{address_id}",
    response={200: AddressOut, **error_responses(400, 401, 403, 404, 422, 429)},
    summary="Replace an address",
    description=describe_errors({**AUTH_ERRORS, **ADDRESS_ERRORS, **ADDRESS_NOT_FOUND}),
)
def update_address(request, payload: AddressIn, address_id: int = ObjectId):
    address = _address_or_404(request.auth, address_id)
    data = payload.dict(exclude={"is_default"})
    return AddressOut.of(save_address(user=request.auth, data=data, address=address, make_default=payload.is_default))


@router.delete(
    "/addresses/{address_id}",
    response={204: None, **error_responses(401, 403, 404, 422, 429)},
    summary="Delete an address",
    description="If it was the default, the newest remaining address becomes default.\n\n"
    + describe_errors({**AUTH_ERRORS, **ADDRESS_NOT_FOUND}),
)
def remove_address(request, address_id: int = ObjectId):
    delete_address(user=request.auth, address_id=address_id)
    return Status(204, None)


@router.get(
    "/identity",
    response={200: IdentityOut, **error_responses(401, 404, 429)},
    summary="My real-name identity (masked)",
    description="Name and ID number are masked (`110105********002X`); the full number is never returned, "
    "not even to its owner.\n\n" + describe_errors({**AUTH_ERRORS, 404: "`identity_missing`"}),
)
def read_identity(request):
    identity = selectors.identity_of(request.auth)
    if identity is None:
        raise IdentityError("identity_missing", "No real-name identity on file.", status=404)
    return IdentityOut.of(identity)


@router.post(
    "/identity",
    response={200: IdentityOut, **error_responses(400, 401, 403, 422, 429)},
    summary="Record and verify my real-name identity",
    description="Validates the name and the 18-character resident ID (format, birth date, GB 11643 check "
    "digit; a lower-case `x` is accepted) and replaces any earlier identity. Returns it masked.\n\n"
    + describe_errors(
        {
            **AUTH_ERRORS,
            400: "`name_invalid`, `id_number_format`, `id_number_birth_date`, `id_number_check_digit`",
            422: COMMON_ERRORS[422],
        }
    ),
)
def record_identity(request, payload: IdentityIn):
    identity = verify_identity(user=request.auth, name=payload.name, id_number=payload.id_number)
    return IdentityOut.of(identity)


@router.get(
    "/tokens",
    response={200: list[TokenOut], **error_responses(401, 429)},
    summary="My API tokens",
    description="Only the first characters (`prefix`) of each token are shown.\n\n" + describe_errors(AUTH_ERRORS),
)
def list_tokens(request):
    return [TokenOut.of(token) for token in selectors.api_tokens_of(request.auth)]


@router.post(
    "/tokens",
    response={201: TokenCreatedOut, **error_responses(401, 403, 422, 429)},
    summary="Create an API token (browser session only)",
    description="Returns the plain token once; send it as `Authorization: Bearer <token>`. A token cannot "
    "create tokens: log in with the browser session.\n\n"
    + describe_errors({**AUTH_ERRORS, 403: COMMON_ERRORS[403] + ", `session_required`", 422: COMMON_ERRORS[422]}),
)
def create_token(request, payload: TokenIn):
    if not authenticated_by_session(request):
        raise AccountError("session_required", "Create tokens from a logged-in browser session.", status=403)
    token, plain = issue_api_token(user=request.auth, name=payload.name)
    return Status(201, TokenCreatedOut(**TokenOut.of(token).dict(), token=plain))


@router.delete(
    "/tokens/{token_id}",
    response={204: None, **error_responses(401, 403, 404, 422, 429)},
    summary="Revoke an API token",
    description="Requests with a revoked token get 401 `not_authenticated`.\n\n"
    + describe_errors({**AUTH_ERRORS, 404: "`token_not_found` (not one of your tokens)"}),
)
def delete_token(request, token_id: int = ObjectId):
    if not selectors.api_tokens_of(request.auth).filter(pk=token_id).exists():
        raise AccountError("token_not_found", "No such token.", status=404)
    revoke_api_token(user=request.auth, token_id=token_id)
    return Status(204, None)
