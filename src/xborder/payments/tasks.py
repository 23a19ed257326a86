"""Celery entry points of payments: delivering the sandbox platform's notifications."""

from celery import shared_task

from xborder.payments.errors import PaymentError


@shared_task(bind=True, max_retries=8, default_retry_delay=5)
def deliver_sandbox_notification(self, body: str, signature: str) -> str:
    """The sandbox platform calling the merchant back; retried like a real platform when processing fails
    for a reason other than a refused notification."""
    from xborder.payments.sandbox import SIGNATURE_HEADER
    from xborder.payments.services import receive_notification

    try:
        return receive_notification(gateway="sandbox", body=body.encode(), headers={SIGNATURE_HEADER: signature})
    except PaymentError:
        raise
    except Exception as exc:
        raise self.retry(exc=exc) from exc
