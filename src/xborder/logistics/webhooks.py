"""Signed tracking webhooks: ``X-Xborder-Timestamp`` (unix seconds) and ``X-Xborder-Signature``
(``sha256=`` + hex HMAC-SHA256 of ``"<timestamp>." + body`` under the carrier's secret).

A request is refused unless signed by that carrier and stamped within five minutes of our clock; a verified
request seen before (same signature) is a replay and changes nothing; events already stored are duplicates.
"""

import datetime as dt
import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from xborder.logistics.clients import CarrierEvent
from xborder.logistics.errors import LogisticsError
from xborder.logistics.models import Carrier, EventCode, EventSource, WebhookDelivery
from xborder.logistics.services import RecordResult, record_tracking_events

WINDOW_SECONDS = 300
MAX_EVENTS = 500


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The signature header value a carrier sends (also what tests and the sandbox use)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


@dataclass(frozen=True)
class WebhookResult:
    replay: bool
    created: int = 0
    duplicates: int = 0
    unknown: tuple[str, ...] = ()


def receive_tracking_webhook(
    *, carrier_code: str, timestamp: str | None, signature: str | None, body: bytes, now: float | None = None
) -> WebhookResult:
    """Verify, de-duplicate and record one webhook delivery in one transaction."""
    carrier = Carrier.objects.filter(code=carrier_code, is_active=True).first()
    if carrier is None or not carrier.has_webhook:
        raise LogisticsError("carrier_not_found", "No such carrier takes webhooks.", status=404)
    stamp = _verified(carrier, timestamp, signature, body, time.time() if now is None else now)
    events = parse_events(body)
    digest = signature.removeprefix("sha256=")
    with transaction.atomic():
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(carrier=carrier, signature=digest, timestamp=stamp)
        except IntegrityError:
            return WebhookResult(replay=True)
        result: RecordResult = record_tracking_events(carrier=carrier, events=events, source=EventSource.WEBHOOK)
        delivery.event_count = result.created
        delivery.save(update_fields=["event_count"])
    return WebhookResult(False, result.created, result.duplicates, tuple(result.unknown))


def _verified(carrier: Carrier, timestamp, signature, body: bytes, now: float) -> int:
    if not timestamp or not signature:
        raise LogisticsError("signature_missing", "Timestamp and signature headers are required.", status=401)
    try:
        stamp = int(timestamp)
    except ValueError:
        raise LogisticsError("timestamp_invalid", "The timestamp is unix seconds.", status=401) from None
    if abs(now - stamp) > WINDOW_SECONDS:
        raise LogisticsError("timestamp_out_of_window", "The request is older than five minutes.", status=401)
    if not hmac.compare_digest(sign(carrier.webhook_secret, timestamp, body), signature):
        raise LogisticsError("signature_invalid", "The signature does not match.", status=401)
    return stamp


def parse_events(body: bytes) -> list[CarrierEvent]:
    """``{"events": [{"id", "tracking_number", "code", "occurred_at" (ISO 8601 with offset), "location"?,
    "description"?}]}``; anything else is ``payload_invalid`` naming the bad field."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise LogisticsError("payload_invalid", "The body is not JSON.") from None
    items = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(items, list) or not 0 < len(items) <= MAX_EVENTS:
        raise LogisticsError("payload_invalid", f"'events' is a list of 1-{MAX_EVENTS}.", fields={"events": "invalid"})
    return [_event(item, index) for index, item in enumerate(items)]


def _event(item, index: int) -> CarrierEvent:
    def bad(name: str) -> LogisticsError:
        return LogisticsError(
            "payload_invalid", f"events[{index}].{name} is invalid.", fields={f"events.{index}.{name}": "invalid"}
        )

    if not isinstance(item, dict):
        raise bad("event")
    text = {name: item.get(name) for name in ("id", "tracking_number", "code", "occurred_at")}
    for name, value in text.items():
        if not isinstance(value, str) or not value.strip() or len(value) > 64:
            raise bad(name)
    if text["code"] not in EventCode.values:
        raise bad("code")
    try:
        occurred_at = dt.datetime.fromisoformat(text["occurred_at"].replace("Z", "+00:00"))
    except ValueError:
        raise bad("occurred_at") from None
    if occurred_at.tzinfo is None:
        raise bad("occurred_at")
    extras = {name: item.get(name) or "" for name in ("location", "description")}
    if not all(isinstance(value, str) for value in extras.values()):
        raise bad("location")
    return CarrierEvent(
        event_id=text["id"].strip(), tracking_number=text["tracking_number"].strip(), code=text["code"],
        occurred_at=occurred_at, location=extras["location"][:100], description=extras["description"][:200],
    )  # fmt: skip
