"""Celery entry points of settlement: releases after return windows and payout runs."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from xborder.settlement import fees, from_orders, services


@shared_task(name="settlement.release_due_payables")
def release_due_payables() -> int:
    """Release the seller payables whose return window has ended; returns how many were released."""
    return len(services.release_due_payables())


@shared_task(name="settlement.run_payouts")
def run_payouts() -> list[str]:
    """Pay out every store's available payable; returns the payout references."""
    return [payout.reference for payout in services.run_payouts()]


@shared_task(name="settlement.record_paid_orders")
def record_paid_orders() -> int:
    """Put newly paid orders into the ledger; returns how many were recorded."""
    return from_orders.record_paid_orders()


@shared_task(name="settlement.record_closed_orders")
def record_closed_orders() -> int:
    """Give back in the ledger what is left of paid orders that were cancelled or refunded (not by a return)."""
    return from_orders.record_closed_orders()


@shared_task(name="settlement.record_last_months_agency_fees")
def record_last_months_agency_fees() -> int:
    """Charge agency fees for the month that ended; daily, so a store short of payable is charged on a later
    day (a month already charged is skipped). Returns how many fees were charged."""
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    return len(fees.record_agency_fees(month=last_month).charged)
