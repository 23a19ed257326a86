"""factory_boy factories of the duties app: engine inputs (frozen dataclasses) and models."""

from __future__ import annotations

from decimal import Decimal

import factory

from xborder.duties.regimes import BuyerContext, Package, PackageLine, Rates

ORDINARY = Rates(vat=Decimal("0.13"))


class PackageLineFactory(factory.Factory):
    class Meta:
        model = PackageLine

    unit_price = Decimal("100.00")
    quantity = 1
    rates = ORDINARY


class PackageFactory(factory.Factory):
    class Meta:
        model = Package

    lines = factory.LazyFunction(lambda: (PackageLineFactory(),))


class BuyerContextFactory(factory.Factory):
    class Meta:
        model = BuyerContext

    annual_used = Decimal("0.00")


def one_line(unit_price: str, quantity: int = 1, rates: Rates = ORDINARY, **package) -> Package:
    """A package of one line: ``one_line("5000.01")``."""
    line = PackageLineFactory(unit_price=Decimal(unit_price), quantity=quantity, rates=rates)
    return PackageFactory(lines=(line,), **package)
