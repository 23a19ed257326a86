"""Reading declarations back into drafts: what the simulator (customs) sees of a submitted message.

The same element tables that build a message parse it, so ``read_declaration(build_x(draft).xml)``
gives back ``draft``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from xborder.customs.messages import layout
from xborder.customs.messages.drafts import (
    CancelDraft,
    InventoryDraft,
    InventoryLineDraft,
    OrderDraft,
    OrderLineDraft,
    PaymentDraft,
    RefundDraft,
    RefundLineDraft,
    WaybillDraft,
)
from xborder.customs.messages.envelope import AppStatus, AppType, Sender
from xborder.customs.messages.fields import Field, Kind, ceb, read_fields
from xborder.customs.messages.schema import DECLARATION_TYPES, read_message

_ENVELOPE = (
    Field("guid"),
    Field("appType"),
    Field("appTime", Kind.DATETIME),
    Field("appStatus"),
)


@dataclass(frozen=True)
class HeadEnvelope:
    """``guid, appType, appTime, appStatus`` of one declared document."""

    guid: str
    app_type: AppType
    app_time: datetime
    app_status: AppStatus


@dataclass(frozen=True)
class ReceivedDocument:
    """One document of a received declaration: its envelope and its draft."""

    head: HeadEnvelope
    draft: Any


@dataclass(frozen=True)
class ReceivedMessage:
    """A schema-valid declaration message, parsed; ``root`` is kept for signature checks."""

    message_type: str
    guid: str
    sender: Sender
    documents: tuple[ReceivedDocument, ...]
    root: etree._Element


def read_declaration(data: bytes | str) -> ReceivedMessage:
    """Parse and validate a CEB311/411/511/621/623/625 message; raises ``MessageReadError`` when it is
    malformed (``xml_malformed``), of another type (``xml_wrong_root``) or invalid (``xml_schema_invalid``)."""
    message_type, root = read_message(data, expected=DECLARATION_TYPES)
    reader = _READERS[message_type]
    node_tag = _NODE_TAGS[message_type]
    documents = tuple(reader(node) for node in root.iterfind(ceb(node_tag)))
    return ReceivedMessage(
        message_type=message_type,
        guid=root.get("guid"),
        sender=_read_sender(root.find(ceb("BaseTransfer"))),
        documents=documents,
        root=root,
    )


def _read_sender(transfer: etree._Element) -> Sender:
    values = read_fields(
        transfer, (Field("copCode"), Field("copName"), Field("dxpId"), Field("dxpMode"), Field("note"))
    )
    return Sender(**values)


def _document(head: etree._Element, draft: Any) -> ReceivedDocument:
    values = read_fields(head, _ENVELOPE)
    envelope = HeadEnvelope(
        guid=values["guid"],
        app_type=AppType(values["app_type"]),
        app_time=values["app_time"],
        app_status=AppStatus(values["app_status"]),
    )
    return ReceivedDocument(head=envelope, draft=draft)


def _lines(node: etree._Element, tag: str, cls: type, fields: tuple) -> tuple:
    return tuple(cls(**read_fields(line, fields)) for line in node.iterfind(ceb(tag)))


def _read_order(node: etree._Element) -> ReceivedDocument:
    head = node.find(ceb("OrderHead"))
    lines = _lines(node, "OrderList", OrderLineDraft, layout.ORDER_LIST)
    return _document(head, OrderDraft(**read_fields(head, layout.ORDER_HEAD), lines=lines))


def _read_payment(node: etree._Element) -> ReceivedDocument:
    head = node.find(ceb("PaymentHead"))
    return _document(head, PaymentDraft(**read_fields(head, layout.PAYMENT_HEAD)))


def _read_waybill(node: etree._Element) -> ReceivedDocument:
    head = node.find(ceb("LogisticsHead"))
    return _document(head, WaybillDraft(**read_fields(head, layout.LOGISTICS_HEAD)))


def _read_inventory(node: etree._Element) -> ReceivedDocument:
    head = node.find(ceb("InventoryHead"))
    lines = _lines(node, "InventoryList", InventoryLineDraft, layout.INVENTORY_LIST)
    return _document(head, InventoryDraft(**read_fields(head, layout.INVENTORY_HEAD), lines=lines))


def _read_cancel(node: etree._Element) -> ReceivedDocument:
    return _document(node, CancelDraft(**read_fields(node, layout.CANCEL_HEAD)))


def _read_refund(node: etree._Element) -> ReceivedDocument:
    head = node.find(ceb("InvtRefundHead"))
    lines = _lines(node, "InvtRefundList", RefundLineDraft, layout.REFUND_LIST)
    return _document(head, RefundDraft(**read_fields(head, layout.CANCEL_HEAD), lines=lines))


_NODE_TAGS = {
    "CEB311": "Order",
    "CEB411": "Payment",
    "CEB511": "Logistics",
    "CEB621": "Inventory",
    "CEB623": "InvtCancel",
    "CEB625": "InvtRefund",
}
_READERS = {
    "CEB311": _read_order,
    "CEB411": _read_payment,
    "CEB511": _read_waybill,
    "CEB621": _read_inventory,
    "CEB623": _read_cancel,
    "CEB625": _read_refund,
}
