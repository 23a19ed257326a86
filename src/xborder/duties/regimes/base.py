"""Inputs, outputs and shared arithmetic of the import regimes.

Everything here is pure: frozen dataclasses in, frozen dataclasses out, ``Decimal`` only,
no ORM, no settings, no clock (the declaration date is an argument).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Protocol

from xborder.duties import errors
from xborder.duties.errors import DutiesError

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HS_CODE_RE = re.compile(r"^\d{10}$")

# Legal units the engine understands, normalised to the unit a threshold is written in.
UNIT_ALIASES = {
    "ml": ("ml", Decimal(1)),
    "l": ("ml", Decimal(1000)),
    "g": ("g", Decimal(1)),
    "kg": ("g", Decimal(1000)),
    "piece": ("piece", Decimal(1)),
    "pcs": ("piece", Decimal(1)),
    "sheet": ("piece", Decimal(1)),
    "pair": ("piece", Decimal(1)),
    "set": ("piece", Decimal(1)),
}


def money(amount: Decimal) -> Decimal:
    """Round to the minor unit (0.01) half-up: the one rounding rule of every regime."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def normalise_unit(unit: str) -> tuple[str, Decimal]:
    """Return ``(base unit, factor)`` for a legal unit: ``kg`` is ``("g", 1000)``."""
    try:
        return UNIT_ALIASES[unit.strip().lower()]
    except KeyError:
        raise DutiesError(
            errors.UNSUPPORTED_LEGAL_UNIT,
            f"Legal unit {unit!r} is not one of {', '.join(sorted(UNIT_ALIASES))}.",
            {"legal_unit": "unsupported"},
        ) from None


@dataclass(frozen=True, slots=True)
class UnitThreshold:
    """Consumption tax applies when the value per ``unit`` of legal quantity is at least ``amount``."""

    amount: Decimal
    unit: str


@dataclass(frozen=True, slots=True)
class Rates:
    """Statutory rates of one line. ``None`` means "not given" (a regime may default or refuse).

    ``ct_thresholds`` empty means the consumption tax is unconditional; otherwise it applies only
    when the line's value per legal unit reaches the threshold of that unit (D8).
    """

    tariff: Decimal | None = None
    vat: Decimal | None = None
    consumption_tax: Decimal | None = None
    ct_thresholds: tuple[UnitThreshold, ...] = ()
    postal: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PackageLine:
    """One declared line. ``legal_quantity`` is the legal quantity of one piece (50 for a 50 ml bottle)."""

    unit_price: Decimal
    quantity: int
    rates: Rates = Rates()
    hs_code: str = ""
    origin: str = ""
    legal_quantity: Decimal | None = None
    legal_unit: str = "piece"
    description: str = ""

    @property
    def total(self) -> Decimal:
        return money(self.unit_price * self.quantity)


@dataclass(frozen=True, slots=True)
class Package:
    """The unit of customs declaration. ``discount`` is non-cash (coupons, points): never deducted (D2)."""

    lines: tuple[PackageLine, ...]
    freight: Decimal = ZERO
    insurance: Decimal = ZERO
    discount: Decimal = ZERO
    origin_country: str = ""
    destination_country: str = ""
    customs_mode: str = ""

    @property
    def goods_value(self) -> Decimal:
        return sum((line.total for line in self.lines), ZERO)

    @property
    def is_single_item(self) -> bool:
        """D5: exactly one piece, i.e. one line of quantity 1."""
        return len(self.lines) == 1 and self.lines[0].quantity == 1


@dataclass(frozen=True, slots=True)
class BuyerContext:
    """What the regime needs to know about the buyer: this year's use of the annual allowance and,
    per 8-digit tariff line with a quantity cap, the quantity already bought this year (in the cap's unit)."""

    annual_used: Decimal = ZERO
    capped_quantities_used: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))


NO_BUYER = BuyerContext()


@dataclass(frozen=True, slots=True)
class Violation:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class LineCost:
    """Per-line result. Rounded figures are what is declared; ``*_exact`` keep the unrounded values."""

    goods_value: Decimal
    freight_share: Decimal
    insurance_share: Decimal
    dutiable_value: Decimal
    tariff: Decimal
    consumption_tax: Decimal
    vat: Decimal
    tariff_exact: Decimal
    consumption_tax_exact: Decimal
    vat_exact: Decimal
    postal_tax: Decimal = ZERO
    postal_tax_exact: Decimal = ZERO

    @property
    def total_tax(self) -> Decimal:
        return self.tariff + self.consumption_tax + self.vat + self.postal_tax


@dataclass(frozen=True, slots=True)
class LandedCost:
    """A package's duty and tax under one regime. ``total_tax`` is what the buyer pays in tax;
    ``assessed_tax`` is the postal tax before the 50-yuan exemption; ``annual_used_after`` is set
    only when the package counts toward the buyer's annual allowance, and then ``capped_quantities``
    (by 8-digit tariff line, in base units) is what it takes of the positive list's quantity caps:
    the figures to reserve in the buyer's quota ledger."""

    regime: str
    currency: str
    treatment: str
    lines: tuple[LineCost, ...]
    freight: Decimal
    insurance: Decimal
    discount: Decimal
    violations: tuple[Violation, ...] = ()
    annual_used_after: Decimal | None = None
    assessed_tax: Decimal | None = None
    exempt: bool = False
    capped_quantities: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def goods_value(self) -> Decimal:
        return sum((line.goods_value for line in self.lines), ZERO)

    @property
    def dutiable_value(self) -> Decimal:
        return sum((line.dutiable_value for line in self.lines), ZERO)

    @property
    def tariff(self) -> Decimal:
        return sum((line.tariff for line in self.lines), ZERO)

    @property
    def consumption_tax(self) -> Decimal:
        return sum((line.consumption_tax for line in self.lines), ZERO)

    @property
    def vat(self) -> Decimal:
        return sum((line.vat for line in self.lines), ZERO)

    @property
    def postal_tax(self) -> Decimal:
        return sum((line.postal_tax for line in self.lines), ZERO)

    @property
    def total_tax(self) -> Decimal:
        if self.exempt:
            return ZERO
        return sum((line.total_tax for line in self.lines), ZERO)

    @property
    def amount_payable(self) -> Decimal:
        """What the buyer pays: goods + freight + insurance + tax - non-cash discount."""
        return self.goods_value + self.freight + self.insurance + self.total_tax - self.discount

    @property
    def violation_codes(self) -> tuple[str, ...]:
        return tuple(violation.code for violation in self.violations)


class PositiveListCheck(Protocol):
    def violations(self, package: Package, buyer: BuyerContext, on: date) -> tuple[Violation, ...]: ...

    def capped_quantities(self, package: Package) -> dict[str, Decimal]: ...


class ImportRegime(Protocol):
    """Computes the landed cost of a package under one customs regime."""

    code: str
    currency: str

    def quote(
        self,
        package: Package,
        *,
        on: date,
        buyer: BuyerContext = ...,
        positive_list: PositiveListCheck | None = None,
    ) -> LandedCost: ...


def validate(package: Package) -> None:
    """Refuse a package that cannot be quoted at all (empty, negative, quantity 0, bad HS code)."""
    if not package.lines:
        raise DutiesError(errors.EMPTY_LINES, "A package needs at least one line.", {"lines": "empty"})
    for name in ("freight", "insurance", "discount"):
        _require_non_negative(getattr(package, name), name)
    for index, line in enumerate(package.lines):
        _validate_line(line, f"lines[{index}]")


def _validate_line(line: PackageLine, where: str) -> None:
    _require_non_negative(line.unit_price, f"{where}.unit_price")
    if not isinstance(line.quantity, int) or line.quantity < 1:
        message = "Quantity must be a whole number of at least 1."
        raise DutiesError(errors.INVALID_QUANTITY, message, {f"{where}.quantity": "< 1"})
    if line.hs_code and not HS_CODE_RE.match(line.hs_code):
        raise DutiesError(
            errors.INVALID_HS_CODE, "An HS code has exactly 10 digits.", {f"{where}.hs_code": "not 10 digits"}
        )
    if line.legal_quantity is not None and not line.legal_quantity > 0:
        raise DutiesError(
            errors.INVALID_QUANTITY, "Legal quantity must be positive.", {f"{where}.legal_quantity": "<= 0"}
        )
    for name in ("tariff", "vat", "consumption_tax", "postal"):
        rate = getattr(line.rates, name)
        if rate is not None and not (ZERO <= rate < 1):
            message = "A rate is a fraction from 0 to below 1."
            raise DutiesError(errors.INVALID_RATE, message, {f"{where}.rates.{name}": "range"})


def _require_non_negative(amount: Decimal, name: str) -> None:
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
        raise DutiesError(errors.INVALID_AMOUNT, f"{name} must be a non-negative amount.", {name: "invalid"})


def allocate(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """D3: split ``amount`` pro rata to ``weights``, each share rounded half-up to 0.01; the rounding
    remainder goes to the largest weight (the first one on a tie). Shares always sum to ``amount``."""
    if not amount:
        return [ZERO] * len(weights)
    if len(weights) == 1:
        return [amount]
    total = sum(weights, ZERO)
    shares = [money(amount * weight / total) if total else ZERO for weight in weights]
    largest = weights.index(max(weights))
    shares[largest] += amount - sum(shares, ZERO)
    return shares


LineValues = tuple[Decimal, Decimal, Decimal]


def dutiable_values(package: Package, *, include_transport: bool = True) -> list[LineValues]:
    """Per line ``(goods value, freight share, insurance share)``; transport shares are zero when the
    regime's value excludes transport."""
    totals = [line.total for line in package.lines]
    if not include_transport:
        return [(total, ZERO, ZERO) for total in totals]
    freight = allocate(package.freight, totals)
    insurance = allocate(package.insurance, totals)
    return list(zip(totals, freight, insurance, strict=True))


def unit_value(line: PackageLine, line_value: Decimal) -> tuple[Decimal, str]:
    """Value per legal unit of a line (``line_value`` over its total legal quantity) and that unit."""
    if line.legal_quantity is None:
        return line_value / line.quantity, "piece"
    unit, factor = normalise_unit(line.legal_unit)
    return line_value / (line.legal_quantity * factor * line.quantity), unit


def consumption_tax_rate(line: PackageLine, line_value: Decimal) -> Decimal:
    """D8: the line's CT rate, zero when its value per legal unit is below the rate's threshold."""
    rate = line.rates.consumption_tax or ZERO
    if not rate or not line.rates.ct_thresholds:
        return rate
    value, unit = unit_value(line, line_value)
    for threshold in line.rates.ct_thresholds:
        if threshold.unit == unit:
            return rate if value >= threshold.amount else ZERO
    raise DutiesError(
        errors.UNSUPPORTED_LEGAL_UNIT,
        f"The consumption-tax threshold of {line.hs_code or 'this line'} is not written per {unit}.",
        {"legal_unit": unit},
    )
