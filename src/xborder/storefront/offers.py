"""What the product page says about each offer: how it ships (in plain words), whether it is in stock,
and the estimated import tax on one item (``duties.estimates``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from xborder.catalog.models import FulfilmentMode, Offer
from xborder.duties.estimates import estimate_offer_taxes

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
    taxes = estimate_offer_taxes(offers)
    return [
        OfferRow(
            offer=offer,
            explanation=SHIPPING_EXPLANATIONS.get(offer.fulfilment_mode, ""),
            stock=max(offer.stock_available or 0, 0),
            estimated_tax=taxes.get(offer.id),
        )
        for offer in offers
    ]
