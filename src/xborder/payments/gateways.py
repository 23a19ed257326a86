"""The payment gateway interface and the registry that picks a gateway by code from settings.

A real provider plugs in by adding ``XBORDER["PAYMENT_GATEWAYS"] = {"code": "dotted.path.Class"}``;
orders and checkout only ever talk to ``payments.services``.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from xborder.payments.errors import UNKNOWN_GATEWAY, PaymentError

DEFAULT_GATEWAYS = {"sandbox": "xborder.payments.sandbox.SandboxGateway"}
DEFAULT_GATEWAY = "sandbox"


@dataclass(frozen=True, slots=True)
class GatewaySession:
    """Where to send the payer (the provider's hosted page) and the provider's reference."""

    provider_ref: str
    redirect_url: str


@dataclass(frozen=True, slots=True)
class Notification:
    """A verified, parsed asynchronous notification from a provider."""

    notification_id: str
    event: str
    payment_ref: str
    provider_ref: str
    amount: Decimal
    currency: str
    payer_name: str = ""
    payer_id_hash: str = ""
    decline_reason: str = ""
    payload: Mapping = field(default_factory=dict)


class PaymentGateway(Protocol):
    code: str

    def create(self, payment) -> GatewaySession:
        """Open a charge for ``payment`` at the provider; the payer is sent to ``redirect_url``."""

    def capture(self, payment) -> Decimal:
        """Capture the authorised amount; returns what the provider holds as captured."""

    def refund(self, payment, amount: Decimal, refund_ref: str) -> str:
        """Give ``amount`` back to the payer; returns the provider's refund reference."""

    def parse_notification(self, body: bytes, headers: Mapping[str, str], now: float | None = None) -> Notification:
        """Verify the signature and freshness of a notification and parse it; ``PaymentError`` otherwise."""


@cache
def _load(path: str):
    return import_string(path)()


def get_gateway(code: str | None = None) -> PaymentGateway:
    code = code or settings.XBORDER.get("PAYMENT_GATEWAY", DEFAULT_GATEWAY)
    paths = settings.XBORDER.get("PAYMENT_GATEWAYS", DEFAULT_GATEWAYS)
    if code not in paths:
        raise PaymentError(UNKNOWN_GATEWAY, f"No payment gateway {code!r} is configured.", fields={"gateway": code})
    return _load(paths[code])
