"""Stock reservation: set-based conditional UPDATEs, never read-then-write.

Every function takes the whole list of requests, merges duplicates and updates the rows in a fixed order
(variant, warehouse), so two checkouts touching the same rows lock them in the same order and cannot deadlock.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from xborder.core.errors import DomainError
from xborder.inventory.models import StockItem

OUT_OF_STOCK = "out_of_stock"
STOCK_MISMATCH = "stock_mismatch"


class StockError(DomainError):
    """Codes: ``out_of_stock`` (409, fields name the variant), ``stock_mismatch`` (409: releasing or
    shipping more than is reserved, a bug or a double release)."""

    status = 409


@dataclass(frozen=True, slots=True)
class StockRequest:
    variant_id: int
    warehouse_id: int
    quantity: int


def _merged(requests: Iterable[StockRequest]) -> list[tuple[tuple[int, int], int]]:
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for request in requests:
        if request.quantity < 1:
            raise StockError(
                "invalid_quantity", "A stock quantity is at least 1.", fields={"quantity": "< 1"}, status=400
            )
        totals[(request.variant_id, request.warehouse_id)] += request.quantity
    return sorted(totals.items())


def reserve_stock(requests: Iterable[StockRequest]) -> None:
    """Hold stock for every request or for none: ``reserved += n WHERE quantity - reserved >= n``.
    Raises ``out_of_stock`` naming the first variant short of stock; nothing of the call is then kept."""
    now = timezone.now()
    with transaction.atomic():
        for (variant_id, warehouse_id), quantity in _merged(requests):
            updated = StockItem.objects.filter(
                variant_id=variant_id, warehouse_id=warehouse_id, quantity__gte=F("reserved") + quantity
            ).update(reserved=F("reserved") + quantity, updated_at=now)
            if updated != 1:
                raise StockError(
                    OUT_OF_STOCK,
                    f"Only fewer than {quantity} units are available.",
                    fields={"variant_id": str(variant_id), "warehouse_id": str(warehouse_id)},
                )


def release_stock(requests: Iterable[StockRequest]) -> None:
    """Give reserved units back (cancellation, expiry): ``reserved -= n WHERE reserved >= n``."""
    _apply(requests, reserved=-1, quantity=0)


def commit_stock(requests: Iterable[StockRequest]) -> None:
    """Reserved units left the warehouse (shipping): ``quantity -= n, reserved -= n WHERE reserved >= n``."""
    _apply(requests, reserved=-1, quantity=-1)


def _apply(requests: Iterable[StockRequest], *, reserved: int, quantity: int) -> None:
    now = timezone.now()
    with transaction.atomic():
        for (variant_id, warehouse_id), units in _merged(requests):
            changes = {"reserved": F("reserved") + reserved * units, "updated_at": now}
            if quantity:
                changes["quantity"] = F("quantity") + quantity * units
            updated = StockItem.objects.filter(
                variant_id=variant_id, warehouse_id=warehouse_id, reserved__gte=units
            ).update(**changes)
            if updated != 1:
                raise StockError(
                    STOCK_MISMATCH,
                    f"Fewer than {units} units are reserved.",
                    fields={"variant_id": str(variant_id), "warehouse_id": str(warehouse_id)},
                )
