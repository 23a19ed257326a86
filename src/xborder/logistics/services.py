"""Writes of logistics: picking and shipping packages (one or a consolidation), recording tracking events from
webhooks and polls, and what a delivery sets off (packages delivered, the seller's return window starts)."""

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from xborder.inventory.models import WarehouseKind
from xborder.logistics import selectors
from xborder.logistics.clients import CarrierEvent, TrackedParcel, client_for
from xborder.logistics.errors import LogisticsError
from xborder.logistics.models import (
    Carrier,
    EventCode,
    EventSource,
    Leg,
    LegKind,
    LegStatus,
    Shipment,
    ShipmentMode,
    ShipmentPackage,
    ShipmentStatus,
    TrackingEvent,
)
from xborder.orders.errors import OrderError
from xborder.orders.models import Order, Package
from xborder.orders.services import ship_package, transition_order, transition_package
from xborder.orders.states import Status
from xborder.settlement.services import hold_until_return_window

TRACKING_NUMBER = re.compile(r"^[A-Za-z0-9-]{4,40}$")
READY_TO_SHIP = (Status.CLEARED, Status.FULFILLING)


# --- pick, pack, ship ---------------------------------------------------------------------------------------


def start_picking(*, package: Package, actor=None) -> Package:
    """A warehouse worker starts picking a cleared package (``cleared -> fulfilling``)."""
    with transaction.atomic():
        transition_package(package=package, to=Status.FULFILLING, actor=actor, reason="picking started")
        _follow_order(package.order, Status.FULFILLING, actor=actor)
    return package


def ship_packages(
    *,
    packages: Sequence[Package],
    carrier: Carrier,
    tracking_number: str,
    domestic_carrier: Carrier | None = None,
    domestic_tracking_number: str = "",
    actor=None,
    now: dt.datetime | None = None,
) -> Shipment:
    """Pack and hand over one package, or consolidate several direct-mail packages of one buyer from one
    overseas warehouse into one shipment. Each package's reserved stock leaves the warehouse and it moves to
    ``shipped``. Bonded: one domestic leg. Direct mail: international leg, port clearance, domestic last mile."""
    now = now or timezone.now()
    packages = list(packages)
    mode = _checked_consolidation(packages)
    _checked_carrier(carrier, tracking_number, international_ok=mode == ShipmentMode.DIRECT_MAIL)
    if domestic_carrier is not None:
        _checked_carrier(domestic_carrier, domestic_tracking_number, international_ok=True, optional=True)
    estimate = selectors.delivery_estimate(mode=mode, shipped_at=now, packages=packages)
    with transaction.atomic():
        shipment = Shipment.objects.create(
            number=f"SH{now:%Y%m%d}{secrets.token_hex(5).upper()}",
            buyer_id=packages[0].order.buyer_id,
            warehouse_id=packages[0].warehouse_id,
            mode=mode,
            status=ShipmentStatus.IN_TRANSIT,
            shipped_at=now,
            estimated_from=estimate.earliest,
            estimated_by=estimate.latest,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        try:
            with transaction.atomic():
                ShipmentPackage.objects.bulk_create(ShipmentPackage(shipment=shipment, package=p) for p in packages)
                _create_legs(shipment, mode, carrier, tracking_number, domestic_carrier, domestic_tracking_number)
        except IntegrityError:
            raise LogisticsError(
                "tracking_number_taken", "A package is already shipped or the tracking number is in use.", status=409
            ) from None
        for package in packages:
            if package.status == Status.CLEARED:
                transition_package(package=package, to=Status.FULFILLING, actor=actor, reason="packed")
            ship_package(package=package, actor=actor, reason=f"shipment {shipment.number}")
        for order in {package.order_id: package.order for package in packages}.values():
            _follow_order(order, Status.SHIPPED, actor=actor)
    return shipment


def _checked_consolidation(packages: list[Package]) -> str:
    if not packages:
        raise LogisticsError("no_packages", "Choose at least one package.", fields={"packages": "required"})
    for package in packages:
        if package.status not in READY_TO_SHIP:
            raise LogisticsError(
                "package_not_ready",
                f"{package} is {package.status}.",
                fields={package.number: package.status},
                status=409,
            )
    if ShipmentPackage.objects.filter(package__in=packages).exists():
        raise LogisticsError("package_already_shipped", "A package is already in a shipment.", status=409)
    modes = {selectors.shipment_mode(package) for package in packages}
    if len({package.order.buyer_id for package in packages}) > 1:
        raise LogisticsError("consolidation_mixed_buyers", "Only one buyer's packages travel together.")
    if len({package.warehouse_id for package in packages}) > 1:
        raise LogisticsError("consolidation_mixed_warehouses", "Only packages from one warehouse travel together.")
    if len(modes) > 1:
        raise LogisticsError("consolidation_mixed_modes", "Bonded and direct-mail packages cannot travel together.")
    mode = modes.pop()
    if len(packages) > 1 and (mode != ShipmentMode.DIRECT_MAIL or packages[0].warehouse.kind != WarehouseKind.OVERSEAS):
        raise LogisticsError(
            "consolidation_not_direct_mail", "Only direct-mail packages from an overseas warehouse are consolidated."
        )
    return mode


def _checked_carrier(carrier: Carrier, tracking_number: str, *, international_ok: bool, optional=False) -> None:
    if not carrier.is_active:
        raise LogisticsError("carrier_unavailable", f"{carrier} is not active.", fields={"carrier": "inactive"})
    if carrier.international and not international_ok:
        raise LogisticsError(
            "carrier_unsuitable", "Bonded goods leave with a domestic carrier.", fields={"carrier": "x"}
        )
    if optional and not tracking_number:
        return
    if not TRACKING_NUMBER.match(tracking_number or ""):
        raise LogisticsError(
            "tracking_number_invalid", "A tracking number is 4-40 letters, digits or dashes.",
            fields={"tracking_number": "invalid"},
        )  # fmt: skip


def _create_legs(shipment, mode, carrier, tracking_number, domestic_carrier, domestic_tracking_number) -> None:
    start = shipment.shipped_at
    if mode == ShipmentMode.BONDED:
        Leg.objects.create(shipment=shipment, sequence=1, kind=LegKind.DOMESTIC, carrier=carrier,
                           tracking_number=tracking_number, status=LegStatus.ACTIVE, started_at=start)  # fmt: skip
        return
    Leg.objects.bulk_create([
        Leg(shipment=shipment, sequence=1, kind=LegKind.INTERNATIONAL, carrier=carrier,
            tracking_number=tracking_number, status=LegStatus.ACTIVE, started_at=start),
        Leg(shipment=shipment, sequence=2, kind=LegKind.PORT_CLEARANCE),
        Leg(shipment=shipment, sequence=3, kind=LegKind.DOMESTIC, carrier=domestic_carrier,
            tracking_number=domestic_tracking_number if domestic_carrier else ""),
    ])  # fmt: skip


def assign_last_mile(*, shipment: Shipment, carrier: Carrier, tracking_number: str) -> Leg:
    """Name the domestic carrier and tracking number of a direct-mail shipment (often known only at the port)."""
    _checked_carrier(carrier, tracking_number, international_ok=True)
    leg = shipment.legs.filter(kind=LegKind.DOMESTIC).first()
    if leg is None:
        raise LogisticsError("leg_not_found", f"{shipment} has no domestic leg.", status=404)
    leg.carrier, leg.tracking_number = carrier, tracking_number
    try:
        with transaction.atomic():
            leg.save(update_fields=["carrier", "tracking_number"])
    except IntegrityError:
        raise LogisticsError("tracking_number_taken", "That tracking number is in use.", status=409) from None
    return leg


FULFILMENT_PATH = [Status.CLEARED, Status.FULFILLING, Status.SHIPPED, Status.DELIVERED]


def _follow_order(order: Order, status: str, *, actor=None) -> None:
    """Walk the order along the fulfilment path to ``status`` once all its live packages are there."""
    order.refresh_from_db(fields=["status"])
    statuses = set(order.packages.exclude(status=Status.CANCELLED).values_list("status", flat=True))
    if statuses != {status} or order.status not in FULFILMENT_PATH:
        return
    steps = FULFILMENT_PATH[FULFILMENT_PATH.index(order.status) + 1 : FULFILMENT_PATH.index(status) + 1]
    for step in steps:
        try:
            transition_order(order=order, to=step, actor=actor, actor_label="logistics", reason="all packages")
        except OrderError:
            return  # another writer moved the order first; its packages already say where it is


# --- tracking events ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordResult:
    created: int
    duplicates: int
    unknown: list[str]


def record_tracking_events(*, carrier: Carrier, events: Iterable[CarrierEvent], source: str) -> RecordResult:
    """Store new events (a carrier event id is stored once: repeats are duplicates), then bring each touched
    shipment up to date from all its events in time order, so late events land where they happened."""
    events = list(events)
    numbers = {event.tracking_number for event in events}
    legs = {leg.tracking_number: leg for leg in Leg.objects.filter(carrier=carrier, tracking_number__in=numbers)}
    seen = set(
        TrackingEvent.objects.filter(carrier=carrier, carrier_event_id__in=[e.event_id for e in events]).values_list(
            "carrier_event_id", flat=True
        )
    )
    fresh, unknown = [], []
    for event in events:
        leg = legs.get(event.tracking_number)
        if leg is None:
            unknown.append(event.tracking_number)
            continue
        if event.event_id in seen:
            continue
        seen.add(event.event_id)
        fresh.append(
            TrackingEvent(
                leg=leg,
                carrier=carrier,
                carrier_event_id=event.event_id,
                code=event.code,
                description=event.description[:200],
                location=event.location[:100],
                occurred_at=event.occurred_at,
                source=source,
            )
        )
    with transaction.atomic():
        TrackingEvent.objects.bulk_create(fresh, ignore_conflicts=True)
        for shipment_id in sorted({event.leg.shipment_id for event in fresh}):
            refresh_shipment(shipment_id=shipment_id)
    return RecordResult(created=len(fresh), duplicates=len(events) - len(fresh) - len(unknown), unknown=unknown)


LEG_DONE_AT = {
    LegKind.INTERNATIONAL: (EventCode.ARRIVED_AT_PORT, EventCode.CUSTOMS_CLEARED, EventCode.DELIVERED),
    LegKind.PORT_CLEARANCE: (EventCode.CUSTOMS_CLEARED,),
    LegKind.DOMESTIC: (EventCode.DELIVERED,),
}
PORT_STARTS_AT = (EventCode.ARRIVED_AT_PORT, EventCode.CUSTOMS_CLEARED)
STATUS_OF_EVENT = {
    EventCode.PICKED_UP: ShipmentStatus.IN_TRANSIT,
    EventCode.IN_TRANSIT: ShipmentStatus.IN_TRANSIT,
    EventCode.DEPARTED: ShipmentStatus.IN_TRANSIT,
    EventCode.ARRIVED_AT_PORT: ShipmentStatus.AT_PORT,
    EventCode.CUSTOMS_CLEARED: ShipmentStatus.CLEARED,
    EventCode.OUT_FOR_DELIVERY: ShipmentStatus.OUT_FOR_DELIVERY,
    EventCode.DELIVERED: ShipmentStatus.DELIVERED,
    EventCode.EXCEPTION: ShipmentStatus.EXCEPTION,
}


@transaction.atomic(savepoint=False)
def refresh_shipment(*, shipment_id: int) -> Shipment:
    """Derive legs and shipment status from all events by their own time; a delivery, once seen, is final and
    moves the packages (and orders) to ``delivered`` and starts the stores' return windows."""
    shipment = Shipment.objects.select_for_update().get(pk=shipment_id)
    legs = list(shipment.legs.all())
    events = list(TrackingEvent.objects.filter(leg__shipment=shipment).order_by("occurred_at", "id"))
    first_at = {}
    for event in events:
        first_at.setdefault(event.code, event.occurred_at)
    for leg in legs:
        _refresh_leg(leg, events, first_at)
    delivered_at = first_at.get(EventCode.DELIVERED)
    latest = events[-1] if events else None
    status = ShipmentStatus.DELIVERED if delivered_at else STATUS_OF_EVENT.get(latest.code) if latest else None
    was_delivered = shipment.status == ShipmentStatus.DELIVERED
    if (shipment.status, shipment.delivered_at) != (status or shipment.status, delivered_at):
        shipment.status = status or shipment.status
        shipment.delivered_at = delivered_at
        shipment.save(update_fields=["status", "delivered_at"])
    if delivered_at and not was_delivered:
        _deliver_packages(shipment, delivered_at)
    return shipment


def _refresh_leg(leg: Leg, events: list[TrackingEvent], first_at: dict) -> None:
    own = [event for event in events if event.leg_id == leg.pk]
    started_at = leg.started_at
    if leg.kind == LegKind.PORT_CLEARANCE:
        started_at = min((first_at[c] for c in PORT_STARTS_AT if c in first_at), default=None)
    elif leg.kind == LegKind.DOMESTIC and leg.sequence > 1:
        started_at = own[0].occurred_at if own else first_at.get(EventCode.CUSTOMS_CLEARED)
    elif own and started_at is None:
        started_at = own[0].occurred_at
    done = [first_at[code] for code in LEG_DONE_AT[leg.kind] if code in first_at]
    status = LegStatus.DONE if done else LegStatus.ACTIVE if started_at else LegStatus.PENDING
    fresh = (started_at, min(done) if done else None, status)
    if fresh == (leg.started_at, leg.completed_at, leg.status):
        return  # most scans change nothing on a leg: skip the write
    leg.started_at, leg.completed_at, leg.status = fresh
    leg.save(update_fields=["started_at", "completed_at", "status"])


def _deliver_packages(shipment: Shipment, delivered_at: dt.datetime) -> None:
    packages = list(
        Package.objects.filter(shipment_link__shipment=shipment).select_related("order", "order__store").order_by("pk")
    )
    for package in packages:
        if package.status == Status.SHIPPED:
            transition_package(package=package, to=Status.DELIVERED, actor_label="carrier", reason=shipment.number)
    for order in {package.order_id: package.order for package in packages}.values():
        _follow_order(order, Status.DELIVERED)
        if order.status == Status.DELIVERED:
            hold_until_return_window(store=order.store, order_reference=order.number, delivered_at=delivered_at)


# --- polling ------------------------------------------------------------------------------------------------


def poll_carriers(*, now: dt.datetime | None = None) -> int:
    """Ask every carrier without a webhook about its open legs; returns how many new events were stored."""
    now = now or timezone.now()
    created = 0
    legs = (
        Leg.objects.filter(carrier__is_active=True, status=LegStatus.ACTIVE)
        .exclude(carrier__client="")
        .exclude(tracking_number="")
        .select_related("carrier")
        .order_by("pk")
    )
    for leg in legs:
        client = client_for(leg.carrier)
        if client is None or leg.carrier.has_webhook:
            continue  # the secret is encrypted at rest, so webhook carriers are skipped here, not in SQL
        parcel = TrackedParcel(tracking_number=leg.tracking_number, leg_kind=leg.kind, started_at=leg.started_at)
        events = client.fetch_events(parcel=parcel, now=now)
        created += record_tracking_events(carrier=leg.carrier, events=events, source=EventSource.POLL).created
    return created
