"""Celery entry points of orders: the periodic expiry of unpaid orders."""

from celery import shared_task

from xborder.celery import app
from xborder.orders import services

EXPIRY_INTERVAL_SECONDS = 60.0

# Runs every minute under celery beat; the lead may move this entry into settings.CELERY_BEAT_SCHEDULE.
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "orders.expire_unpaid": {"task": "xborder.orders.tasks.expire_unpaid_orders", "schedule": EXPIRY_INTERVAL_SECONDS},
}


@shared_task(name="xborder.orders.tasks.expire_unpaid_orders")
def expire_unpaid_orders() -> int:
    """Cancel orders unpaid past ``XBORDER["ORDER_UNPAID_MINUTES"]`` (30 by default), releasing stock and
    quota. Safe to run on several workers at once: each order is cancelled by one conditional update."""
    return services.expire_unpaid_orders()
