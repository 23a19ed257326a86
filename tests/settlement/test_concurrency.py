"""Races on real PostgreSQL: the store row lock serialises a store's ledger writes, the unique (kind, reference)
constraint makes recording idempotent."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from tests.factories import FxRateFactory
from tests.factories.sellers import StoreFactory
from tests.settlement.conftest import T0
from xborder.core.errors import DomainError
from xborder.settlement import selectors, services
from xborder.settlement.models import AccountCode as A
from xborder.settlement.models import JournalEntry, Payout

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(count: int, work) -> list[str]:
    barrier, results = threading.Barrier(count), []

    def run(index):
        barrier.wait()
        try:
            work(index)
            results.append("ok")
        except DomainError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_eight_payout_runs_at_once_pay_a_store_once():
    store = StoreFactory()
    FxRateFactory(base_id="CNY", quote_id="JPY", rate=Decimal("20.5"), valid_from=T0 - dt.timedelta(days=1))
    services.record_buyer_payment(store=store, order_reference="O1", goods="100.00", occurred_at=T0)
    services.hold_until_return_window(store=store, order_reference="O1", delivered_at=T0)
    services.release_due_payables(now=T0 + dt.timedelta(days=8))

    race(8, lambda i: services.pay_out_store(store=store, at=T0 + dt.timedelta(days=8, seconds=i)))

    assert Payout.objects.count() == 1
    assert selectors.owed_balance(A.SELLER_PAYABLE_AVAILABLE, store=store) == 0


def test_the_same_payment_recorded_by_eight_workers_is_one_entry():
    store = StoreFactory()

    results = race(8, lambda i: services.record_buyer_payment(store=store, order_reference="O1", goods="100.00"))

    assert results.count("ok") == 1 and results.count("already_recorded") == 7
    assert JournalEntry.objects.count() == 1


def test_concurrent_refunds_never_exceed_the_order():
    store = StoreFactory()
    services.record_buyer_payment(store=store, order_reference="O1", goods="300.00", occurred_at=T0)

    results = race(5, lambda i: services.record_refund(store=store, order_reference="O1", refund_reference=f"R{i}",
                                                       goods="100.00"))  # fmt: skip

    assert results.count("ok") == 3 and results.count("refund_exceeds_payment") == 2
    assert selectors.owed_balance(A.SELLER_PAYABLE, store=store) == 0
    assert selectors.unbalanced_entries() == []
