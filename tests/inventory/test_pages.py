"""The operator's purchase-order and receiving pages: staff only, receiving through the form."""

import pytest
from django.urls import reverse

from tests.factories import StaffFactory, UserFactory
from tests.factories.inbound import InboundLineFactory
from xborder.inventory.models import InboundDiscrepancy, InboundStatus, StockItem


@pytest.fixture
def line(db):
    return InboundLineFactory(quantity_expected=10)


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("buyer", 403), ("staff", 200)],
                         ids=["anonymous", "buyer", "staff"])  # fmt: skip
def test_purchase_order_pages_are_for_staff_only(client, line, who, status):
    if who != "anonymous":
        client.force_login(StaffFactory() if who == "staff" else UserFactory())
    number = line.shipment.purchase_order.number

    for url in (reverse("inventory:purchase_orders"), reverse("inventory:purchase_order", args=[number])):
        assert client.get(url).status_code == status
    receive = client.post(reverse("inventory:receive", args=[line.shipment.number]), {f"counted-{line.pk}": "10"})
    assert receive.status_code == (302 if who != "buyer" else 403)
    line.shipment.refresh_from_db()
    assert line.shipment.status == (InboundStatus.RECEIVED if who == "staff" else InboundStatus.EXPECTED)


def test_staff_receive_a_shipment_through_the_form_and_see_its_discrepancies(client, line):
    client.force_login(StaffFactory())
    detail = reverse("inventory:purchase_order", args=[line.shipment.purchase_order.number])
    assert f'name="counted-{line.pk}"' in client.get(detail).content.decode()

    client.post(reverse("inventory:receive", args=[line.shipment.number]),
                {f"counted-{line.pk}": "9", f"damaged-{line.pk}": "1"})  # fmt: skip

    assert StockItem.objects.get(warehouse=line.shipment.warehouse).quantity == 8
    assert set(InboundDiscrepancy.objects.values_list("kind", "quantity")) == {("short", 1), ("damaged", 1)}
    assert "Short (fewer than expected): 1" in client.get(detail).content.decode()


def test_a_bad_count_in_the_form_is_shown_and_nothing_is_received(client, line):
    client.force_login(StaffFactory())

    response = client.post(reverse("inventory:receive", args=[line.shipment.number]), {f"counted-{line.pk}": "x"},
                           follow=True)  # fmt: skip

    assert "quantity_invalid" in response.content.decode()
    line.shipment.refresh_from_db()
    assert line.shipment.status == InboundStatus.EXPECTED
