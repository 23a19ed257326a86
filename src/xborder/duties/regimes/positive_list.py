"""The CBEC positive list as pure data: which 8-digit tariff lines may enter as CBEC retail, under
which customs modes, and with which per-person annual quantity caps (REGULATION.md §4, D11)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from xborder.duties import errors
from xborder.duties.errors import DutiesError
from xborder.duties.regimes.base import ZERO, BuyerContext, Package, PackageLine, Violation, normalise_unit


@dataclass(frozen=True, slots=True)
class PositiveListRule:
    """One listed tariff line. Empty ``trade_modes`` allows every CBEC mode; ``annual_cap`` (in
    ``cap_unit``) limits what one person may buy per calendar year."""

    tariff_line: str
    trade_modes: frozenset[str] = frozenset()
    annual_cap: Decimal | None = None
    cap_unit: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class PositiveList:
    """The list version in force on the declaration date, keyed by 8-digit tariff line.

    ``BuyerContext.capped_quantities_used`` is keyed by tariff line, in the base unit of the cap
    (g for kg caps, ml for l caps, pieces)."""

    version: str
    rules: Mapping[str, PositiveListRule]

    def violations(self, package: Package, buyer: BuyerContext, on: date) -> tuple[Violation, ...]:
        """D11: lines not on the list, customs modes the note excludes, quantity caps exceeded.
        Lines without an HS code (what-if quotes on explicit rates) are not checked."""
        found: list[Violation] = []
        for line in package.lines:
            if not line.hs_code:
                continue
            rule = self.rules.get(line.hs_code[:8])
            if rule is None:
                found.append(_not_listed(line, self.version))
            elif rule.trade_modes and package.customs_mode and package.customs_mode not in rule.trade_modes:
                found.append(_mode_not_allowed(line, rule, package.customs_mode))
        for tariff_line, quantity in self.capped_quantities(package).items():
            found.extend(self._cap_violation(self.rules[tariff_line], quantity, buyer))
        return tuple(found)

    def capped_quantities(self, package: Package) -> dict[str, Decimal]:
        """What the package takes of each listed line's annual quantity cap, in the cap's base unit."""
        bought: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for line in package.lines:
            rule = self.rules.get(line.hs_code[:8]) if line.hs_code else None
            if rule is not None and rule.annual_cap is not None:
                bought[rule.tariff_line] += capped_quantity(line, rule)
        return dict(bought)

    @staticmethod
    def _cap_violation(rule: PositiveListRule, quantity: Decimal, buyer: BuyerContext) -> tuple[Violation, ...]:
        unit, factor = normalise_unit(rule.cap_unit)
        cap = rule.annual_cap * factor
        used = buyer.capped_quantities_used.get(rule.tariff_line, ZERO)
        if used + quantity <= cap:
            return ()
        return (
            Violation(
                errors.QUANTITY_CAP_EXCEEDED,
                f"Tariff line {rule.tariff_line} is capped at {rule.annual_cap} {rule.cap_unit} per person "
                f"per year; {used} {unit} used and {quantity} {unit} in this package.",
            ),
        )


def capped_quantity(line: PackageLine, rule: PositiveListRule) -> Decimal:
    """The line's legal quantity in the base unit of the rule's cap (1.5 kg of sugar is 1500 g)."""
    cap_unit, _ = normalise_unit(rule.cap_unit)
    if line.legal_quantity is None:
        if cap_unit != "piece":
            raise DutiesError(
                errors.LEGAL_QUANTITY_REQUIRED,
                f"Tariff line {rule.tariff_line} has a quantity cap: give the line's legal quantity.",
                {"legal_quantity": "missing"},
            )
        return Decimal(line.quantity)
    unit, factor = normalise_unit(line.legal_unit)
    if unit != cap_unit:
        raise DutiesError(
            errors.UNSUPPORTED_LEGAL_UNIT,
            f"Tariff line {rule.tariff_line} is capped in {rule.cap_unit}, not {line.legal_unit}.",
            {"legal_unit": "does not match the cap"},
        )
    return line.legal_quantity * factor * line.quantity


def _not_listed(line: PackageLine, version: str) -> Violation:
    return Violation(
        errors.NOT_ON_POSITIVE_LIST,
        f"Tariff line {line.hs_code[:8]} is not on the CBEC positive list ({version}).",
    )


def _mode_not_allowed(line: PackageLine, rule: PositiveListRule, mode: str) -> Violation:
    allowed = "/".join(sorted(rule.trade_modes))
    return Violation(
        errors.TRADE_MODE_NOT_ALLOWED,
        f"Tariff line {rule.tariff_line} may enter as CBEC only in mode {allowed}, not {mode}.",
    )
