"""The shipped data files and their parser."""

from datetime import date
from decimal import Decimal

import pytest

from xborder.duties.errors import DutiesError
from xborder.duties.regimes import UnitThreshold
from xborder.duties.tables import (
    HS_RATES_CSV,
    POSITIVE_LIST_CSV,
    parse_hs_rates,
    parse_positive_list,
    parse_thresholds,
)

HEADER = "hs_code,description,valid_from,valid_to,tariff_rate,vat_rate,ct_rate,ct_thresholds,postal_rate\n"
LIST_HEADER = "tariff_line,version,effective_from,description,trade_modes,annual_cap,cap_unit,note\n"


def shipped_rates():
    return {row.hs_code: row for row in parse_hs_rates(HS_RATES_CSV.read_text())}


def test_the_shipped_table_is_broad():
    rates = shipped_rates()

    assert len(rates) >= 100
    for code in ("1901101000", "2106909090", "2204210000", "4202210000", "4901990000", "8518300000", "8517130000"):
        assert code in rates


def test_high_end_skincare_has_the_reference_rates():
    row = shipped_rates()["3304990099"]

    assert (row.tariff_rate, row.vat_rate, row.ct_rate) == (Decimal("0.01"), Decimal("0.13"), Decimal("0.15"))
    assert parse_thresholds(row.ct_thresholds) == (
        UnitThreshold(Decimal("10.00"), "ml"),
        UnitThreshold(Decimal("10.00"), "g"),
        UnitThreshold(Decimal("15.00"), "piece"),
    )


def test_wrist_watches_have_the_reference_rates():
    row = shipped_rates()["9102110000"]

    assert (row.tariff_rate, row.vat_rate, row.ct_rate) == (Decimal("0.10"), Decimal("0.13"), Decimal("0.20"))
    assert parse_thresholds(row.ct_thresholds) == (UnitThreshold(Decimal("10000.00"), "piece"),)


def test_every_hs_code_of_the_table_is_on_the_shipped_positive_list():
    listed = {row.tariff_line for row in parse_positive_list(POSITIVE_LIST_CSV.read_text())}

    assert {code[:8] for code in shipped_rates()} <= listed


def test_the_positive_list_carries_the_sugar_and_rice_caps():
    rows = {row.tariff_line: row for row in parse_positive_list(POSITIVE_LIST_CSV.read_text())}

    assert (rows["17019910"].annual_cap, rows["17019910"].cap_unit) == (Decimal("2"), "kg")
    assert (rows["10063020"].annual_cap, rows["10063020"].cap_unit) == (Decimal("20"), "kg")
    assert rows["17019910"].effective_from == date(2022, 3, 1)


@pytest.mark.parametrize(
    "row",
    [
        pytest.param("330499009,x,2025-01-01,,0.01,0.13,0,,", id="nine_digit_code"),
        pytest.param("3304990099,x,2025-13-01,,0.01,0.13,0,,", id="bad_date"),
        pytest.param("3304990099,x,2025-01-01,2024-01-01,0.01,0.13,0,,", id="ends_before_start"),
        pytest.param("3304990099,x,2025-01-01,,1.5,0.13,0,,", id="rate_over_1"),
        pytest.param("3304990099,x,2025-01-01,,abc,0.13,0,,", id="non_numeric_rate"),
        pytest.param("3304990099,x,2025-01-01,,0.01,0.13,0.15,10/litre,", id="bad_threshold_unit"),
    ],
)
def test_a_bad_hs_rate_row_refuses_the_whole_file(row):
    with pytest.raises(DutiesError) as refused:
        parse_hs_rates(HEADER + "0101210000,Horses,2025-01-01,,0,0.09,0,,0.20\n" + row + "\n")

    assert refused.value.code == "invalid_csv"
    assert refused.value.fields == {"line": "3"}


def test_a_file_without_the_required_columns_is_refused():
    with pytest.raises(DutiesError) as refused:
        parse_hs_rates("code,rate\n1,2\n")

    assert refused.value.code == "invalid_csv"


@pytest.mark.parametrize(
    "row",
    [
        pytest.param("1701991,2022,2022-03-01,Sugar,,2,kg,", id="seven_digits"),
        pytest.param("17019910,2022,2022-03-01,Sugar,0110,,,", id="general_trade_mode"),
        pytest.param("17019910,2022,2022-03-01,Sugar,,2,,", id="cap_without_unit"),
    ],
)
def test_a_bad_positive_list_row_is_refused(row):
    with pytest.raises(DutiesError) as refused:
        parse_positive_list(LIST_HEADER + row + "\n")

    assert refused.value.code == "invalid_csv"
