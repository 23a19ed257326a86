"""Builders of the six import declarations (CEB311/411/511/621/623/625) and ``declare_package``.

Every builder writes the §6.2 envelope and the §6.4 sequences, signs when a signer is given, and
validates the result against ``xsd/ceb_declarations.xsd`` before returning it, so nothing invalid
ever leaves. A declared (``appStatus=2``) CEB621/623/625 must be signed: without a signer the
builder raises ``signature_required`` rather than sending an unsigned declaration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from xborder.customs import errors
from xborder.customs.errors import DeclarationInconsistent, MessageBuildError
from xborder.customs.messages import layout
from xborder.customs.messages.consistency import check_declaration
from xborder.customs.messages.drafts import (
    CancelDraft,
    DeclarationDraft,
    InventoryDraft,
    OrderDraft,
    PaymentDraft,
    RefundDraft,
    WaybillDraft,
)
from xborder.customs.messages.envelope import (
    AppStatus,
    MessageContext,
    append_base_transfer,
    append_head_envelope,
    message_root,
)
from xborder.customs.messages.fields import append_fields, ceb
from xborder.customs.messages.schema import SIGNED_TYPES, declaration_schema, validate
from xborder.customs.messages.signing import MessageSigner

MAX_DOCUMENTS_PER_MESSAGE = 100
MAX_LINES_PER_DOCUMENT = 99

_Writer = Callable[[etree._Element, Any, MessageContext], None]


@dataclass(frozen=True)
class BuiltMessage:
    """A validated (and, when required, signed) declaration ready to send."""

    message_type: str
    guid: str
    order_nos: tuple[str, ...]
    xml: bytes


@dataclass(frozen=True)
class PackageMessages:
    """The four messages that declare one package, in sending order."""

    order: BuiltMessage
    payment: BuiltMessage
    waybill: BuiltMessage
    inventory: BuiltMessage

    def __iter__(self):
        """Order, payment, waybill, inventory list: the order in which customs expects them."""
        return iter((self.order, self.payment, self.waybill, self.inventory))


def build_order_message(
    orders: OrderDraft | Sequence[OrderDraft],
    *,
    context: MessageContext,
    signer: MessageSigner | None = None,
) -> BuiltMessage:
    """CEB311: up to 100 orders, each an ``OrderHead`` and up to 99 ``OrderList`` lines."""
    return _build("CEB311", _as_tuple(orders), _write_order, context=context, signer=signer)


def build_payment_message(
    payments: PaymentDraft | Sequence[PaymentDraft],
    *,
    context: MessageContext,
    signer: MessageSigner | None = None,
) -> BuiltMessage:
    """CEB411: up to 100 payment vouchers (``Payment/PaymentHead``)."""
    return _build("CEB411", _as_tuple(payments), _write_payment, context=context, signer=signer)


def build_waybill_message(
    waybills: WaybillDraft | Sequence[WaybillDraft],
    *,
    context: MessageContext,
    signer: MessageSigner | None = None,
) -> BuiltMessage:
    """CEB511: up to 100 electronic waybills (``Logistics/LogisticsHead``)."""
    return _build("CEB511", _as_tuple(waybills), _write_waybill, context=context, signer=signer)


def build_inventory_message(
    inventories: InventoryDraft | Sequence[InventoryDraft],
    *,
    context: MessageContext,
    signer: MessageSigner | None,
) -> BuiltMessage:
    """CEB621: up to 100 import inventory lists; signed (required when declared)."""
    return _build("CEB621", _as_tuple(inventories), _write_inventory, context=context, signer=signer)


def build_cancel_message(
    cancels: CancelDraft | Sequence[CancelDraft],
    *,
    context: MessageContext,
    signer: MessageSigner | None,
) -> BuiltMessage:
    """CEB623: cancellation of up to 100 inventory lists; signed (required when declared)."""
    return _build("CEB623", _as_tuple(cancels), _write_cancel, context=context, signer=signer)


def build_refund_message(
    refunds: RefundDraft | Sequence[RefundDraft],
    *,
    context: MessageContext,
    signer: MessageSigner | None,
) -> BuiltMessage:
    """CEB625: return applications for up to 100 released inventory lists; signed when declared."""
    return _build("CEB625", _as_tuple(refunds), _write_refund, context=context, signer=signer)


def declare_package(
    draft: DeclarationDraft,
    *,
    context: MessageContext,
    signer: MessageSigner | None,
) -> PackageMessages:
    """Check the §6.5 rules over the four documents, then build all four messages.

    Raises ``DeclarationInconsistent`` (code ``declaration_inconsistent``, with the violations)
    before building anything when the documents disagree.
    """
    violations = check_declaration(draft)
    if violations:
        raise DeclarationInconsistent(
            code=errors.DECLARATION_INCONSISTENT,
            message=f"order {draft.order_no}: {len(violations)} cross-document rule(s) broken",
            details=tuple(f"{v.code}: {v.message}" for v in violations),
            violations=tuple(violations),
        )
    return PackageMessages(
        order=build_order_message(draft.order, context=context),
        payment=build_payment_message(draft.payment, context=context),
        waybill=build_waybill_message(draft.waybill, context=context),
        inventory=build_inventory_message(draft.inventory, context=context, signer=signer),
    )


def _build(
    message_type: str,
    drafts: tuple,
    write: _Writer,
    *,
    context: MessageContext,
    signer: MessageSigner | None,
) -> BuiltMessage:
    _check_count(message_type, drafts)
    needs_signature = message_type in SIGNED_TYPES and context.app_status is AppStatus.DECLARED
    if needs_signature and signer is None:
        raise MessageBuildError(
            code=errors.SIGNATURE_REQUIRED,
            message=f"a declared {message_type} must be signed: pass a MessageSigner",
        )
    root = message_root(message_type, context)
    for draft in drafts:
        write(root, draft, context)
    append_base_transfer(root, context.sender)
    if signer is not None:
        root = signer.sign(root)
    validate(root, declaration_schema(), error=MessageBuildError, code=errors.MESSAGE_SCHEMA_INVALID)
    return BuiltMessage(
        message_type=message_type,
        guid=root.get("guid"),
        order_nos=tuple(draft.order_no for draft in drafts),
        xml=etree.tostring(root, xml_declaration=True, encoding="UTF-8"),
    )


def _check_count(message_type: str, drafts: tuple) -> None:
    if not drafts or len(drafts) > MAX_DOCUMENTS_PER_MESSAGE:
        raise MessageBuildError(
            code=errors.DOCUMENT_COUNT_INVALID,
            message=f"{message_type} carries 1 to {MAX_DOCUMENTS_PER_MESSAGE} documents, got {len(drafts)}",
        )
    for draft in drafts:
        lines = getattr(draft, "lines", ())
        if len(lines) > MAX_LINES_PER_DOCUMENT:
            raise MessageBuildError(
                code=errors.TOO_MANY_LINES,
                message=f"order {draft.order_no} has {len(lines)} lines, at most {MAX_LINES_PER_DOCUMENT}",
            )


def _as_tuple(drafts) -> tuple:
    return tuple(drafts) if isinstance(drafts, Sequence) else (drafts,)


def _head(parent: etree._Element, tag: str, context: MessageContext) -> etree._Element:
    head = etree.SubElement(parent, ceb(tag))
    append_head_envelope(head, context)
    return head


def _lines(parent: etree._Element, tag: str, lines: tuple, fields: tuple) -> None:
    for line in lines:
        append_fields(etree.SubElement(parent, ceb(tag)), line, fields)


def _write_order(root: etree._Element, order: OrderDraft, context: MessageContext) -> None:
    node = etree.SubElement(root, ceb("Order"))
    append_fields(_head(node, "OrderHead", context), order, layout.ORDER_HEAD)
    _lines(node, "OrderList", order.lines, layout.ORDER_LIST)


def _write_payment(root: etree._Element, payment: PaymentDraft, context: MessageContext) -> None:
    node = etree.SubElement(root, ceb("Payment"))
    append_fields(_head(node, "PaymentHead", context), payment, layout.PAYMENT_HEAD)


def _write_waybill(root: etree._Element, waybill: WaybillDraft, context: MessageContext) -> None:
    node = etree.SubElement(root, ceb("Logistics"))
    append_fields(_head(node, "LogisticsHead", context), waybill, layout.LOGISTICS_HEAD)


def _write_inventory(root: etree._Element, inventory: InventoryDraft, context: MessageContext) -> None:
    node = etree.SubElement(root, ceb("Inventory"))
    append_fields(_head(node, "InventoryHead", context), inventory, layout.INVENTORY_HEAD)
    _lines(node, "InventoryList", inventory.lines, layout.INVENTORY_LIST)


def _write_cancel(root: etree._Element, cancel: CancelDraft, context: MessageContext) -> None:
    append_fields(_head(root, "InvtCancel", context), cancel, layout.CANCEL_HEAD)


def _write_refund(root: etree._Element, refund: RefundDraft, context: MessageContext) -> None:
    node = etree.SubElement(root, ceb("InvtRefund"))
    append_fields(_head(node, "InvtRefundHead", context), refund, layout.CANCEL_HEAD)
    _lines(node, "InvtRefundList", refund.lines, layout.REFUND_LIST)
