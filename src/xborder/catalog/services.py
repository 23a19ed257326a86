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
    return refresh_min_prices()


def refresh_min_prices(product_ids=None) -> int:
    """Recompute the cheapest sellable CNY price of the given products (all when ``None``) in one UPDATE."""
    cheapest = (
        Offer.objects.sellable()
        .filter(product=OuterRef("pk"))
        .values("product")
        .annotate(low=Min("price_cny"))
        .values("low")[:1]
    )
    products = Product.objects.all() if product_ids is None else Product.objects.filter(pk__in=list(product_ids))
    return products.update(min_price_cny=Subquery(cheapest))
