"""Our XSDs and the builders' element tables describe the same sequences, and both accept what we build."""

import pytest
from lxml import etree

from xborder.customs.messages import layout
from xborder.customs.messages.schema import XSD_DIR

XS = "{http://www.w3.org/2001/XMLSchema}"
ENVELOPE = ["guid", "appType", "appTime", "appStatus"]


def _schema(name: str) -> etree._Element:
    return etree.parse(str(XSD_DIR / name)).getroot()


def _sequence(schema: etree._Element, node: etree._Element) -> list[str]:
    names: list[str] = []
    for child in node.find(f"{XS}sequence"):
        if child.tag == f"{XS}element":
            names.append(child.get("name") or child.get("ref"))
        elif child.tag == f"{XS}group":
            group = schema.find(f"{XS}group[@name='{child.get('ref').split(':')[1]}']")
            names.extend(_sequence(schema, group))
    return names


def _type(schema_name: str, type_name: str) -> list[str]:
    schema = _schema(schema_name)
    node = schema.find(f"{XS}complexType[@name='{type_name}']")
    if node is None:
        node = schema.find(f"{XS}group[@name='{type_name}']")
    return _sequence(schema, node)


def _tags(fields) -> list[str]:
    return [field.tag for field in fields]


@pytest.mark.parametrize(
    ("type_name", "fields", "with_envelope"),
    [
        pytest.param("OrderHead", layout.ORDER_HEAD, True, id="OrderHead"),
        pytest.param("OrderList", layout.ORDER_LIST, False, id="OrderList"),
        pytest.param("PaymentHead", layout.PAYMENT_HEAD, True, id="PaymentHead"),
        pytest.param("LogisticsHead", layout.LOGISTICS_HEAD, True, id="LogisticsHead"),
        pytest.param("InventoryHead", layout.INVENTORY_HEAD, True, id="InventoryHead"),
        pytest.param("InventoryList", layout.INVENTORY_LIST, False, id="InventoryList"),
        pytest.param("CancelFields", layout.CANCEL_HEAD, True, id="InvtCancel"),
        pytest.param("InvtRefundList", layout.REFUND_LIST, False, id="InvtRefundList"),
    ],
)
def test_declaration_xsd_and_builder_table_agree(type_name, fields, with_envelope):
    expected = (ENVELOPE if with_envelope else []) + _tags(fields)

    assert _type("ceb_declarations.xsd", type_name) == expected


@pytest.mark.parametrize(
    ("type_name", "fields"),
    [
        pytest.param("InventoryReturn", layout.INVENTORY_RETURN, id="InventoryReturn"),
        pytest.param("TaxHeadRd", layout.TAX_HEAD, id="TaxHeadRd"),
        pytest.param("TaxListRd", layout.TAX_LIST, id="TaxListRd"),
    ],
)
def test_receipt_xsd_and_parser_table_agree(type_name, fields):
    assert _type("ceb_receipts.xsd", type_name) == _tags(fields)


@pytest.mark.parametrize(
    ("container", "child", "max_occurs"),
    [
        pytest.param("CEB311Message", "Order", "100", id="orders-per-message"),
        pytest.param("CEB411Message", "Payment", "100", id="payments-per-message"),
        pytest.param("CEB511Message", "Logistics", "100", id="waybills-per-message"),
        pytest.param("CEB621Message", "Inventory", "100", id="inventories-per-message"),
        pytest.param("CEB623Message", "InvtCancel", "100", id="cancels-per-message"),
        pytest.param("CEB625Message", "InvtRefund", "100", id="returns-per-message"),
    ],
)
def test_declaration_messages_carry_up_to_100_documents(container, child, max_occurs):
    schema = _schema("ceb_declarations.xsd")

    element = schema.find(f"{XS}element[@name='{container}']//{XS}element[@name='{child}']")

    assert element.get("maxOccurs") == max_occurs


@pytest.mark.parametrize(
    ("type_name", "child"),
    [
        pytest.param("Order", "OrderList", id="order-lines"),
        pytest.param("Inventory", "InventoryList", id="inventory-lines"),
        pytest.param("InvtRefund", "InvtRefundList", id="return-lines"),
    ],
)
def test_documents_carry_up_to_99_lines(type_name, child):
    schema = _schema("ceb_declarations.xsd")

    element = schema.find(f"{XS}complexType[@name='{type_name}']//{XS}element[@name='{child}']")

    assert element.get("maxOccurs") == "99"
