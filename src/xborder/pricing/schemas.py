"""API schemas of FX rates and conversion; amounts and rates are decimal strings."""

import datetime as dt

from ninja import Schema


class FxRateOut(Schema):
    base: str
    quote: str
    rate: str
    source: str
    valid_from: dt.datetime


class FxRatesOut(Schema):
    at: dt.datetime
    rates: list[FxRateOut]


class ConversionOut(Schema):
    amount: str
    from_currency: str
    to_currency: str
    rate: str
    result: str
    at: dt.datetime
