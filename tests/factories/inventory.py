import factory
from django.utils import timezone

from xborder.inventory.models import MovementReason, StockItem, StockMovement, Warehouse, WarehouseKind


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
        skip_postgeneration_save = True

    variant = factory.SubFactory("tests.factories.catalog.VariantFactory")
    warehouse = factory.SubFactory(WarehouseFactory)
    quantity = 100
    reserved = 0

    @factory.post_generation
    def opening_movement(item, create, extracted, **kwargs):
        """Stock levels are the sums of their movements, so a factory-made level gets its opening count."""
        if create and (item.quantity or item.reserved):
            StockMovement.objects.create(
                stock_item=item,
                delta_quantity=item.quantity,
                delta_reserved=item.reserved,
                reason=MovementReason.ADJUSTED,
                reference="opening",
                at=timezone.now(),
            )
