"""Celery entry points of the customs pipeline. Periodic (beat): ``customs.declare_paid_packages``,
``customs.declare_pending_returns``, ``customs.poll_receipts`` and ``core.sweep_outbox`` (the outbox tasks
live in ``xborder.core.outbox`` and are registered by importing it here)."""

import logging

from celery import shared_task

from xborder.core.outbox import deliver_outbox_message, sweep_outbox
from xborder.customs.errors import GatewayUnavailable

logger = logging.getLogger(__name__)

__all__ = [
    "declare_paid_packages",
    "declare_pending_returns",
    "deliver_outbox_message",
    "poll_customs_receipts",
    "sweep_outbox",
]


@shared_task(name="customs.declare_paid_packages")
def declare_paid_packages(limit: int = 100) -> int:
    """Declare the paid CBEC packages that have no declaration yet."""
    from xborder.customs import services

    return services.declare_paid_packages(limit=limit)


@shared_task(name="customs.declare_pending_returns")
def declare_pending_returns(limit: int = 100) -> int:
    """Send a CEB625 for the accepted bonded returns that have none yet."""
    from xborder.customs import services

    return services.declare_pending_returns(limit=limit)


@shared_task(name="customs.poll_receipts")
def poll_customs_receipts(limit: int = 500) -> int:
    """Fetch and record new receipts; an unreachable gateway is logged and tried at the next run."""
    from xborder.customs import services

    try:
        return services.poll_receipts(limit=limit)
    except GatewayUnavailable as exc:
        logger.warning("customs receipts not polled: %s", exc.message)
        return 0
