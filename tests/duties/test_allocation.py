"""Freight and insurance allocation to lines (D3) and the dutiable value (D2)."""

from datetime import date
from decimal import Decimal

from xborder.duties.regimes import get_regime
from xborder.duties.regimes.base import allocate

from .factories import PackageFactory, PackageLineFactory

ON = date(2026, 11, 28)


def test_shares_are_pro_rata_to_line_totals():
    assert allocate(Decimal("30.00"), [Decimal("100.00"), Decimal("200.00")]) == [
        Decimal("10.00"),
        Decimal("20.00"),
    ]


def test_the_rounding_remainder_goes_to_the_largest_line():
    shares = allocate(Decimal("10.00"), [Decimal("100.00"), Decimal("100.00"), Decimal("100.01")])

    assert shares == [Decimal("3.33"), Decimal("3.33"), Decimal("3.34")]


def test_on_a_tie_the_remainder_goes_to_the_first_largest_line():
    shares = allocate(Decimal("10.00"), [Decimal("100.00"), Decimal("100.00"), Decimal("100.00")])

    assert shares == [Decimal("3.34"), Decimal("3.33"), Decimal("3.33")]


def test_a_negative_remainder_is_taken_from_the_largest_line():
    shares = allocate(Decimal("0.05"), [Decimal("1.00"), Decimal("1.00"), Decimal("1.00"), Decimal("1.00")])

    assert shares == [Decimal("0.02"), Decimal("0.01"), Decimal("0.01"), Decimal("0.01")]
    assert sum(allocate(Decimal("0.02"), [Decimal("1")] * 3)) == Decimal("0.02")


def test_lines_worth_nothing_give_all_freight_to_the_first_line():
    assert allocate(Decimal("12.00"), [Decimal("0.00"), Decimal("0.00")]) == [
        Decimal("12.00"),
        Decimal("0.00"),
    ]


def test_line_dutiable_value_is_its_total_plus_its_shares():
    lines = (
        PackageLineFactory(unit_price=Decimal("100.00")),
        PackageLineFactory(unit_price=Decimal("300.00")),
    )
    package = PackageFactory(lines=lines, freight=Decimal("10.00"), insurance=Decimal("1.00"))

    cost = get_regime("china_cbec").quote(package, on=ON)

    assert [line.dutiable_value for line in cost.lines] == [Decimal("102.75"), Decimal("308.25")]
    assert cost.dutiable_value == Decimal("411.00")


def test_the_non_cash_discount_is_not_deducted_but_lowers_the_amount_payable():
    package = PackageFactory(discount=Decimal("20.00"), freight=Decimal("5.00"))

    cost = get_regime("china_cbec").quote(package, on=ON)

    assert cost.dutiable_value == Decimal("105.00")
    assert cost.amount_payable == Decimal("105.00") + cost.total_tax - Decimal("20.00")
