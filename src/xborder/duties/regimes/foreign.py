"""Destinations beyond China (REGULATION.md §7), for a platform whose home territory is elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
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
    dutiable_values,
    money,
    validate,
)

# Standard VAT rates of the EU member states (used when a line gives no explicit VAT rate).
EU_STANDARD_VAT = {
    code: Decimal(rate)
    for code, rate in {
        "AT": "0.20", "BE": "0.21", "BG": "0.20", "CY": "0.19", "CZ": "0.21", "DE": "0.19",
        "DK": "0.25", "EE": "0.24", "ES": "0.21", "FI": "0.255", "FR": "0.20", "GR": "0.24",
        "HR": "0.25", "HU": "0.27", "IE": "0.23", "IT": "0.22", "LT": "0.21", "LU": "0.17",
        "LV": "0.21", "MT": "0.18", "NL": "0.21", "PL": "0.23", "PT": "0.23", "RO": "0.21",
        "SE": "0.25", "SI": "0.22", "SK": "0.23",
    }.items()
}  # fmt: skip
EU_IOSS_LIMIT = Decimal("150.00")
EU_FLAT_DUTY = Decimal("3.00")
EU_FLAT_DUTY_FROM = date(2026, 7, 1)
EU_FLAT_DUTY_UNTIL = date(2028, 7, 1)
UK_LOW_VALUE_LIMIT = Decimal("135.00")
UK_VAT = Decimal("0.20")
AU_LOW_VALUE_LIMIT = Decimal("1000.00")
AU_GST = Decimal("0.10")
US_DE_MINIMIS = Decimal("800.00")
US_DE_MINIMIS_SUSPENDED = date(2025, 8, 29)
US_DE_MINIMIS_ENDED_CN_HK = date(2025, 5, 2)

LineTaxes = Callable[[PackageLine, Decimal], tuple[Decimal, Decimal]]


def line_costs(package: Package, taxes: LineTaxes, *, include_transport: bool = True) -> tuple[LineCost, ...]:
    """Apply ``taxes(line, dutiable value) -> (duty, vat)`` to every line, rounding each tax (D1)."""
    costs = []
    for line, (goods, freight, insurance) in zip(
        package.lines, dutiable_values(package, include_transport=include_transport), strict=True
    ):
        dv = goods + freight + insurance
        duty, vat = taxes(line, dv)
        costs.append(
            LineCost(
                goods_value=goods,
                freight_share=freight,
                insurance_share=insurance,
                dutiable_value=dv,
                tariff=money(duty),
                consumption_tax=ZERO,
                vat=money(vat),
                tariff_exact=duty,
                consumption_tax_exact=ZERO,
                vat_exact=vat,
            )
        )
    return tuple(costs)


def import_taxes(default_vat: Decimal) -> LineTaxes:
    """Border import: duty at the line's tariff rate on the dutiable value, VAT on value + duty."""

    def taxes(line: PackageLine, dv: Decimal) -> tuple[Decimal, Decimal]:
        duty = dv * (line.rates.tariff or ZERO)
        return duty, (dv + duty) * _vat_rate(line, default_vat)

    return taxes


def sale_vat_only(default_vat: Decimal) -> LineTaxes:
    """VAT/GST charged by the seller at the point of sale on the price including delivery; no duty."""

    def taxes(line: PackageLine, dv: Decimal) -> tuple[Decimal, Decimal]:
        return ZERO, dv * _vat_rate(line, default_vat)

    return taxes


def _vat_rate(line: PackageLine, default: Decimal) -> Decimal:
    return default if line.rates.vat is None else line.rates.vat


class _Regime:
    code = ""
    currency = ""

    def _landed(self, package: Package, treatment: str, lines: tuple[LineCost, ...]) -> LandedCost:
        return LandedCost(
            regime=self.code,
            currency=self.currency,
            treatment=treatment,
            lines=lines,
            freight=package.freight,
            insurance=package.insurance,
            discount=package.discount,
        )


class EuIoss(_Regime):
    """EU: consignments of intrinsic value <= EUR 150 pay the destination state's VAT at sale (IOSS)
    and, from 1 Jul 2026 to 1 Jul 2028, a flat EUR 3 duty per item category (6-digit tariff
    sub-heading); above EUR 150, normal duty and import VAT."""

    code = "eu_ioss"
    currency = "EUR"

    def quote(
        self,
        package: Package,
        *,
        on: date,
        buyer: BuyerContext = NO_BUYER,
        positive_list: PositiveListCheck | None = None,
    ) -> LandedCost:
        """Landed cost of a consignment to an EU member state (``destination_country``)."""
        validate(package)
        default_vat = self._destination_vat(package)
        if package.goods_value > EU_IOSS_LIMIT:
            return self._landed(package, "eu_import", line_costs(package, import_taxes(default_vat)))
        vat_lines = line_costs(package, sale_vat_only(default_vat))
        if not EU_FLAT_DUTY_FROM <= on < EU_FLAT_DUTY_UNTIL:
            return self._landed(package, "eu_ioss", vat_lines)
        return self._landed(package, "eu_ioss_flat_duty", self._with_flat_duty(package, vat_lines))

    @staticmethod
    def _destination_vat(package: Package) -> Decimal:
        country = package.destination_country.upper()
        if country not in EU_STANDARD_VAT:
            raise DutiesError(
                errors.UNKNOWN_COUNTRY,
                "eu_ioss needs an EU member state as destination_country.",
                {"destination_country": "not an EU member state"},
            )
        return EU_STANDARD_VAT[country]

    @staticmethod
    def _with_flat_duty(package: Package, lines: tuple[LineCost, ...]) -> tuple[LineCost, ...]:
        """EUR 3 on the first line of each item category; a line without an HS code is its own category."""
        seen: set[str] = set()
        charged = []
        for index, (line, cost) in enumerate(zip(package.lines, lines, strict=True)):
            category = line.hs_code[:6] or f"line-{index}"
            duty = ZERO if category in seen else EU_FLAT_DUTY
            seen.add(category)
            charged.append(_replace_tariff(cost, duty))
        return tuple(charged)


class UkLowValue(_Regime):
    """UK: consignments of intrinsic value <= GBP 135 pay 20% VAT at sale and no duty; above, import
    VAT and duty at the border."""

    code = "uk_low_value"
    currency = "GBP"

    def quote(
        self,
        package: Package,
        *,
        on: date,
        buyer: BuyerContext = NO_BUYER,
        positive_list: PositiveListCheck | None = None,
    ) -> LandedCost:
        """Landed cost of a consignment to the UK."""
        validate(package)
        if package.goods_value > UK_LOW_VALUE_LIMIT:
            return self._landed(package, "uk_import", line_costs(package, import_taxes(UK_VAT)))
        return self._landed(package, "uk_point_of_sale_vat", line_costs(package, sale_vat_only(UK_VAT)))


class AuLowValue(_Regime):
    """Australia: goods of customs value <= AUD 1,000 pay 10% GST at sale (on the price including
    shipping); above, duty and GST at the border."""

    code = "au_low_value"
    currency = "AUD"

    def quote(
        self,
        package: Package,
        *,
        on: date,
        buyer: BuyerContext = NO_BUYER,
        positive_list: PositiveListCheck | None = None,
    ) -> LandedCost:
        """Landed cost of a consignment to Australia."""
        validate(package)
        if package.goods_value > AU_LOW_VALUE_LIMIT:
            return self._landed(package, "au_import", line_costs(package, import_taxes(AU_GST)))
        return self._landed(package, "au_point_of_sale_gst", line_costs(package, sale_vat_only(AU_GST)))


class UsFormal(_Regime):
    """USA: no de minimis since 29 Aug 2025 (2 May 2025 for goods from China and Hong Kong): duty at
    the line's rate on the transaction value (goods, without international freight and insurance)."""

    code = "us_formal"
    currency = "USD"

    def quote(
        self,
        package: Package,
        *,
        on: date,
        buyer: BuyerContext = NO_BUYER,
        positive_list: PositiveListCheck | None = None,
    ) -> LandedCost:
        """Landed cost of a shipment to the USA (no federal VAT)."""
        validate(package)
        if self._de_minimis_applies(package, on):
            lines = line_costs(package, _no_tax, include_transport=False)
            return self._landed(package, "us_de_minimis", lines)
        return self._landed(
            package, "us_formal_entry", line_costs(package, import_taxes(ZERO), include_transport=False)
        )

    @staticmethod
    def _de_minimis_applies(package: Package, on: date) -> bool:
        if on >= US_DE_MINIMIS_SUSPENDED or package.goods_value > US_DE_MINIMIS:
            return False
        return not (package.origin_country.upper() in {"CN", "HK"} and on >= US_DE_MINIMIS_ENDED_CN_HK)


def _no_tax(line: PackageLine, dv: Decimal) -> tuple[Decimal, Decimal]:
    return ZERO, ZERO


def _replace_tariff(cost: LineCost, duty: Decimal) -> LineCost:
    return replace(cost, tariff=duty, tariff_exact=duty)
