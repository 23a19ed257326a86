"""Celery entry points of orders: the periodic expiry of unpaid orders."""

from celery import shared_task

from xborder.orders import services


@shared_task(name="xborder.orders.tasks.expire_unpaid_orders")
def expire_unpaid_orders() -> int:
    """Cancel orders unpaid past ``XBORDER["ORDER_UNPAID_MINUTES"]`` (30 by default), releasing stock and
    quota. Safe to run on several workers at once: each order is cancelled by one conditional update."""
    return services.expire_unpaid_orders()
