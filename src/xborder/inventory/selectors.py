"""Reads of inventory."""

from collections.abc import Iterable

from xborder.inventory.models import StockItem


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
