"""Tracking events: stored once per carrier event id, placed by their own time, polled from the sandbox, and
what delivery sets off (packages and order delivered, the store's return window starts)."""

import datetime as dt

import pytest

from tests.factories.fulfilment import cleared_package
from tests.logistics.conftest import NOW
from xborder.logistics import selectors, services
from xborder.logistics.clients import CarrierEvent
from xborder.logistics.models import EventCode, EventSource, LegStatus, ShipmentStatus, TrackingEvent
from xborder.orders.models import CustomsMode
from xborder.orders.states import Status
from xborder.settlement.models import PayableHold

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def bonded_shipment(carrier, number="SF1000001"):
    package = cleared_package(mode=CustomsMode.BONDED)
    return services.ship_packages(packages=[package], carrier=carrier, tracking_number=number, now=NOW), package


def event(code, hours, number="SF1000001", event_id=None, location=""):
    return CarrierEvent(event_id or f"{number}-{code}-{hours}", number, code, NOW + hours * H, location)


def record(carrier, *events):
    return services.record_tracking_events(carrier=carrier, events=events, source=EventSource.WEBHOOK)


def test_an_event_is_stored_once_however_often_it_arrives(domestic):
    bonded_shipment(domestic)

    first = record(domestic, event(EventCode.PICKED_UP, 1))
    again = record(domestic, event(EventCode.PICKED_UP, 1), event(EventCode.PICKED_UP, 1))

    assert (first.created, again.created, again.duplicates) == (1, 0, 2)
    assert TrackingEvent.objects.count() == 1


def test_events_for_unknown_parcels_are_reported_not_stored(domestic):
    result = record(domestic, event(EventCode.PICKED_UP, 1, number="NOPE0001"))

    assert (result.created, result.unknown) == (0, ["NOPE0001"])


def test_an_out_of_order_event_is_placed_by_its_own_time(domestic):
    shipment, package = bonded_shipment(domestic)
    record(domestic, event(EventCode.OUT_FOR_DELIVERY, 20))

    record(domestic, event(EventCode.IN_TRANSIT, 8))  # arrives later, happened earlier

    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.OUT_FOR_DELIVERY
    codes = [item.code for item in selectors.order_tracking(package.order) if item.kind == "tracking"]
    assert codes == [EventCode.IN_TRANSIT, EventCode.OUT_FOR_DELIVERY]


def test_delivery_is_final_even_when_an_earlier_scan_arrives_after_it(domestic):
    shipment, _package = bonded_shipment(domestic)
    record(domestic, event(EventCode.DELIVERED, 30))

    record(domestic, event(EventCode.OUT_FOR_DELIVERY, 26))

    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.DELIVERED
    assert shipment.delivered_at == NOW + 30 * H


def test_delivery_moves_package_and_order_and_starts_the_stores_return_window(domestic):
    shipment, package = bonded_shipment(domestic)
    package.order.store.return_window_days = 7
    package.order.store.save()

    record(domestic, event(EventCode.DELIVERED, 30))

    package.refresh_from_db()
    package.order.refresh_from_db()
    hold = PayableHold.objects.get(order_reference=package.order.number)
    assert package.status == Status.DELIVERED and package.order.status == Status.DELIVERED
    assert hold.release_after == NOW + 30 * H + dt.timedelta(days=7)
    assert shipment.legs.get().status == LegStatus.DONE


def test_direct_mail_legs_follow_port_arrival_and_clearance(international, domestic):
    package = cleared_package()
    shipment = services.ship_packages(
        packages=[package],
        carrier=international,
        tracking_number="EJ000001",
        domestic_carrier=domestic,
        domestic_tracking_number="SF000009",
        now=NOW,
    )
    record(international, event(EventCode.ARRIVED_AT_PORT, 100, number="EJ000001"))
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.AT_PORT
    assert [leg.status for leg in shipment.legs.all()] == [LegStatus.DONE, LegStatus.ACTIVE, LegStatus.PENDING]

    record(international, event(EventCode.CUSTOMS_CLEARED, 120, number="EJ000001"))

    legs = list(shipment.legs.all())
    assert [leg.status for leg in legs] == [LegStatus.DONE, LegStatus.DONE, LegStatus.ACTIVE]
    assert legs[2].started_at == NOW + 120 * H


def test_the_poller_plays_the_sandbox_carrier_once(domestic):
    shipment, package = bonded_shipment(domestic)

    created = services.poll_carriers(now=NOW + 40 * H)
    again = services.poll_carriers(now=NOW + 41 * H)

    shipment.refresh_from_db()
    package.refresh_from_db()
    assert (created, again) == (4, 0)
    assert shipment.status == ShipmentStatus.DELIVERED and package.status == Status.DELIVERED


def test_a_direct_mail_shipment_is_polled_across_both_carriers(international, domestic):
    package = cleared_package()
    shipment = services.ship_packages(
        packages=[package],
        carrier=international,
        tracking_number="EJ000001",
        domestic_carrier=domestic,
        domestic_tracking_number="SF000009",
        now=NOW,
    )

    services.poll_carriers(now=NOW + 170 * H)  # international leg cleared at +168h: last mile starts
    services.poll_carriers(now=NOW + 210 * H)

    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.DELIVERED
    assert shipment.delivered_at == NOW + (168 + 34) * H
    assert not selectors.is_late(shipment, NOW + 20 * 24 * H)


def test_webhook_carriers_are_not_polled(pushing):
    bonded_shipment(pushing)

    assert services.poll_carriers(now=NOW + 40 * H) == 0


def test_the_poll_task_runs(domestic, monkeypatch):
    from django.utils import timezone

    from xborder.logistics import tasks

    bonded_shipment(domestic)
    monkeypatch.setattr(timezone, "now", lambda: NOW + 11 * H)

    assert tasks.poll_carriers.delay().get() == 2


def test_the_order_timeline_merges_state_changes_and_carrier_events_by_time(domestic, django_assert_num_queries):
    _shipment, package = bonded_shipment(domestic)
    record(domestic, event(EventCode.PICKED_UP, 1, location="Ningbo"), event(EventCode.DELIVERED, 30))

    with django_assert_num_queries(2):
        timeline = selectors.order_tracking(package.order)

    times = [item.occurred_at for item in timeline]
    assert times == sorted(times)
    assert {item.kind for item in timeline} == {"order", "tracking"}
    assert [i.code for i in timeline if i.kind == "tracking"] == [EventCode.PICKED_UP, EventCode.DELIVERED]


def test_a_shipment_past_its_promise_is_flagged_late(domestic):
    shipment, _package = bonded_shipment(domestic)

    assert list(selectors.late_shipments(now=NOW + 2 * 24 * H)) == []
    assert list(selectors.late_shipments(now=NOW + 3 * 24 * H + H)) == [shipment]
    record(domestic, event(EventCode.DELIVERED, 80))
    assert list(selectors.late_shipments(now=NOW + 4 * 24 * H)) == []
