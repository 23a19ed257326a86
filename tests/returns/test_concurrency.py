"""Races on real PostgreSQL: the package row lock lets only one of several identical return requests claim
the same units."""

import threading

import pytest
from django.db import connection

from tests.factories.fulfilment import delivered_cbec_package
from tests.returns.conftest import DAY, DELIVERED, RELEASED
from xborder.returns import services
from xborder.returns.errors import ReturnError
from xborder.returns.models import ReturnRequest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_five_requests_for_the_last_unit_make_one_return():
    package = delivered_cbec_package(released_at=RELEASED, delivered_at=DELIVERED)
    line = package.lines.order_by("pk").last()
    barrier, results = threading.Barrier(5), []

    def buyer():
        barrier.wait()
        try:
            services.request_return(buyer=package.order.buyer, package=package, lines={line.pk: 1},
                                    reason="changed_mind", now=DELIVERED + DAY)  # fmt: skip
            results.append("ok")
        except ReturnError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=buyer) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count("ok") == 1 and results.count("quantity_exceeds") == 4
    assert ReturnRequest.objects.count() == 1
