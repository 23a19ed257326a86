"""The import tax on one item of an offer, for the product page and the seller portal.

The estimate prices one piece with no freight and no buyer history, with the HS rates of every offer read
in one query; the binding figure is the checkout quote, and the pages say so.
"""

import logging
from decimal import Decimal

from xborder.catalog.models import Offer
from xborder.duties import selectors
from xborder.duties.errors import DutiesError
from xborder.duties.regimes import Package, PackageLine, get_regime
from xborder.duties.routes import ROUTES

logger = logging.getLogger(__name__)


def estimate_offer_taxes(offers: list[Offer]) -> dict[int, Decimal]:
    """``{offer id: tax on one item in CNY}`` for the offers the engine can price; others are left out."""
    priced = [offer for offer in offers if offer.price_cny is not None]
    if not priced:
        return {}
    on = selectors.customs_date()
    table = selectors.hs_rates_in_force({offer.variant.hs_code for offer in priced}, on)
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
    variant, route = offer.variant, ROUTES[offer.fulfilment_mode]
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
        customs_mode=route.engine_customs_mode,
    )
    return get_regime(route.regime).quote(package, on=on).total_tax
