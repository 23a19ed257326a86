"""Factories of fulfilment, returns and settlement (logistics, returns, settlement apps)."""

from decimal import Decimal

import factory

from tests.factories.accounts import UserFactory
from tests.factories.inventory import BondedWarehouseFactory, StockItemFactory, WarehouseFactory
from tests.factories.orders import OrderFactory, OrderLineFactory, PackageFactory
from tests.factories.sellers import StoreFactory
from xborder.logistics.models import Carrier, CarrierClientKind
from xborder.orders.models import CustomsMode
from xborder.orders.states import Status
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


class CarrierFactory(factory.django.DjangoModelFactory):
    """A domestic carrier polled through the sandbox client."""

    class Meta:
        model = Carrier
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"carrier-{n}")
    name = factory.Sequence(lambda n: f"Carrier {n}")
    client = CarrierClientKind.SANDBOX


class InternationalCarrierFactory(CarrierFactory):
    international = True


class WebhookCarrierFactory(CarrierFactory):
    """A carrier that pushes signed webhooks (and is not polled)."""

    client = ""
    webhook_secret = "whsec-test-0123456789"


def cleared_package(*, buyer=None, warehouse=None, mode=CustomsMode.DIRECT_MAIL, quantity=1, store=None):
    """A package cleared by customs with its stock reserved: ready to pick and ship."""
    if warehouse is None:
        warehouse = BondedWarehouseFactory() if mode == CustomsMode.BONDED else WarehouseFactory()
    order = OrderFactory(buyer=buyer or UserFactory(), store=store or CnyStoreFactory(), status=Status.CLEARED)
    package = PackageFactory(order=order, warehouse=warehouse, customs_mode=mode, status=Status.CLEARED)
    line = OrderLineFactory(package=package, quantity=quantity)
    StockItemFactory(variant=line.variant, warehouse=warehouse, quantity=quantity + 5, reserved=quantity)
    return package
