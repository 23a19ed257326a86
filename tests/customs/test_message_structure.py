"""Golden structure of every declaration: the §6.2 envelope and the §6.4 element order.

Expected sequences are typed here from REGULATION §6.4 (not read from the builders' tables), with
the optional elements the sample drafts fill in.
"""

import itertools
import re
from dataclasses import replace
from decimal import Decimal

import pytest

from tests.customs import samples
from tests.customs.xmlutil import children, find, root_of, text
from xborder.customs.messages import (
    CancelDraft,
    RefundDraft,
    build_cancel_message,
    build_inventory_message,
    build_order_message,
    build_payment_message,
    build_refund_message,
    build_waybill_message,
)

GUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")
ENVELOPE = ["guid", "appType", "appTime", "appStatus"]
ORDER_HEAD = [
    *ENVELOPE,
    "orderType",
    "orderNo",
    "ebpCode",
    "ebpName",
    "ebcCode",
    "ebcName",
    "goodsValue",
    "freight",
    "discount",
    "taxTotal",
    "acturalPaid",
    "currency",
    "buyerRegNo",
    "buyerName",
    "buyerTelephone",
    "buyerIdType",
    "buyerIdNumber",
    "payCode",
    "payName",
    "payTransactionId",
    "consignee",
    "consigneeTelephone",
    "consigneeAddress",
    "consigneeDistrict",
]
ORDER_LIST_1 = [
    "gnum",
    "itemNo",
    "itemName",
    "gmodel",
    "barCode",
    "unit",
    "qty",
    "price",
    "totalPrice",
    "currency",
    "country",
]
PAYMENT_HEAD = [
    *ENVELOPE,
    "payCode",
    "payName",
    "payTransactionId",
    "orderNo",
    "ebpCode",
    "ebpName",
    "payerIdType",
    "payerIdNumber",
    "payerName",
    "telephone",
    "amountPaid",
    "currency",
    "payTime",
]
LOGISTICS_HEAD = [
    *ENVELOPE,
    "logisticsCode",
    "logisticsName",
    "logisticsNo",
    "orderNo",
    "freight",
    "insuredFee",
    "currency",
    "weight",
    "packNo",
    "goodsInfo",
    "consignee",
    "consigneeAddress",
    "consigneeTelephone",
]
INVENTORY_HEAD_1210 = [
    *ENVELOPE,
    "orderNo",
    "ebpCode",
    "ebpName",
    "ebcCode",
    "ebcName",
    "logisticsNo",
    "logisticsCode",
    "logisticsName",
    "copNo",
    "assureCode",
    "emsNo",
    "ieFlag",
    "declTime",
    "customsCode",
    "portCode",
    "buyerIdType",
    "buyerIdNumber",
    "buyerName",
    "buyerTelephone",
    "consigneeAddress",
    "agentCode",
    "agentName",
    "areaCode",
    "areaName",
    "tradeMode",
    "trafMode",
    "country",
    "freight",
    "insuredFee",
    "currency",
    "packNo",
    "grossWeight",
    "netWeight",
]
INVENTORY_HEAD_9610 = [
    *ENVELOPE,
    "orderNo",
    "ebpCode",
    "ebpName",
    "ebcCode",
    "ebcName",
    "logisticsNo",
    "logisticsCode",
    "logisticsName",
    "copNo",
    "assureCode",
    "ieFlag",
    "declTime",
    "customsCode",
    "portCode",
    "buyerIdType",
    "buyerIdNumber",
    "buyerName",
    "buyerTelephone",
    "consigneeAddress",
    "agentCode",
    "agentName",
    "tradeMode",
    "trafMode",
    "trafNo",
    "voyageNo",
    "billNo",
    "country",
    "freight",
    "insuredFee",
    "currency",
    "packNo",
    "grossWeight",
    "netWeight",
]
INVENTORY_LIST_1 = [
    "gnum",
    "itemRecordNo",
    "itemNo",
    "gcode",
    "gname",
    "gmodel",
    "barCode",
    "country",
    "currency",
    "qty",
    "unit",
    "qty1",
    "unit1",
    "price",
    "totalPrice",
]
CANCEL = [
    *ENVELOPE,
    "customsCode",
    "orderNo",
    "ebpCode",
    "ebpName",
    "ebcCode",
    "ebcName",
    "logisticsNo",
    "logisticsCode",
    "logisticsName",
    "copNo",
    "invtNo",
    "buyerIdType",
    "buyerIdNumber",
    "buyerName",
    "buyerTelephone",
    "agentCode",
    "agentName",
    "reason",
]
REFUND_LIST = ["gnum", "gcode", "gname", "qty", "unit"]
INVT_NO = "292420261000000001"


def _counter_guids():
    counter = itertools.count(1)
    return lambda: f"00000000-0000-4000-8000-{next(counter):012d}"


def test_order_message_follows_the_order_head_and_list_sequence():
    root = root_of(build_order_message(samples.order(), context=samples.context()).xml)

    assert children(root) == ["Order", "BaseTransfer"]
    assert children(find(root, "ceb:Order")) == ["OrderHead", "OrderList", "OrderList"]
    assert children(find(root, "ceb:Order/ceb:OrderHead")) == ORDER_HEAD
    assert children(find(root, "ceb:Order/ceb:OrderList")) == ORDER_LIST_1


def test_payment_message_follows_the_payment_head_sequence():
    root = root_of(build_payment_message(samples.payment(), context=samples.context()).xml)

    assert children(root) == ["Payment", "BaseTransfer"]
    assert children(find(root, "ceb:Payment/ceb:PaymentHead")) == PAYMENT_HEAD


def test_waybill_message_follows_the_logistics_head_sequence():
    root = root_of(build_waybill_message(samples.waybill(), context=samples.context()).xml)

    assert children(root) == ["Logistics", "BaseTransfer"]
    assert children(find(root, "ceb:Logistics/ceb:LogisticsHead")) == LOGISTICS_HEAD


@pytest.mark.parametrize(
    ("declaration", "head"),
    [
        pytest.param(samples.bonded_declaration(), INVENTORY_HEAD_1210, id="1210-bonded"),
        pytest.param(samples.direct_mail_declaration(), INVENTORY_HEAD_9610, id="9610-direct-mail"),
    ],
)
def test_inventory_message_follows_the_inventory_sequence_and_ends_with_the_signature(declaration, head, signer):
    root = root_of(build_inventory_message(declaration.inventory, context=samples.context(), signer=signer).xml)

    assert children(root) == ["Inventory", "BaseTransfer", "Signature"]
    assert children(find(root, "ceb:Inventory")) == ["InventoryHead", "InventoryList", "InventoryList"]
    assert children(find(root, "ceb:Inventory/ceb:InventoryHead")) == head


def test_bonded_inventory_line_follows_the_inventory_list_sequence(signer):
    root = root_of(build_inventory_message(samples.inventory(), context=samples.context(), signer=signer).xml)

    assert children(find(root, "ceb:Inventory/ceb:InventoryList")) == INVENTORY_LIST_1


def test_cancel_message_follows_the_invt_cancel_sequence(signer):
    cancel = CancelDraft.for_inventory(samples.inventory(), invt_no=INVT_NO, reason="买家取消订单")
    root = root_of(build_cancel_message(cancel, context=samples.context(), signer=signer).xml)

    assert children(root) == ["InvtCancel", "BaseTransfer", "Signature"]
    assert children(find(root, "ceb:InvtCancel")) == CANCEL


def test_refund_message_follows_the_invt_refund_sequence(signer):
    refund = RefundDraft.for_inventory(samples.inventory(), invt_no=INVT_NO, reason="七天无理由退货")
    root = root_of(build_refund_message(refund, context=samples.context(), signer=signer).xml)

    assert children(root) == ["InvtRefund", "BaseTransfer", "Signature"]
    assert children(find(root, "ceb:InvtRefund")) == ["InvtRefundHead", "InvtRefundList", "InvtRefundList"]
    assert children(find(root, "ceb:InvtRefund/ceb:InvtRefundHead")) == CANCEL
    assert children(find(root, "ceb:InvtRefund/ceb:InvtRefundList")) == REFUND_LIST


def test_envelope_has_uppercase_guids_version_head_fields_and_base_transfer():
    built = build_order_message(samples.order(), context=samples.context())
    root = root_of(built.xml)

    assert root.tag == "{http://www.chinaport.gov.cn/ceb}CEB311Message"
    assert root.prefix == "ceb"
    assert GUID.match(root.get("guid")) and built.guid == root.get("guid")
    assert root.get("version") == "1.0"
    assert GUID.match(text(root, "ceb:Order/ceb:OrderHead/ceb:guid"))
    assert text(root, "ceb:Order/ceb:OrderHead/ceb:appType") == "1"
    assert text(root, "ceb:Order/ceb:OrderHead/ceb:appTime") == "20260314093000"
    assert text(root, "ceb:Order/ceb:OrderHead/ceb:appStatus") == "2"
    assert children(find(root, "ceb:BaseTransfer")) == ["copCode", "copName", "dxpMode", "dxpId"]
    assert text(root, "ceb:BaseTransfer/ceb:dxpMode") == "DXP"
    assert built.order_nos == ("XB2026031400001",)


def test_constants_of_the_standard_are_written_by_the_builder():
    root = root_of(build_order_message(samples.order(), context=samples.context()).xml)

    assert text(root, "ceb:Order/ceb:OrderHead/ceb:orderType") == "I"
    assert text(root, "ceb:Order/ceb:OrderHead/ceb:currency") == "142"
    assert text(root, "ceb:Order/ceb:OrderHead/ceb:buyerIdType") == "1"
    assert text(root, "ceb:Order/ceb:OrderList/ceb:currency") == "142"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        pytest.param(Decimal("92.82"), "92.82", id="two-places"),
        pytest.param(Decimal("1E+3"), "1000", id="exponent-expanded"),
        pytest.param(Decimal("0.10000"), "0.10000", id="scale-kept"),
        pytest.param(Decimal("12345678901234.12345"), "12345678901234.12345", id="n19-5"),
    ],
)
def test_money_is_written_as_fixed_point_decimal_text(value, written):
    root = root_of(build_order_message(samples.order(freight=value), context=samples.context()).xml)

    assert text(root, "ceb:Order/ceb:OrderHead/ceb:freight") == written


def test_an_app_time_in_utc_is_written_in_beijing_time():
    from datetime import UTC, datetime

    context = samples.context(app_time=datetime(2026, 3, 14, 1, 30, tzinfo=UTC))
    root = root_of(build_order_message(samples.order(), context=context).xml)

    assert text(root, "ceb:Order/ceb:OrderHead/ceb:appTime") == "20260314093000"


def test_same_draft_and_guids_give_byte_identical_messages():
    first = build_order_message(samples.order(), context=samples.context(make_guid=_counter_guids()))
    second = build_order_message(samples.order(), context=samples.context(make_guid=_counter_guids()))

    assert first.xml == second.xml


def test_one_message_carries_several_orders():
    orders = [samples.order(f"XB20260314{n:05d}") for n in range(1, 101)]

    built = build_order_message(orders, context=samples.context())

    assert len(root_of(built.xml).findall("{http://www.chinaport.gov.cn/ceb}Order")) == 100
    assert built.order_nos[-1] == "XB2026031400100"


def test_optional_elements_left_as_none_are_omitted():
    root = root_of(build_waybill_message(samples.waybill(freight=None, goods_info=None), context=samples.context()).xml)

    assert "freight" not in children(find(root, "ceb:Logistics/ceb:LogisticsHead"))
    assert "goodsInfo" not in children(find(root, "ceb:Logistics/ceb:LogisticsHead"))


def test_a_stored_draft_inventory_needs_no_signature():
    from xborder.customs.messages import AppStatus

    built = build_inventory_message(
        samples.inventory(), context=samples.context(app_status=AppStatus.STORED), signer=None
    )

    root = root_of(built.xml)
    assert children(root) == ["Inventory", "BaseTransfer"]
    assert text(root, "ceb:Inventory/ceb:InventoryHead/ceb:appStatus") == "1"


def test_a_built_declaration_reads_back_into_the_same_drafts(signer):
    from xborder.customs.messages import declare_package, read_declaration

    declaration = samples.direct_mail_declaration()
    messages = declare_package(declaration, context=samples.context(), signer=signer)

    drafts = [read_declaration(message.xml).documents[0].draft for message in messages]

    assert drafts == [declaration.order, declaration.payment, declaration.waybill, declaration.inventory]


def test_cancel_and_refund_read_back_into_the_same_drafts(signer):
    from xborder.customs.messages import read_declaration

    cancel = CancelDraft.for_inventory(samples.inventory(), invt_no=INVT_NO, reason="买家取消订单")
    refund = RefundDraft.for_inventory(samples.inventory(), invt_no=INVT_NO, reason="七天无理由退货")

    cancel_xml = build_cancel_message(cancel, context=samples.context(), signer=signer).xml
    refund_xml = build_refund_message(refund, context=samples.context(), signer=signer).xml

    assert read_declaration(cancel_xml).documents[0].draft == cancel
    assert read_declaration(refund_xml).documents[0].draft == refund


def test_refund_defaults_to_every_line_in_full():
    refund = RefundDraft.for_inventory(samples.inventory(), invt_no=INVT_NO, reason="退货")

    assert [(line.gnum, line.qty) for line in refund.lines] == [(1, Decimal("2")), (2, Decimal("1"))]
    assert replace(refund, reason="x").invt_no == INVT_NO
