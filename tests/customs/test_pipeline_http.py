"""The pipeline over real HTTP against the simulator service, the embedded eager chain (no broker: commit ->
deliver -> poll -> released inline), and the one-query draft."""

import time
from datetime import timedelta

import httpx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.customs import paid_package
from xborder.core.models import OutboxMessage, OutboxStatus
from xborder.core.outbox import deliver_due
from xborder.customs.drafts import declaration_draft
from xborder.customs.gateway import HttpGateway, InProcessGateway, use_gateway
from xborder.customs.models import Clearance
from xborder.customs.services import declare_package, poll_receipts
from xborder.customs.simulator import CustomsSimulator, SimulatorConfig, running_simulator
from xborder.orders.states import Status

pytestmark = pytest.mark.django_db


def test_paid_to_released_over_http_with_an_outage_in_between():
    with running_simulator(SimulatorConfig(), lifetime=60) as service, use_gateway(HttpGateway(service.url)):
        package = paid_package()
        declaration = declare_package(package=package)
        httpx.post(f"{service.url}/admin/faults", json={"down": True})

        assert deliver_due() == 0
        assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}

        httpx.post(f"{service.url}/admin/faults", json={"down": False})
        assert deliver_due(now=timezone.now() + timedelta(minutes=1)) == 4
        poll_receipts()

    declaration.refresh_from_db()
    package.refresh_from_db()
    assert declaration.clearance == Clearance.RELEASED
    assert package.status == Status.FULFILLING


def test_without_a_broker_the_commit_delivers_and_polls_inline(django_capture_on_commit_callbacks):
    simulator = CustomsSimulator(SimulatorConfig())
    package = paid_package()
    with use_gateway(InProcessGateway(simulator)), django_capture_on_commit_callbacks(execute=True):
        declaration = declare_package(package=package)

    declaration.refresh_from_db()
    package.refresh_from_db()
    assert not OutboxMessage.objects.exclude(status=OutboxStatus.DELIVERED).exists()
    assert declaration.clearance == Clearance.RELEASED
    assert package.status == Status.FULFILLING


def test_the_draft_of_a_package_is_read_in_one_query():
    package = paid_package(lines=(("10.00", 1), ("20.00", 2), ("30.00", 3)))

    with CaptureQueriesContext(connection) as queries:
        draft = declaration_draft(package_id=package.pk)

    assert len(queries) == 1
    assert [line.gnum for line in draft.order.lines] == [1, 2, 3]
    assert draft.payment.amount_paid == draft.order.actural_paid == package.total


@pytest.mark.django_db(transaction=True)
def test_receipts_pushed_by_the_simulator_service_to_our_endpoint_release_the_package(live_server, monkeypatch):
    from xborder.customs.gateway import receipt_push_token

    monkeypatch.setattr("xborder.customs.services._request_poll", lambda: None)  # push only, no polling
    callback = f"{live_server.url}/customs/receipts/push/?token={receipt_push_token()}"
    with running_simulator(SimulatorConfig(callback_url=callback), lifetime=60) as service:
        with use_gateway(HttpGateway(service.url)):
            declaration = declare_package(package=paid_package())  # committed: the eager outbox sends at once
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            declaration.refresh_from_db()
            if declaration.clearance == Clearance.RELEASED:
                break
            time.sleep(0.1)

    assert declaration.clearance == Clearance.RELEASED
    assert set(declaration.receipts.values_list("source", flat=True)) == {"push"}
