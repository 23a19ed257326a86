"""The positive list check inside a CBEC quote (D11): listed lines, trade modes, quantity caps."""

from datetime import date
from decimal import Decimal
from types import MappingProxyType

import pytest

from xborder.duties.errors import DutiesError
from xborder.duties.regimes import (
    BuyerContext,
    PackageLine,
    PositiveList,
    PositiveListRule,
    Rates,
    get_regime,
)

from .factories import PackageFactory

ON = date(2026, 11, 28)
cbec = get_regime("china_cbec")
LIST_2022 = PositiveList(
    version="2022",
    rules={
        "33049900": PositiveListRule("33049900"),
        "03061400": PositiveListRule("03061400", trade_modes=frozenset({"1210"})),
        "17019910": PositiveListRule("17019910", annual_cap=Decimal("2"), cap_unit="kg"),
    },
)


def package_of(hs_code: str, quantity: int = 1, legal_quantity: str | None = None, unit: str = "piece", **kw):
    line = PackageLine(
        unit_price=Decimal("50.00"),
        quantity=quantity,
        rates=Rates(vat=Decimal("0.13")),
        hs_code=hs_code,
        legal_quantity=None if legal_quantity is None else Decimal(legal_quantity),
        legal_unit=unit,
    )
    return PackageFactory(lines=(line,), **kw)


def test_a_listed_line_is_eligible():
    cost = cbec.quote(package_of("3304990099"), on=ON, positive_list=LIST_2022)

    assert cost.treatment == "cbec"


def test_the_first_eight_digits_are_matched():
    cost = cbec.quote(package_of("3304990011"), on=ON, positive_list=LIST_2022)

    assert cost.violations == ()


def test_a_line_not_on_the_list_leaves_cbec():
    cost = cbec.quote(package_of("9307009000"), on=ON, positive_list=LIST_2022)

    assert cost.treatment == "general_trade"
    assert cost.violation_codes == ("not_on_positive_list",)


def test_a_bonded_only_line_may_not_come_by_direct_mail():
    cost = cbec.quote(package_of("0306140000", customs_mode="9610"), on=ON, positive_list=LIST_2022)

    assert cost.violation_codes == ("trade_mode_not_allowed",)


def test_a_bonded_only_line_may_come_bonded():
    cost = cbec.quote(package_of("0306140000", customs_mode="1210"), on=ON, positive_list=LIST_2022)

    assert cost.violations == ()


def test_sugar_up_to_2_kg_a_year_is_allowed():
    buyer = BuyerContext(
        annual_used=Decimal("0"), capped_quantities_used=MappingProxyType({"17019910": Decimal("1000")})
    )

    cost = cbec.quote(package_of("1701991000", 2, "500", "g"), on=ON, buyer=buyer, positive_list=LIST_2022)

    assert cost.violations == ()


def test_sugar_over_2_kg_a_year_exceeds_the_cap():
    buyer = BuyerContext(capped_quantities_used=MappingProxyType({"17019910": Decimal("1000")}))

    cost = cbec.quote(package_of("1701991000", 1, "1.001", "kg"), on=ON, buyer=buyer, positive_list=LIST_2022)

    assert cost.violation_codes == ("quantity_cap_exceeded",)


def test_a_capped_line_needs_its_legal_quantity():
    with pytest.raises(DutiesError) as refused:
        cbec.quote(package_of("1701991000"), on=ON, positive_list=LIST_2022)

    assert refused.value.code == "legal_quantity_required"


def test_lines_without_hs_code_are_what_if_quotes_and_not_checked():
    line = PackageLine(unit_price=Decimal("10.00"), quantity=1, rates=Rates(vat=Decimal("0.13")))

    cost = cbec.quote(PackageFactory(lines=(line,)), on=ON, positive_list=LIST_2022)

    assert cost.violations == ()


def test_an_eligible_package_reports_what_it_takes_of_the_caps():
    cost = cbec.quote(package_of("1701991000", 3, "500", "g"), on=ON, positive_list=LIST_2022)

    assert cost.treatment == "cbec"
    assert cost.capped_quantities == {"17019910": Decimal("1500")}


def test_a_package_that_leaves_cbec_takes_nothing_of_the_caps():
    cost = cbec.quote(package_of("1701991000", 5, "500", "g"), on=ON, positive_list=LIST_2022)

    assert cost.treatment == "general_trade"
    assert cost.capped_quantities == {}
