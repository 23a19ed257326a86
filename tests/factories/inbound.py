"""Factories of inbound for the self-operated store (inventory app): suppliers, purchase orders, shipments."""

from decimal import Decimal

import factory

from tests.factories.fulfilment import SelfOperatedStoreFactory
from tests.factories.inventory import BondedWarehouseFactory
from xborder.inventory.models import (
    InboundLine,
    InboundShipment,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
)


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Supplier {n}")
    country = "JP"
    currency_id = "JPY"


class PurchaseOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PurchaseOrder

    number = factory.Sequence(lambda n: f"PO-T{n:06d}")
    supplier = factory.SubFactory(SupplierFactory)
    store = factory.SubFactory(SelfOperatedStoreFactory)
    warehouse = factory.SubFactory(BondedWarehouseFactory)
    currency_id = factory.SelfAttribute("supplier.currency_id")


class PurchaseOrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PurchaseOrderLine

    purchase_order = factory.SubFactory(PurchaseOrderFactory)
    variant = factory.SubFactory("tests.factories.catalog.VariantFactory")
    quantity_ordered = 10
    unit_cost = Decimal("1200.00")


class InboundShipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboundShipment

    number = factory.Sequence(lambda n: f"IB-T{n:06d}")
    purchase_order = factory.SubFactory(PurchaseOrderFactory)
    warehouse = factory.SelfAttribute("purchase_order.warehouse")


class InboundLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboundLine

    shipment = factory.SubFactory(InboundShipmentFactory)
    purchase_order_line = factory.SubFactory(
        PurchaseOrderLineFactory, purchase_order=factory.SelfAttribute("..shipment.purchase_order")
    )
    quantity_expected = factory.SelfAttribute("purchase_order_line.quantity_ordered")
