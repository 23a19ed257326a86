"""How declarations reach the customs single window and receipts come back.

:class:`CustomsGateway` is the interface; :class:`HttpGateway` talks to the single window (or the
simulator service, ``python -m xborder customs-sim``) at ``XBORDER_CUSTOMS_GATEWAY_URL``;
:class:`InProcessGateway` is bound to a :class:`CustomsSimulator` in this process, the embedded default when
no URL is set. Both raise ``GatewayUnavailable`` when the other side cannot take the message, which the
outbox turns into a retry with backoff.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

import httpx
from django.conf import settings

from xborder.customs import errors
from xborder.customs.errors import GatewayUnavailable
from xborder.customs.messages import MessageSigner, TestKeySigner
from xborder.customs.simulator import CustomsSimulator, SimulatorConfig

TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class SubmitResult:
    """The single window's immediate answer: taken for processing (perhaps again), or a CEB900 receipt."""

    accepted: bool
    duplicate: bool = False
    error_receipt: bytes | None = None


@dataclass(frozen=True)
class IncomingReceipt:
    """A receipt as the gateway lists it: its sequence number there and its XML."""

    seq: int
    message_type: str
    xml: bytes


@dataclass(frozen=True)
class ReceiptBatch:
    """The receipts listed after a cursor, oldest first, and the ``epoch`` their ``seq`` numbers count in
    (empty when the other side does not tell one). Another epoch than the cursor's means the numbering started
    again: the cursor's ``seq`` says nothing about it."""

    epoch: str
    receipts: list[IncomingReceipt]


class CustomsGateway(Protocol):
    """Submits declaration messages and lists receipts. ``name`` keys the polling cursor."""

    name: str

    def submit(self, xml: bytes) -> SubmitResult:
        """Hand over one message; raise ``GatewayUnavailable`` when it was not taken."""
        ...

    def receipts(self, *, after: int) -> ReceiptBatch:
        """Receipts numbered above ``after``; raise ``GatewayUnavailable`` when unreachable."""
        ...


class HttpGateway:
    """The simulator's (or a single-window adapter's) HTTP interface: ``POST /ceb``, ``GET /receipts``."""

    def __init__(self, url: str, *, timeout: float = TIMEOUT_SECONDS, client: httpx.Client | None = None) -> None:
        self.url = url.rstrip("/")
        self.name = f"http:{self.url}"
        self._client = client or httpx.Client(timeout=timeout)

    def submit(self, xml: bytes) -> SubmitResult:
        response = self._call("POST", "/ceb", content=xml, headers={"Content-Type": "application/xml"})
        if response.status_code == 400 and "xml" in response.headers.get("content-type", ""):
            return SubmitResult(accepted=False, error_receipt=response.content)
        if response.status_code != 202:
            raise _unavailable(f"single window answered {response.status_code} to a submission")
        return SubmitResult(accepted=True, duplicate=bool(response.json().get("duplicate")))

    def receipts(self, *, after: int) -> ReceiptBatch:
        response = self._call("GET", "/receipts", params={"after": after})
        if response.status_code != 200:
            raise _unavailable(f"single window answered {response.status_code} to a receipt poll")
        body = response.json()
        return ReceiptBatch(
            epoch=str(body.get("epoch") or ""),
            receipts=[
                IncomingReceipt(seq=int(item["seq"]), message_type=item["messageType"], xml=item["xml"].encode("utf-8"))
                for item in body.get("receipts", [])
            ],
        )

    def _call(self, method: str, path: str, **kwargs) -> httpx.Response:
        try:
            return self._client.request(method, f"{self.url}{path}", **kwargs)
        except httpx.HTTPError as exc:
            raise _unavailable(f"cannot reach {self.url}: {type(exc).__name__}") from None


class InProcessGateway:
    """A :class:`CustomsSimulator` living in this process (the embedded default, and tests)."""

    def __init__(self, simulator: CustomsSimulator) -> None:
        self.simulator = simulator
        # One cursor for the in-process simulator; a new simulator is told apart by its epoch.
        self.name = "in-process"

    def submit(self, xml: bytes) -> SubmitResult:
        submission = self.simulator.submit(xml)
        return SubmitResult(
            accepted=submission.accepted, duplicate=submission.duplicate, error_receipt=submission.error_receipt
        )

    def receipts(self, *, after: int) -> ReceiptBatch:
        if self.simulator.config.faults.down:
            raise _unavailable("customs simulator is down")
        return ReceiptBatch(
            epoch=self.simulator.epoch,
            receipts=[
                IncomingReceipt(seq=receipt.seq, message_type=receipt.message_type, xml=receipt.xml)
                for receipt in self.simulator.receipts(after=after)
            ],
        )


_lock = threading.Lock()
_default: CustomsGateway | None = None
_override: CustomsGateway | None = None
_signer: MessageSigner | None = None


def get_gateway() -> CustomsGateway:
    """The gateway in use: an override (tests), else HTTP when ``XBORDER_CUSTOMS_GATEWAY_URL`` is set, else a
    simulator in this process (created once)."""
    global _default
    if _override is not None:
        return _override
    with _lock:
        if _default is None:
            url = settings.XBORDER_CUSTOMS["GATEWAY_URL"].strip()
            _default = HttpGateway(url) if url else InProcessGateway(CustomsSimulator(SimulatorConfig()))
        return _default


@contextmanager
def use_gateway(gateway: CustomsGateway) -> Iterator[CustomsGateway]:
    """Route every customs call of the block through ``gateway``."""
    global _override
    previous, _override = _override, gateway
    try:
        yield gateway
    finally:
        _override = previous


def get_signer() -> MessageSigner:
    """The platform's message signer: the test-key XMLDSig signer (a device-certificate signer plugs in here)."""
    global _signer
    with _lock:
        if _signer is None:
            _signer = TestKeySigner.load_or_create()
        return _signer


def receipt_push_token() -> str:
    """The shared token the single window presents when it pushes receipts (``XBORDER_CUSTOMS_RECEIPT_TOKEN``,
    by default derived from the secret key); give it in the callback URL: ``.../receipts/push/?token=...``."""
    configured = settings.XBORDER_CUSTOMS["RECEIPT_TOKEN"].strip()
    if configured:
        return configured
    return hmac.new(settings.SECRET_KEY.encode(), b"customs-receipt-push", hashlib.sha256).hexdigest()


def _unavailable(message: str) -> GatewayUnavailable:
    return GatewayUnavailable(code=errors.GATEWAY_UNAVAILABLE, message=message)
