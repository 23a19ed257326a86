"""Transactional outbox: messages to the outside world are rows written in the same transaction as the
state change that causes them, then delivered by a worker, so an outage of the receiver delays them and
loses nothing.

* :func:`enqueue` (inside the caller's transaction) writes an :class:`OutboxMessage` and, once that
  transaction commits, asks a Celery worker to deliver it (inline in the embedded, eager default).
* :func:`deliver` / :func:`deliver_due` lock one due row at a time (``SELECT ... FOR UPDATE SKIP LOCKED`` on
  PostgreSQL; SQLite's ``IMMEDIATE`` transactions already serialise writers), call its handler and either
  mark it delivered or count the attempt and push ``next_attempt_at`` back exponentially. Several workers
  therefore never deliver the same row at the same time, and a delivered row is never taken again.
* The periodic :func:`sweep_outbox` task picks up whatever is due (retries, rows whose kick was lost).

Delivery is at least once: a worker that dies after the receiver got the message but before its commit
lets the row be sent again, so receivers must be idempotent by the message's own id (customs is, by guid).
A handler is any function ``handler(message)``; raising means "not delivered, try again later".
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from celery import current_app, shared_task
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from xborder.core.errors import DomainError
from xborder.core.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

BASE_BACKOFF_SECONDS = 5
MAX_BACKOFF_SECONDS = 3600
HANDLER_PREFIX = "xborder."
OUTBOX_HANDLER_INVALID = "outbox_handler_invalid"


def enqueue(*, handler: str, key: str, payload: dict | None = None) -> OutboxMessage:
    """Write one message for ``handler`` (a dotted path under ``xborder.``) in the current transaction;
    delivery is requested when that transaction commits. ``key`` is unique per handler."""
    if not handler.startswith(HANDLER_PREFIX) or len(handler) > 120:
        raise DomainError(OUTBOX_HANDLER_INVALID, f"An outbox handler lives under {HANDLER_PREFIX!r}.")
    message = OutboxMessage.objects.create(handler=handler, key=key, payload=payload or {})
    transaction.on_commit(partial(_request_delivery, message.pk))
    return message


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt after ``attempts`` failed ones: 5 s, 10 s, 20 s, ... capped at 1 h."""
    exponent = min(max(attempts - 1, 0), 20)
    return timedelta(seconds=min(BASE_BACKOFF_SECONDS * 2**exponent, MAX_BACKOFF_SECONDS))


def deliver(message_id: int, *, now: datetime | None = None) -> bool:
    """Deliver one message if it is still pending and due; False when it was not (or failed again)."""
    now = now or timezone.now()
    with transaction.atomic():
        message = _lock_first(OutboxMessage.objects.filter(pk=message_id))
        if message is None:
            return False
        return _attempt(message, now)


def deliver_due(*, limit: int = 100, now: datetime | None = None) -> int:
    """Deliver up to ``limit`` due messages, oldest first, each in its own short transaction; returns how
    many were delivered. Rows locked by another worker are skipped, not waited for."""
    now = now or timezone.now()
    delivered = 0
    for _ in range(limit):
        with transaction.atomic():
            message = _lock_first(OutboxMessage.objects.order_by("next_attempt_at", "id"), now=now)
            if message is None:
                break
            delivered += _attempt(message, now)
    return delivered


def retry_now(*, message: OutboxMessage) -> OutboxMessage:
    """Make a pending message due immediately (an operator saw the receiver is back)."""
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(next_attempt_at=timezone.now())
    message.refresh_from_db()
    return message


def _lock_first(queryset, *, now: datetime | None = None) -> OutboxMessage | None:
    due = queryset.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now or timezone.now())
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True)
    return due.first()


def _attempt(message: OutboxMessage, now: datetime) -> bool:
    message.attempts += 1
    try:
        # A savepoint: a failing handler's own writes are undone, the bookkeeping below is kept.
        with transaction.atomic():
            import_string(message.handler)(message)
    except Exception as exc:
        message.next_attempt_at = now + backoff(message.attempts)
        message.last_error = f"{type(exc).__name__}: {exc}"[:500]
        message.save(update_fields=["attempts", "next_attempt_at", "last_error"])
        logger.warning("outbox %s attempt %s failed: %s", message.pk, message.attempts, message.last_error)
        transaction.on_commit(partial(_request_delivery, message.pk, countdown=backoff(message.attempts)))
        return False
    message.status, message.delivered_at, message.last_error = OutboxStatus.DELIVERED, now, ""
    message.save(update_fields=["attempts", "status", "delivered_at", "last_error"])
    return True


def _request_delivery(message_id: int, countdown: timedelta | None = None) -> None:
    """Ask a worker to deliver now (or after ``countdown``). Eagerly, a retry is left to the sweep: running
    it inline would block the caller for the whole backoff. A broker outage is logged, the sweep recovers."""
    eager = current_app.conf.task_always_eager
    if countdown is not None and eager:
        return
    try:
        if countdown is None:
            deliver_outbox_message.delay(message_id)
        else:
            deliver_outbox_message.apply_async((message_id,), countdown=countdown.total_seconds())
    except Exception:
        logger.exception("outbox %s: could not reach the task queue", message_id)


@shared_task(name="core.deliver_outbox_message")
def deliver_outbox_message(message_id: int) -> bool:
    """Deliver one outbox message (queued when its transaction commits)."""
    return deliver(message_id)


@shared_task(name="core.sweep_outbox")
def sweep_outbox(limit: int = 500) -> int:
    """Periodic: deliver every due outbox message (retries after backoff, lost kicks)."""
    return deliver_due(limit=limit)
