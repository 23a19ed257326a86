"""Reads of inventory."""

from collections.abc import Iterable

from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import Coalesce

from xborder.inventory.models import (
    InboundLine,
    InboundShipment,
    PurchaseOrder,
    PurchaseOrderLine,
    StockItem,
    StockMovement,
)


def available_units(keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """``{(variant_id, warehouse_id): quantity - reserved}`` for the given keys, in one query."""
    keys = set(keys)
    if not keys:
        return {}
    variant_ids = {variant_id for variant_id, _ in keys}
    rows = StockItem.objects.filter(variant_id__in=variant_ids).values_list(
        "variant_id", "warehouse_id", "quantity", "reserved"
    )
    return {(v, w): quantity - reserved for v, w, quantity, reserved in rows if (v, w) in keys}


def unreconciled_stock_items() -> list[tuple[int, int, int, int, int]]:
    """``(stock item id, quantity, movements' quantity, reserved, movements' reserved)`` of every stock item
    whose levels differ from the sums of its movements (empty when the ledger reconciles), in one query."""
    rows = StockItem.objects.annotate(
        moved_quantity=Coalesce(Sum("movements__delta_quantity"), 0),
        moved_reserved=Coalesce(Sum("movements__delta_reserved"), 0),
    ).values_list("pk", "quantity", "moved_quantity", "reserved", "moved_reserved")
    return [row for row in rows if row[1] != row[2] or row[3] != row[4]]


def purchase_orders(*, status: str | None = None):
    rows = PurchaseOrder.objects.select_related("supplier", "warehouse", "store").annotate(
        line_count=Count("lines", distinct=True), units=Sum("lines__quantity_ordered")
    )
    return rows.filter(status=status) if status else rows


def purchase_order(number: str) -> PurchaseOrder | None:
    return (
        PurchaseOrder.objects.select_related("supplier", "warehouse", "store")
        .prefetch_related(
            Prefetch("lines", PurchaseOrderLine.objects.select_related("variant__product")),
            Prefetch(
                "shipments",
                InboundShipment.objects.prefetch_related(
                    Prefetch("lines", InboundLine.objects.select_related("purchase_order_line__variant")),
                    "lines__discrepancies",
                ),
            ),
        )
        .filter(number=number)
        .first()
    )


def movements_of(reference: str):
    return StockMovement.objects.filter(reference=reference).select_related("stock_item__variant")
