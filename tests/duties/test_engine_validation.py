"""Inputs the engine refuses, each with a stable code."""

from datetime import date
from decimal import Decimal

import pytest

from xborder.duties.errors import DutiesError
from xborder.duties.regimes import PackageLine, Rates, get_regime

from .factories import PackageFactory, PackageLineFactory

ON = date(2026, 11, 28)
cbec = get_regime("china_cbec")


@pytest.mark.parametrize(
    ("package", "code"),
    [
        pytest.param(PackageFactory.build(lines=()), "empty_lines", id="no_lines"),
        pytest.param(PackageFactory.build(freight=Decimal("-1")), "invalid_amount", id="negative_freight"),
        pytest.param(PackageFactory.build(insurance=Decimal("NaN")), "invalid_amount", id="nan_insurance"),
        pytest.param(
            PackageFactory.build(lines=(PackageLineFactory.build(unit_price=Decimal("-0.01")),)),
            "invalid_amount",
            id="negative_price",
        ),
        pytest.param(
            PackageFactory.build(lines=(PackageLineFactory.build(quantity=0),)),
            "invalid_quantity",
            id="quantity_0",
        ),
        pytest.param(
            PackageFactory.build(lines=(PackageLineFactory.build(hs_code="33049900"),)),
            "invalid_hs_code",
            id="eight_digit_hs",
        ),
        pytest.param(
            PackageFactory.build(lines=(PackageLineFactory.build(rates=Rates(vat=Decimal("1.3"))),)),
            "invalid_rate",
            id="rate_130_percent",
        ),
        pytest.param(
            PackageFactory.build(lines=(PackageLineFactory.build(rates=Rates()),)),
            "missing_rate",
            id="no_vat",
        ),
        pytest.param(
            PackageFactory.build(
                lines=(PackageLine(unit_price=Decimal("1"), quantity=1, legal_quantity=Decimal("0")),)
            ),
            "invalid_quantity",
            id="legal_quantity_0",
        ),
    ],
)
def test_bad_input_is_refused_with_a_stable_code(package, code):
    with pytest.raises(DutiesError) as refused:
        cbec.quote(package, on=ON)

    assert refused.value.code == code


def test_a_date_before_cbec_existed_is_refused():
    with pytest.raises(DutiesError) as refused:
        cbec.quote(PackageFactory(), on=date(2015, 1, 1))

    assert refused.value.code == "regime_not_in_force"
