"""Reads of logistics: delivery estimates, the merged tracking timeline of an order, late shipments, the
warehouse's queue of packages to pick and ship."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from xborder.logistics.models import Leg, Shipment, ShipmentMode, ShipmentStatus, TrackingEvent
from xborder.orders.models import CustomsMode, Order, Package, TimelineEvent
from xborder.orders.states import Status

# Working days from hand-over to the buyer's door, per mode (what the buyer is promised).
DELIVERY_DAYS = {ShipmentMode.BONDED: (1, 3), ShipmentMode.DIRECT_MAIL: (7, 15)}


def shipment_mode(package: Package) -> str:
    return ShipmentMode.BONDED if package.customs_mode == CustomsMode.BONDED else ShipmentMode.DIRECT_MAIL


@dataclass(frozen=True)
class Estimate:
    earliest: dt.datetime
    latest: dt.datetime


def delivery_estimate(*, mode: str, shipped_at: dt.datetime, packages=()) -> Estimate:
    """Bonded 1-3 days, direct mail 7-15 days, or the longer promise a package was sold with."""
    low, high = DELIVERY_DAYS[mode]
    low = max([low, *(p.delivery_min_days for p in packages)])
    high = max([high, low, *(p.delivery_max_days for p in packages)])
    return Estimate(shipped_at + dt.timedelta(days=low), shipped_at + dt.timedelta(days=high))


def is_late(shipment: Shipment, now: dt.datetime) -> bool:
    return shipment.status != ShipmentStatus.DELIVERED and now > shipment.estimated_by


def late_shipments(*, now: dt.datetime) -> QuerySet[Shipment]:
    """Undelivered shipments past their latest promised date, most overdue first (for operators)."""
    return (
        Shipment.objects.exclude(status=ShipmentStatus.DELIVERED)
        .filter(estimated_by__lt=now)
        .select_related("warehouse", "buyer")
        .prefetch_related(
            "shipment_packages__package", Prefetch("legs", queryset=Leg.objects.select_related("carrier"))
        )
        .order_by("estimated_by")
    )


@dataclass(frozen=True)
class TimelineItem:
    occurred_at: dt.datetime
    kind: str  # "order" (a state change) or "tracking" (a carrier event)
    code: str
    label: str
    location: str = ""
    package: str = ""
    tracking_number: str = ""
    carrier: str = ""


def order_tracking(order: Order) -> list[TimelineItem]:
    """The order's state changes and every carrier event of its shipments, merged by when they happened."""
    timeline = [
        TimelineItem(
            occurred_at=event.created_at,
            kind="order",
            code=event.to_status,
            label=str(Status(event.to_status).label) if event.to_status in Status.values else event.to_status,
            package=event.package.number if event.package_id else "",
        )
        for event in TimelineEvent.objects.filter(order=order).select_related("package")
    ]
    tracking = TrackingEvent.objects.filter(leg__shipment__shipment_packages__package__order=order).select_related(
        "leg", "carrier"
    )
    timeline += [
        TimelineItem(
            occurred_at=event.occurred_at,
            kind="tracking",
            code=event.code,
            label=event.description or event.get_code_display(),
            location=event.location,
            tracking_number=event.leg.tracking_number,
            carrier=event.carrier.name,
        )
        for event in tracking.distinct()
    ]
    return sorted(timeline, key=lambda item: item.occurred_at)


def shipments_of_order(order: Order) -> QuerySet[Shipment]:
    return (
        Shipment.objects.filter(shipment_packages__package__order=order)
        .distinct()
        .prefetch_related(Prefetch("legs", queryset=Leg.objects.select_related("carrier")))
    )


def warehouse_queue(*, warehouse) -> list[Package]:
    """Cleared or picking packages of the warehouse not yet shipped, grouped by buyer (consolidation candidates)."""
    return list(
        Package.objects.filter(warehouse=warehouse, status__in=(Status.CLEARED, Status.FULFILLING))
        .filter(shipment_link__isnull=True)
        .select_related("order", "order__buyer", "store")
        .prefetch_related("lines")
        .order_by("order__buyer_id", "order__placed_at", "pk")
    )


def recent_shipments(*, warehouse, limit: int = 50) -> QuerySet[Shipment]:
    return (
        Shipment.objects.filter(warehouse=warehouse)
        .select_related("buyer")
        .prefetch_related(
            "shipment_packages__package", Prefetch("legs", queryset=Leg.objects.select_related("carrier"))
        )
        .order_by("-shipped_at")[:limit]
    )
