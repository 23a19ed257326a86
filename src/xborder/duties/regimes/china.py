"""China's import regimes: CBEC retail (1210/9610), personal postal articles, general trade.

Rules: REGULATION.md §1-§3 with the conventions D1-D9 of §0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from xborder.duties import errors
from xborder.duties.errors import DutiesError
from xborder.duties.regimes.base import (
    NO_BUYER,
    ZERO,
    BuyerContext,
    LandedCost,
    LineCost,
    Package,
    PackageLine,
    PositiveListCheck,
    Violation,
    consumption_tax_rate,
    dutiable_values,
    money,
    validate,
)

CBEC_FACTOR = Decimal("0.7")
FULL = Decimal("1")


@dataclass(frozen=True, slots=True)
class CbecLimits:
    """Per-transaction and annual limits (CNY, compared with the dutiable value) in force from a date."""

    since: date
    transaction: Decimal
    annual: Decimal


# 财关税〔2018〕49号 from 2019-01-01; 财关税〔2016〕18号 before.
CBEC_LIMITS = (
    CbecLimits(date(2019, 1, 1), Decimal("5000.00"), Decimal("26000.00")),
    CbecLimits(date(2016, 4, 8), Decimal("2000.00"), Decimal("20000.00")),
)

RETURN_APPLY_WITHIN = timedelta(days=30)
RETURN_BACK_WITHIN = timedelta(days=45)
POSTAL_EXEMPT_UP_TO = Decimal("50.00")
POSTAL_LIMIT = Decimal("1000.00")
POSTAL_LIMIT_HK_MO_TW = Decimal("800.00")
HK_MO_TW = frozenset({"HK", "MO", "TW"})


def return_releases_quota(*, released_on: date, applied_on: date, back_on: date | None) -> bool:
    """D10: a return releases its tax and annual use when applied for within 30 days of customs
    release and the goods are back in the supervised site within 45 days of release."""
    applied_in_time = released_on <= applied_on <= released_on + RETURN_APPLY_WITHIN
    return applied_in_time and back_on is not None and back_on <= released_on + RETURN_BACK_WITHIN


def cbec_limits(on: date) -> CbecLimits:
    """The CBEC limits in force on the declaration date."""
    for limits in CBEC_LIMITS:
        if on >= limits.since:
            return limits
    message = f"CBEC retail import did not exist on {on}."
    raise DutiesError(errors.REGIME_NOT_IN_FORCE, message, {"date": "before 2016-04-08"})


def china_line_cost(
    line: PackageLine, values: tuple[Decimal, Decimal, Decimal], *, tariff_applies: bool, factor: Decimal
) -> LineCost:
    """§1.5 statutory amounts of one line, each tax multiplied by ``factor`` (0.7 in CBEC) and rounded
    separately (D1). The VAT base includes the full statutory CT, as the combined CBEC rate requires."""
    goods, freight, insurance = values
    dv = goods + freight + insurance
    vat_rate = line.rates.vat
    if vat_rate is None:
        message = "China needs a VAT rate for every line."
        raise DutiesError(errors.MISSING_RATE, message, {"rates.vat": "missing"})
    tariff_rate = (line.rates.tariff or ZERO) if tariff_applies else ZERO
    ct_rate = consumption_tax_rate(line, dv)
    tariff = dv * tariff_rate
    ct = (dv + tariff) / (1 - ct_rate) * ct_rate
    vat = (dv + tariff + ct) * vat_rate
    return LineCost(
        goods_value=goods,
        freight_share=freight,
        insurance_share=insurance,
        dutiable_value=dv,
        tariff=money(tariff),
        consumption_tax=money(ct * factor),
        vat=money(vat * factor),
        tariff_exact=tariff,
        consumption_tax_exact=ct * factor,
        vat_exact=vat * factor,
    )


def full_tax_lines(package: Package) -> tuple[LineCost, ...]:
    """Every line at statutory rates: MFN tariff, full CT, full VAT."""
    return tuple(
        china_line_cost(line, values, tariff_applies=True, factor=FULL)
        for line, values in zip(package.lines, dutiable_values(package), strict=True)
    )


class ChinaGeneralTrade:
    """General trade (0110): MFN tariff + full CT + full VAT on CIF, no limits."""

    code = "china_general_trade"
    currency = "CNY"

    def quote(
        self,
        package: Package,
        *,
        on: date,
        buyer: BuyerContext = NO_BUYER,
        positive_list: PositiveListCheck | None = None,
    ) -> LandedCost:
        """Landed cost under general trade; the buyer's allowance and the positive list do not apply."""
        validate(package)
        return _landed(self, package, "general_trade", full_tax_lines(package))


class ChinaCbec:
    """CBEC retail import: tariff 0, CT and VAT at 70% within 5,000 / 26,000 (§1.4, §1.7, D4-D7)."""

    code = "china_cbec"
    currency = "CNY"

    def quote(
        self,
        package: Package,
        *,
        on: date,
        buyer: BuyerContext = NO_BUYER,
        positive_list: PositiveListCheck | None = None,
    ) -> LandedCost:
        """Landed cost of a CBEC package, with the treatment it gets and the violations that deny it."""
        validate(package)
        limits = cbec_limits(on)
        values = dutiable_values(package)
        dv = sum((sum(value, ZERO) for value in values), ZERO)
        violations = self._violations(package, buyer, on, dv, limits, positive_list)
        if violations:
            return _landed(self, package, "general_trade", full_tax_lines(package), violations)
        counted = {
            "annual_used_after": buyer.annual_used + dv,
            "capped_quantities": positive_list.capped_quantities(package) if positive_list else {},
        }
        if dv > limits.transaction:
            return _landed(self, package, "cbec_full_tax", full_tax_lines(package), **counted)
        lines = tuple(
            china_line_cost(line, value, tariff_applies=False, factor=CBEC_FACTOR)
            for line, value in zip(package.lines, values, strict=True)
        )
        return _landed(self, package, "cbec", lines, **counted)

    @staticmethod
    def _violations(
        package: Package,
        buyer: BuyerContext,
        on: date,
        dv: Decimal,
        limits: CbecLimits,
        positive_list: PositiveListCheck | None,
    ) -> tuple[Violation, ...]:
        found: list[Violation] = []
        if positive_list is not None:
            found.extend(positive_list.violations(package, buyer, on))
        if dv > limits.transaction and not package.is_single_item:
            found.append(
                Violation(
                    errors.OVER_TRANSACTION_LIMIT,
                    f"The dutiable value {dv} is over the {limits.transaction} per-transaction limit "
                    "and the package is not a single item: split it into several packages.",
                )
            )
        if buyer.annual_used + dv > limits.annual:
            found.append(
                Violation(
                    errors.OVER_ANNUAL_LIMIT,
                    f"This package would take the buyer's annual use from {buyer.annual_used} "
                    f"to {buyer.annual_used + dv}, over the {limits.annual} annual limit.",
                )
            )
        return tuple(found)


class ChinaPostal:
    """Personal postal articles (C2C parcels): band rate on the assessed value, tax <= 50 exempt (D9)."""

    code = "china_postal"
    currency = "CNY"

    def quote(
        self,
        package: Package,
        *,
        on: date,
        buyer: BuyerContext = NO_BUYER,
        positive_list: PositiveListCheck | None = None,
    ) -> LandedCost:
        """Postal articles tax of a parcel. The assessed value is the goods value: freight and
        insurance are not part of an article's value (customs' dutiable-price table prices the article)."""
        validate(package)
        lines = tuple(self._line_cost(line) for line in package.lines)
        assessed = sum((line.total_tax for line in lines), ZERO)
        exempt = assessed <= POSTAL_EXEMPT_UP_TO
        return LandedCost(
            regime=self.code,
            currency=self.currency,
            treatment="postal_exempt" if exempt else "postal",
            lines=lines,
            freight=package.freight,
            insurance=package.insurance,
            discount=package.discount,
            violations=self._violations(package),
            assessed_tax=assessed,
            exempt=exempt,
        )

    @staticmethod
    def _line_cost(line: PackageLine) -> LineCost:
        rate = line.rates.postal
        if rate is None:
            message = "A postal parcel line needs its postal band rate."
            raise DutiesError(errors.MISSING_RATE, message, {"postal_rate": "missing"})
        value = line.total
        tax = value * rate
        return LineCost(
            goods_value=value,
            freight_share=ZERO,
            insurance_share=ZERO,
            dutiable_value=value,
            tariff=ZERO,
            consumption_tax=ZERO,
            vat=ZERO,
            tariff_exact=ZERO,
            consumption_tax_exact=ZERO,
            vat_exact=ZERO,
            postal_tax=money(tax),
            postal_tax_exact=tax,
        )

    @staticmethod
    def _violations(package: Package) -> tuple[Violation, ...]:
        limit = POSTAL_LIMIT_HK_MO_TW if package.origin_country.upper() in HK_MO_TW else POSTAL_LIMIT
        if package.goods_value > limit and not package.is_single_item:
            return (
                Violation(
                    errors.POSTAL_PARCEL_OVER_LIMIT,
                    f"A parcel from {package.origin_country or 'abroad'} may hold at most {limit} "
                    "of articles unless it is a single item: return it or clear it as goods.",
                ),
            )
        return ()


def _landed(
    regime: ChinaCbec | ChinaGeneralTrade,
    package: Package,
    treatment: str,
    lines: tuple[LineCost, ...],
    violations: tuple[Violation, ...] = (),
    **counted,
) -> LandedCost:
    return LandedCost(
        regime=regime.code,
        currency=regime.currency,
        treatment=treatment,
        lines=lines,
        freight=package.freight,
        insurance=package.insurance,
        discount=package.discount,
        violations=violations,
        **counted,
    )
