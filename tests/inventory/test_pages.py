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


@pytest.mark.django_db
def test_staff_place_a_purchase_order_and_announce_a_shipment_through_the_pages(client):
    from tests.factories import VariantFactory
    from tests.factories.fulfilment import SelfOperatedStoreFactory
    from tests.factories.inbound import SupplierFactory
    from tests.factories.inventory import BondedWarehouseFactory
    from xborder.inventory.models import InboundShipment, PurchaseOrder

    client.force_login(StaffFactory())
    supplier, store, warehouse = SupplierFactory(), SelfOperatedStoreFactory(), BondedWarehouseFactory()
    first, second = VariantFactory(sku="SKU-A"), VariantFactory(sku="SKU-B")
    form = {"supplier": supplier.pk, "store": store.pk, "warehouse": warehouse.pk,
            "lines": "SKU-A, 12, 1500\nSKU-B, 3, 99.90\n"}  # fmt: skip

    response = client.post(reverse("inventory:purchase_orders"), form)

    order = PurchaseOrder.objects.get()
    assert response.status_code == 302
    lines = {line.variant_id: line for line in order.lines.all()}
    assert (lines[first.pk].quantity_ordered, str(lines[second.pk].unit_cost)) == (12, "99.90")
    units = {f"units-{lines[first.pk].pk}": "12", f"units-{lines[second.pk].pk}": "", "carrier_reference": "BL1"}
    client.post(reverse("inventory:announce", args=[order.number]), units)
    shipment = InboundShipment.objects.get()
    assert list(shipment.lines.values_list("purchase_order_line__variant_id", "quantity_expected")) == [(first.pk, 12)]


@pytest.mark.django_db
@pytest.mark.parametrize(("lines", "code"), [("NOPE, 1, 1", "variant_unknown"), ("SKU-A, x, 1", "quantity_invalid"),
                                             ("SKU-A, 1, -2", "cost_invalid"), ("SKU-A 1 1", "SKU, quantity")],
                         ids=["unknown-sku", "bad-quantity", "negative-cost", "not-three-columns"])  # fmt: skip
def test_a_bad_purchase_order_form_is_a_400_with_the_reason_and_nothing_is_placed(client, lines, code):
    from tests.factories import VariantFactory
    from tests.factories.fulfilment import SelfOperatedStoreFactory
    from tests.factories.inbound import SupplierFactory
    from tests.factories.inventory import BondedWarehouseFactory
    from xborder.inventory.models import PurchaseOrder

    client.force_login(StaffFactory())
    VariantFactory(sku="SKU-A")
    form = {"supplier": SupplierFactory().pk, "store": SelfOperatedStoreFactory().pk,
            "warehouse": BondedWarehouseFactory().pk, "lines": lines}  # fmt: skip

    response = client.post(reverse("inventory:purchase_orders"), form)

    assert response.status_code == 400
    assert code in response.content.decode()
    assert not PurchaseOrder.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["stockmovement", "inbounddiscrepancy", "purchaseorder", "inboundshipment"])
def test_the_admin_shows_ledger_and_inbound_rows_but_cannot_add_change_or_delete_them(admin_client, model, line):
    from xborder.inventory.services import StockRequest, add_stock

    add_stock([StockRequest(line.purchase_order_line.variant_id, line.shipment.warehouse_id, 1)], reason="received")
    base = f"/admin/inventory/{model}/"

    assert admin_client.get(base).status_code == 200
    assert admin_client.get(base + "add/").status_code == 403
