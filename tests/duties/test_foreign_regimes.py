"""Destinations beyond China: EU IOSS and the EUR 3 duty, UK GBP 135, Australia AUD 1,000, US formal entry."""

from datetime import date
from decimal import Decimal

import pytest

from xborder.duties.errors import DutiesError
from xborder.duties.regimes import PackageLine, Rates, get_regime

from .factories import PackageFactory, one_line

eu = get_regime("eu_ioss")
uk = get_regime("uk_low_value")
au = get_regime("au_low_value")
us = get_regime("us_formal")
NO_RATES = Rates()


def blouse(hs_code: str, price: str = "40.00") -> PackageLine:
    return PackageLine(unit_price=Decimal(price), quantity=1, rates=NO_RATES, hs_code=hs_code)


def test_eu_ioss_charges_the_destination_states_vat_at_sale():
    cost = eu.quote(
        one_line("100.00", rates=NO_RATES, destination_country="DE", freight=Decimal("10.00")),
        on=date(2026, 3, 1),
    )

    assert cost.treatment == "eu_ioss"
    assert cost.vat == Decimal("20.90")  # 19% of 110
    assert cost.tariff == Decimal("0.00")


def test_eu_charges_3_euro_per_item_category_from_july_2026():
    lines = (blouse("6206100000"), blouse("6206200000"), blouse("6206200000"))

    cost = eu.quote(PackageFactory(lines=lines, destination_country="FR"), on=date(2026, 7, 1))

    assert cost.treatment == "eu_ioss_flat_duty"
    assert cost.tariff == Decimal("6.00")  # one silk + two wool blouses = 2 categories


def test_eu_charges_no_duty_on_low_value_parcels_before_july_2026():
    lines = (blouse("6206100000"), blouse("6206200000"))

    cost = eu.quote(PackageFactory(lines=lines, destination_country="FR"), on=date(2026, 6, 30))

    assert cost.tariff == Decimal("0.00")


def test_eu_above_150_pays_duty_and_import_vat():
    rates = Rates(tariff=Decimal("0.12"))

    cost = eu.quote(one_line("150.01", rates=rates, destination_country="NL"), on=date(2026, 7, 1))

    assert cost.treatment == "eu_import"
    assert cost.tariff == Decimal("18.00")
    assert cost.vat == Decimal("35.28")  # (150.01 + 18.0012) x 21%


def test_eu_needs_a_member_state_destination():
    with pytest.raises(DutiesError) as refused:
        eu.quote(one_line("10.00", destination_country="GB"), on=date(2026, 7, 1))

    assert refused.value.code == "unknown_country"


@pytest.mark.parametrize(
    ("price", "treatment", "vat"),
    [
        pytest.param("135.00", "uk_point_of_sale_vat", "27.00", id="135_vat_at_sale"),
        pytest.param("135.01", "uk_import", "28.08", id="135.01_import_vat_and_duty"),
    ],
)
def test_uk_low_value_consignments_up_to_135(price, treatment, vat):
    cost = uk.quote(one_line(price, rates=Rates(tariff=Decimal("0.04"))), on=date(2026, 1, 1))

    assert cost.treatment == treatment
    assert cost.vat == Decimal(vat)


@pytest.mark.parametrize(
    ("price", "treatment", "gst"),
    [
        pytest.param("1000.00", "au_point_of_sale_gst", "102.00", id="1000_gst_at_sale_incl_shipping"),
        pytest.param("1000.01", "au_import", "107.10", id="1000.01_duty_and_gst_at_border"),
    ],
)
def test_australia_low_value_goods_up_to_1000(price, treatment, gst):
    package = one_line(price, rates=Rates(tariff=Decimal("0.05")), freight=Decimal("20.00"))

    cost = au.quote(package, on=date(2026, 1, 1))

    assert cost.treatment == treatment
    assert cost.vat == Decimal(gst)


def test_us_has_no_de_minimis_since_29_august_2025():
    cost = us.quote(
        one_line("50.00", rates=Rates(tariff=Decimal("0.30")), freight=Decimal("15.00")), on=date(2025, 8, 29)
    )

    assert cost.treatment == "us_formal_entry"
    assert cost.tariff == Decimal("15.00")  # on the goods value, without international freight
    assert cost.vat == Decimal("0.00")


def test_us_de_minimis_applied_before_it_was_suspended():
    cost = us.quote(one_line("50.00", rates=Rates(tariff=Decimal("0.30")), origin_country="DE"), on=date(2025, 8, 28))

    assert cost.treatment == "us_de_minimis"
    assert cost.total_tax == Decimal("0.00")


def test_us_de_minimis_ended_earlier_for_goods_from_china():
    cost = us.quote(one_line("50.00", rates=Rates(tariff=Decimal("0.30")), origin_country="CN"), on=date(2025, 5, 2))

    assert cost.treatment == "us_formal_entry"


@pytest.mark.parametrize(
    ("code", "currency"),
    [
        ("china_cbec", "CNY"),
        ("eu_ioss", "EUR"),
        ("uk_low_value", "GBP"),
        ("au_low_value", "AUD"),
        ("us_formal", "USD"),
    ],
)
def test_each_regime_works_in_its_own_currency(code, currency):
    assert get_regime(code).currency == currency


def test_an_unknown_regime_is_refused():
    with pytest.raises(DutiesError) as refused:
        get_regime("mars_free_zone")

    assert refused.value.code == "unknown_regime"
