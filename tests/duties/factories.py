"""factory_boy factories of the duties app: engine inputs (frozen dataclasses) and models."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from xborder.duties.models import HsRate, PositiveListEntry, QuotaYear
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


class HsRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HsRate

    hs_code = factory.Sequence(lambda n: f"9{n:07d}00")
    description = factory.Sequence(lambda n: f"Goods {n}")
    valid_from = date(2025, 1, 1)
    valid_to = None
    tariff_rate = Decimal("0.05")
    vat_rate = Decimal("0.13")
    ct_rate = Decimal("0")
    ct_thresholds = ""
    postal_rate = Decimal("0.20")


class PositiveListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositiveListEntry

    version = "2022"
    effective_from = date(2022, 3, 1)
    tariff_line = factory.Sequence(lambda n: f"8{n:07d}")
    description = factory.Sequence(lambda n: f"Listed goods {n}")


class QuotaYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuotaYear

    id_hash = factory.Sequence(lambda n: f"{n:064x}")
    year = 2026
