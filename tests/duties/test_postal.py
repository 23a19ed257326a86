"""Personal postal articles (D9): band rates, the 50-yuan exemption, 800 / 1,000 parcel limits."""

from datetime import date
from decimal import Decimal

import pytest

from xborder.duties.errors import DutiesError
from xborder.duties.regimes import Rates, get_regime

from .factories import PackageFactory, PackageLineFactory, one_line

ON = date(2026, 11, 28)
postal = get_regime("china_postal")
CLOTHING = Rates(postal=Decimal("0.20"))
BOOKS = Rates(postal=Decimal("0.13"))


def test_tax_is_the_assessed_value_times_the_band_rate():
    cost = postal.quote(one_line("800.00", rates=CLOTHING, origin_country="US"), on=ON)

    assert cost.treatment == "postal"
    assert cost.total_tax == Decimal("160.00")


def test_tax_of_exactly_50_is_exempt():
    cost = postal.quote(one_line("250.00", rates=CLOTHING, origin_country="US"), on=ON)

    assert cost.treatment == "postal_exempt"
    assert cost.assessed_tax == Decimal("50.00")
    assert cost.total_tax == Decimal("0.00")


def test_tax_of_50_01_is_due_in_full():
    cost = postal.quote(one_line("250.05", rates=CLOTHING, origin_country="US"), on=ON)

    assert cost.treatment == "postal"
    assert cost.total_tax == Decimal("50.01")


def test_each_article_tax_is_rounded_then_summed():
    lines = (
        PackageLineFactory(unit_price=Decimal("10.05"), rates=BOOKS),
        PackageLineFactory(unit_price=Decimal("10.05"), rates=BOOKS),
    )

    cost = postal.quote(PackageFactory(lines=lines), on=ON)

    assert cost.assessed_tax == Decimal("2.62")  # 1.3065 -> 1.31, twice; not 2.613 -> 2.61


def test_freight_is_not_part_of_the_assessed_value():
    cost = postal.quote(one_line("100.00", rates=CLOTHING, freight=Decimal("80.00")), on=ON)

    assert cost.dutiable_value == Decimal("100.00")


@pytest.mark.parametrize(
    ("origin", "goods", "over"),
    [
        pytest.param("US", "1000.00", False, id="1000_from_us_within"),
        pytest.param("US", "1000.01", True, id="1000.01_from_us_over"),
        pytest.param("HK", "800.00", False, id="800_from_hk_within"),
        pytest.param("HK", "800.01", True, id="800.01_from_hk_over"),
        pytest.param("MO", "800.01", True, id="800.01_from_macao_over"),
        pytest.param("TW", "900.00", True, id="900_from_taiwan_over"),
        pytest.param("JP", "900.00", False, id="900_from_japan_within"),
    ],
)
def test_a_parcel_of_several_articles_has_a_value_limit(origin, goods, over):
    cost = postal.quote(one_line(str(Decimal(goods) / 2), quantity=2, rates=CLOTHING, origin_country=origin), on=ON)

    assert (cost.violation_codes == ("postal_parcel_over_limit",)) is over


def test_a_single_indivisible_article_may_exceed_the_limit():
    cost = postal.quote(one_line("3000.00", rates=CLOTHING, origin_country="HK"), on=ON)

    assert cost.violations == ()
    assert cost.total_tax == Decimal("600.00")


def test_a_postal_line_without_a_band_rate_is_refused():
    with pytest.raises(DutiesError) as refused:
        postal.quote(one_line("100.00", rates=Rates()), on=ON)

    assert refused.value.code == "missing_rate"
