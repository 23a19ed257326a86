"""FX API: the rates in force at a moment, and conversion of an amount at those rates."""

import datetime as dt
from decimal import Decimal, localcontext

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from xborder.core.api_schemas import COMMON_ERRORS, describe_errors, error_responses
from xborder.core.errors import DomainError
from xborder.core.money import Money, UnknownCurrency, convert
from xborder.pricing.errors import PricingError
from xborder.pricing.schemas import ConversionOut, FxRateOut, FxRatesOut
from xborder.pricing.selectors import rate_for, rate_rows_in_force

router = Router(tags=["fx"])

CURRENCY_PATTERN = r"^[A-Za-z]{3}$"


class RatesQuery(Schema):
    at: dt.datetime | None = Field(None, description="ISO 8601 moment; default now. Naive times are Asia/Shanghai.")


class ConvertQuery(Schema):
    amount: Decimal = Field(..., ge=0, max_digits=15, decimal_places=4, description='Decimal string, e.g. "199.90"')
    from_currency: str = Field(..., alias="from", pattern=CURRENCY_PATTERN, description="ISO 4217 code")
    to_currency: str = Field(..., alias="to", pattern=CURRENCY_PATTERN, description="ISO 4217 code")
    at: dt.datetime | None = Field(None, description="ISO 8601 moment; default now")


# Moments the database can store whatever the time zone: year 1 or 9999 overflow when shifted to UTC.
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2999, 12, 31, tzinfo=dt.UTC)


def _moment(at: dt.datetime | None) -> dt.datetime:
    """``at`` made aware (naive means the platform time zone), or now; refused outside 1970-2999."""
    if at is None:
        return timezone.now()
    try:
        aware = at if timezone.is_aware(at) else timezone.make_aware(at)
        in_range = EARLIEST <= aware <= LATEST
    except (OverflowError, ValueError):
        in_range = False
    if not in_range:
        raise DomainError(
            "invalid_input", "Give a moment between 1970 and 2999.", fields={"at": "out_of_range"}, status=422
        )
    return aware


def _known_currency(code: str, field: str) -> str:
    code = code.upper()
    try:
        Money(Decimal(0), code)
    except UnknownCurrency:
        raise PricingError(
            "unknown_currency", f"{code} is not a currency we trade in.", fields={field: "unknown"}
        ) from None
    return code


@router.get(
    "/rates",
    response={200: FxRatesOut, **error_responses(422, 429)},
    summary="FX rates in force",
    description="The newest rate of every pair at `at` (default now): `rate` units of `quote` per one `base`.\n\n"
    + describe_errors(
        {422: COMMON_ERRORS[422] + ", e.g. an `at` that is not an ISO 8601 date-time", 429: COMMON_ERRORS[429]}
    ),
)
def fx_rates(request, query: Query[RatesQuery]):
    at = _moment(query.at)
    rows = [
        FxRateOut(base=r.base_id, quote=r.quote_id, rate=str(r.rate), source=r.source, valid_from=r.valid_from)
        for r in rate_rows_in_force(at)
    ]
    return FxRatesOut(at=at, rates=rows)


@router.get(
    "/convert",
    response={200: ConversionOut, **error_responses(400, 409, 422, 429)},
    summary="Convert an amount",
    description="Converts `amount` of `from` into `to` at the rate in force (direct, inverse or crossed through EUR), "
    "rounded half-up to the minor unit of `to` (CNY 0.01, JPY 1). Amounts in and out are decimal strings.\n\n"
    + describe_errors(
        {
            400: "`unknown_currency`",
            409: "`no_fx_rate` (no rate links the two currencies at that moment)",
            422: COMMON_ERRORS[422] + " (amount not a non-negative decimal of at most 15 digits, 4 decimals)",
            429: COMMON_ERRORS[429],
        }
    ),
)
def fx_convert(request, query: Query[ConvertQuery]):
    source = _known_currency(query.from_currency, "from")
    target = _known_currency(query.to_currency, "to")
    at = _moment(query.at)
    rate = rate_for(source, target, at)
    with localcontext() as context:
        context.prec = 60  # exact product before the one half-up rounding to the target's minor unit
        result = convert(Money(query.amount, source), target, rate)
    return ConversionOut(
        amount=str(query.amount),
        from_currency=source,
        to_currency=target,
        rate=str(rate),
        result=str(result.amount),
        at=at,
    )
