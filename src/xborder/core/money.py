"""Money: Decimal amounts with an explicit ISO 4217 currency, rounded half-up to the minor unit."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 minor units of the currencies the platform trades in; pricing.Currency mirrors this table.
MINOR_UNITS = {
    "CNY": 2, "USD": 2, "EUR": 2, "GBP": 2, "AUD": 2, "CAD": 2, "NZD": 2, "HKD": 2, "MOP": 2, "TWD": 2,
    "SGD": 2, "CHF": 2, "SEK": 2, "NOK": 2, "DKK": 2, "THB": 2, "MYR": 2, "JPY": 0, "KRW": 0, "VND": 0,
}  # fmt: skip


class UnknownCurrency(ValueError):
    pass


def minor_unit(currency: str) -> int:
    try:
        return MINOR_UNITS[currency]
    except KeyError:
        raise UnknownCurrency(currency) from None


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_unit(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit (CNY 0.01, JPY 1)."""
    return Decimal(amount).quantize(quantum(currency), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        if isinstance(self.amount, float):
            raise TypeError("Money never holds a float")
        object.__setattr__(self, "amount", Decimal(self.amount))
        minor_unit(self.currency)

    def rounded(self) -> "Money":
        return Money(round_money(self.amount, self.currency), self.currency)

    def __add__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor) -> "Money":
        return Money(self.amount * Decimal(factor), self.currency)

    def _same_currency(self, other: "Money") -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")

    def __str__(self) -> str:
        return f"{round_money(self.amount, self.currency)} {self.currency}"


def convert(money: Money, to_currency: str, rate: Decimal) -> Money:
    """Convert at ``rate`` (units of ``to_currency`` per unit of ``money.currency``), rounded half-up."""
    return Money(round_money(money.amount * Decimal(rate), to_currency), to_currency)
