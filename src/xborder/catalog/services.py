"""Writes of the catalog."""

from decimal import Decimal

from django.db import models, transaction
from django.db.models import ExpressionWrapper, F, Min, OuterRef, Subquery, Value
from django.db.models.functions import Round

from xborder.catalog.models import Offer, Product
from xborder.pricing.selectors import rates_to

HOME_CURRENCY = "CNY"


def _price_times(rate: Decimal):
    """``ROUND(price * rate, 2)``; databases round halves away from zero, i.e. half-up for prices."""
    product = ExpressionWrapper(
        F("price") * Value(rate, output_field=models.DecimalField(max_digits=20, decimal_places=10)),
        output_field=models.DecimalField(max_digits=24, decimal_places=10),
    )
    return Round(product, 2)


@transaction.atomic
def refresh_display_prices(*, at=None) -> int:
    """Recompute every offer's CNY price at the FX rates in force, then each product's cheapest price.

    Set-based: one UPDATE per currency and one for products, whatever the size of the catalog.
    """
    currencies = list(Offer.objects.values_list("currency_id", flat=True).distinct())
    for currency, rate in rates_to(HOME_CURRENCY, currencies, at).items():
        Offer.objects.filter(currency_id=currency).update(price_cny=_price_times(rate))
    cheapest = (
        Offer.objects.filter(product=OuterRef("pk"), is_active=True)
        .values("product")
        .annotate(low=Min("price_cny"))
        .values("low")[:1]
    )
    return Product.objects.update(min_price_cny=Subquery(cheapest))
