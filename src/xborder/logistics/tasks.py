"""Celery entry points of logistics: polling carriers that have no webhook."""

from celery import shared_task

from xborder.logistics import services


@shared_task(name="logistics.poll_carriers")
def poll_carriers() -> int:
    """Fetch new tracking events of open legs from polled carriers; returns how many were new."""
    return services.poll_carriers()
