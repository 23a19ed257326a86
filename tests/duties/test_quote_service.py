"""``quote_package``: engine input built from the database, in a fixed number of queries."""

from datetime import date
from decimal import Decimal

import pytest

from xborder.duties.errors import DutiesError
from xborder.duties.services import LineDraft, QuoteDraft, RateOverrides, quote_package, reserve_quota

from .factories import HsRateFactory, PositiveListEntryFactory

pytestmark = pytest.mark.django_db
ON = date(2026, 11, 28)


def draft(*lines: LineDraft, regime: str = "china_cbec", **package) -> QuoteDraft:
    return QuoteDraft(regime=regime, currency="", lines=lines, **package)


def listed_rates(count: int) -> list[str]:
    codes = [HsRateFactory().hs_code for _ in range(count)]
    for code in codes:
        PositiveListEntryFactory(tariff_line=code[:8])
    return codes


@pytest.mark.parametrize("line_count", [1, 10])
def test_a_quote_takes_the_same_queries_for_1_or_10_lines(django_assert_num_queries, line_count):
    codes = listed_rates(line_count)
    lines = [LineDraft(unit_price=Decimal("100.00"), quantity=1, hs_code=code) for code in codes]

    with django_assert_num_queries(4):  # HS rates, positive list, buyer ledger (its sum, its capped entries)
        cost = quote_package(draft=draft(*lines), on=ON, id_hash="a" * 64)

    assert cost.treatment == "cbec"
    assert len(cost.lines) == line_count


def test_explicit_rates_override_the_table_per_field():
    (code,) = listed_rates(1)
    line = LineDraft(unit_price=Decimal("1000.00"), quantity=1, hs_code=code, rates=RateOverrides(vat=Decimal("0.09")))

    cost = quote_package(draft=draft(line), on=ON)

    assert cost.vat == Decimal("63.00")


def test_an_explicit_consumption_tax_rate_drops_the_tables_threshold():
    HsRateFactory(hs_code="3304990099", ct_rate=Decimal("0.15"), ct_thresholds="10.00/ml")
    PositiveListEntryFactory(tariff_line="33049900")
    line = LineDraft(
        unit_price=Decimal("100.00"),
        quantity=1,
        hs_code="3304990099",
        legal_quantity=Decimal("50"),
        legal_unit="ml",
        rates=RateOverrides(consumption_tax=Decimal("0.15")),
    )

    assert quote_package(draft=draft(line), on=ON).consumption_tax > 0


def test_a_buyers_ledger_feeds_the_annual_limit():
    reserve_quota(id_hash="b" * 64, package_ref="P-1", amount=Decimal("25000.00"))
    line = LineDraft(unit_price=Decimal("1000.01"), quantity=1, rates=RateOverrides(vat=Decimal("0.13")))

    cost = quote_package(draft=draft(line), id_hash="b" * 64)

    assert cost.violation_codes == ("over_annual_limit",)


def test_an_explicit_annual_use_wins_over_the_ledger():
    reserve_quota(id_hash="c" * 64, package_ref="P-2", amount=Decimal("25000.00"))
    line = LineDraft(unit_price=Decimal("1000.01"), quantity=1, rates=RateOverrides(vat=Decimal("0.13")))

    cost = quote_package(draft=draft(line), id_hash="c" * 64, annual_used=Decimal("0"))

    assert cost.treatment == "cbec"


def test_postal_quotes_take_the_band_from_the_table():
    HsRateFactory(hs_code="6109100000", postal_rate=Decimal("0.20"))
    line = LineDraft(unit_price=Decimal("500.00"), quantity=1, hs_code="6109100000")

    cost = quote_package(draft=draft(line, regime="china_postal", origin_country="US"), on=ON)

    assert cost.total_tax == Decimal("100.00")


def test_other_destinations_do_not_use_chinas_table():
    HsRateFactory(hs_code="6206100000", tariff_rate=Decimal("0.50"))
    line = LineDraft(unit_price=Decimal("40.00"), quantity=1, hs_code="6206100000")

    cost = quote_package(draft=draft(line, regime="eu_ioss", destination_country="FR"), on=date(2026, 7, 1))

    assert (cost.currency, cost.tariff, cost.vat) == ("EUR", Decimal("3.00"), Decimal("8.00"))


def test_an_hs_code_missing_from_the_table_is_refused():
    line = LineDraft(unit_price=Decimal("1.00"), quantity=1, hs_code="0101010101")

    with pytest.raises(DutiesError) as refused:
        quote_package(draft=draft(line), on=ON)

    assert refused.value.code == "hs_code_not_found"
