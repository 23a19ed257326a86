"""The signed tracking webhook: signature, 5-minute window, replay, duplicates, bad payloads, CSRF exemption."""

import json
import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.fulfilment import cleared_package
from tests.logistics.conftest import NOW
from xborder.logistics import services
from xborder.logistics.models import ShipmentStatus, TrackingEvent, WebhookDelivery
from xborder.logistics.webhooks import sign
from xborder.orders.models import CustomsMode

pytestmark = pytest.mark.django_db
SECRET = "whsec-test-0123456789"


@pytest.fixture
def api():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def parcel(pushing):
    package = cleared_package(mode=CustomsMode.BONDED)
    return services.ship_packages(packages=[package], carrier=pushing, tracking_number="YT0000001", now=NOW)


def body(*events):
    return json.dumps({"events": list(events)}).encode()


def scan(event_id="e1", code="picked_up", at="2026-03-02T10:00:00+08:00", number="YT0000001"):
    return {"id": event_id, "tracking_number": number, "code": code, "occurred_at": at, "location": "Ningbo"}


def post(api, payload: bytes, *, secret=SECRET, timestamp=None, signature=None, carrier="yto-push", offset=0):
    timestamp = str(int(time.time()) + offset) if timestamp is None else timestamp
    headers = {
        "HTTP_X_XBORDER_TIMESTAMP": timestamp,
        "HTTP_X_XBORDER_SIGNATURE": signature or sign(secret, timestamp, payload),
    }
    return api.post(reverse("logistics:webhook", args=[carrier]), payload, content_type="application/json", **headers)


def test_a_signed_delivery_is_recorded_without_a_csrf_token(api, parcel):
    response = post(api, body(scan()))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "created": 1, "duplicates": 0, "unknown": []}
    assert TrackingEvent.objects.get().location == "Ningbo"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        pytest.param({"secret": "another-secret"}, "signature_invalid", id="wrong-secret"),
        pytest.param({"signature": "sha256=" + "0" * 64}, "signature_invalid", id="forged"),
        pytest.param({"offset": -330}, "timestamp_out_of_window", id="older-than-5-min"),
        pytest.param({"offset": 330}, "timestamp_out_of_window", id="from-the-future"),
        pytest.param({"timestamp": "yesterday"}, "timestamp_invalid", id="not-a-number"),
    ],
)
def test_an_unverified_delivery_is_refused_and_nothing_is_written(api, parcel, kwargs, code):
    response = post(api, body(scan()), **kwargs)

    assert response.status_code == 401 and response.json()["code"] == code
    assert not TrackingEvent.objects.exists() and not WebhookDelivery.objects.exists()


def test_missing_headers_are_refused(api, parcel):
    response = api.post(reverse("logistics:webhook", args=["yto-push"]), body(scan()), content_type="application/json")

    assert response.status_code == 401 and response.json()["code"] == "signature_missing"


def test_a_body_changed_after_signing_is_refused(api, parcel):
    timestamp = str(int(time.time()))
    signature = sign(SECRET, timestamp, body(scan()))

    response = post(api, body(scan(code="delivered")), timestamp=timestamp, signature=signature)

    assert response.json()["code"] == "signature_invalid"


def test_a_replayed_request_changes_nothing(api, parcel):
    timestamp, payload = str(int(time.time())), body(scan(code="delivered"))
    post(api, payload, timestamp=timestamp)

    response = post(api, payload, timestamp=timestamp)

    assert response.status_code == 200 and response.json()["status"] == "replay"
    assert TrackingEvent.objects.count() == 1 and WebhookDelivery.objects.count() == 1


def test_a_resent_event_in_a_new_delivery_is_a_duplicate(api, parcel):
    post(api, body(scan()), timestamp=str(int(time.time()) - 10))

    response = post(api, body(scan(), scan(event_id="e2", code="in_transit", at="2026-03-02T12:00:00+08:00")))

    assert response.json() == {"status": "ok", "created": 1, "duplicates": 1, "unknown": []}


def test_out_of_order_deliveries_end_in_the_latest_state(api, parcel):
    post(api, body(scan("e3", "delivered", "2026-03-03T15:00:00+08:00")), timestamp=str(int(time.time()) - 5))
    post(api, body(scan("e1", "picked_up", "2026-03-02T10:00:00+08:00")))

    parcel.refresh_from_db()
    assert parcel.status == ShipmentStatus.DELIVERED
    assert list(TrackingEvent.objects.values_list("carrier_event_id", flat=True)) == ["e1", "e3"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        pytest.param(b"not json", None, id="not-json"),
        pytest.param(b'{"events": []}', "events", id="no-events"),
        pytest.param(body(scan(code="teleported")), "events.0.code", id="unknown-code"),
        pytest.param(body(scan(at="2026-03-02T10:00:00")), "events.0.occurred_at", id="naive-time"),
        pytest.param(body(scan(at="tomorrow")), "events.0.occurred_at", id="bad-time"),
        pytest.param(body({**scan(), "id": ""}), "events.0.id", id="empty-id"),
    ],
)
def test_a_bad_payload_is_a_400_with_the_field(api, parcel, payload, field):
    response = post(api, payload)

    assert response.status_code == 400 and response.json()["code"] == "payload_invalid"
    if field:
        assert field in response.json()["fields"]
    assert not WebhookDelivery.objects.exists()


def test_an_unknown_carrier_is_a_404(api, parcel):
    response = post(api, body(scan()), carrier="nobody")

    assert response.status_code == 404 and response.json()["code"] == "carrier_not_found"


def test_only_post_is_accepted(api, parcel):
    assert api.get(reverse("logistics:webhook", args=["yto-push"])).status_code == 405


@pytest.mark.parametrize(
    ("age", "accepted"),
    [pytest.param(300, True, id="exactly-5-min-old"), pytest.param(301, False, id="5-min-1-s-old")],
)
def test_the_window_is_five_minutes_either_way(parcel, age, accepted):
    from xborder.logistics.errors import LogisticsError
    from xborder.logistics.webhooks import receive_tracking_webhook

    stamp, payload = 1_772_000_000, body(scan())
    call = dict(carrier_code="yto-push", timestamp=str(stamp), signature=sign(SECRET, stamp, payload), body=payload)

    if accepted:
        results = [receive_tracking_webhook(**call, now=now) for now in (stamp + age, stamp - age)]
        assert [result.replay for result in results] == [False, True]  # both verified; the second is a replay
        return
    for now in (stamp + age, stamp - age):
        with pytest.raises(LogisticsError) as error:
            receive_tracking_webhook(**call, now=now)
        assert error.value.code == "timestamp_out_of_window"


def test_a_delivery_of_scans_for_ten_shipments_costs_a_bounded_number_of_queries(
    api, pushing, django_assert_max_num_queries
):
    for index in range(10):
        package = cleared_package(mode=CustomsMode.BONDED)
        services.ship_packages(packages=[package], carrier=pushing, tracking_number=f"YT{index:07d}", now=NOW)
    scans = [scan(f"e{index}", number=f"YT{index:07d}") for index in range(10)]

    # carrier, delivery row, legs, known ids, insert (with their savepoints); then lock + legs + events per shipment
    with django_assert_max_num_queries(12 + 3 * 10):
        response = post(api, body(*scans))

    assert response.json()["created"] == 10
