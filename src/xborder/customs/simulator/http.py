"""The simulator as a small HTTP service (WSGI on ``wsgiref``), for ``python -m xborder customs-sim``.

Endpoints (XML in, XML or JSON out):

* ``POST /ceb`` a declaration -> ``202`` JSON ``{"accepted", "messageType", "guid", "duplicate"}``, or ``400`` with
  the CEB900 receipt as ``application/xml``; ``503`` while the ``down`` fault is set.
* ``GET /receipts?after=<seq>&orderNo=<no>`` -> JSON ``{"epoch", "receipts": [{"seq", "messageType",
  "orderNo", "xml"}]}`` of the receipts due so far (``seq`` counts within ``epoch``, which changes when the
  simulator restarts without a ledger file); ``GET /receipts/<seq>`` -> that receipt as XML.
* ``GET /health``.
* ``GET|POST /admin/faults`` ``{"down", "slowSeconds", "rejectReason"}`` (POST changes the given keys),
  ``POST /admin/config`` ``{"receiptDelaySeconds", "holdStatus", "callbackUrl"}``,
  ``POST /admin/release/<orderNo>``.

Receipts are also pushed to ``callbackUrl`` (POST, XML body, headers ``X-CEB-Message-Type`` and
``X-Receipt-Seq``) by a background thread. The admin endpoints have no authentication: bind the
service to loopback (the default) or a private network only.
"""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx

from xborder.customs.errors import CustomsError, GatewayUnavailable
from xborder.customs.messages.schema import MAX_MESSAGE_BYTES
from xborder.customs.simulator.config import SimulatorConfig, parse_delay, parse_hold_status
from xborder.customs.simulator.engine import CustomsSimulator, OutgoingReceipt

PUSH_INTERVAL_SECONDS = 0.05
_Response = tuple[str, str, bytes]


@dataclass(frozen=True)
class RunningSimulator:
    """A simulator served over HTTP in background threads; ``url`` is its base address."""

    url: str
    simulator: CustomsSimulator
    stopped: threading.Event

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the service stops (its lifetime ends); True when it has stopped."""
        return self.stopped.wait(timeout)


def make_wsgi_app(simulator: CustomsSimulator) -> Callable:
    """The WSGI application answering for ``simulator``."""

    def app(environ, start_response):
        """Route one request to the simulator."""
        status, content_type, body = _route(simulator, environ)
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [body]

    return app


@contextmanager
def running_simulator(
    config: SimulatorConfig | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    lifetime: float | None = 300.0,
) -> Iterator[RunningSimulator]:
    """Serve a fresh simulator on ``host:port`` (0 = any free port) until the block ends or
    ``lifetime`` seconds pass, whichever is first; the threads always stop."""
    simulator = CustomsSimulator(config)
    server = make_server(host, port, make_wsgi_app(simulator), server_class=_Server, handler_class=_QuietHandler)
    stopped = threading.Event()
    threads = [
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True),
        threading.Thread(target=_push_loop, args=(simulator, stopped), daemon=True),
    ]
    timer = threading.Timer(lifetime, stopped.set) if lifetime else None
    for thread in threads:
        thread.start()
    if timer:
        timer.daemon = True
        timer.start()
    try:
        yield RunningSimulator(url=f"http://{host}:{server.server_port}", simulator=simulator, stopped=stopped)
    finally:
        if timer:
            timer.cancel()
        stopped.set()
        server.shutdown()
        server.server_close()
        for thread in threads:
            thread.join(timeout=5)


def serve(port: int, *, host: str = "127.0.0.1", config: SimulatorConfig | None = None, lifetime: float | None = None):
    """Run the simulator on ``host:port`` until interrupted (or for ``lifetime`` seconds).

    Without ``config`` the settings come from the environment (:meth:`SimulatorConfig.from_environment`).
    """
    config = config or SimulatorConfig.from_environment()
    with running_simulator(config, host=host, port=port, lifetime=lifetime) as running:
        print(f"customs simulator listening on {running.url}", flush=True)
        with suppress(KeyboardInterrupt):
            running.wait()


class _Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        """Silence per-request logging (bodies carry personal data)."""


def _push_loop(simulator: CustomsSimulator, stopped: threading.Event) -> None:
    while not stopped.wait(PUSH_INTERVAL_SECONDS):
        url = simulator.config.callback_url
        if url:
            simulator.deliver_due(lambda receipt, url=url: _push(url, receipt))


def _push(url: str, receipt: OutgoingReceipt) -> bool:
    headers = {
        "Content-Type": "application/xml",
        "X-CEB-Message-Type": receipt.message_type,
        "X-Receipt-Seq": str(receipt.seq),
    }
    try:
        response = httpx.post(url, content=receipt.xml, headers=headers, timeout=2.0)
    except httpx.HTTPError:
        return False
    return response.is_success


def _route(simulator: CustomsSimulator, environ) -> _Response:
    method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/")
    if method == "POST" and path == "/ceb":
        return _submit(simulator, environ)
    if method == "GET" and path == "/receipts":
        return _list_receipts(simulator, environ)
    if method == "GET" and path.startswith("/receipts/"):
        return _one_receipt(simulator, path.removeprefix("/receipts/"))
    if method == "GET" and path == "/health":
        down = simulator.config.faults.down
        return _json("503 Service Unavailable" if down else "200 OK", {"status": "down" if down else "ok"})
    if path == "/admin/faults":
        return _faults(simulator, environ, method)
    if method == "POST" and path == "/admin/config":
        return _configure(simulator, environ)
    if method == "POST" and path.startswith("/admin/release/"):
        released = simulator.release(unquote(path.removeprefix("/admin/release/")))
        return _json("200 OK" if released else "404 Not Found", {"released": released})
    return _json("404 Not Found", {"error": "not_found"})


def _submit(simulator: CustomsSimulator, environ) -> _Response:
    body = _body(environ)
    if body is None:
        return _json("413 Content Too Large", {"error": "message_too_large"})
    try:
        submission = simulator.submit(body)
    except GatewayUnavailable as exc:
        return _json("503 Service Unavailable", {"error": exc.code})
    if not submission.accepted:
        return "400 Bad Request", "application/xml", submission.error_receipt
    payload = {
        "accepted": True,
        "messageType": submission.message_type,
        "guid": submission.guid,
        "duplicate": submission.duplicate,
    }
    return _json("202 Accepted", payload)


def _list_receipts(simulator: CustomsSimulator, environ) -> _Response:
    if simulator.config.faults.down:
        return _json("503 Service Unavailable", {"error": "gateway_unavailable"})
    query = parse_qs(environ.get("QUERY_STRING", ""))
    try:
        after = int(query.get("after", ["0"])[0])
    except ValueError:
        return _json("400 Bad Request", {"error": "after_not_integer"})
    receipts = simulator.receipts(after=after, order_no=query.get("orderNo", [None])[0])
    items = [
        {"seq": r.seq, "messageType": r.message_type, "orderNo": r.order_no, "xml": r.xml.decode("utf-8")}
        for r in receipts
    ]
    return _json("200 OK", {"epoch": simulator.epoch, "receipts": items})


def _one_receipt(simulator: CustomsSimulator, seq: str) -> _Response:
    if not seq.isdigit():
        return _json("404 Not Found", {"error": "not_found"})
    found = [receipt for receipt in simulator.receipts(after=int(seq) - 1) if receipt.seq == int(seq)]
    if not found:
        return _json("404 Not Found", {"error": "not_found"})
    return "200 OK", "application/xml", found[0].xml


def _faults(simulator: CustomsSimulator, environ, method: str) -> _Response:
    faults = simulator.config.faults
    if method == "POST":
        changes = _json_body(environ)
        if changes is None:
            return _json("400 Bad Request", {"error": "invalid_json"})
        reason = changes.get("rejectReason", faults.reject_reason)
        try:
            slow = parse_delay(changes.get("slowSeconds", faults.slow_seconds)).total_seconds()
        except CustomsError as exc:
            return _json("400 Bad Request", {"error": exc.code, "message": exc.message})
        if reason is not None and not (isinstance(reason, str) and 0 < len(reason) <= 1000):
            return _json("400 Bad Request", {"error": "simulator_config_invalid", "message": "rejectReason"})
        faults.down = bool(changes.get("down", faults.down))
        faults.slow_seconds = slow
        faults.reject_reason = reason
    return _json(
        "200 OK", {"down": faults.down, "slowSeconds": faults.slow_seconds, "rejectReason": faults.reject_reason}
    )


def _configure(simulator: CustomsSimulator, environ) -> _Response:
    changes = _json_body(environ)
    if changes is None:
        return _json("400 Bad Request", {"error": "invalid_json"})
    config = simulator.config
    try:
        delay = parse_delay(changes["receiptDelaySeconds"]) if "receiptDelaySeconds" in changes else None
        hold = parse_hold_status(changes["holdStatus"]) if "holdStatus" in changes else config.hold_status
    except CustomsError as exc:
        return _json("400 Bad Request", {"error": exc.code, "message": exc.message})
    if delay is not None:
        config.receipt_delay = delay
    config.hold_status = hold
    if "callbackUrl" in changes:
        config.callback_url = changes["callbackUrl"] or None
    return _json("200 OK", {"ok": True})


def _body(environ) -> bytes | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_MESSAGE_BYTES:
        return None
    return environ["wsgi.input"].read(length) if length else b""


def _json_body(environ) -> dict | None:
    body = _body(environ)
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _json(status: str, payload: dict) -> _Response:
    return status, "application/json", json.dumps(payload, ensure_ascii=False).encode("utf-8")
