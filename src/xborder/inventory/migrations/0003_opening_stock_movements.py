from django.db import migrations
from django.utils import timezone


def opening_movements(apps, schema_editor):
    """Stock that existed before the movement ledger gets one opening row, so movements reconcile from here on."""
    StockItem = apps.get_model("inventory", "StockItem")
    StockMovement = apps.get_model("inventory", "StockMovement")
    now = timezone.now()
    rows = (
        StockMovement(stock_item_id=pk, delta_quantity=quantity, delta_reserved=reserved, reason="adjusted",
                      reference="opening balance", at=now)  # fmt: skip
        for pk, quantity, reserved in StockItem.objects.exclude(quantity=0, reserved=0).values_list(
            "pk", "quantity", "reserved"
        ).iterator()
    )
    StockMovement.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_stock_movements_and_inbound")]

    operations = [migrations.RunPython(opening_movements, migrations.RunPython.noop)]
