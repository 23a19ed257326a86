import factory

from xborder.inventory.models import StockItem, Warehouse, WarehouseKind


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"wh-{n}")
    name = factory.Sequence(lambda n: f"Warehouse {n}")
    kind = WarehouseKind.OVERSEAS
    country = "JP"
    city = "Osaka"


class BondedWarehouseFactory(WarehouseFactory):
    kind = WarehouseKind.BONDED
    country = "CN"
    city = "Ningbo"
    customs_code = "3105"
    area_code = "3105W6"
    ems_no = "T3105W000001"


class StockItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockItem

    variant = factory.SubFactory("tests.factories.catalog.VariantFactory")
    warehouse = factory.SubFactory(WarehouseFactory)
    quantity = 100
    reserved = 0
