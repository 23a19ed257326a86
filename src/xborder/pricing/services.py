"""Writes of pricing: recording FX rates from a CSV or an ECB-style XML file."""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from lxml import etree

from xborder.pricing.errors import PricingError
from xborder.pricing.models import Currency, FxRate

ECB_NS = {"gesmes": "http://www.gesmes.org/xml/2002-08-01", "ecb": "http://www.ecb.int/vocabulary/2002-08-01/eurofxref"}


@dataclass(frozen=True)
class RateRow:
    base: str
    quote: str
    rate: Decimal
    valid_from: dt.datetime
    source: str


def _parse_day(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text.strip())
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _rate(text: str, where: str) -> Decimal:
    try:
        rate = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        raise PricingError("fx_file_invalid", f"{where}: '{text}' is not a number.") from None
    if rate <= 0 or not rate.is_finite():
        raise PricingError("fx_rate_invalid", f"{where}: a rate must be positive.")
    return rate


def parse_rates_csv(text: str, *, source: str = "csv") -> list[RateRow]:
    """Rows ``base,quote,rate,valid_from[,source]`` with a header line."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"base", "quote", "rate", "valid_from"} <= set(reader.fieldnames):
        raise PricingError("fx_file_invalid", "The CSV needs the columns base, quote, rate, valid_from.")
    rows = []
    for number, row in enumerate(reader, start=2):
        try:
            valid_from = _parse_day(row["valid_from"])
        except (ValueError, TypeError):
            raise PricingError("fx_file_invalid", f"line {number}: bad valid_from '{row['valid_from']}'.") from None
        rows.append(
            RateRow(
                base=(row["base"] or "").strip().upper(),
                quote=(row["quote"] or "").strip().upper(),
                rate=_rate(row["rate"], f"line {number}"),
                valid_from=valid_from,
                source=(row.get("source") or source).strip() or source,
            )
        )
    return rows


def parse_rates_ecb_xml(data: bytes, *, source: str = "ecb") -> list[RateRow]:
    """The ECB euro reference rates file (``eurofxref-daily.xml`` / ``-hist.xml``): EUR-based rates."""
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise PricingError("fx_file_invalid", f"Not well-formed XML: {exc}.") from None
    rows = []
    for day in root.iterfind(".//ecb:Cube[@time]", ECB_NS):
        valid_from = _parse_day(day.get("time"))
        for cube in day.iterfind("ecb:Cube[@currency]", ECB_NS):
            rows.append(
                RateRow("EUR", cube.get("currency").upper(), _rate(cube.get("rate"), "Cube"), valid_from, source)
            )
    if not rows:
        raise PricingError("fx_file_invalid", "The XML holds no ECB Cube rates.")
    return rows


def record_fx_rates(rows: Iterable[RateRow], *, progress=None) -> int:
    """Store rates for known currencies in one transaction; a rate already recorded is kept as it was.

    Rows naming a currency the platform does not trade are refused as a whole file (``unknown_currency``),
    so a typo never half-imports a file.
    """
    rows = list(rows)
    known = set(Currency.objects.values_list("code", flat=True))
    unknown = sorted({code for row in rows for code in (row.base, row.quote)} - known)
    if unknown:
        raise PricingError("unknown_currency", f"Unknown currencies: {', '.join(unknown)}.")
    with transaction.atomic():
        before = FxRate.objects.count()
        FxRate.objects.bulk_create(
            (
                FxRate(base_id=r.base, quote_id=r.quote, rate=r.rate, valid_from=r.valid_from, source=r.source)
                for r in _with_progress(rows, progress)
                if r.base != r.quote
            ),
            batch_size=1000,
            ignore_conflicts=True,
        )
        return FxRate.objects.count() - before


def _with_progress(rows: list[RateRow], progress) -> Iterator[RateRow]:
    for row in rows:
        yield row
        if progress:
            progress(1)
