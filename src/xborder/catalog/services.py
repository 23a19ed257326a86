"""Writes of the catalog."""

from decimal import Decimal
from typing import NamedTuple

from django.db import models, transaction
from django.db.models import ExpressionWrapper, F, Func, Min, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Round

from xborder.catalog.models import Offer, Product
from xborder.pricing.selectors import rates_to

HOME_CURRENCY = "CNY"


class Repricing(NamedTuple):
    """How many rows a repricing rewrote: offers whose CNY price moved, products whose cheapest price moved."""

    offers: int
    products: int


class _Differs(Func):
    """``a IS DISTINCT FROM b``: true when the values differ, NULL counting as a value (SQLite spells it ``IS NOT``)."""

    arg_joiner = " IS DISTINCT FROM "
    template = "(%(expressions)s)"
    output_field = models.BooleanField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, arg_joiner=" IS NOT ", **extra_context)


def _price_times(rate: Decimal):
    """``ROUND(price * rate, 2)``; databases round halves away from zero, i.e. half-up for prices."""
    product = ExpressionWrapper(
        F("price") * Value(rate, output_field=models.DecimalField(max_digits=20, decimal_places=10)),
        output_field=models.DecimalField(max_digits=24, decimal_places=10),
    )
    return Round(product, 2)


@transaction.atomic
def refresh_display_prices(*, at=None) -> Repricing:
    """Recompute every offer's CNY price at the FX rates in force, then each product's cheapest price.

    Set-based: one UPDATE per currency and one for products, whatever the size of the catalog. Each UPDATE
    writes only the rows whose stored price differs from the new one, so a run at unchanged rates writes nothing.
    """
    # order_by(): the default ordering (price_cny, id) would make DISTINCT return every offer.
    currencies = list(Offer.objects.order_by().values_list("currency_id", flat=True).distinct())
    offers = 0
    for currency, rate in rates_to(HOME_CURRENCY, currencies, at).items():
        price_cny = _price_times(rate)
        offers += Offer.objects.filter(_Differs(F("price_cny"), price_cny), currency_id=currency).update(
            price_cny=price_cny
        )
    return Repricing(offers=offers, products=refresh_min_prices())


def refresh_min_prices(product_ids=None) -> int:
    """Recompute the cheapest sellable CNY price of the given products (all when ``None``) in one UPDATE.

    ``product_ids`` is a list of ids or a queryset of ids (used as a subquery, never loaded). Only the products
    whose cheapest price changes are written; returns how many.
    """
    cheapest = Subquery(
        Offer.objects.sellable()
        .filter(product=OuterRef("pk"))
        .values("product")
        .annotate(low=Min("price_cny"))
        .values("low")[:1]
    )
    if product_ids is None:
        products = Product.objects.all()
    elif isinstance(product_ids, QuerySet):
        products = Product.objects.filter(pk__in=product_ids)
    else:
        products = Product.objects.filter(pk__in=list(product_ids))
    return products.filter(_Differs(F("min_price_cny"), cheapest)).update(min_price_cny=cheapest)
