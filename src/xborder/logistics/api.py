"""Logistics API: the merged tracking timeline of one of the caller's orders (others' orders are 404)."""

from datetime import datetime

from ninja import Router, Schema

from xborder.accounts.api_auth import token_or_session
from xborder.core.api_schemas import describe_errors, error_responses
from xborder.core.errors import NotFound
from xborder.logistics import selectors
from xborder.orders.models import Order

router = Router(tags=["logistics"], auth=token_or_session)


class LegOut(Schema):
    sequence: int
    kind: str
    status: str
    carrier: str | None
    tracking_number: str
    started_at: datetime | None
    completed_at: datetime | None


class ShipmentOut(Schema):
    number: str
    mode: str
    status: str
    shipped_at: datetime
    estimated_from: datetime
    estimated_by: datetime
    delivered_at: datetime | None
    legs: list[LegOut]


class TimelineItemOut(Schema):
    occurred_at: datetime
    kind: str
    code: str
    label: str
    location: str
    package: str
    tracking_number: str
    carrier: str


class TrackingOut(Schema):
    order: str
    status: str
    shipments: list[ShipmentOut]
    timeline: list[TimelineItemOut]


@router.get(
    "/orders/{number}/tracking",
    response={200: TrackingOut, **error_responses(401, 404)},
    summary="Tracking of one of my orders",
    description="Shipments with their legs and estimates, and the order's state changes and carrier events "
    "merged by when they happened.\n\n" + describe_errors({404: "`not_found`"}),
)
def order_tracking(request, number: str):
    order = Order.objects.filter(number=number).first()
    if order is None or (order.buyer_id != request.auth.pk and not request.auth.is_staff):
        raise NotFound("not_found", "No such order.")
    shipments = [
        ShipmentOut(
            **{name: getattr(shipment, name) for name in ShipmentOut.model_fields if name != "legs"},
            legs=[
                LegOut(
                    sequence=leg.sequence,
                    kind=leg.kind,
                    status=leg.status,
                    carrier=leg.carrier.name if leg.carrier else None,
                    tracking_number=leg.tracking_number,
                    started_at=leg.started_at,
                    completed_at=leg.completed_at,
                )
                for leg in shipment.legs.all()
            ],
        )
        for shipment in selectors.shipments_of_order(order)
    ]
    timeline = [TimelineItemOut(**item.__dict__) for item in selectors.order_tracking(order)]
    return TrackingOut(order=order.number, status=order.status, shipments=shipments, timeline=timeline)
