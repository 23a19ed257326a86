"""Parsing of the shipped data files (HS rates, positive list): plain rows in, validated frozen rows out.

A file is refused as a whole (``invalid_csv`` naming the line) so that a typo never half-loads a table.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from xborder.duties import errors
from xborder.duties.errors import DutiesError
from xborder.duties.regimes.base import UNIT_ALIASES, UnitThreshold

DATA_DIR = Path(__file__).resolve().parent / "data"
HS_RATES_CSV = DATA_DIR / "hs_rates.csv"
POSITIVE_LIST_CSV = DATA_DIR / "positive_list.csv"
HS_COLUMNS = {"hs_code", "description", "valid_from", "valid_to", "tariff_rate", "vat_rate", "ct_rate"}
POSITIVE_LIST_COLUMNS = {"tariff_line", "version", "effective_from", "description", "trade_modes"}
THRESHOLD_RE = re.compile(r"^(\d+(?:\.\d+)?)/([a-z]+)$")
CUSTOMS_MODES = {"1210", "9610", "1239"}


@dataclass(frozen=True, slots=True)
class HsRateRow:
    hs_code: str
    description: str
    valid_from: date
    valid_to: date | None
    tariff_rate: Decimal
    vat_rate: Decimal
    ct_rate: Decimal
    ct_thresholds: str
    postal_rate: Decimal | None


@dataclass(frozen=True, slots=True)
class PositiveListRow:
    tariff_line: str
    version: str
    effective_from: date
    description: str
    trade_modes: str
    annual_cap: Decimal | None
    cap_unit: str
    note: str


def parse_thresholds(text: str) -> tuple[UnitThreshold, ...]:
    """``"10.00/ml 10.00/g 15.00/piece"`` -> thresholds; blank means the CT rate is unconditional."""
    thresholds = []
    for part in text.split():
        match = THRESHOLD_RE.match(part.strip().lower())
        if not match or match.group(2) not in UNIT_ALIASES:
            raise ValueError(f"bad consumption-tax threshold {part!r} (write e.g. 10.00/ml)")
        thresholds.append(UnitThreshold(Decimal(match.group(1)), UNIT_ALIASES[match.group(2)][0]))
    return tuple(thresholds)


def parse_hs_rates(text: str) -> list[HsRateRow]:
    """Rows ``hs_code,description,valid_from,valid_to,tariff_rate,vat_rate,ct_rate[,ct_thresholds,postal_rate]``."""
    return [_checked(row, _build_hs_row) for row in _rows(text, HS_COLUMNS)]


def parse_positive_list(text: str) -> list[PositiveListRow]:
    """Rows ``tariff_line,version,effective_from,description,trade_modes[,annual_cap,cap_unit,note]``."""
    return [_checked(row, _build_positive_list_row) for row in _rows(text, POSITIVE_LIST_COLUMNS)]


def _rows(text: str, required: set[str]) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = required - set(reader.fieldnames or ())
    if missing:
        raise DutiesError(errors.INVALID_CSV, f"The CSV lacks the columns {', '.join(sorted(missing))}.")
    return [
        {"line": str(number)} | {key: (value or "").strip() for key, value in row.items() if key}
        for number, row in enumerate(reader, start=2)
    ]


def _checked(row: dict[str, str], build):
    try:
        return build(row)
    except (ValueError, InvalidOperation, TypeError) as exc:
        message = f"line {row['line']}: {exc}"
        raise DutiesError(errors.INVALID_CSV, message, {"line": row["line"]}) from None


def _build_hs_row(row: dict[str, str]) -> HsRateRow:
    if not re.fullmatch(r"\d{10}", row["hs_code"]):
        raise ValueError("the HS code must have 10 digits")
    valid_from = date.fromisoformat(row["valid_from"])
    valid_to = date.fromisoformat(row["valid_to"]) if row["valid_to"] else None
    if valid_to is not None and valid_to <= valid_from:
        raise ValueError("valid_to must be after valid_from")
    parse_thresholds(row.get("ct_thresholds", ""))
    return HsRateRow(
        hs_code=row["hs_code"],
        description=row["description"],
        valid_from=valid_from,
        valid_to=valid_to,
        tariff_rate=_rate(row["tariff_rate"]),
        vat_rate=_rate(row["vat_rate"]),
        ct_rate=_rate(row["ct_rate"] or "0"),
        ct_thresholds=row.get("ct_thresholds", ""),
        postal_rate=_rate(row["postal_rate"]) if row.get("postal_rate") else None,
    )


def _build_positive_list_row(row: dict[str, str]) -> PositiveListRow:
    if not re.fullmatch(r"\d{8}", row["tariff_line"]):
        raise ValueError("the tariff line must have 8 digits")
    modes = {mode for mode in row["trade_modes"].replace(",", " ").split() if mode}
    if not modes <= CUSTOMS_MODES:
        raise ValueError(f"unknown customs modes {sorted(modes - CUSTOMS_MODES)}")
    cap = Decimal(row["annual_cap"]) if row.get("annual_cap") else None
    if cap is not None and (cap <= 0 or row.get("cap_unit", "").lower() not in UNIT_ALIASES):
        raise ValueError("an annual cap needs a positive amount and a unit (kg, g, l, ml, piece)")
    return PositiveListRow(
        tariff_line=row["tariff_line"],
        version=row["version"],
        effective_from=date.fromisoformat(row["effective_from"]),
        description=row["description"],
        trade_modes=" ".join(sorted(modes)),
        annual_cap=cap,
        cap_unit=row.get("cap_unit", "").lower() if cap is not None else "",
        note=row.get("note", ""),
    )


def _rate(text: str) -> Decimal:
    rate = Decimal(text)
    if not (0 <= rate < 1):
        raise ValueError(f"rate {text} is not a fraction from 0 to below 1")
    return rate
