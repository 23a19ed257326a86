"""Stock reservation: set-based conditional UPDATEs, never read-then-write.

Every function takes the whole list of requests, merges duplicates and updates the rows in a fixed order
(variant, warehouse), so two checkouts touching the same rows lock them in the same order and cannot deadlock.
Every change of quantity or reservation also writes its ``StockMovement`` rows (one bulk INSERT) in the same
transaction, so a stock item's quantity and reserved are always the sums of its movements.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from xborder.core.errors import DomainError
from xborder.inventory.models import MovementReason, StockItem, StockMovement

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


def reserve_stock(requests: Iterable[StockRequest], *, reference: str = "", actor=None) -> None:
    """Hold stock for every request or for none: ``reserved += n WHERE quantity - reserved >= n``.
    Raises ``out_of_stock`` naming the first variant short of stock; nothing of the call is then kept."""
    now = timezone.now()
    merged = _merged(requests)
    with transaction.atomic():
        ids = {}
        for (variant_id, warehouse_id), quantity in merged:
            ids[(variant_id, warehouse_id)] = _reserve_row(variant_id, warehouse_id, quantity, now)
        _record(merged, MovementReason.RESERVED, quantity=0, reserved=1, reference=reference, actor=actor, at=now,
                ids=ids)  # fmt: skip


# The hottest write of checkout: RETURNING the row's id spares the SELECT its movement would need.
RESERVE_ROW = (
    "UPDATE inventory_stockitem SET reserved = reserved + %s, updated_at = %s"
    " WHERE variant_id = %s AND warehouse_id = %s AND quantity >= reserved + %s RETURNING id"
)


def _reserve_row(variant_id: int, warehouse_id: int, quantity: int, now) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            RESERVE_ROW, [quantity, connection.ops.adapt_datetimefield_value(now), variant_id, warehouse_id, quantity]
        )
        row = cursor.fetchone()
    if row is None:
        raise StockError(
            OUT_OF_STOCK,
            f"Only fewer than {quantity} units are available.",
            fields={"variant_id": str(variant_id), "warehouse_id": str(warehouse_id)},
        )
    return row[0]


def release_stock(requests: Iterable[StockRequest], *, reference: str = "", actor=None) -> None:
    """Give reserved units back (cancellation, expiry): ``reserved -= n WHERE reserved >= n``."""
    _apply(requests, reserved=-1, quantity=0, reason=MovementReason.RELEASED, reference=reference, actor=actor)


def commit_stock(requests: Iterable[StockRequest], *, reference: str = "", actor=None) -> None:
    """Reserved units left the warehouse (shipping): ``quantity -= n, reserved -= n WHERE reserved >= n``."""
    _apply(requests, reserved=-1, quantity=-1, reason=MovementReason.COMMITTED, reference=reference, actor=actor)


def _apply(requests: Iterable[StockRequest], *, reserved: int, quantity: int, reason: str, reference: str, actor):
    now = timezone.now()
    merged = _merged(requests)
    with transaction.atomic():
        for (variant_id, warehouse_id), units in merged:
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
        _record(merged, reason, quantity=quantity, reserved=reserved, reference=reference, actor=actor, at=now)


def add_stock(requests: Iterable[StockRequest], *, reason: str, reference: str = "", actor=None, at=None) -> None:
    """Units came in (``received`` from a supplier, ``returned`` by a buyer): ``quantity += n``, creating the
    stock item of a variant new to the warehouse. Called inside the caller's transaction."""
    now = at or timezone.now()
    merged = _merged(requests)
    if not merged:
        return
    with transaction.atomic():
        StockItem.objects.bulk_create(
            [StockItem(variant_id=v, warehouse_id=w) for (v, w), _ in merged], ignore_conflicts=True
        )
        for (variant_id, warehouse_id), units in merged:
            StockItem.objects.filter(variant_id=variant_id, warehouse_id=warehouse_id).update(
                quantity=F("quantity") + units, updated_at=now
            )
        _record(merged, reason, quantity=1, reserved=0, reference=reference, actor=actor, at=now)


def restock_return(*, warehouse_id: int, lines: Iterable[tuple[int, int]], reference: str, actor=None) -> None:
    """Returned goods passed inspection as resellable: ``(variant id, units)`` go back on the warehouse's
    shelf (for bonded goods, the bonded warehouse they left) with ``returned`` movements."""
    requests = [StockRequest(variant_id=v, warehouse_id=warehouse_id, quantity=units) for v, units in lines if units]
    add_stock(requests, reason=MovementReason.RETURNED, reference=reference, actor=actor)


def adjust_stock(*, variant_id: int, warehouse_id: int, delta: int, reference: str, actor=None) -> None:
    """A stock count corrected the on-hand units: ``quantity += delta WHERE quantity + delta >= reserved``
    (reserved units cannot be counted away)."""
    if not isinstance(delta, int) or isinstance(delta, bool) or delta == 0:
        raise StockError("invalid_quantity", "An adjustment is a non-zero whole number.", fields={"delta": "0"},
                         status=400)  # fmt: skip
    now = timezone.now()
    key = ((variant_id, warehouse_id), abs(delta))
    with transaction.atomic():
        updated = StockItem.objects.filter(
            variant_id=variant_id, warehouse_id=warehouse_id, quantity__gte=F("reserved") - delta
        ).update(quantity=F("quantity") + delta, updated_at=now)
        if updated != 1:
            raise StockError(
                STOCK_MISMATCH, "The adjustment would leave fewer units than are reserved.",
                fields={"variant_id": str(variant_id), "warehouse_id": str(warehouse_id)},
            )  # fmt: skip
        _record([key], MovementReason.ADJUSTED, quantity=1 if delta > 0 else -1, reserved=0, reference=reference,
                actor=actor, at=now)  # fmt: skip


def _record(merged, reason: str, *, quantity: int, reserved: int, reference: str, actor, at, ids=None) -> None:
    """One movement per changed stock item: one bulk INSERT (and one SELECT of the items' ids unless given)."""
    if not merged:
        return
    keys = {key for key, _ in merged}
    ids = ids or {
        (v, w): pk
        for pk, v, w in StockItem.objects.filter(
            variant_id__in={v for v, _ in keys}, warehouse_id__in={w for _, w in keys}
        ).values_list("pk", "variant_id", "warehouse_id")
        if (v, w) in keys
    }
    actor = actor if getattr(actor, "pk", None) else None
    StockMovement.objects.bulk_create(
        StockMovement(
            stock_item_id=ids[key],
            delta_quantity=quantity * units,
            delta_reserved=reserved * units,
            reason=reason,
            reference=reference[:60],
            actor=actor,
            at=at,
        )
        for key, units in merged
    )
