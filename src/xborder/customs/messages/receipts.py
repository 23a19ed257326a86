"""Receipts customs sends back (CEB312/412/512/622/624/626), the CEB816 tax bill and CEB900 errors.

``parse_receipt`` turns untrusted XML into frozen dataclasses and never lets an lxml exception out:
malformed XML, a wrong root or a schema violation raise ``MessageReadError`` with a stable code.
``build_receipt`` writes the same dataclasses back to XML (the simulator answers with it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import IntEnum
from typing import ClassVar

from lxml import etree

from xborder.customs import errors
from xborder.customs.errors import MessageBuildError
from xborder.customs.messages import layout
from xborder.customs.messages.envelope import new_guid
from xborder.customs.messages.fields import NSMAP, append_fields, ceb, read_fields
from xborder.customs.messages.schema import RECEIPT_TYPES, read_message, receipt_schema, validate


class ReturnStatus(IntEnum):
    """``returnStatus`` values of §6.6 (negative values are processing errors)."""

    STORED = 1
    DECLARING = 2
    SENT_TO_CUSTOMS = 3
    SEND_FAILED = 4
    REJECTED = 100
    ACCEPTED = 120
    MANUAL_REVIEW = 300
    CONCLUDED = 399
    INSPECTION = 500
    DETAINED = 501
    RETURNED = 700
    RELEASED = 800
    CLOSED = 899


_REASON_CODE = re.compile(r"^([a-z][a-z0-9_]*):")


class _Status:
    return_status: int
    return_info: str

    @property
    def reason_code(self) -> str | None:
        """The stable code a rejection reason starts with (``tax_mismatch: ...`` -> ``tax_mismatch``),
        as the xborder simulator writes them; ``None`` for free-text reasons."""
        match = _REASON_CODE.match(self.return_info)
        return match.group(1) if match else None

    @property
    def is_rejected(self) -> bool:
        """Customs turned the document back (``100``)."""
        return self.return_status == ReturnStatus.REJECTED

    @property
    def is_error(self) -> bool:
        """A processing or format error (negative status)."""
        return self.return_status < 0


@dataclass(frozen=True)
class OrderReceipt(_Status):
    """CEB312 ``OrderReturn``."""

    MESSAGE_TYPE: ClassVar[str] = "CEB312"
    NODE: ClassVar[str] = "OrderReturn"
    FIELDS: ClassVar[tuple] = layout.ORDER_RETURN

    guid: str
    ebp_code: str
    ebc_code: str
    order_no: str
    return_status: int
    return_time: datetime
    return_info: str


@dataclass(frozen=True)
class PaymentReceipt(_Status):
    """CEB412 ``PaymentReturn``."""

    MESSAGE_TYPE: ClassVar[str] = "CEB412"
    NODE: ClassVar[str] = "PaymentReturn"
    FIELDS: ClassVar[tuple] = layout.PAYMENT_RETURN

    guid: str
    pay_code: str
    pay_transaction_id: str
    return_status: int
    return_time: datetime
    return_info: str


@dataclass(frozen=True)
class WaybillReceipt(_Status):
    """CEB512 ``LogisticsReturn``."""

    MESSAGE_TYPE: ClassVar[str] = "CEB512"
    NODE: ClassVar[str] = "LogisticsReturn"
    FIELDS: ClassVar[tuple] = layout.LOGISTICS_RETURN

    guid: str
    logistics_code: str
    logistics_no: str
    return_status: int
    return_time: datetime
    return_info: str


@dataclass(frozen=True)
class InventoryReceipt(_Status):
    """CEB622 ``InventoryReturn``: the outcome of an inventory list (released at ``800``)."""

    MESSAGE_TYPE: ClassVar[str] = "CEB622"
    NODE: ClassVar[str] = "InventoryReturn"
    FIELDS: ClassVar[tuple] = layout.INVENTORY_RETURN

    guid: str
    return_status: int
    return_time: datetime
    return_info: str
    customs_code: str | None = None
    ebp_code: str | None = None
    ebc_code: str | None = None
    agent_code: str | None = None
    cop_no: str | None = None
    pre_no: str | None = None
    invt_no: str | None = None

    @property
    def is_released(self) -> bool:
        """Customs released the goods (``800``)."""
        return self.return_status == ReturnStatus.RELEASED


@dataclass(frozen=True)
class CancelReceipt(InventoryReceipt):
    """CEB624 ``InvtCancelReturn``."""

    MESSAGE_TYPE: ClassVar[str] = "CEB624"
    NODE: ClassVar[str] = "InvtCancelReturn"


@dataclass(frozen=True)
class RefundReceipt(InventoryReceipt):
    """CEB626 ``InvtRefundReturn``."""

    MESSAGE_TYPE: ClassVar[str] = "CEB626"
    NODE: ClassVar[str] = "InvtRefundReturn"


@dataclass(frozen=True)
class ErrorReceipt(_Status):
    """CEB900 ``MessageReturn``: the message failed the format or schema check (status < 0)."""

    MESSAGE_TYPE: ClassVar[str] = "CEB900"
    NODE: ClassVar[str] = "MessageReturn"
    FIELDS: ClassVar[tuple] = layout.MESSAGE_RETURN

    guid: str
    return_status: int
    return_time: datetime
    return_info: str
    ori_cop_msg_id: str | None = None
    ori_message_type: str | None = None
    ori_biz_message: str | None = None


@dataclass(frozen=True)
class TaxLine:
    """``TaxListRd``: the taxes of one inventory line."""

    gnum: int
    gcode: str
    tax_price: Decimal
    customs_tax: Decimal
    value_added_tax: Decimal
    consumption_tax: Decimal


@dataclass(frozen=True)
class TaxBill:
    """CEB816 electronic tax bill: ``TaxHeadRd`` totals and the per-line ``TaxListRd``."""

    MESSAGE_TYPE: ClassVar[str] = "CEB816"

    guid: str
    return_time: datetime
    invt_no: str
    tax_no: str
    customs_tax: Decimal
    value_added_tax: Decimal
    consumption_tax: Decimal
    status: int
    lines: tuple[TaxLine, ...]
    ent_duty_no: str | None = None
    note: str | None = None
    assure_code: str | None = None
    ebc_code: str | None = None
    logistics_code: str | None = None
    agent_code: str | None = None
    customs_code: str | None = None
    order_no: str | None = None
    logistics_no: str | None = None

    @property
    def total_tax(self) -> Decimal:
        """Customs duty + VAT + consumption tax of the bill."""
        return self.customs_tax + self.value_added_tax + self.consumption_tax


Receipt = OrderReceipt | PaymentReceipt | WaybillReceipt | InventoryReceipt | ErrorReceipt | TaxBill

_SIMPLE = (OrderReceipt, PaymentReceipt, WaybillReceipt, InventoryReceipt, CancelReceipt, RefundReceipt, ErrorReceipt)
_BY_TYPE: dict[str, type] = {cls.MESSAGE_TYPE: cls for cls in (*_SIMPLE, TaxBill)}


def parse_receipt(data: bytes | str) -> Receipt:
    """Any receipt, tax bill or error receipt, by its root element."""
    message_type, root = read_message(data, expected=RECEIPT_TYPES)
    return _from_root(message_type, root)


def parse_order_receipt(data: bytes | str) -> OrderReceipt:
    """A CEB312 order receipt."""
    return _parse_as(data, OrderReceipt)


def parse_payment_receipt(data: bytes | str) -> PaymentReceipt:
    """A CEB412 payment receipt."""
    return _parse_as(data, PaymentReceipt)


def parse_waybill_receipt(data: bytes | str) -> WaybillReceipt:
    """A CEB512 waybill receipt."""
    return _parse_as(data, WaybillReceipt)


def parse_inventory_receipt(data: bytes | str) -> InventoryReceipt:
    """A CEB622 inventory receipt."""
    return _parse_as(data, InventoryReceipt)


def parse_cancel_receipt(data: bytes | str) -> CancelReceipt:
    """A CEB624 cancel receipt."""
    return _parse_as(data, CancelReceipt)


def parse_refund_receipt(data: bytes | str) -> RefundReceipt:
    """A CEB626 return receipt."""
    return _parse_as(data, RefundReceipt)


def parse_tax_bill(data: bytes | str) -> TaxBill:
    """A CEB816 electronic tax bill."""
    return _parse_as(data, TaxBill)


def parse_error_receipt(data: bytes | str) -> ErrorReceipt:
    """A CEB900 format/schema error receipt."""
    return _parse_as(data, ErrorReceipt)


def build_receipt(receipt: Receipt) -> bytes:
    """The XML of ``receipt`` (root ``CEBxxxMessage`` with a fresh guid), validated against our XSD."""
    root = etree.Element(
        ceb(f"{receipt.MESSAGE_TYPE}Message"), attrib={"guid": new_guid(), "version": "1.0"}, nsmap=NSMAP
    )
    if isinstance(receipt, TaxBill):
        tax = etree.SubElement(root, ceb("Tax"))
        append_fields(etree.SubElement(tax, ceb("TaxHeadRd")), receipt, layout.TAX_HEAD)
        for line in receipt.lines:
            append_fields(etree.SubElement(tax, ceb("TaxListRd")), line, layout.TAX_LIST)
    else:
        append_fields(etree.SubElement(root, ceb(receipt.NODE)), receipt, receipt.FIELDS)
    validate(root, receipt_schema(), error=MessageBuildError, code=errors.MESSAGE_SCHEMA_INVALID)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _parse_as(data: bytes | str, cls: type):
    message_type, root = read_message(data, expected=(cls.MESSAGE_TYPE,))
    return _from_root(message_type, root)


def _from_root(message_type: str, root: etree._Element) -> Receipt:
    cls = _BY_TYPE[message_type]
    if cls is TaxBill:
        return _tax_bill(root)
    return cls(**read_fields(root.find(ceb(cls.NODE)), cls.FIELDS))


def _tax_bill(root: etree._Element) -> TaxBill:
    tax = root.find(ceb("Tax"))
    lines = tuple(TaxLine(**read_fields(line, layout.TAX_LIST)) for line in tax.iterfind(ceb("TaxListRd")))
    return TaxBill(**read_fields(tax.find(ceb("TaxHeadRd")), layout.TAX_HEAD), lines=lines)
