"""Celery entry points of core; the outbox tasks are defined beside the outbox they deliver."""

from xborder.core.outbox import deliver_outbox_message, sweep_outbox

__all__ = ["deliver_outbox_message", "sweep_outbox"]
