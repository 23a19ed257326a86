from decimal import Decimal

import pytest

from xborder.core.money import Money, UnknownCurrency, convert, round_money


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [("1.005", "CNY", "1.01"), ("1.004", "CNY", "1.00"), ("2.5", "JPY", "3"), ("-1.005", "CNY", "-1.01")],
    ids=["half-up-cny", "down-cny", "half-up-jpy-no-minor-unit", "negative-away-from-zero"],
)
def test_rounding_is_half_up_to_the_minor_unit(amount, currency, expected):
    assert round_money(Decimal(amount), currency) == Decimal(expected)


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        Money(1.1, "CNY")


def test_money_refuses_unknown_currencies():
    with pytest.raises(UnknownCurrency):
        Money(Decimal(1), "XXX")


def test_money_of_different_currencies_does_not_add():
    with pytest.raises(ValueError):
        Money(Decimal(1), "CNY") + Money(Decimal(1), "JPY")


def test_conversion_rounds_half_up_into_the_target_currency():
    assert convert(Money(Decimal("1000"), "JPY"), "CNY", Decimal("0.04765")) == Money(Decimal("47.65"), "CNY")
    assert convert(Money(Decimal("10.00"), "CNY"), "JPY", Decimal("20.95")) == Money(Decimal("210"), "JPY")
