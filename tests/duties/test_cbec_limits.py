"""CBEC retail limits: 5,000 per package, 26,000 per year, the single indivisible item (D4-D7)."""

from datetime import date
from decimal import Decimal

import pytest

from xborder.duties.regimes import Rates, get_regime

from .factories import BuyerContextFactory, PackageFactory, PackageLineFactory, one_line

ON = date(2026, 11, 28)
cbec = get_regime("china_cbec")
WATCH_RATES = Rates(tariff=Decimal("0.10"), vat=Decimal("0.13"))


def test_a_package_of_exactly_5000_is_within_the_limit():
    cost = cbec.quote(one_line("5000.00"), on=ON)

    assert cost.treatment == "cbec"
    assert cost.violations == ()
    assert cost.total_tax == Decimal("455.00")


def test_one_piece_of_5000_01_enters_cbec_at_full_tax():
    cost = cbec.quote(one_line("5000.01", rates=WATCH_RATES), on=ON)

    assert cost.treatment == "cbec_full_tax"
    assert cost.violations == ()
    assert cost.tariff == Decimal("500.00")
    assert cost.vat == Decimal("715.00")  # (5000.01 + 500.001) x 13%, no 70%
    assert cost.annual_used_after == Decimal("5000.01")


def test_two_pieces_over_5000_are_not_eligible():
    cost = cbec.quote(one_line("2500.01", quantity=2), on=ON)

    assert cost.treatment == "general_trade"
    assert cost.violation_codes == ("over_transaction_limit",)
    assert cost.annual_used_after is None


def test_two_lines_of_one_piece_each_are_not_a_single_item():
    lines = (
        PackageLineFactory(unit_price=Decimal("3000.00")),
        PackageLineFactory(unit_price=Decimal("3000.00")),
    )

    cost = cbec.quote(PackageFactory(lines=lines), on=ON)

    assert cost.violation_codes == ("over_transaction_limit",)


def test_freight_takes_a_package_over_5000():
    cost = cbec.quote(one_line("2490.00", quantity=2, freight=Decimal("20.01")), on=ON)

    assert cost.dutiable_value == Decimal("5000.01")
    assert cost.violation_codes == ("over_transaction_limit",)


def test_a_coupon_does_not_bring_a_package_back_under_5000():
    cost = cbec.quote(one_line("2500.01", quantity=2, discount=Decimal("100.00")), on=ON)

    assert cost.violation_codes == ("over_transaction_limit",)


def test_annual_use_reaching_exactly_26000_is_within():
    buyer = BuyerContextFactory(annual_used=Decimal("21000.00"))

    cost = cbec.quote(one_line("5000.00"), on=ON, buyer=buyer)

    assert cost.treatment == "cbec"
    assert cost.annual_used_after == Decimal("26000.00")


def test_annual_use_over_26000_by_a_cent_leaves_cbec_entirely():
    buyer = BuyerContextFactory(annual_used=Decimal("21000.01"))

    cost = cbec.quote(one_line("5000.00"), on=ON, buyer=buyer)

    assert cost.treatment == "general_trade"
    assert cost.violation_codes == ("over_annual_limit",)
    assert cost.vat == Decimal("650.00")  # full VAT on the whole package, not only the excess


def test_a_single_item_over_5000_that_breaks_the_annual_limit_is_not_eligible():
    buyer = BuyerContextFactory(annual_used=Decimal("20000.00"))

    cost = cbec.quote(one_line("6000.01"), on=ON, buyer=buyer)

    assert cost.treatment == "general_trade"
    assert cost.violation_codes == ("over_annual_limit",)


def test_a_single_item_over_5000_filling_the_year_exactly_is_full_tax():
    buyer = BuyerContextFactory(annual_used=Decimal("20000.00"))

    cost = cbec.quote(one_line("6000.00"), on=ON, buyer=buyer)

    assert cost.treatment == "cbec_full_tax"
    assert cost.annual_used_after == Decimal("26000.00")


def test_several_pieces_over_both_limits_report_both_violations():
    buyer = BuyerContextFactory(annual_used=Decimal("25000.00"))

    cost = cbec.quote(one_line("3000.00", quantity=2), on=ON, buyer=buyer)

    assert cost.violation_codes == ("over_transaction_limit", "over_annual_limit")


@pytest.mark.parametrize(
    ("declared_on", "unit_price", "treatment"),
    [
        pytest.param(date(2018, 12, 31), "2000.01", "cbec_full_tax", id="2018_limit_2000"),
        pytest.param(date(2019, 1, 1), "2000.01", "cbec", id="2019_limit_5000"),
    ],
)
def test_the_limits_in_force_on_the_declaration_date_apply(declared_on, unit_price, treatment):
    assert cbec.quote(one_line(unit_price), on=declared_on).treatment == treatment


def test_the_cbec_tariff_is_zero_even_when_the_mfn_rate_is_not():
    cost = cbec.quote(one_line("1000.00", rates=WATCH_RATES), on=ON)

    assert cost.tariff == Decimal("0.00")
    assert cost.vat == Decimal("91.00")
