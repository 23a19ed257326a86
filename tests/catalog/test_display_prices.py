"""Cached CNY prices: a repricing writes only the offers and products whose price actually moves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import FxRateFactory, OfferFactory, ProductFactory, StoreFactory
from xborder.catalog.models import Offer
from xborder.catalog.services import Repricing, refresh_display_prices

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    """Yen and dollar offers at JPY 0.0475 and USD 7.1; ``mixed`` is cheapest in dollars, ``yen_led`` in yen."""
    FxRateFactory(base_id="JPY", rate=Decimal("0.0475"), valid_from=timezone.now() - dt.timedelta(days=2))
    FxRateFactory(base_id="USD", rate=Decimal("7.1"), valid_from=timezone.now() - dt.timedelta(days=2))
    yen, dollars = StoreFactory(currency_id="JPY"), StoreFactory(currency_id="USD", country="US")
    mixed, yen_only, dollar_only, yen_led = ProductFactory(), ProductFactory(), ProductFactory(), ProductFactory()
    OfferFactory(store=yen, variant__product=mixed, price=Decimal("3000"))  # 142.50
    OfferFactory(store=dollars, variant__product=mixed, price=Decimal("10"))  # 71.00
    OfferFactory(store=yen, variant__product=yen_only, price=Decimal("1000"))  # 47.50
    OfferFactory(store=dollars, variant__product=dollar_only, price=Decimal("20"))  # 142.00
    OfferFactory(store=yen, variant__product=yen_led, price=Decimal("1000"))  # 47.50
    OfferFactory(store=dollars, variant__product=yen_led, price=Decimal("50"))  # 355.00
    Offer.objects.update(price_cny=None)
    return {"mixed": mixed, "yen_only": yen_only, "dollar_only": dollar_only, "yen_led": yen_led}


def _cheapest(catalog) -> dict:
    for product in catalog.values():
        product.refresh_from_db()
    return {name: product.min_price_cny for name, product in catalog.items()}


def test_the_first_run_prices_every_offer_and_product(catalog):
    assert refresh_display_prices() == Repricing(offers=6, products=4)
    assert _cheapest(catalog) == {
        "mixed": Decimal("71.00"),
        "yen_only": Decimal("47.50"),
        "dollar_only": Decimal("142.00"),
        "yen_led": Decimal("47.50"),
    }


def test_a_second_run_at_unchanged_rates_writes_no_row(catalog):
    refresh_display_prices()
    before = list(Offer.objects.order_by("id").values_list("id", "price_cny"))
    cheapest = _cheapest(catalog)

    assert refresh_display_prices() == Repricing(offers=0, products=0)
    assert list(Offer.objects.order_by("id").values_list("id", "price_cny")) == before
    assert _cheapest(catalog) == cheapest


def test_a_new_rate_rewrites_the_offers_in_that_currency_and_the_cheapest_prices_they_set(catalog):
    refresh_display_prices()
    FxRateFactory(base_id="USD", rate=Decimal("7.2"), valid_from=timezone.now() - dt.timedelta(hours=1))

    # Three dollar offers move; the cheapest price moves for ``mixed`` and ``dollar_only``, not ``yen_led``.
    assert refresh_display_prices() == Repricing(offers=3, products=2)
    assert sorted(Offer.objects.filter(currency_id="USD").values_list("price_cny", flat=True)) == [
        Decimal("72.00"),
        Decimal("144.00"),
        Decimal("360.00"),
    ]
    assert _cheapest(catalog) == {
        "mixed": Decimal("72.00"),
        "yen_only": Decimal("47.50"),
        "dollar_only": Decimal("144.00"),
        "yen_led": Decimal("47.50"),
    }


def test_a_product_whose_last_sellable_offer_went_away_loses_its_cheapest_price(catalog):
    refresh_display_prices()
    Offer.objects.filter(product=catalog["yen_only"]).update(is_active=False)

    assert refresh_display_prices() == Repricing(offers=0, products=1)
    assert _cheapest(catalog)["yen_only"] is None
