"""Every built message is validated against our XSD; bad input fails with a stable code."""

from dataclasses import replace
from decimal import Decimal

import pytest
from lxml import etree

from tests.customs import samples
from tests.customs.xmlutil import find, root_of, to_bytes
from xborder.customs import errors
from xborder.customs.errors import MessageBuildError, MessageReadError
from xborder.customs.messages import (
    build_inventory_message,
    build_order_message,
    build_payment_message,
    read_declaration,
)


def _order_error(**changes) -> MessageBuildError:
    with pytest.raises(MessageBuildError) as caught:
        build_order_message(samples.order(**changes), context=samples.context())
    return caught.value


def _inventory_error(signer, **changes) -> MessageBuildError:
    with pytest.raises(MessageBuildError) as caught:
        build_inventory_message(samples.inventory(**changes), context=samples.context(), signer=signer)
    return caught.value


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"order_no": "X" * 61}, id="order-no-over-60"),
        pytest.param({"order_no": ""}, id="order-no-empty"),
        pytest.param({"buyer_id_number": "11010519491231002x"}, id="id-lowercase-x"),
        pytest.param({"buyer_id_number": "1101051949123100"}, id="id-too-short"),
        pytest.param({"freight": Decimal("-1.00")}, id="negative-freight"),
        pytest.param({"tax_total": Decimal("1.123456")}, id="six-decimals"),
        pytest.param({"consignee_district": "11010"}, id="district-five-digits"),
        pytest.param({"ebp_code": "3" * 19}, id="ebp-code-over-18"),
        pytest.param({"lines": ()}, id="no-lines"),
    ],
)
def test_invalid_order_fails_schema_validation(changes):
    assert _order_error(**changes).code == errors.MESSAGE_SCHEMA_INVALID


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"trade_mode": "0110"}, id="general-trade-mode"),
        pytest.param({"customs_code": "29"}, id="customs-code-short"),
        pytest.param({"invt_no": "2924"}, id="invt-no-not-18"),
        pytest.param({"gross_weight": Decimal("0")}, id="zero-weight"),
        pytest.param({"traf_mode": "air"}, id="traf-mode-not-one-char"),
    ],
)
def test_invalid_inventory_head_fails_schema_validation(changes, signer):
    assert _inventory_error(signer, **changes).code == errors.MESSAGE_SCHEMA_INVALID


@pytest.mark.parametrize(
    "line_changes",
    [
        pytest.param({"gcode": "190110101"}, id="gcode-nine-digits"),
        pytest.param({"gcode": "19011010AB"}, id="gcode-letters"),
        pytest.param({"unit": "kg"}, id="unit-not-code"),
        pytest.param({"qty": Decimal("0")}, id="zero-quantity"),
        pytest.param({"gnum": 0}, id="gnum-zero"),
    ],
)
def test_invalid_inventory_line_fails_schema_validation(line_changes, signer):
    lines = (replace(samples.INVENTORY_LINES[0], **line_changes),)

    assert _inventory_error(signer, lines=lines).code == errors.MESSAGE_SCHEMA_INVALID


def test_schema_error_lists_what_is_wrong():
    error = _order_error(order_no="X" * 61)

    assert any("orderNo" in detail for detail in error.details)


def test_lowercase_guid_fails_schema_validation():
    context = samples.context(make_guid=lambda: "0a1b2c3d-0000-4000-8000-000000000001")

    with pytest.raises(MessageBuildError) as caught:
        build_order_message(samples.order(), context=context)

    assert caught.value.code == errors.MESSAGE_SCHEMA_INVALID


@pytest.mark.parametrize(
    "value",
    [pytest.param(585.14, id="float"), pytest.param(585, id="int"), pytest.param("585.14", id="str")],
)
def test_money_must_be_decimal(value):
    assert _order_error(actural_paid=value).code == errors.VALUE_NOT_DECIMAL


@pytest.mark.parametrize(
    "value",
    [pytest.param(Decimal("NaN"), id="nan"), pytest.param(Decimal("Infinity"), id="infinity")],
)
def test_money_must_be_finite(value):
    assert _order_error(freight=value).code == errors.VALUE_INVALID


def test_text_field_must_be_text():
    assert _order_error(order_no=12345).code == errors.VALUE_INVALID


def test_pay_time_must_be_a_datetime():
    with pytest.raises(MessageBuildError) as caught:
        build_payment_message(samples.payment(pay_time="20260314092105"), context=samples.context())

    assert caught.value.code == errors.VALUE_INVALID


def test_more_than_100_orders_in_one_message_are_refused():
    orders = [samples.order(f"XB{n:013d}") for n in range(101)]

    with pytest.raises(MessageBuildError) as caught:
        build_order_message(orders, context=samples.context())

    assert caught.value.code == errors.DOCUMENT_COUNT_INVALID


def test_an_empty_message_is_refused():
    with pytest.raises(MessageBuildError) as caught:
        build_order_message([], context=samples.context())

    assert caught.value.code == errors.DOCUMENT_COUNT_INVALID


@pytest.mark.parametrize(("count", "ok"), [pytest.param(99, True, id="99-lines"), pytest.param(100, False, id="100")])
def test_an_order_carries_at_most_99_lines(count, ok):
    line = samples.ORDER_LINES[1]
    lines = tuple(replace(line, gnum=n) for n in range(1, count + 1))
    order = samples.order(lines=lines, goods_value=line.total_price * count)

    if ok:
        build_order_message(order, context=samples.context())
    else:
        with pytest.raises(MessageBuildError) as caught:
            build_order_message(order, context=samples.context())
        assert caught.value.code == errors.TOO_MANY_LINES


def test_a_declared_inventory_without_signer_is_refused():
    with pytest.raises(MessageBuildError) as caught:
        build_inventory_message(samples.inventory(), context=samples.context(), signer=None)

    assert caught.value.code == errors.SIGNATURE_REQUIRED


def test_received_message_with_a_reordered_head_is_schema_invalid():
    root = root_of(build_order_message(samples.order(), context=samples.context()).xml)
    head = find(root, "ceb:Order/ceb:OrderHead")
    freight = find(head, "ceb:freight")
    head.remove(freight)
    head.append(freight)

    with pytest.raises(MessageReadError) as caught:
        read_declaration(to_bytes(root))

    assert caught.value.code == errors.XML_SCHEMA_INVALID


@pytest.mark.parametrize(
    ("data", "code"),
    [
        pytest.param(b"<ceb:CEB311Message", errors.XML_MALFORMED, id="truncated"),
        pytest.param(b"", errors.XML_MALFORMED, id="empty"),
        pytest.param(b"not xml at all", errors.XML_MALFORMED, id="garbage"),
        pytest.param(b"<order/>", errors.XML_WRONG_ROOT, id="foreign-root"),
        pytest.param(
            b'<CEB312Message xmlns="http://www.chinaport.gov.cn/ceb" guid="x" version="1.0"/>',
            errors.XML_WRONG_ROOT,
            id="receipt-sent-as-declaration",
        ),
        pytest.param(
            b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
            errors.XML_MALFORMED,
            id="external-entity-not-resolved",
        ),
        pytest.param(
            b'<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><x/>', errors.XML_MALFORMED, id="external-dtd"
        ),
    ],
)
def test_reading_bad_xml_raises_a_domain_error_not_lxml(data, code):
    with pytest.raises(MessageReadError) as caught:
        read_declaration(data)

    assert caught.value.code == code
    assert not isinstance(caught.value, etree.LxmlError)
