"""Writes of inbound for the self-operated store: suppliers, purchase orders, inbound shipments into the
bonded warehouse, and receiving with counted quantities and discrepancies (short, over, damaged).

Receiving adds the good units (counted minus damaged) to stock through ``services.add_stock``, so each one
has its ``received`` movement; the shipment moves ``expected -> received`` with a conditional UPDATE, so the
same shipment is never received twice.
"""

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from xborder.catalog.models import Variant
from xborder.inventory import errors
from xborder.inventory.errors import InboundError
from xborder.inventory.models import (
    DiscrepancyKind,
    InboundDiscrepancy,
    InboundLine,
    InboundShipment,
    InboundStatus,
    MovementReason,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    Supplier,
    Warehouse,
    WarehouseKind,
)
from xborder.inventory.services import StockRequest, add_stock
from xborder.pricing.models import Currency
from xborder.sellers.models import Store, StoreKind

OPEN_ORDER = (PurchaseOrderStatus.ORDERED, PurchaseOrderStatus.PARTLY_RECEIVED)


def _number(prefix: str, now: dt.datetime) -> str:
    return f"{prefix}{now:%Y%m%d}{secrets.token_hex(4).upper()}"


def _units(value, field: str, *, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise InboundError(errors.QUANTITY_INVALID, f"A quantity is a whole number of at least {minimum}.",
                           fields={field: "invalid"})  # fmt: skip
    return value


def create_supplier(*, name: str, country: str, currency: str, email: str = "") -> Supplier:
    """A supplier of the self-operated store, invoicing in its own currency."""
    name = (name or "").strip()
    if not name or len(name) > 120 or not (country or "").strip():
        raise InboundError(errors.SUPPLIER_INVALID, "Give the supplier's name and country.", fields={"name": "x"})
    if not Currency.objects.filter(code=currency).exists():
        raise InboundError(errors.SUPPLIER_INVALID, "Unknown currency.", fields={"currency": "unknown"})
    return Supplier.objects.create(name=name, country=country.upper(), currency_id=currency, email=email or "")


def place_purchase_order(
    *,
    supplier: Supplier,
    store: Store,
    warehouse: Warehouse,
    lines: Sequence[tuple[int, int, Decimal]],
    expected_on: dt.date | None = None,
    actor=None,
) -> PurchaseOrder:
    """Order ``lines`` (``(variant id, quantity, unit cost in the supplier's currency)``) from a supplier for
    the self-operated store's bonded warehouse."""
    if store.kind != StoreKind.SELF_OPERATED:
        raise InboundError(errors.NOT_SELF_OPERATED, "Only the self-operated store buys stock.", status=409)
    if warehouse.kind != WarehouseKind.BONDED:
        raise InboundError(errors.NOT_BONDED, "Inbound goes to a bonded warehouse.", fields={"warehouse": "kind"})
    checked = _checked_order_lines(lines)
    now = timezone.now()
    with transaction.atomic():
        order = PurchaseOrder.objects.create(
            number=_number("PO", now), supplier=supplier, store=store, warehouse=warehouse,
            currency_id=supplier.currency_id, expected_on=expected_on,
            created_by=actor if getattr(actor, "pk", None) else None,
        )  # fmt: skip
        PurchaseOrderLine.objects.bulk_create(
            PurchaseOrderLine(purchase_order=order, variant_id=v, quantity_ordered=q, unit_cost=cost)
            for v, q, cost in checked
        )
    return order


def _checked_order_lines(lines) -> list[tuple[int, int, Decimal]]:
    if not lines:
        raise InboundError(errors.LINES_REQUIRED, "Order at least one variant.", fields={"lines": "required"})
    checked, seen = [], set()
    for index, (variant_id, quantity, unit_cost) in enumerate(lines):
        if variant_id in seen:
            raise InboundError(errors.DUPLICATE_LINE, "One line per variant.", fields={f"lines.{index}": "duplicate"})
        seen.add(variant_id)
        _units(quantity, f"lines.{index}.quantity", minimum=1)
        try:
            cost = Decimal(str(unit_cost)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            cost = Decimal(-1)
        if not cost.is_finite() or cost < 0 or cost >= Decimal("1e12"):
            raise InboundError(errors.COST_INVALID, "A unit cost is a non-negative amount.",
                               fields={f"lines.{index}.unit_cost": "invalid"})  # fmt: skip
        checked.append((variant_id, quantity, cost))
    known = set(Variant.objects.filter(pk__in=seen).values_list("pk", flat=True))
    if unknown := seen - known:
        raise InboundError(errors.VARIANT_UNKNOWN, "Unknown variant.", fields={"lines": str(sorted(unknown)[0])})
    return checked


def expect_inbound_shipment(
    *, purchase_order: PurchaseOrder, lines: Mapping[int, int], carrier_reference: str = ""
) -> InboundShipment:
    """Announce a delivery of ``{purchase-order line id: units}`` into the order's bonded warehouse."""
    if purchase_order.status not in OPEN_ORDER:
        raise InboundError(errors.PURCHASE_ORDER_CLOSED, f"{purchase_order} is {purchase_order.status}.", status=409)
    if not lines:
        raise InboundError(errors.LINES_REQUIRED, "Ship at least one line.", fields={"lines": "required"})
    order_lines = set(purchase_order.lines.values_list("pk", flat=True))
    for line_id, units in lines.items():
        if line_id not in order_lines:
            raise InboundError(errors.LINE_NOT_IN_ORDER, "That line is not in this order.", fields={str(line_id): "x"})
        _units(units, str(line_id), minimum=1)
    with transaction.atomic():
        shipment = InboundShipment.objects.create(
            number=_number("IB", timezone.now()), purchase_order=purchase_order,
            warehouse_id=purchase_order.warehouse_id, carrier_reference=(carrier_reference or "")[:60],
        )  # fmt: skip
        InboundLine.objects.bulk_create(
            InboundLine(shipment=shipment, purchase_order_line_id=line_id, quantity_expected=units)
            for line_id, units in sorted(lines.items())
        )
    return shipment


def receive_inbound_shipment(
    *,
    shipment: InboundShipment,
    counts: Mapping[int, int],
    damaged: Mapping[int, int] | None = None,
    actor=None,
    now: dt.datetime | None = None,
) -> InboundShipment:
    """Receive a shipment: ``counts`` (``{inbound line id: units counted}``, every line) and ``damaged`` (of
    those, units damaged). Good units go into stock with ``received`` movements; every short, over or damaged
    count is recorded as a discrepancy; the purchase order becomes partly or fully received."""
    now = now or timezone.now()
    damaged = damaged or {}
    with transaction.atomic():
        lines = list(shipment.lines.select_related("purchase_order_line"))
        _apply_counts(lines, counts, damaged)
        updated = InboundShipment.objects.filter(pk=shipment.pk, status=InboundStatus.EXPECTED).update(
            status=InboundStatus.RECEIVED, received_at=now, received_by=actor if getattr(actor, "pk", None) else None
        )
        if updated != 1:
            raise InboundError(errors.ALREADY_RECEIVED, f"{shipment} was received already.", status=409)
        InboundLine.objects.bulk_update(lines, ["quantity_counted", "quantity_damaged"])
        InboundDiscrepancy.objects.bulk_create(_discrepancies(lines, now))
        add_stock(
            (StockRequest(line.purchase_order_line.variant_id, shipment.warehouse_id, line.quantity_accepted)
             for line in lines if line.quantity_accepted),
            reason=MovementReason.RECEIVED, reference=shipment.number, actor=actor, at=now,
        )  # fmt: skip
        _update_order_status(shipment.purchase_order_id)
    shipment.refresh_from_db()
    return shipment


def _apply_counts(lines: list[InboundLine], counts: Mapping[int, int], damaged: Mapping[int, int]) -> None:
    by_id = {line.pk: line for line in lines}
    unknown = (set(counts) | set(damaged)) - set(by_id)
    if unknown:
        raise InboundError(errors.LINE_NOT_IN_ORDER, "Count only lines of this shipment.",
                           fields={str(sorted(unknown)[0]): "unknown"})  # fmt: skip
    for line in lines:
        if line.pk not in counts:
            raise InboundError(errors.COUNT_MISSING, "Count every line.", fields={str(line.pk): "required"})
        line.quantity_counted = _units(counts[line.pk], str(line.pk), minimum=0)
        line.quantity_damaged = _units(damaged.get(line.pk, 0), str(line.pk), minimum=0)
        if line.quantity_damaged > line.quantity_counted:
            raise InboundError(errors.QUANTITY_INVALID, "Damaged units are part of the counted units.",
                               fields={str(line.pk): "damaged_over_counted"})  # fmt: skip


def _discrepancies(lines: list[InboundLine], now: dt.datetime) -> list[InboundDiscrepancy]:
    found = []
    for line in lines:
        difference = line.quantity_counted - line.quantity_expected
        if difference < 0:
            found.append((line, DiscrepancyKind.SHORT, -difference))
        elif difference > 0:
            found.append((line, DiscrepancyKind.OVER, difference))
        if line.quantity_damaged:
            found.append((line, DiscrepancyKind.DAMAGED, line.quantity_damaged))
    return [InboundDiscrepancy(line=line, kind=kind, quantity=n, recorded_at=now) for line, kind, n in found]


def _update_order_status(purchase_order_id: int) -> None:
    """Fully received when every line's counted units (over all received shipments) reach the ordered units."""
    ordered = dict(
        PurchaseOrderLine.objects.filter(purchase_order_id=purchase_order_id).values_list("pk", "quantity_ordered")
    )
    received = dict(
        InboundLine.objects.filter(
            purchase_order_line__purchase_order_id=purchase_order_id, shipment__status=InboundStatus.RECEIVED
        )
        .values_list("purchase_order_line_id")
        .annotate(total=Sum("quantity_counted"))
    )
    complete = all(received.get(pk, 0) >= quantity for pk, quantity in ordered.items())
    status = PurchaseOrderStatus.RECEIVED if complete else PurchaseOrderStatus.PARTLY_RECEIVED
    PurchaseOrder.objects.filter(pk=purchase_order_id, status__in=OPEN_ORDER).update(status=status)


def cancel_purchase_order(*, purchase_order: PurchaseOrder) -> PurchaseOrder:
    """Cancel an order nothing of which has been received."""
    updated = (
        PurchaseOrder.objects.filter(pk=purchase_order.pk, status=PurchaseOrderStatus.ORDERED)
        .exclude(shipments__status=InboundStatus.RECEIVED)
        .update(status=PurchaseOrderStatus.CANCELLED)
    )
    if updated != 1:
        raise InboundError(errors.PURCHASE_ORDER_CLOSED, f"{purchase_order} cannot be cancelled.", status=409)
    purchase_order.status = PurchaseOrderStatus.CANCELLED
    return purchase_order
