"""Celery entry points of the seller portal."""

from celery import shared_task

from xborder.sellerportal import catalog_import


@shared_task(acks_late=True)
def run_catalog_import(job_id: int) -> str:
    """Process one catalog import job; returns its final status."""
    return catalog_import.process(job_id).status
