"""The cross-document rules of REGULATION §6.5, one failing case each."""

from dataclasses import replace
from decimal import Decimal

import pytest

from tests.customs import samples
from xborder.customs import errors
from xborder.customs.errors import DeclarationInconsistent
from xborder.customs.messages import check_declaration, declare_package, is_valid_resident_id
from xborder.customs.messages import consistency as rules


def _codes(declaration) -> list[str]:
    return [violation.code for violation in check_declaration(declaration)]


def _with(declaration, part: str, **changes):
    return replace(declaration, **{part: replace(getattr(declaration, part), **changes)})


BONDED = samples.bonded_declaration()
DIRECT = samples.direct_mail_declaration()


@pytest.mark.parametrize(
    "declaration",
    [pytest.param(BONDED, id="1210"), pytest.param(DIRECT, id="9610")],
)
def test_consistent_documents_break_no_rule(declaration):
    assert check_declaration(declaration) == []


def test_actural_paid_must_equal_goods_value_plus_freight_plus_tax_minus_discount():
    declaration = _with(
        _with(BONDED, "order", actural_paid=Decimal("595.14")), "payment", amount_paid=Decimal("595.14")
    )

    assert _codes(declaration) == [rules.ACTURAL_PAID_FORMULA]


def test_actural_paid_must_equal_amount_paid():
    assert _codes(_with(BONDED, "payment", amount_paid=Decimal("585.13"))) == [rules.ACTURAL_PAID_NOT_AMOUNT_PAID]


def test_equal_amounts_with_different_scale_are_equal():
    assert _codes(_with(BONDED, "payment", amount_paid=Decimal("585.140"))) == []


@pytest.mark.parametrize("part", ["payment", "waybill", "inventory"])
def test_order_no_must_be_the_same_on_every_document(part):
    assert rules.ORDER_NO_MISMATCH in _codes(_with(BONDED, part, order_no="XB2026031499999"))


@pytest.mark.parametrize(
    ("part", "field", "code"),
    [
        pytest.param("payment", "ebp_code", rules.EBP_CODE_MISMATCH, id="payment-platform"),
        pytest.param("inventory", "ebp_code", rules.EBP_CODE_MISMATCH, id="inventory-platform"),
        pytest.param("inventory", "ebc_code", rules.EBC_CODE_MISMATCH, id="inventory-merchant"),
    ],
)
def test_platform_and_merchant_codes_must_agree(part, field, code):
    assert _codes(_with(BONDED, part, **{field: "9999999999"})) == [code]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("logistics_no", "SF1000000000002", id="logistics-no"),
        pytest.param("logistics_code", "3301980E02", id="logistics-code"),
    ],
)
def test_inventory_logistics_no_must_be_the_waybills(field, value):
    assert _codes(_with(BONDED, "inventory", **{field: value})) == [rules.LOGISTICS_NO_MISMATCH]


def test_pay_transaction_id_on_the_order_must_be_the_payments():
    assert _codes(_with(BONDED, "payment", pay_transaction_id="PAY0")) == [rules.PAY_TRANSACTION_ID_MISMATCH]


def test_order_without_pay_transaction_id_is_not_compared():
    assert _codes(_with(BONDED, "order", pay_transaction_id=None)) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("consignee", "李雨", id="name"),
        pytest.param("consignee_telephone", "13800000002", id="telephone"),
        pytest.param("consignee_address", "北京市朝阳区望京街道示例路2号", id="address"),
    ],
)
def test_consignee_must_be_equal_on_order_and_waybill(field, value):
    assert _codes(_with(BONDED, "waybill", **{field: value})) == [rules.CONSIGNEE_MISMATCH]


def test_inventory_consignee_address_must_be_the_orders():
    declaration = _with(BONDED, "inventory", consignee_address="上海市浦东新区示例路3号")

    assert _codes(declaration) == [rules.CONSIGNEE_MISMATCH]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("payer_id_number", samples.OTHER_ID, id="id-number"),
        pytest.param("payer_name", "王小川", id="name"),
    ],
)
def test_buyer_must_be_the_payer(field, value):
    assert _codes(_with(BONDED, "payment", **{field: value})) == [rules.BUYER_NOT_PAYER]


def test_inventory_buyer_must_be_the_orders_buyer():
    assert _codes(_with(BONDED, "inventory", buyer_id_number=samples.OTHER_ID)) == [rules.INVENTORY_BUYER_MISMATCH]


def test_buyer_id_number_must_pass_the_check_digit():
    buyer = {"buyer_id_number": "110105194912310021"}
    declaration = _with(
        _with(_with(BONDED, "order", **buyer), "inventory", **buyer), "payment", payer_id_number="110105194912310021"
    )

    assert _codes(declaration) == [rules.BUYER_ID_NUMBER_INVALID]


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        pytest.param("11010519491231002X", True, id="x-check"),
        pytest.param("110101199003070011", True, id="digit-check"),
        pytest.param("340524198001010013", False, id="wrong-check"),
        pytest.param("11010519491231002", False, id="17-chars"),
        pytest.param("1101051949123100XX", False, id="letter-in-body"),
    ],
)
def test_resident_id_check_digit(number, valid):
    assert is_valid_resident_id(number) is valid


def test_inventory_gnums_must_match_the_order_gnums_one_to_one():
    lines = (BONDED.inventory.lines[0], replace(BONDED.inventory.lines[1], gnum=3))

    assert _codes(_with(BONDED, "inventory", lines=lines)) == [rules.GNUM_MISMATCH]


def test_gnum_must_not_repeat():
    lines = (BONDED.inventory.lines[0], replace(BONDED.inventory.lines[0], qty1=Decimal("0.8")))

    assert _codes(_with(BONDED, "inventory", lines=lines)) == [rules.GNUM_MISMATCH]


def test_inventory_gname_must_be_the_order_item_name():
    lines = (BONDED.inventory.lines[0], replace(BONDED.inventory.lines[1], gname="鱼油软胶囊"))

    assert _codes(_with(BONDED, "inventory", lines=lines)) == [rules.GNAME_MISMATCH]


@pytest.mark.parametrize("part", ["order", "inventory"])
def test_total_price_must_be_price_times_qty(part):
    original = getattr(BONDED, part).lines
    lines = (replace(original[0], total_price=Decimal("395.00")), original[1])

    assert rules.LINE_TOTAL_MISMATCH in _codes(_with(BONDED, part, lines=lines))


def test_goods_value_must_be_the_sum_of_order_lines():
    declaration = _with(
        BONDED, "order", goods_value=Decimal("535.50"), discount=Decimal("20.00")
    )  # acturalPaid still holds

    assert _codes(declaration) == [rules.GOODS_VALUE_NOT_LINE_SUM]


@pytest.mark.parametrize("field", ["ems_no", "area_code", "area_name"])
def test_bonded_inventory_requires_account_book_and_area(field):
    assert _codes(_with(BONDED, "inventory", **{field: None})) == [rules.BONDED_FIELD_MISSING]


def test_bonded_inventory_lines_require_item_record_no():
    lines = (replace(BONDED.inventory.lines[0], item_record_no=None), BONDED.inventory.lines[1])

    assert _codes(_with(BONDED, "inventory", lines=lines)) == [rules.BONDED_FIELD_MISSING]


def test_bonded_inventory_country_must_be_china():
    assert _codes(_with(BONDED, "inventory", country="601")) == [rules.BONDED_COUNTRY_NOT_CHINA]


@pytest.mark.parametrize("field", ["traf_no", "voyage_no", "bill_no"])
def test_direct_mail_inventory_requires_transport_and_bill(field):
    assert _codes(_with(DIRECT, "inventory", **{field: None})) == [rules.DIRECT_MAIL_FIELD_MISSING]


def test_every_broken_rule_is_reported():
    declaration = _with(
        _with(BONDED, "payment", amount_paid=Decimal("1.00"), payer_name="王小川"), "waybill", consignee="王小川"
    )

    assert _codes(declaration) == [rules.ACTURAL_PAID_NOT_AMOUNT_PAID, rules.CONSIGNEE_MISMATCH, rules.BUYER_NOT_PAYER]


def test_declare_package_refuses_inconsistent_documents_before_building(signer):
    declaration = _with(BONDED, "payment", amount_paid=Decimal("585.13"))

    with pytest.raises(DeclarationInconsistent) as caught:
        declare_package(declaration, context=samples.context(), signer=signer)

    assert caught.value.code == errors.DECLARATION_INCONSISTENT
    assert [violation.code for violation in caught.value.violations] == [rules.ACTURAL_PAID_NOT_AMOUNT_PAID]
