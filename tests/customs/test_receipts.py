"""Parsing receipts, the CEB816 tax bill and CEB900 errors into dataclasses, from hand-written XML."""

from datetime import datetime
from decimal import Decimal

import pytest

from xborder.customs import errors
from xborder.customs.errors import MessageReadError
from xborder.customs.messages import (
    CancelReceipt,
    ErrorReceipt,
    InventoryReceipt,
    OrderReceipt,
    PaymentReceipt,
    RefundReceipt,
    ReturnStatus,
    TaxBill,
    WaybillReceipt,
    build_receipt,
    parse_receipt,
)
from xborder.customs.messages import receipts as parsers
from xborder.customs.messages.fields import CUSTOMS_TZ

GUID = "4CDE1CFD-EDED-46B1-946C-B8022E42FC94"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<{{root}} xmlns="http://www.chinaport.gov.cn/ceb" guid="{GUID}" version="1.0">'
)

ORDER_RETURN = (
    HEAD.format(root="CEB312Message")
    + """
  <OrderReturn>
    <guid>A1B2C3D4-0000-4000-8000-000000000311</guid>
    <ebpCode>3301964J31</ebpCode>
    <ebcCode>3301968K12</ebcCode>
    <orderNo>XB2026031400001</orderNo>
    <returnStatus>2</returnStatus>
    <returnTime>20260314093633776</returnTime>
    <returnInfo>新增申报成功[A1B2C3D4-0000-4000-8000-000000000311]</returnInfo>
  </OrderReturn>
</CEB312Message>"""
)

PAYMENT_RETURN = (
    HEAD.format(root="CEB412Message")
    + """<PaymentReturn><guid>A1B2C3D4-0000-4000-8000-000000000411</guid><payCode>312226T001</payCode>
<payTransactionId>PAY2026031400001</payTransactionId><returnStatus>120</returnStatus>
<returnTime>20260314093700001</returnTime><returnInfo>入库成功</returnInfo></PaymentReturn></CEB412Message>"""
)

LOGISTICS_RETURN = (
    HEAD.format(root="CEB512Message")
    + """<LogisticsReturn><guid>A1B2C3D4-0000-4000-8000-000000000511</guid><logisticsCode>3301980E01</logisticsCode>
<logisticsNo>SF1000000000001</logisticsNo><returnStatus>100</returnStatus><returnTime>20260314093700002</returnTime>
<returnInfo>运单号重复</returnInfo></LogisticsReturn></CEB512Message>"""
)

INVENTORY_RETURN = (
    HEAD.format(root="CEB622Message")
    + """<InventoryReturn><guid>A1B2C3D4-0000-4000-8000-000000000621</guid><customsCode>2924</customsCode>
<ebpCode>3301964J31</ebpCode><ebcCode>3301968K12</ebcCode><agentCode>3301968K12</agentCode><copNo>PKG000000001</copNo>
<preNo>B20260000000000001</preNo><invtNo>29242026I000000001</invtNo><returnStatus>800</returnStatus>
<returnTime>20260314101500000</returnTime><returnInfo>放行</returnInfo></InventoryReturn></CEB622Message>"""
)

CANCEL_RETURN = (
    HEAD.format(root="CEB624Message")
    + """<InvtCancelReturn><guid>A1B2C3D4-0000-4000-8000-000000000623</guid><invtNo>29242026I000000001</invtNo>
<returnStatus>399</returnStatus><returnTime>20260315101500000</returnTime><returnInfo>撤销审结</returnInfo>
</InvtCancelReturn></CEB624Message>"""
)

REFUND_RETURN = (
    HEAD.format(root="CEB626Message")
    + """<InvtRefundReturn><guid>A1B2C3D4-0000-4000-8000-000000000625</guid><copNo>PKG000000001</copNo>
<returnStatus>120</returnStatus><returnTime>20260320101500000</returnTime><returnInfo>退货申请入库</returnInfo>
</InvtRefundReturn></CEB626Message>"""
)

TAX_BILL = (
    HEAD.format(root="CEB816Message")
    + """<Tax><TaxHeadRd><guid>A1B2C3D4-0000-4000-8000-000000000816</guid><returnTime>20260314101500123</returnTime>
<invtNo>29242026I000000001</invtNo><taxNo>29242026I00000000101</taxNo><customsTax>0</customsTax>
<valueAddedTax>49.64</valueAddedTax><consumptionTax>0</consumptionTax><status>1</status>
<assureCode>3301964J31</assureCode><orderNo>XB2026031400001</orderNo></TaxHeadRd>
<TaxListRd><gnum>1</gnum><gcode>1901101010</gcode><taxPrice>411.07</taxPrice><customsTax>0</customsTax>
<valueAddedTax>37.41</valueAddedTax><consumptionTax>0</consumptionTax></TaxListRd>
<TaxListRd><gnum>2</gnum><gcode>2106909090</gcode><taxPrice>134.43</taxPrice><customsTax>0</customsTax>
<valueAddedTax>12.23</valueAddedTax><consumptionTax>0</consumptionTax></TaxListRd></Tax></CEB816Message>"""
)

ERROR_RETURN = (
    HEAD.format(root="CEB900Message")
    + """<MessageReturn><guid>A1B2C3D4-0000-4000-8000-000000000900</guid><oriMessageType>CEB311</oriMessageType>
<returnStatus>-3</returnStatus><returnTime>20260314093000500</returnTime><returnInfo>报文格式校验失败</returnInfo>
</MessageReturn></CEB900Message>"""
)


def test_order_receipt_is_parsed_with_millisecond_return_time():
    receipt = parse_receipt(ORDER_RETURN)

    assert receipt == OrderReceipt(
        guid="A1B2C3D4-0000-4000-8000-000000000311",
        ebp_code="3301964J31",
        ebc_code="3301968K12",
        order_no="XB2026031400001",
        return_status=ReturnStatus.DECLARING,
        return_time=datetime(2026, 3, 14, 9, 36, 33, 776000, tzinfo=CUSTOMS_TZ),
        return_info="新增申报成功[A1B2C3D4-0000-4000-8000-000000000311]",
    )


@pytest.mark.parametrize(
    ("xml", "receipt_class", "status"),
    [
        pytest.param(PAYMENT_RETURN, PaymentReceipt, 120, id="CEB412"),
        pytest.param(LOGISTICS_RETURN, WaybillReceipt, 100, id="CEB512"),
        pytest.param(INVENTORY_RETURN, InventoryReceipt, 800, id="CEB622"),
        pytest.param(CANCEL_RETURN, CancelReceipt, 399, id="CEB624"),
        pytest.param(REFUND_RETURN, RefundReceipt, 120, id="CEB626"),
        pytest.param(ERROR_RETURN, ErrorReceipt, -3, id="CEB900"),
    ],
)
def test_each_receipt_type_is_parsed_into_its_dataclass(xml, receipt_class, status):
    receipt = parse_receipt(xml)

    assert type(receipt) is receipt_class
    assert receipt.return_status == status


def test_inventory_receipt_knows_release_and_rejection():
    receipt = parse_receipt(INVENTORY_RETURN)

    assert receipt.is_released and not receipt.is_rejected
    assert receipt.invt_no == "29242026I000000001"
    assert parse_receipt(LOGISTICS_RETURN).is_rejected


def test_error_receipt_names_the_original_message_type():
    receipt = parse_receipt(ERROR_RETURN)

    assert receipt.is_error
    assert receipt.ori_message_type == "CEB311"


def test_tax_bill_has_head_totals_and_per_line_taxes():
    bill = parse_receipt(TAX_BILL)

    assert isinstance(bill, TaxBill)
    assert bill.total_tax == Decimal("49.64")
    assert [(line.gnum, line.value_added_tax) for line in bill.lines] == [
        (1, Decimal("37.41")),
        (2, Decimal("12.23")),
    ]
    assert sum(line.value_added_tax for line in bill.lines) == bill.value_added_tax
    assert bill.order_no == "XB2026031400001"


def test_a_receipt_written_by_build_receipt_parses_back_equal():
    bill = parse_receipt(TAX_BILL)

    assert parse_receipt(build_receipt(bill)) == bill


@pytest.mark.parametrize(
    ("parser", "xml", "message_type"),
    [
        pytest.param(parsers.parse_order_receipt, ORDER_RETURN, "CEB312", id="order"),
        pytest.param(parsers.parse_payment_receipt, PAYMENT_RETURN, "CEB412", id="payment"),
        pytest.param(parsers.parse_waybill_receipt, LOGISTICS_RETURN, "CEB512", id="waybill"),
        pytest.param(parsers.parse_inventory_receipt, INVENTORY_RETURN, "CEB622", id="inventory"),
        pytest.param(parsers.parse_cancel_receipt, CANCEL_RETURN, "CEB624", id="cancel"),
        pytest.param(parsers.parse_refund_receipt, REFUND_RETURN, "CEB626", id="refund"),
        pytest.param(parsers.parse_tax_bill, TAX_BILL, "CEB816", id="tax-bill"),
        pytest.param(parsers.parse_error_receipt, ERROR_RETURN, "CEB900", id="error"),
    ],
)
def test_typed_parser_accepts_its_own_root(parser, xml, message_type):
    parsed_type = parser(xml).MESSAGE_TYPE

    assert parsed_type == message_type


def test_typed_parser_refuses_another_receipt_type():
    with pytest.raises(MessageReadError) as caught:
        parsers.parse_inventory_receipt(ORDER_RETURN)

    assert caught.value.code == errors.XML_WRONG_ROOT


@pytest.mark.parametrize(
    ("xml", "code"),
    [
        pytest.param("<CEB312Message", errors.XML_MALFORMED, id="truncated"),
        pytest.param("\x00\x01", errors.XML_MALFORMED, id="binary"),
        pytest.param("<html><body>502 Bad Gateway</body></html>", errors.XML_WRONG_ROOT, id="html-error-page"),
        pytest.param(
            '<CEB311Message xmlns="http://www.chinaport.gov.cn/ceb" guid="x" version="1.0"/>',
            errors.XML_WRONG_ROOT,
            id="declaration-not-receipt",
        ),
        pytest.param(
            ORDER_RETURN.replace("<orderNo>", "<orderNumber>").replace("</orderNo>", "</orderNumber>"),
            errors.XML_SCHEMA_INVALID,
            id="unknown-element",
        ),
        pytest.param(
            ORDER_RETURN.replace("20260314093633776", "2026-03-14"), errors.XML_SCHEMA_INVALID, id="bad-return-time"
        ),
        pytest.param(
            ORDER_RETURN.replace("<returnStatus>2<", "<returnStatus>ok<"),
            errors.XML_SCHEMA_INVALID,
            id="status-not-number",
        ),
        pytest.param(
            TAX_BILL.replace("<valueAddedTax>49.64<", "<valueAddedTax>4x<"),
            errors.XML_SCHEMA_INVALID,
            id="tax-not-decimal",
        ),
        pytest.param(
            ORDER_RETURN.replace('xmlns="http://www.chinaport.gov.cn/ceb"', 'xmlns="urn:other"'),
            errors.XML_WRONG_ROOT,
            id="foreign-namespace",
        ),
    ],
)
def test_malformed_or_invalid_receipts_raise_a_stable_code(xml, code):
    with pytest.raises(MessageReadError) as caught:
        parse_receipt(xml)

    assert caught.value.code == code


def test_billion_laughs_is_not_expanded():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<CEB312Message xmlns="http://www.chinaport.gov.cn/ceb" guid="x" version="1.0">&lol2;</CEB312Message>'
    )

    with pytest.raises(MessageReadError) as caught:
        parse_receipt(bomb)

    assert caught.value.code == errors.XML_MALFORMED


def test_free_text_reasons_have_no_reason_code():
    assert parse_receipt(LOGISTICS_RETURN).reason_code is None
