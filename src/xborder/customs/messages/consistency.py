"""Cross-document rules over the four documents of a package (REGULATION §6.5).

:func:`check_declaration` is pure: it takes a :class:`DeclarationDraft` and returns every broken rule
as a :class:`Violation` with a stable code (an empty list means the documents agree). The simulator
runs the same function on what it receives, so platform and "customs" judge alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from xborder.customs.messages.drafts import BONDED, CHINA, DIRECT_MAIL, DeclarationDraft

ACTURAL_PAID_FORMULA = "actural_paid_formula"
ACTURAL_PAID_NOT_AMOUNT_PAID = "actural_paid_not_amount_paid"
ORDER_NO_MISMATCH = "order_no_mismatch"
EBP_CODE_MISMATCH = "ebp_code_mismatch"
EBC_CODE_MISMATCH = "ebc_code_mismatch"
LOGISTICS_NO_MISMATCH = "logistics_no_mismatch"
PAY_TRANSACTION_ID_MISMATCH = "pay_transaction_id_mismatch"
CONSIGNEE_MISMATCH = "consignee_mismatch"
BUYER_NOT_PAYER = "buyer_not_payer"
INVENTORY_BUYER_MISMATCH = "inventory_buyer_mismatch"
BUYER_ID_NUMBER_INVALID = "buyer_id_number_invalid"
GNUM_MISMATCH = "gnum_mismatch"
GNAME_MISMATCH = "gname_mismatch"
LINE_TOTAL_MISMATCH = "line_total_mismatch"
GOODS_VALUE_NOT_LINE_SUM = "goods_value_not_line_sum"
BONDED_FIELD_MISSING = "bonded_field_missing"
BONDED_COUNTRY_NOT_CHINA = "bonded_country_not_china"
DIRECT_MAIL_FIELD_MISSING = "direct_mail_field_missing"

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


@dataclass(frozen=True)
class Violation:
    """One broken cross-document rule: a stable ``code`` and a message naming the values."""

    code: str
    message: str


def check_declaration(draft: DeclarationDraft) -> list[Violation]:
    """Every §6.5 rule the four documents of ``draft`` break, in rule order (empty when consistent)."""
    return [violation for rule in RULES for violation in rule(draft)]


def is_valid_resident_id(number: str) -> bool:
    """True for an 18-character resident ID with a correct GB 11643 check character."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return number[17] == _ID_CHECK_CHARS[total % 11]


def _actural_paid_formula(draft: DeclarationDraft) -> Iterator[Violation]:
    order = draft.order
    expected = order.goods_value + order.freight + order.tax_total - order.discount
    if order.actural_paid != expected:
        yield Violation(
            ACTURAL_PAID_FORMULA,
            f"acturalPaid {order.actural_paid} != goodsValue + freight + taxTotal - discount = {expected}",
        )


def _actural_paid_is_amount_paid(draft: DeclarationDraft) -> Iterator[Violation]:
    if draft.order.actural_paid != draft.payment.amount_paid:
        yield Violation(
            ACTURAL_PAID_NOT_AMOUNT_PAID,
            f"order acturalPaid {draft.order.actural_paid} != payment amountPaid {draft.payment.amount_paid}",
        )


def _same_order_no(draft: DeclarationDraft) -> Iterator[Violation]:
    for name, document in (("payment", draft.payment), ("waybill", draft.waybill), ("inventory", draft.inventory)):
        if document.order_no != draft.order.order_no:
            yield Violation(
                ORDER_NO_MISMATCH, f"{name} orderNo {document.order_no!r} != order {draft.order.order_no!r}"
            )


def _same_platform(draft: DeclarationDraft) -> Iterator[Violation]:
    for name, document in (("payment", draft.payment), ("inventory", draft.inventory)):
        if document.ebp_code != draft.order.ebp_code:
            yield Violation(
                EBP_CODE_MISMATCH, f"{name} ebpCode {document.ebp_code!r} != order {draft.order.ebp_code!r}"
            )
    if draft.inventory.ebc_code != draft.order.ebc_code:
        yield Violation(EBC_CODE_MISMATCH, f"inventory ebcCode {draft.inventory.ebc_code!r} != order's")


def _same_logistics_no(draft: DeclarationDraft) -> Iterator[Violation]:
    waybill, inventory = draft.waybill, draft.inventory
    if (inventory.logistics_no, inventory.logistics_code) != (waybill.logistics_no, waybill.logistics_code):
        yield Violation(
            LOGISTICS_NO_MISMATCH,
            f"inventory logistics {inventory.logistics_code}/{inventory.logistics_no} != "
            f"waybill {waybill.logistics_code}/{waybill.logistics_no}",
        )


def _same_pay_transaction(draft: DeclarationDraft) -> Iterator[Violation]:
    declared = draft.order.pay_transaction_id
    if declared is not None and declared != draft.payment.pay_transaction_id:
        yield Violation(
            PAY_TRANSACTION_ID_MISMATCH,
            f"order payTransactionId {declared!r} != payment {draft.payment.pay_transaction_id!r}",
        )


def _same_consignee(draft: DeclarationDraft) -> Iterator[Violation]:
    order, waybill = draft.order, draft.waybill
    for field in ("consignee", "consignee_telephone", "consignee_address"):
        if getattr(order, field) != getattr(waybill, field):
            yield Violation(CONSIGNEE_MISMATCH, f"{field} differs between order and waybill")
    if draft.inventory.consignee_address != order.consignee_address:
        yield Violation(CONSIGNEE_MISMATCH, "consignee_address differs between order and inventory")


def _buyer_is_payer(draft: DeclarationDraft) -> Iterator[Violation]:
    order, payment = draft.order, draft.payment
    if payment.payer_id_number != order.buyer_id_number:
        yield Violation(BUYER_NOT_PAYER, "payer ID number is not the buyer's")
    if payment.payer_name != order.buyer_name:
        yield Violation(BUYER_NOT_PAYER, "payer name is not the buyer's")


def _inventory_buyer_is_order_buyer(draft: DeclarationDraft) -> Iterator[Violation]:
    order, inventory = draft.order, draft.inventory
    if (inventory.buyer_id_number, inventory.buyer_name) != (order.buyer_id_number, order.buyer_name):
        yield Violation(INVENTORY_BUYER_MISMATCH, "inventory buyer ID number or name differs from the order's")


def _buyer_id_number_valid(draft: DeclarationDraft) -> Iterator[Violation]:
    if not is_valid_resident_id(draft.order.buyer_id_number):
        yield Violation(BUYER_ID_NUMBER_INVALID, "buyer ID number fails the GB 11643 check")


def _gnum_one_to_one(draft: DeclarationDraft) -> Iterator[Violation]:
    order_gnums = [line.gnum for line in draft.order.lines]
    inventory_gnums = [line.gnum for line in draft.inventory.lines]
    if len(set(order_gnums)) != len(order_gnums) or len(set(inventory_gnums)) != len(inventory_gnums):
        yield Violation(GNUM_MISMATCH, "gnum repeats within a document")
    elif set(order_gnums) != set(inventory_gnums):
        yield Violation(GNUM_MISMATCH, f"order gnums {sorted(order_gnums)} != inventory {sorted(inventory_gnums)}")


def _gname_matches_order(draft: DeclarationDraft) -> Iterator[Violation]:
    names = {line.gnum: line.item_name for line in draft.order.lines}
    for line in draft.inventory.lines:
        if line.gnum in names and line.gname != names[line.gnum]:
            yield Violation(GNAME_MISMATCH, f"gnum {line.gnum}: gname {line.gname!r} != order {names[line.gnum]!r}")


def _line_totals(draft: DeclarationDraft) -> Iterator[Violation]:
    documents = (("order", draft.order.lines), ("inventory", draft.inventory.lines))
    for name, lines in documents:
        for line in lines:
            if line.total_price != line.price * line.qty:
                yield Violation(
                    LINE_TOTAL_MISMATCH,
                    f"{name} gnum {line.gnum}: totalPrice {line.total_price} != {line.price} x {line.qty}",
                )


def _goods_value_is_line_sum(draft: DeclarationDraft) -> Iterator[Violation]:
    line_sum = sum((line.total_price for line in draft.order.lines), start=Decimal(0))
    if draft.order.goods_value != line_sum:
        yield Violation(GOODS_VALUE_NOT_LINE_SUM, f"goodsValue {draft.order.goods_value} != line totals {line_sum}")


def _trade_mode_fields(draft: DeclarationDraft) -> Iterator[Violation]:
    inventory = draft.inventory
    if inventory.trade_mode == BONDED:
        for field in ("ems_no", "area_code", "area_name"):
            if not getattr(inventory, field):
                yield Violation(BONDED_FIELD_MISSING, f"1210 requires {field}")
        for line in inventory.lines:
            if not line.item_record_no:
                yield Violation(BONDED_FIELD_MISSING, f"1210 requires item_record_no on gnum {line.gnum}")
        if inventory.country != CHINA:
            yield Violation(BONDED_COUNTRY_NOT_CHINA, f"1210 requires country 142, got {inventory.country}")
    elif inventory.trade_mode == DIRECT_MAIL:
        for field in ("traf_no", "voyage_no", "bill_no"):
            if not getattr(inventory, field):
                yield Violation(DIRECT_MAIL_FIELD_MISSING, f"9610 requires {field}")


RULES: tuple[Callable[[DeclarationDraft], Iterator[Violation]], ...] = (
    _actural_paid_formula,
    _actural_paid_is_amount_paid,
    _same_order_no,
    _same_platform,
    _same_logistics_no,
    _same_pay_transaction,
    _same_consignee,
    _buyer_is_payer,
    _inventory_buyer_is_order_buyer,
    _buyer_id_number_valid,
    _gnum_one_to_one,
    _gname_matches_order,
    _line_totals,
    _goods_value_is_line_sum,
    _trade_mode_fields,
)
