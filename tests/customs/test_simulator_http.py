"""The simulator over real HTTP on a loopback port (bounded lifetime, always shut down)."""

import subprocess
import sys
import threading
import time
from wsgiref.simple_server import WSGIRequestHandler, make_server

import httpx
import pytest

from tests.customs import samples
from xborder.customs.messages import build_order_message, declare_package, parse_receipt
from xborder.customs.simulator import SimulatorConfig, running_simulator, serve

ORDER_NO = "XB2026031400001"
DEADLINE_SECONDS = 5.0


@pytest.fixture
def service():
    with running_simulator(lifetime=60) as running, httpx.Client(base_url=running.url, timeout=5.0) as client:
        yield running, client


def _post_package(client, signer, declaration=None) -> list[httpx.Response]:
    messages = declare_package(declaration or samples.bonded_declaration(), context=samples.context(), signer=signer)
    return [
        client.post("/ceb", content=message.xml, headers={"Content-Type": "application/xml"}) for message in messages
    ]


def _poll_until(client, predicate) -> list[dict]:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        receipts = client.get("/receipts", params={"orderNo": ORDER_NO}).json()["receipts"]
        if predicate(receipts):
            return receipts
        time.sleep(0.05)
    raise AssertionError("receipts did not arrive in time")


def _statuses(receipts: list[dict]) -> list[tuple[str, int | None]]:
    return [
        (item["messageType"], getattr(parse_receipt(item["xml"].encode()), "return_status", None)) for item in receipts
    ]


def test_a_package_posted_over_http_is_released_and_polled(service, signer):
    _, client = service

    responses = _post_package(client, signer)

    assert [response.status_code for response in responses] == [202, 202, 202, 202]
    assert responses[0].json()["messageType"] == "CEB311"
    receipts = _poll_until(client, lambda items: any(item["messageType"] == "CEB816" for item in items))
    assert ("CEB622", 800) in _statuses(receipts)


def test_receipts_arrive_after_the_configured_delay(service, signer):
    _, client = service
    client.post("/admin/config", json={"receiptDelaySeconds": 0.3})

    _post_package(client, signer)

    assert client.get("/receipts").json()["receipts"] == []
    receipts = _poll_until(client, lambda items: len(items) == 6)
    assert _statuses(receipts)[-2] == ("CEB622", 800)


def test_receipts_are_listed_with_the_epoch_their_numbers_count_in(service, signer):
    running, client = service
    _post_package(client, signer)

    listed = client.get("/receipts", params={"after": 2}).json()

    assert listed["epoch"] == running.simulator.epoch
    assert [item["seq"] for item in listed["receipts"]] == [3, 4, 5, 6]


def test_one_receipt_can_be_fetched_as_xml(service, signer):
    _, client = service
    _post_package(client, signer)
    _poll_until(client, lambda items: len(items) == 6)

    response = client.get("/receipts/5")

    assert response.headers["content-type"] == "application/xml"
    assert parse_receipt(response.content).is_released
    assert client.get("/receipts/99").status_code == 404


@pytest.mark.parametrize(
    "body",
    [pytest.param(b"this is not xml", id="garbage"), pytest.param(b"<ceb/>", id="foreign-root")],
)
def test_garbage_is_answered_400_with_a_ceb900(service, body):
    _, client = service

    response = client.post("/ceb", content=body)

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/xml"
    assert parse_receipt(response.content).return_status < 0


def test_down_answers_503_until_it_comes_back(service, signer):
    _, client = service
    client.post("/admin/faults", json={"down": True})

    assert [response.status_code for response in _post_package(client, signer)] == [503] * 4
    assert client.get("/health").status_code == 503

    client.post("/admin/faults", json={"down": False})

    assert [response.status_code for response in _post_package(client, signer)] == [202] * 4
    assert client.get("/health").json() == {"status": "ok"}


def test_reject_everything_fault_over_http(service, signer):
    _, client = service
    assert client.post("/admin/faults", json={"rejectReason": "manual_block: 测试"}).json()["rejectReason"]

    _post_package(client, signer)

    receipts = _poll_until(client, lambda items: ("CEB622", 100) in _statuses(items))
    rejected = parse_receipt(receipts[-1]["xml"].encode())
    assert rejected.return_info == "manual_block: 测试"


def test_slow_fault_delays_the_http_answer(service):
    _, client = service
    client.post("/admin/faults", json={"slowSeconds": 0.3})
    started = time.monotonic()

    client.post("/ceb", content=b"<x/>")

    assert time.monotonic() - started >= 0.3


def test_a_held_package_is_released_through_the_admin_endpoint(service, signer):
    _, client = service
    client.post("/admin/config", json={"holdStatus": 500})
    _post_package(client, signer)
    _poll_until(client, lambda items: ("CEB622", 500) in _statuses(items))

    assert client.post(f"/admin/release/{ORDER_NO}").json() == {"released": True}

    _poll_until(client, lambda items: ("CEB622", 800) in _statuses(items))


def test_unknown_paths_and_bad_queries_get_json_errors(service):
    _, client = service

    assert client.get("/nothing").status_code == 404
    assert client.get("/receipts", params={"after": "x"}).status_code == 400
    assert client.post("/admin/faults", content=b"[").status_code == 400


@pytest.fixture
def callback_receiver():
    received: list[tuple[str, bytes]] = []

    def app(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        received.append((environ.get("HTTP_X_CEB_MESSAGE_TYPE"), environ["wsgi.input"].read(length)))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            """No request log in tests."""

    server = make_server("127.0.0.1", 0, app, handler_class=Quiet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/receipts", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_receipts_are_pushed_to_the_callback_url(callback_receiver, signer):
    url, received = callback_receiver
    with (
        running_simulator(SimulatorConfig(callback_url=url), lifetime=30) as running,
        httpx.Client(base_url=running.url, timeout=5.0) as client,
    ):
        _post_package(client, signer)
        deadline = time.monotonic() + DEADLINE_SECONDS
        while len(received) < 6 and time.monotonic() < deadline:
            time.sleep(0.05)

    assert [message_type for message_type, _ in received] == [
        "CEB312",
        "CEB412",
        "CEB512",
        "CEB622",
        "CEB622",
        "CEB816",
    ]
    assert parse_receipt(received[4][1]).is_released


def test_the_service_stops_by_itself_when_its_lifetime_ends():
    with running_simulator(lifetime=0.2) as running:
        assert running.wait(timeout=DEADLINE_SECONDS)


def test_serve_blocks_until_its_lifetime_ends(capsys):
    started = time.monotonic()

    serve(0, lifetime=0.2)

    assert time.monotonic() - started < DEADLINE_SECONDS
    assert "customs simulator listening on http://127.0.0.1:" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        pytest.param("/admin/config", {"holdStatus": 800}, id="hold-status"),
        pytest.param("/admin/config", {"receiptDelaySeconds": "later"}, id="delay"),
        pytest.param("/admin/faults", {"slowSeconds": -1}, id="slow"),
        pytest.param("/admin/faults", {"rejectReason": 42}, id="reject-reason"),
    ],
)
def test_invalid_admin_settings_are_refused(service, path, payload):
    _, client = service

    response = client.post(path, json=payload)

    assert response.status_code == 400
    assert response.json()["error"] == "simulator_config_invalid"


def test_posting_the_same_message_twice_is_acknowledged_once(service):
    _, client = service
    xml = build_order_message(samples.order(), context=samples.context()).xml

    first, again = client.post("/ceb", content=xml), client.post("/ceb", content=xml)

    assert (first.status_code, again.status_code) == (202, 202)
    assert (first.json()["duplicate"], again.json()["duplicate"]) == (False, True)
    assert len(client.get("/receipts").json()["receipts"]) == 1


def test_the_simulator_runs_as_a_separate_process(signer):
    program = "from xborder.customs.simulator import serve; serve(0, lifetime=10)"
    process = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, text=True)
    try:
        banner = process.stdout.readline()
        url = banner.strip().rsplit(" ", 1)[-1]
        assert url.startswith("http://127.0.0.1:")

        with httpx.Client(base_url=url, timeout=5.0) as client:
            assert [response.status_code for response in _post_package(client, signer)] == [202] * 4
            _poll_until(client, lambda items: ("CEB622", 800) in _statuses(items))
    finally:
        process.terminate()
        process.wait(timeout=10)
