"""Every vector of shared/cases/china_duties.json through the pure engine."""

from datetime import date

import pytest

from xborder.duties.regimes import get_regime

from .cases import as_expected, buyer_from_request, load_cases, package_from_request

DECLARED_ON = date(2026, 11, 28)


@pytest.mark.parametrize("case", load_cases())
def test_vector_gives_the_expected_figures(case):
    request = case["request"]
    cost = get_regime(request["regime"]).quote(
        package_from_request(request), on=DECLARED_ON, buyer=buyer_from_request(request)
    )
    assert as_expected(cost, case["expect"]) == case["expect"]


def test_vectors_that_leave_cbec_carry_no_annual_use():
    for param in load_cases():
        case = param.values[0]
        if case["expect"]["treatment"] == "general_trade":
            request = case["request"]
            cost = get_regime(request["regime"]).quote(
                package_from_request(request), on=DECLARED_ON, buyer=buyer_from_request(request)
            )
            assert cost.annual_used_after is None
