"""``/api/v1/duties/``: the public quote endpoint. Schemas in, ``quote_package`` call, schema out."""

from __future__ import annotations

from decimal import Decimal

from ninja import Router, Schema
from ninja.errors import AuthenticationError

from xborder.accounts.services import authenticate_api_token
from xborder.duties import selectors
from xborder.duties.regimes import LandedCost
from xborder.duties.services import LineDraft, QuoteDraft, RateOverrides, quote_package

router = Router(tags=["duties"])
ZERO = Decimal("0.00")


class RatesIn(Schema):
    tariff: Decimal | None = None
    vat: Decimal | None = None
    consumption_tax: Decimal | None = None


class LineIn(Schema):
    unit_price: Decimal
    quantity: int
    hs_code: str = ""
    description: str = ""
    legal_quantity: Decimal | None = None
    legal_unit: str = "piece"
    origin_country: str = ""
    rates: RatesIn | None = None
    postal_rate: Decimal | None = None


class BuyerIn(Schema):
    annual_used: Decimal


class QuoteIn(Schema):
    regime: str
    currency: str = ""
    origin_country: str = ""
    destination_country: str = ""
    customs_mode: str = ""
    freight: Decimal = ZERO
    insurance: Decimal = ZERO
    discount: Decimal = ZERO
    buyer: BuyerIn | None = None
    lines: list[LineIn]


class LineOut(Schema):
    dutiable_value: str
    tariff: str
    consumption_tax: str
    vat: str
    total_tax: str


class ViolationOut(Schema):
    code: str
    message: str


class QuoteOut(Schema):
    regime: str
    treatment: str
    currency: str
    dutiable_value: str
    tariff: str
    consumption_tax: str
    vat: str
    total_tax: str
    assessed_tax: str | None
    annual_used_after: str | None
    lines: list[LineOut]
    violations: list[ViolationOut]


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, str]


def quote_draft(body: QuoteIn) -> QuoteDraft:
    """The service's input from the request body."""
    return QuoteDraft(
        regime=body.regime,
        currency=body.currency.upper(),
        lines=tuple(
            LineDraft(
                unit_price=line.unit_price,
                quantity=line.quantity,
                hs_code=line.hs_code,
                description=line.description,
                legal_quantity=line.legal_quantity,
                legal_unit=line.legal_unit,
                origin_country=line.origin_country or body.origin_country,
                rates=RateOverrides(**(line.rates.model_dump() if line.rates else {}), postal=line.postal_rate),
            )
            for line in body.lines
        ),
        freight=body.freight,
        insurance=body.insurance,
        discount=body.discount,
        origin_country=body.origin_country,
        destination_country=body.destination_country,
        customs_mode=body.customs_mode,
    )


def quote_payload(cost: LandedCost) -> dict:
    """The response body: every amount as a string with two decimals."""
    return {
        "regime": cost.regime,
        "treatment": cost.treatment,
        "currency": cost.currency,
        "dutiable_value": str(cost.dutiable_value),
        "tariff": str(cost.tariff),
        "consumption_tax": str(cost.consumption_tax),
        "vat": str(cost.vat),
        "total_tax": str(cost.total_tax),
        "assessed_tax": None if cost.assessed_tax is None else str(cost.assessed_tax),
        "annual_used_after": None if cost.annual_used_after is None else str(cost.annual_used_after),
        "lines": [
            {
                "dutiable_value": str(line.dutiable_value),
                "tariff": str(line.tariff),
                "consumption_tax": str(line.consumption_tax),
                "vat": str(line.vat),
                "total_tax": str(line.total_tax),
            }
            for line in cost.lines
        ],
        "violations": [{"code": v.code, "message": v.message} for v in cost.violations],
    }


@router.post(
    "/quote",
    url_name="duties_quote",
    response={200: QuoteOut, 400: ErrorOut, 401: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Duty and import tax of a package",
)
def quote(request, body: QuoteIn):
    """Landed cost of a package under ``regime``. Rates come from the HS table (``hs_code`` +
    ``legal_quantity`` per piece + ``legal_unit``) unless given in ``rates``. The buyer's annual use is
    ``buyer.annual_used`` or, when omitted, the signed-in buyer's own quota ledger (session or bearer
    token; anonymous quotes start from zero).

    Error codes: ``unknown_regime``, ``unknown_currency``, ``no_fx_rate``, ``empty_lines``,
    ``invalid_amount``, ``invalid_quantity``, ``invalid_hs_code``, ``invalid_rate``, ``missing_rate``,
    ``hs_code_not_found``, ``unsupported_legal_unit``, ``legal_quantity_required``, ``unknown_country``,
    ``invalid_input``. Violations (200): ``over_transaction_limit``, ``over_annual_limit``,
    ``not_on_positive_list``, ``trade_mode_not_allowed``, ``quantity_cap_exceeded``,
    ``postal_parcel_over_limit``."""
    annual_used = body.buyer.annual_used if body.buyer else None
    id_hash = None if body.buyer else selectors.verified_id_hash(quoting_user(request))
    cost = quote_package(draft=quote_draft(body), annual_used=annual_used, id_hash=id_hash)
    return quote_payload(cost)


def quoting_user(request):
    """Anyone may quote; a bearer token (``Authorization: Bearer xb_...``) or the session says whose
    ledger to use. A token that is sent must be valid."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return request.user
    user = authenticate_api_token(token.strip())
    if user is None:
        raise AuthenticationError()
    return user
