"""Factories of fulfilment, returns and settlement (logistics, returns, settlement apps)."""

from decimal import Decimal

import factory

from tests.factories.sellers import StoreFactory
from xborder.sellers.models import StoreKind
from xborder.settlement.models import CommissionRule


class CnyStoreFactory(StoreFactory):
    """A seller paid in the home currency."""

    country = "CN"
    currency_id = "CNY"


class SelfOperatedStoreFactory(CnyStoreFactory):
    kind = StoreKind.SELF_OPERATED


class CommissionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissionRule

    store_kind = ""
    store = None
    category = None
    rate = Decimal("0.0400")
