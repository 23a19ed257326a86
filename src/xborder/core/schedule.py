"""Runs the periodic tasks of ``CELERY_BEAT_SCHEDULE`` inside one process.

Production runs ``celery beat`` with workers; the embedded default has no broker, so ``make run`` starts
this loop beside the web server to declare paid packages, poll customs receipts, sweep the outbox,
expire unpaid orders and the rest, exactly as beat would.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from celery import current_app
from django.conf import settings

logger = logging.getLogger(__name__)


@dataclass
class PeriodicTask:
    name: str
    task: str
    every: float
    due_at: float = 0.0


def seconds_of(schedule) -> float:
    """Beat accepts numbers and timedeltas for interval schedules; the loop needs seconds."""
    if isinstance(schedule, timedelta):
        return schedule.total_seconds()
    return float(schedule)


def periodic_tasks(schedule: dict | None = None) -> list[PeriodicTask]:
    schedule = settings.CELERY_BEAT_SCHEDULE if schedule is None else schedule
    return [PeriodicTask(name, entry["task"], seconds_of(entry["schedule"])) for name, entry in schedule.items()]


def run_due(tasks: list[PeriodicTask], now: float) -> list[str]:
    """Run every task that is due at ``now`` (in-process) and book its next run; returns the names run.

    A failing task is logged and retried at its next interval, like beat would; it never stops the loop.
    """
    ran = []
    for task in tasks:
        if task.due_at > now:
            continue
        try:
            current_app.tasks[task.task].apply(throw=True)
        except Exception:
            logger.exception("periodic task %s failed", task.name)
        task.due_at = now + task.every
        ran.append(task.name)
    return ran


def run_forever(tasks: list[PeriodicTask], *, clock: Callable[[], float] = time.monotonic, tick: float = 1.0):
    while True:
        run_due(tasks, clock())
        time.sleep(tick)
