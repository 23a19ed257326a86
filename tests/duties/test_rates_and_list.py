"""Dated HS rates and positive-list versions in the database, and the commands that load them."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from xborder.duties.models import HsRate, PositiveListEntry
from xborder.duties.selectors import hs_rates_in_force, positive_list_in_force

from .factories import HsRateFactory, PositiveListEntryFactory

pytestmark = pytest.mark.django_db


def test_load_hs_rates_loads_the_shipped_table_and_can_run_again():
    call_command("load_hs_rates", verbosity=0)
    HsRate.objects.filter(hs_code="3304990099").update(vat_rate=Decimal("0.5"))

    call_command("load_hs_rates", verbosity=0)

    assert HsRate.objects.count() >= 100
    assert HsRate.objects.get(hs_code="3304990099").vat_rate == Decimal("0.13")


def test_load_hs_rates_refuses_a_bad_file_and_loads_nothing(tmp_path):
    bad = tmp_path / "rates.csv"
    bad.write_text("hs_code,description,valid_from,valid_to,tariff_rate,vat_rate,ct_rate\n12,x,2025-01-01,,0,0,0\n")

    with pytest.raises(CommandError, match="invalid_csv"):
        call_command("load_hs_rates", file=bad, verbosity=0)

    assert HsRate.objects.count() == 0


def test_load_positive_list_loads_the_shipped_list():
    call_command("load_positive_list", verbosity=0)

    assert PositiveListEntry.objects.get(tariff_line="17019910").annual_cap == Decimal("2.000")


def test_the_rate_in_force_on_the_date_is_used():
    HsRateFactory(
        hs_code="2204210000", valid_from=date(2024, 1, 1), valid_to=date(2025, 1, 1), tariff_rate=Decimal("0.14")
    )
    HsRateFactory(hs_code="2204210000", valid_from=date(2025, 1, 1), tariff_rate=Decimal("0.10"))

    assert hs_rates_in_force(["2204210000"], date(2024, 12, 31))["2204210000"].tariff == Decimal("0.14")
    assert hs_rates_in_force(["2204210000"], date(2025, 1, 1))["2204210000"].tariff == Decimal("0.10")
    assert hs_rates_in_force(["2204210000"], date(2023, 12, 31)) == {}


def test_rates_of_many_codes_come_from_one_query(django_assert_num_queries):
    codes = [HsRateFactory().hs_code for _ in range(10)]

    with django_assert_num_queries(1):
        rates = hs_rates_in_force(codes, date(2026, 1, 1))

    assert len(rates) == 10


def test_the_newest_list_version_in_force_is_used(django_assert_num_queries):
    PositiveListEntryFactory(version="2019", effective_from=date(2020, 1, 1), tariff_line="93070090")
    PositiveListEntryFactory(version="2022", effective_from=date(2022, 3, 1), tariff_line="33049900")

    with django_assert_num_queries(1):
        in_2021 = positive_list_in_force(date(2021, 6, 1), ["93070090", "33049900"])
    in_2026 = positive_list_in_force(date(2026, 6, 1), ["93070090", "33049900"])

    assert (in_2021.version, set(in_2021.rules)) == ("2019", {"93070090"})
    assert (in_2026.version, set(in_2026.rules)) == ("2022", {"33049900"})


def test_before_any_list_version_nothing_is_listed():
    PositiveListEntryFactory(effective_from=date(2022, 3, 1), tariff_line="33049900")

    assert positive_list_in_force(date(2016, 1, 1), ["33049900"]).rules == {}


@pytest.mark.parametrize(
    ("ct_rate", "thresholds", "rule"),
    [
        pytest.param("0", "", "none", id="no_consumption_tax"),
        pytest.param("0.10", "", "always", id="wine"),
        pytest.param("0.15", "10.00/ml 15.00/piece", "unit_value_threshold", id="cosmetics"),
    ],
)
def test_the_consumption_tax_rule_kind_reads_from_the_row(ct_rate, thresholds, rule):
    assert HsRateFactory.build(ct_rate=Decimal(ct_rate), ct_thresholds=thresholds).ct_rule == rule


def test_a_malformed_threshold_is_refused_by_model_validation():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        HsRateFactory.build(ct_thresholds="ten per ml").clean()
