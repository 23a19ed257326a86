"""The transactional outbox: written with the state change, delivered once, retried with exponential backoff,
never delivered twice by concurrent workers (PostgreSQL, SKIP LOCKED)."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from xborder.core.errors import DomainError
from xborder.core.models import OutboxMessage, OutboxStatus
from xborder.core.outbox import backoff, deliver, deliver_due, enqueue

CALLS: list[str] = []
FAILURES: dict[str, int] = {}
_calls_lock = threading.Lock()


def record_call(message) -> None:
    """Test handler: remembers each delivery; fails as often as FAILURES says for its key."""
    if FAILURES.get(message.key, 0) > 0:
        FAILURES[message.key] -= 1
        raise ConnectionError("receiver down")
    time.sleep(0.01)  # widen the window in which two workers could collide
    with _calls_lock:
        CALLS.append(message.key)


HANDLER = f"{__name__}.record_call"


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()
    FAILURES.clear()


def message(key: str, **fields) -> OutboxMessage:
    # The test handler lives outside xborder, so the row is written directly rather than through enqueue().
    return OutboxMessage.objects.create(handler=HANDLER, key=key, **fields)


@pytest.mark.parametrize(
    ("attempts", "seconds"), [(1, 5), (2, 10), (3, 20), (8, 640), (10, 2560), (11, 3600), (50, 3600)]
)
def test_backoff_doubles_from_five_seconds_up_to_an_hour(attempts, seconds):
    assert backoff(attempts) == timedelta(seconds=seconds)


@pytest.mark.django_db
def test_a_due_message_is_delivered_once_and_then_left_alone():
    row = message("a")

    assert deliver_due() == 1
    assert deliver_due() == 0
    assert deliver(row.pk) is False

    row.refresh_from_db()
    assert (row.status, row.attempts, CALLS) == (OutboxStatus.DELIVERED, 1, ["a"])


@pytest.mark.django_db
def test_a_failing_delivery_is_retried_after_an_exponential_backoff():
    row = message("b")
    FAILURES["b"] = 2
    start = timezone.now()

    assert deliver_due(now=start) == 0
    row.refresh_from_db()
    assert (row.attempts, row.next_attempt_at, row.status) == (1, start + timedelta(seconds=5), OutboxStatus.PENDING)
    assert row.last_error == "ConnectionError: receiver down"
    assert deliver_due(now=start + timedelta(seconds=4)) == 0  # not due yet
    assert deliver_due(now=start + timedelta(seconds=5)) == 0
    row.refresh_from_db()
    assert row.next_attempt_at == start + timedelta(seconds=15)

    assert deliver_due(now=start + timedelta(seconds=15)) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error, CALLS) == (OutboxStatus.DELIVERED, 3, "", ["b"])


@pytest.mark.django_db
def test_enqueue_refuses_a_handler_outside_the_project_and_a_duplicate_key():
    with pytest.raises(DomainError) as refused:
        enqueue(handler="os.system", key="x")
    assert refused.value.code == "outbox_handler_invalid"

    enqueue(handler="xborder.customs.services.send_declaration_message", key="k")
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 - IntegrityError of the unique constraint
        enqueue(handler="xborder.customs.services.send_declaration_message", key="k")
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_a_rolled_back_transaction_leaves_no_message():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(handler="xborder.customs.services.send_declaration_message", key="rolled-back")
        raise RuntimeError("the state change failed")

    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_enqueue_asks_for_delivery_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue(handler="xborder.customs.services.send_declaration_message", key="kick")

    assert len(callbacks) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_never_deliver_the_same_message_twice():
    OutboxMessage.objects.bulk_create(OutboxMessage(handler=HANDLER, key=f"m{n}") for n in range(40))
    barrier = threading.Barrier(4)

    def worker():
        try:
            barrier.wait()
            deliver_due(limit=40)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(CALLS) == sorted(f"m{n}" for n in range(40))
    assert OutboxMessage.objects.filter(status=OutboxStatus.DELIVERED).count() == 40
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
