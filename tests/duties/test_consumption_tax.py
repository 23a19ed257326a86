"""Consumption tax on high-end cosmetics and watches by unit value of legal quantity (D8), and the
per-line, per-tax rounding (D1)."""

from datetime import date
from decimal import Decimal

import pytest

from xborder.duties.errors import DutiesError
from xborder.duties.regimes import PackageLine, Rates, get_regime

from .cases import HS_TABLE
from .factories import PackageFactory, one_line

ON = date(2026, 11, 28)
cbec = get_regime("china_cbec")
general_trade = get_regime("china_general_trade")
COSMETICS = HS_TABLE["3304990099"]
WATCH = HS_TABLE["9102110000"]


def cosmetic(unit_price: str, legal_quantity: str | None, legal_unit: str = "piece", quantity: int = 1):
    line = PackageLine(
        unit_price=Decimal(unit_price),
        quantity=quantity,
        rates=COSMETICS,
        hs_code="3304990099",
        legal_quantity=None if legal_quantity is None else Decimal(legal_quantity),
        legal_unit=legal_unit,
    )
    return PackageFactory(lines=(line,))


@pytest.mark.parametrize(
    ("unit_price", "legal_quantity", "legal_unit", "taxed"),
    [
        pytest.param("499.99", "50", "ml", False, id="9.9998_per_ml_below"),
        pytest.param("500.00", "50", "ml", True, id="10.00_per_ml_at_threshold"),
        pytest.param("700.00", "50", "ml", True, id="14_per_ml_official_example"),
        pytest.param("700.00", "83.5", "g", False, id="8.38_per_g_below"),
        pytest.param("300.00", "0.03", "kg", True, id="kg_is_converted_to_g"),
        pytest.param("149.90", "10", "piece", False, id="14.99_per_mask_below"),
        pytest.param("150.00", "10", "piece", True, id="15.00_per_mask_at_threshold"),
        pytest.param("14.99", None, "piece", False, id="no_legal_quantity_means_one_piece"),
    ],
)
def test_cosmetics_pay_consumption_tax_from_their_unit_value(unit_price, legal_quantity, legal_unit, taxed):
    cost = cbec.quote(cosmetic(unit_price, legal_quantity, legal_unit), on=ON)

    assert (cost.consumption_tax > 0) is taxed


def test_the_threshold_uses_the_value_per_piece_not_the_line_total():
    cost = cbec.quote(cosmetic("300.00", "50", "ml", quantity=3), on=ON)

    assert cost.consumption_tax == Decimal("0.00")


def test_freight_counts_in_the_unit_value():
    line = cosmetic("495.00", "50", "ml").lines[0]

    cost = cbec.quote(PackageFactory(lines=(line,), freight=Decimal("5.00")), on=ON)

    assert cost.consumption_tax > 0


def test_a_cosmetic_in_an_unsupported_unit_is_refused():
    with pytest.raises(DutiesError) as refused:
        cbec.quote(cosmetic("300.00", "2", "box"), on=ON)

    assert refused.value.code == "unsupported_legal_unit"


def test_a_watch_under_10000_pays_no_consumption_tax():
    cost = general_trade.quote(one_line("9999.99", rates=WATCH), on=ON)

    assert cost.consumption_tax == Decimal("0.00")
    assert cost.tariff == Decimal("1000.00")


def test_a_watch_of_10000_pays_20_percent_consumption_tax_at_full_tax():
    cost = cbec.quote(one_line("10000.00", rates=WATCH), on=ON)

    assert cost.treatment == "cbec_full_tax"
    assert cost.tariff == Decimal("1000.00")
    assert cost.consumption_tax == Decimal("2750.00")  # 11000 / 0.8 x 0.2
    assert cost.vat == Decimal("1787.50")  # 13750 x 13%


def test_an_explicit_consumption_tax_rate_has_no_threshold():
    cost = cbec.quote(one_line("100.00", rates=Rates(vat=Decimal("0.13"), consumption_tax=Decimal("0.15"))), on=ON)

    assert cost.consumption_tax == Decimal("12.35")  # 100 / 0.85 x 0.15 x 0.7 = 12.3529


def test_each_tax_is_rounded_per_line_not_on_the_combined_rate():
    wine = Rates(vat=Decimal("0.13"), consumption_tax=Decimal("0.10"))

    cost = cbec.quote(one_line("500.00", rates=wine), on=ON)

    assert cost.total_tax == Decimal("89.45")
    assert cost.lines[0].consumption_tax_exact + cost.lines[0].vat_exact == pytest.approx(Decimal("89.4444"), abs=1e-4)


def test_unrounded_values_are_kept_beside_the_rounded_ones():
    cost = cbec.quote(one_line("500.00", rates=Rates(vat=Decimal("0.13"), consumption_tax=Decimal("0.10"))), on=ON)

    line = cost.lines[0]
    assert line.consumption_tax == Decimal("38.89")
    assert line.consumption_tax_exact.quantize(Decimal("0.0001")) == Decimal("38.8889")
