"""Races on real PostgreSQL: the same delivery scan arriving from several workers at once is stored once and
delivers the package once."""

import datetime as dt
import threading

import pytest
from django.db import connection

from tests.factories.fulfilment import CarrierFactory, cleared_package
from tests.logistics.conftest import NOW
from xborder.logistics import services
from xborder.logistics.clients import CarrierEvent
from xborder.logistics.models import EventSource, TrackingEvent
from xborder.orders.models import CustomsMode, TimelineEvent
from xborder.orders.states import Status
from xborder.settlement.models import PayableHold

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_delivery_scan_from_six_workers_delivers_once():
    carrier = CarrierFactory()
    package = cleared_package(mode=CustomsMode.BONDED)
    services.ship_packages(packages=[package], carrier=carrier, tracking_number="SF1000001", now=NOW)
    scan = CarrierEvent("e-delivered", "SF1000001", "delivered", NOW + dt.timedelta(hours=30))
    barrier = threading.Barrier(6)

    def worker():
        barrier.wait()
        try:
            services.record_tracking_events(carrier=carrier, events=[scan], source=EventSource.WEBHOOK)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    package.refresh_from_db()
    assert TrackingEvent.objects.count() == 1
    assert package.status == Status.DELIVERED
    assert TimelineEvent.objects.filter(package=package, to_status=Status.DELIVERED).count() == 1
    assert PayableHold.objects.count() == 1
