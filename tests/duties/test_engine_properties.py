"""Properties of the engine that hold for any package (hypothesis)."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from xborder.duties.regimes import REGIMES, BuyerContext, Package, PackageLine, Rates, get_regime
from xborder.duties.regimes.base import allocate

from .cases import HS_TABLE

ON = date(2026, 11, 28)
amounts = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("20000.00"), places=2)
small_amounts = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("300.00"), places=2)
rates = st.one_of(
    st.builds(
        Rates,
        tariff=st.sampled_from([None, Decimal("0"), Decimal("0.05"), Decimal("0.10")]),
        vat=st.sampled_from([Decimal("0.09"), Decimal("0.13")]),
        consumption_tax=st.sampled_from([None, Decimal("0.10"), Decimal("0.15"), Decimal("0.30")]),
        postal=st.sampled_from([Decimal("0.13"), Decimal("0.20"), Decimal("0.50")]),
    ),
    st.sampled_from(list(HS_TABLE.values())),
)
lines = st.builds(PackageLine, unit_price=amounts, quantity=st.integers(1, 4), rates=rates)
packages = st.builds(
    Package,
    lines=st.lists(lines, min_size=1, max_size=6).map(tuple),
    freight=small_amounts,
    insurance=small_amounts,
    discount=small_amounts,
    origin_country=st.sampled_from(["US", "HK", "JP"]),
    destination_country=st.just("DE"),
)
buyers = st.builds(BuyerContext, annual_used=st.decimals(min_value=0, max_value=30000, places=2))
regime_codes = st.sampled_from(sorted(REGIMES))


@given(packages, buyers, regime_codes)
def test_tax_is_never_negative(package, buyer, code):
    cost = get_regime(code).quote(package, on=ON, buyer=buyer)

    assert cost.total_tax >= 0
    assert all(line.tariff >= 0 and line.consumption_tax >= 0 and line.vat >= 0 for line in cost.lines)


@given(packages, buyers, regime_codes)
def test_line_taxes_sum_to_the_package_totals(package, buyer, code):
    cost = get_regime(code).quote(package, on=ON, buyer=buyer)

    assert cost.tariff + cost.consumption_tax + cost.vat + cost.postal_tax == sum(line.total_tax for line in cost.lines)
    if not cost.exempt:
        assert cost.total_tax == sum(line.total_tax for line in cost.lines)


@given(packages, buyers)
def test_cbec_dutiable_value_is_goods_freight_and_insurance_summed_over_lines(package, buyer):
    cost = get_regime("china_cbec").quote(package, on=ON, buyer=buyer)

    assert cost.dutiable_value == sum(line.dutiable_value for line in cost.lines)
    assert cost.dutiable_value == package.goods_value + package.freight + package.insurance


@given(small_amounts, st.lists(amounts, min_size=1, max_size=10))
def test_allocation_shares_sum_to_the_amount(amount, weights):
    shares = allocate(amount, weights)

    assert sum(shares) == amount
    assert all(share >= 0 for share in shares) or amount == 0


@given(
    amounts,
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500.00"), places=2),
    rates,
    regime_codes,
)
def test_tax_is_monotonic_in_price_within_a_treatment(price, increase, line_rates, code):
    regime = get_regime(code)

    def quote(unit_price):
        line = PackageLine(unit_price=unit_price, quantity=1, rates=line_rates)
        return regime.quote(Package(lines=(line,), destination_country="DE"), on=ON)

    cheaper, dearer = quote(price), quote(price + increase)
    if cheaper.treatment == dearer.treatment:
        assert cheaper.total_tax <= dearer.total_tax
