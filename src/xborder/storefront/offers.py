"""What the product page says about each offer: how it ships (in plain words), whether it is in stock,
and an estimate of the import tax on one item from the duties engine.

The estimate prices one piece with no freight and no buyer history, with the HS rates of every offer
read in one query; the binding figure is the checkout quote, which the page says.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from xborder.catalog.models import FulfilmentMode, Offer
from xborder.duties import selectors as duties_selectors
from xborder.duties.errors import DutiesError
from xborder.duties.regimes import Package, PackageLine, get_regime

logger = logging.getLogger(__name__)

LOW_STOCK = 5

SHIPPING_EXPLANATIONS = {
    FulfilmentMode.BONDED: _(
        "Ships from a bonded warehouse in China, already imported under customs supervision: delivered in 1-3 days."
    ),
    FulfilmentMode.DIRECT_MAIL: _(
        "Ships from abroad as a cross-border parcel (customs mode 9610), cleared at the Chinese port: 7-15 days."
    ),
    FulfilmentMode.POSTAL: _("Posted from abroad as a personal parcel; postal articles tax applies at the border."),
    FulfilmentMode.GENERAL_TRADE: _("Imported as general trade (0110) for business buyers, with full duties and VAT."),
}

REGIME_OF_MODE = {
    FulfilmentMode.BONDED: "china_cbec",
    FulfilmentMode.DIRECT_MAIL: "china_cbec",
    FulfilmentMode.POSTAL: "china_postal",
    FulfilmentMode.GENERAL_TRADE: "china_general_trade",
}
CUSTOMS_MODE = {FulfilmentMode.BONDED: "1210", FulfilmentMode.DIRECT_MAIL: "9610"}


@dataclass(frozen=True)
class OfferRow:
    offer: Offer
    explanation: str
    stock: int
    estimated_tax: Decimal | None

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    @property
    def low_stock(self) -> bool:
        return 0 < self.stock <= LOW_STOCK


def describe_offers(offers: list[Offer]) -> list[OfferRow]:
    """One row per offer, cheapest first; one query for the HS rates of all of them."""
    taxes = estimate_taxes(offers)
    return [
        OfferRow(
            offer=offer,
            explanation=SHIPPING_EXPLANATIONS.get(offer.fulfilment_mode, ""),
            stock=max(offer.stock_available or 0, 0),
            estimated_tax=taxes.get(offer.id),
        )
        for offer in offers
    ]


def estimate_taxes(offers: list[Offer]) -> dict[int, Decimal]:
    """``{offer id: tax on one item in CNY}`` for the offers the engine can price; others are left out."""
    priced = [offer for offer in offers if offer.price_cny is not None]
    if not priced:
        return {}
    on = duties_selectors.customs_date()
    table = duties_selectors.hs_rates_in_force({offer.variant.hs_code for offer in priced}, on)
    estimates = {}
    for offer in priced:
        rates = table.get(offer.variant.hs_code)
        if rates is None:
            continue
        try:
            estimates[offer.id] = _tax_of_one(offer, rates, on)
        except DutiesError as exc:
            # The estimate is a courtesy: a line the engine refuses is simply shown without one.
            logger.info("no tax estimate for offer %s: %s", offer.id, exc.code)
    return estimates


def _tax_of_one(offer: Offer, rates, on) -> Decimal:
    variant = offer.variant
    line = PackageLine(
        unit_price=offer.price_cny,
        quantity=1,
        rates=rates,
        hs_code=variant.hs_code,
        origin=str(variant.origin_country),
        legal_quantity=variant.legal_quantity,
        legal_unit=variant.legal_unit,
        description=variant.sku,
    )
    package = Package(
        lines=(line,),
        origin_country=str(offer.warehouse.country),
        destination_country="CN",
        customs_mode=CUSTOMS_MODE.get(offer.fulfilment_mode, ""),
    )
    return get_regime(REGIME_OF_MODE[offer.fulfilment_mode]).quote(package, on=on).total_tax
