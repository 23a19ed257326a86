"""FX look-ups: the rate in force at a moment, direct, inverse or crossed through EUR."""

import datetime as dt
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from xborder.pricing.errors import PricingError
from xborder.pricing.models import FxRate

RATE_PRECISION = Decimal("0.0000000001")
CROSS_CURRENCY = "EUR"


def rates_in_force(at: dt.datetime | None = None, currencies=None) -> dict[tuple[str, str], Decimal]:
    """Every pair's newest rate with ``valid_from <= at``, in one query; only the pairs between ``currencies``
    and the cross currency when given (all that ``rate_from`` needs to convert between them)."""
    at = at or timezone.now()
    newest = FxRate.objects.filter(base=OuterRef("base"), quote=OuterRef("quote"), valid_from__lte=at).order_by(
        "-valid_from", "-id"
    )
    rows = FxRate.objects.filter(pk=Subquery(newest.values("pk")[:1]))
    if currencies is not None:
        codes = {*currencies, CROSS_CURRENCY}
        rows = rows.filter(base_id__in=codes, quote_id__in=codes)
    return {(base, quote): rate for base, quote, rate in rows.values_list("base_id", "quote_id", "rate")}


def rate_from(rates: dict[tuple[str, str], Decimal], base: str, quote: str) -> Decimal:
    """Resolve ``base -> quote`` from a rate table: identity, direct, inverse, or crossed through EUR."""
    if base == quote:
        return Decimal(1)
    if (base, quote) in rates:
        return rates[(base, quote)]
    if (quote, base) in rates:
        return (Decimal(1) / rates[(quote, base)]).quantize(RATE_PRECISION)
    if CROSS_CURRENCY not in (base, quote):
        try:
            return (rate_from(rates, base, CROSS_CURRENCY) * rate_from(rates, CROSS_CURRENCY, quote)).quantize(
                RATE_PRECISION
            )
        except PricingError:
            pass
    raise PricingError("no_fx_rate", f"No FX rate from {base} to {quote}.", status=409)


def rate_for(base: str, quote: str, at: dt.datetime | None = None) -> Decimal:
    return rate_from(rates_in_force(at), base, quote)


def rates_to(quote: str, currencies, at: dt.datetime | None = None) -> dict[str, Decimal]:
    """``{currency: rate to quote}`` for the given currencies, from one query."""
    table = rates_in_force(at)
    return {code: rate_from(table, code, quote) for code in set(currencies)}


def rate_rows_in_force(at: dt.datetime | None = None):
    """The newest rate of every pair with ``valid_from <= at`` as model rows (source and date included), one query."""
    at = at or timezone.now()
    newest = FxRate.objects.filter(base=OuterRef("base"), quote=OuterRef("quote"), valid_from__lte=at).order_by(
        "-valid_from", "-id"
    )
    return FxRate.objects.filter(pk=Subquery(newest.values("pk")[:1])).order_by("base_id", "quote_id")
