"""Concurrent reservations on real PostgreSQL can never take a buyer over 26,000."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from xborder.duties.errors import DutiesError
from xborder.duties.selectors import annual_used
from xborder.duties.services import reserve_quota

BUYER = "e" * 64


def reserve_in_threads(amounts: list[str]) -> list[str]:
    """Reserve each amount from its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(amounts))
    outcomes: list[str] = []

    def work(index: int, amount: str) -> None:
        try:
            barrier.wait()
            reserve_quota(id_hash=BUYER, package_ref=f"P-{index}", amount=Decimal(amount))
            outcomes.append("reserved")
        except DutiesError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, amount)) for i, amount in enumerate(amounts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_reservations_cannot_pass_the_annual_limit():
    outcomes = reserve_in_threads(["15000.00", "15000.00"])

    assert sorted(outcomes) == ["over_annual_limit", "reserved"]
    assert annual_used(BUYER, 2026) <= Decimal("26000.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_concurrent_small_reservations_stop_exactly_at_26000():
    outcomes = reserve_in_threads(["1000.00"] * 30)

    assert outcomes.count("reserved") == 26
    assert annual_used(BUYER, 2026) == Decimal("26000.00")
