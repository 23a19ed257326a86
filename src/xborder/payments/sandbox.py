"""A sandbox third-party payment platform that behaves like a real one: a hosted payment page where the
payer confirms or declines and gives name and ID number (CBEC payer = buyer, compared by keyed hash),
and asynchronous notifications signed ``X-Sandbox-Signature: t=<unix>,v1=<HMAC-SHA256(t + "." + body)>``
that are refused when forged or older than five minutes.

``SandboxGateway`` is the merchant's side (the gateway interface); ``pay_charge`` / ``decline_charge`` are
what the payer does on the platform's page; ``notify`` is the platform calling the merchant back.
"""

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from xborder.accounts.resident_id import normalise_resident_id
from xborder.core.pii import keyed_hash
from xborder.core.secrets import dev_secret
from xborder.payments import errors
from xborder.payments.errors import PaymentError
from xborder.payments.gateways import GatewaySession, Notification
from xborder.payments.models import SandboxCharge
from xborder.payments.states import ChargeStatus

SIGNATURE_HEADER = "X-Sandbox-Signature"
TOLERANCE_SECONDS = 300


def signing_secret() -> str:
    return settings.XBORDER.get("SANDBOX_PAY_SECRET") or dev_secret(settings.VAR_DIR, "sandbox_pay_secret")


def sign(body: bytes, timestamp: int, secret: str | None = None) -> str:
    """The signature header value of ``body`` sent at ``timestamp``."""
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new((secret or signing_secret()).encode(), message, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(body: bytes, header: str, now: float | None = None) -> None:
    """Refuse a notification whose signature does not match or whose timestamp is stale (or from the future)."""
    parts = dict(part.split("=", 1) for part in (header or "").split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        raise PaymentError(errors.BAD_SIGNATURE, "The signature header is missing or malformed.", status=401) from None
    expected = sign(body, timestamp).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, given):
        raise PaymentError(errors.BAD_SIGNATURE, "The notification signature does not match.", status=401)
    if abs((now or time.time()) - timestamp) > TOLERANCE_SECONDS:
        raise PaymentError(errors.STALE_NOTIFICATION, "The notification is older than five minutes.", status=401)


class SandboxGateway:
    code = "sandbox"

    def create(self, payment) -> GatewaySession:
        charge = SandboxCharge.objects.create(
            token=secrets.token_urlsafe(24),
            transaction_id="SBX" + secrets.token_hex(10).upper(),
            merchant_ref=payment.number,
            amount=payment.amount,
            currency=payment.currency,
            requires_identity=payment.requires_identity,
            expected_payer_hash=payment.buyer_id_hash,
            return_url=payment.return_url,
        )
        url = reverse("payments:sandbox_page", kwargs={"token": charge.token})
        return GatewaySession(provider_ref=charge.transaction_id, redirect_url=url)

    def capture(self, payment) -> Decimal:
        """The sandbox captures when the payer confirms; this reports what it captured."""
        charge = SandboxCharge.objects.get(merchant_ref=payment.number)
        return charge.amount if charge.status == ChargeStatus.CAPTURED else Decimal("0.00")

    def refund(self, payment, amount: Decimal, refund_ref: str) -> str:
        updated = SandboxCharge.objects.filter(
            merchant_ref=payment.number, status=ChargeStatus.CAPTURED, refunded__lte=F("amount") - amount
        ).update(refunded=F("refunded") + amount)
        if updated != 1:
            raise PaymentError(errors.REFUND_EXCEEDS_CAPTURED, "The platform refused the refund.", status=409)
        return "SBR" + secrets.token_hex(8).upper()

    def parse_notification(self, body: bytes, headers: Mapping[str, str], now: float | None = None) -> Notification:
        verify(body, headers.get(SIGNATURE_HEADER, ""), now)
        try:
            data = json.loads(body)
            return Notification(
                notification_id=str(data["id"]),
                event=str(data["type"]),
                payment_ref=str(data["merchant_ref"]),
                provider_ref=str(data["transaction_id"]),
                amount=Decimal(str(data["amount"])),
                currency=str(data["currency"]),
                payer_name=str(data.get("payer_name", "")),
                payer_id_hash=str(data.get("payer_id_hash", "")),
                decline_reason=str(data.get("decline_reason", "")),
                payload=data,
            )
        except (ValueError, KeyError, TypeError, InvalidOperation):
            raise PaymentError(errors.MALFORMED_NOTIFICATION, "The notification body is not valid.") from None


def notification_body(charge: SandboxCharge, event: str, **extra) -> bytes:
    """The JSON the platform posts for ``event`` on ``charge`` (a fresh notification id each time)."""
    data = {
        "id": "evt_" + secrets.token_hex(12),
        "type": event,
        "transaction_id": charge.transaction_id,
        "merchant_ref": charge.merchant_ref,
        "amount": str(charge.amount),
        "currency": charge.currency,
        "status": charge.status,
        "payer_name": charge.payer_name,
        "payer_id_hash": charge.payer_id_hash,
        "created": int(time.time()),
        **extra,
    }
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def notify(charge: SandboxCharge, event: str, **extra) -> None:
    """Call the merchant back asynchronously (a Celery task; eager without a broker)."""
    from xborder.payments.tasks import deliver_sandbox_notification

    body = notification_body(charge, event, **extra)
    deliver_sandbox_notification.delay(body.decode(), sign(body, int(time.time())))


def open_charge(token: str) -> SandboxCharge:
    charge = SandboxCharge.objects.filter(token=token).first()
    if charge is None:
        raise PaymentError(errors.PAYMENT_NOT_FOUND, "No such payment.", status=404)
    return charge


def pay_charge(*, token: str, payer_name: str, payer_id_number: str) -> SandboxCharge:
    """The payer confirms on the hosted page. For a CBEC charge the payer's ID number must be the buyer's
    (keyed hash); otherwise the platform declines the charge with ``payer_not_buyer``."""
    payer_name = " ".join((payer_name or "").split())
    id_number = normalise_resident_id(payer_id_number or "")
    if not payer_name or not id_number:
        raise PaymentError(errors.PAYER_REQUIRED, "Enter the payer's name and ID number.", fields={"payer": "required"})
    payer_hash = keyed_hash(id_number)
    with transaction.atomic():
        charge = SandboxCharge.objects.select_for_update().get(pk=open_charge(token).pk)
        if charge.status != ChargeStatus.OPEN:
            raise PaymentError(errors.CHARGE_CLOSED, "This payment is already finished.", status=409)
        mismatch = charge.requires_identity and payer_hash != charge.expected_payer_hash
        charge.status = ChargeStatus.DECLINED if mismatch else ChargeStatus.CAPTURED
        charge.payer_name, charge.payer_id_hash = payer_name, payer_hash
        charge.save(update_fields=["status", "payer_name", "payer_id_hash", "updated_at"])
    if mismatch:
        notify(charge, "payment.declined", decline_reason=errors.PAYER_NOT_BUYER)
        raise PaymentError(errors.PAYER_NOT_BUYER, "The payer must be the buyer named on the order.")
    notify(charge, "payment.succeeded")
    return charge


def decline_charge(*, token: str) -> SandboxCharge:
    """The payer declines (cancels) on the hosted page."""
    with transaction.atomic():
        charge = SandboxCharge.objects.select_for_update().get(pk=open_charge(token).pk)
        if charge.status != ChargeStatus.OPEN:
            raise PaymentError(errors.CHARGE_CLOSED, "This payment is already finished.", status=409)
        charge.status = ChargeStatus.DECLINED
        charge.save(update_fields=["status", "updated_at"])
    notify(charge, "payment.declined", decline_reason="payer_declined")
    return charge
