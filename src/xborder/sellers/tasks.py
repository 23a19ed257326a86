"""Celery entry points of sellers."""

from celery import shared_task

from xborder.sellers import services


@shared_task
def flag_expiring_documents() -> int:
    """Daily: flag qualification documents that expire within 30 days (the operator's review badge)."""
    return services.flag_expiring_documents()
