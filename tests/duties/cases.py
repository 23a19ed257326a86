"""The shared China duty test vectors (``shared/cases/china_duties.json``) and helpers to turn a
vector's request into engine input."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from xborder.duties.regimes import BuyerContext, Package, PackageLine, Rates, UnitThreshold

CASES_FILE = Path("shared") / "cases" / "china_duties.json"

# The two HS table rows the vectors rely on, as the engine sees them (the CSV carries the same values).
HS_TABLE = {
    "3304990099": Rates(
        tariff=Decimal("0.01"),
        vat=Decimal("0.13"),
        consumption_tax=Decimal("0.15"),
        ct_thresholds=(
            UnitThreshold(Decimal("10.00"), "ml"),
            UnitThreshold(Decimal("10.00"), "g"),
            UnitThreshold(Decimal("15.00"), "piece"),
        ),
        postal=Decimal("0.50"),
    ),
    "9102110000": Rates(
        tariff=Decimal("0.10"),
        vat=Decimal("0.13"),
        consumption_tax=Decimal("0.20"),
        ct_thresholds=(UnitThreshold(Decimal("10000.00"), "piece"),),
        postal=Decimal("0.50"),
    ),
}


def cases_path() -> Path:
    """``shared/cases`` sits beside the repository (``<clone>/../shared``); look upward for it."""
    for folder in Path(__file__).resolve().parents:
        if (folder / CASES_FILE).is_file():
            return folder / CASES_FILE
    raise FileNotFoundError(f"{CASES_FILE} not found beside the repository")


def load_cases() -> list:
    return [pytest.param(case, id=case["name"]) for case in json.loads(cases_path().read_text())["cases"]]


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _given_or(given: str | None, table: Decimal | None) -> Decimal | None:
    return table if given is None else Decimal(given)


def line_from_request(line: dict) -> PackageLine:
    given = line.get("rates") or {}
    table = HS_TABLE.get(line.get("hs_code", ""), Rates())
    rates = Rates(
        tariff=_given_or(given.get("tariff"), table.tariff),
        vat=_given_or(given.get("vat"), table.vat),
        consumption_tax=_given_or(given.get("consumption_tax"), table.consumption_tax),
        ct_thresholds=() if "consumption_tax" in given else table.ct_thresholds,
        postal=_given_or(line.get("postal_rate"), table.postal),
    )
    return PackageLine(
        unit_price=Decimal(line["unit_price"]),
        quantity=line["quantity"],
        rates=rates,
        hs_code=line.get("hs_code", ""),
        legal_quantity=_decimal(line.get("legal_quantity")),
        legal_unit=line.get("legal_unit", "piece"),
    )


def package_from_request(request: dict) -> Package:
    return Package(
        lines=tuple(line_from_request(line) for line in request["lines"]),
        freight=Decimal(request.get("freight", "0")),
        insurance=Decimal(request.get("insurance", "0")),
        discount=Decimal(request.get("discount", "0")),
        origin_country=request.get("origin_country", ""),
    )


def buyer_from_request(request: dict) -> BuyerContext:
    return BuyerContext(annual_used=Decimal(request.get("buyer", {}).get("annual_used", "0")))


def as_expected(cost, expect: dict) -> dict:
    """The figures of ``cost`` named in a vector's ``expect``, formatted as the API formats them."""
    actual = {}
    for key, wanted in expect.items():
        if key == "violations":
            actual[key] = list(cost.violation_codes)
        elif key == "lines":
            actual[key] = [
                {field: str(getattr(line, field)) for field in wanted_line}
                for line, wanted_line in zip(cost.lines, wanted, strict=True)
            ]
        elif key == "treatment":
            actual[key] = cost.treatment
        else:
            value = getattr(cost, key)
            actual[key] = None if value is None else str(value)
    return actual
