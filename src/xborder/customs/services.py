"""Use cases of the customs pipeline: declare a paid package, send its messages through the outbox, record
receipts (polled or pushed, each once), and let clearance drive the package.

* :func:`declare_package` builds the four documents from the package (one query), checks the §6.5 rules,
  and in one transaction writes the messages, their outbox rows and the package's move to ``declaring``;
  a refused check is recorded on the declaration (``blocked`` with the violations), nothing is sent.
* :func:`send_declaration_message` is the outbox handler: it hands one message to the gateway.
* :func:`record_receipt` is the single entry of receipts: idempotent by the receipt's guid, monotonic per
  message (a late ``120`` never undoes an ``800``), so duplicates and disorder change nothing.
* Released (800): package ``cleared``, quota committed, package ``fulfilling``. Rejected (100): package
  ``customs_rejected``, its payment refunded, stock and quota released, package ``refunded``.
* :func:`cancel_declaration` sends a CEB623 for an inventory list customs accepted but has not released; its
  CEB624 (399) cancels the package, refunds it and releases stock and quota.
* :func:`declare_return` sends a CEB625 with the lines of a bonded return; :func:`declare_pending_returns`
  (beat) picks up the bonded returns that have none yet. The CEB626 is recorded on the declaration.
* A CEB816 tax bill is compared with the package's tax snapshot; differences become reconciliation items.
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from xborder.core.errors import DomainError
from xborder.core.outbox import enqueue
from xborder.customs.drafts import DeclarationDataMissing, Parties, Transport, declaration_draft
from xborder.customs.errors import CustomsError, DeclarationInconsistent, MessageBuildError
from xborder.customs.gateway import CustomsGateway, get_gateway, get_signer
from xborder.customs.messages import (
    BuiltMessage,
    CancelDraft,
    InventoryDraft,
    MessageContext,
    RefundDraft,
    RefundLineDraft,
    TaxBill,
    build_cancel_message,
    build_refund_message,
    parse_receipt,
    read_declaration,
)
from xborder.customs.messages import declare_package as build_package_messages
from xborder.customs.messages.fields import CUSTOMS_TZ, ceb
from xborder.customs.messages.receipts import ErrorReceipt
from xborder.customs.messages.schema import parse_xml
from xborder.customs.models import (
    Clearance,
    Declaration,
    DeclarationEvent,
    DeclarationMessage,
    MessageState,
    Receipt,
    ReceiptCursor,
    ReceiptSource,
    ReconciliationItem,
)
from xborder.duties.services import commit_quota, release_quota
from xborder.inventory.services import StockRequest, release_stock
from xborder.orders.models import Order, OrderLine, Package
from xborder.orders.services import transition_order, transition_package
from xborder.orders.states import FINAL, TRANSITIONS, Status
from xborder.payments.models import Payment
from xborder.payments.services import refund_payment
from xborder.payments.states import REFUNDABLE
from xborder.returns.models import ReturnDestination, ReturnRequest, ReturnStatus

logger = logging.getLogger(__name__)

SEND_HANDLER = "xborder.customs.services.send_declaration_message"
ACTOR = "customs"
DECLARABLE_MODES = frozenset({"1210", "9610"})
PACKAGE_NOT_DECLARABLE = "package_not_declarable"
ALREADY_DECLARED = "already_declared"
DECLARATION_RELEASED = "declaration_released"
NOT_CANCELLABLE = "declaration_not_cancellable"
RETURN_NOT_DECLARABLE = "return_not_declarable"
RETURN_ALREADY_DECLARED = "return_already_declared"
# The documents that declare the package; a refused CEB623/CEB625 does not reject the declaration.
DECLARING_TYPES = frozenset({"CEB311", "CEB411", "CEB511", "CEB621"})
HELD_BY_CUSTOMS = frozenset({MessageState.ACCEPTED, MessageState.MANUAL_REVIEW, MessageState.INSPECTION})

# Receipt type -> the declaration message it answers.
ANSWERS = {
    "CEB312": "CEB311",
    "CEB412": "CEB411",
    "CEB512": "CEB511",
    "CEB622": "CEB621",
    "CEB624": "CEB623",
    "CEB626": "CEB625",
    "CEB816": "CEB621",
}
# A message only moves up this ladder, so a late or repeated receipt cannot undo a later one.
RANK = {
    MessageState.PENDING: 0,
    MessageState.SENT: 1,
    MessageState.DECLARING: 2,
    MessageState.ACCEPTED: 3,
    MessageState.MANUAL_REVIEW: 4,
    MessageState.INSPECTION: 4,
    MessageState.ERROR: 5,
    MessageState.REJECTED: 5,
    MessageState.RELEASED: 6,
    MessageState.SUPERSEDED: 99,
}
TAXES = (("customs_tax", "tariff"), ("value_added_tax", "vat"), ("consumption_tax", "consumption_tax"))


class ClearanceError(DomainError):
    """Codes (409): ``package_not_declarable`` (not a paid CBEC package), ``already_declared``,
    ``declaration_released`` (too late to cancel), ``declaration_not_cancellable`` (not accepted by customs yet,
    rejected, or a cancellation under way), ``return_not_declarable`` (not a bonded return of a released
    package), ``return_already_declared``."""

    status = 409


# --- declaring -----------------------------------------------------------------------------------------


def declare_package(
    *, package: Package, transport: Transport | None = None, actor=None, actor_label: str = ACTOR,
    now: datetime | None = None,
) -> Declaration:  # fmt: skip
    """Declare a paid CBEC package (or resend one whose messages customs could not read): write its four
    messages and their outbox rows and move the package to ``declaring``, all in one transaction. When the
    data is incomplete or breaks a §6.5 rule the declaration is ``blocked`` with the reasons and nothing is
    sent. Raises ``package_not_declarable`` or ``already_declared``."""
    now = now or timezone.now()
    with transaction.atomic():
        package = Package.objects.select_for_update().select_related("order").get(pk=package.pk)
        declaration = _declaration_for_update(package, now)
        resend = _check_declarable(package, declaration)
        try:
            draft = declaration_draft(package_id=package.pk, transport=transport, now=now)
            messages = build_package_messages(draft, context=_context(now), signer=get_signer())
        except DeclarationDataMissing as exc:
            return _block(declaration, exc.code, [exc.message], actor=actor, actor_label=actor_label)
        except (DeclarationInconsistent, MessageBuildError) as exc:
            return _block(declaration, exc.code, [exc.message, *exc.details], actor=actor, actor_label=actor_label)
        if resend:
            declaration.messages.exclude(state=MessageState.SUPERSEDED).update(state=MessageState.SUPERSEDED)
        for built in messages:
            _write_message(declaration, built)
        Declaration.objects.filter(pk=declaration.pk).update(error_code="", error_details=[])
        declaration.error_code, declaration.error_details = "", []
        if not resend:
            transition_package(
                package=package, to=Status.DECLARING, actor=actor, actor_label=actor_label, reason="declared to customs"
            )
            _follow_packages(package.order_id, actor_label)
        _set_clearance(
            declaration,
            Clearance.PENDING,
            reason=f"{len(tuple(messages))} messages in the outbox",
            actor=actor,
            actor_label=actor_label,
            force_event=True,
        )
    return declaration


def declare_paid_packages(*, limit: int = 100) -> int:
    """Declare every paid CBEC package that has no declaration yet; returns how many were declared."""
    ids = list(
        Package.objects.filter(status=Status.PAID, customs_mode__in=DECLARABLE_MODES, declaration__isnull=True)
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )
    declared = 0
    for package_id in ids:
        try:
            declaration = declare_package(package=Package(pk=package_id))
        except DomainError as exc:
            logger.info("package %s not declared: %s", package_id, exc.code)
            continue
        declared += declaration.clearance != Clearance.BLOCKED
    return declared


def _declaration_for_update(package: Package, now: datetime) -> Declaration:
    declaration, _ = Declaration.objects.get_or_create(package=package, defaults={"clearance_changed_at": now})
    return Declaration.objects.select_for_update().get(pk=declaration.pk)


def _check_declarable(package: Package, declaration: Declaration) -> bool:
    """True when this is a resend after a format error; raises when the package cannot be declared now."""
    if package.customs_mode not in DECLARABLE_MODES:
        raise ClearanceError(PACKAGE_NOT_DECLARABLE, f"Package {package.number} is not a CBEC package.")
    if package.status == Status.DECLARING and declaration.clearance == Clearance.FORMAT_ERROR:
        return True
    if package.status != Status.PAID:
        raise ClearanceError(PACKAGE_NOT_DECLARABLE, f"Package {package.number} is {package.status}, not paid.")
    if declaration.messages.exclude(state=MessageState.SUPERSEDED).exists():
        raise ClearanceError(ALREADY_DECLARED, f"Package {package.number} is already declared.")
    return False


def _context(now: datetime) -> MessageContext:
    return MessageContext(sender=Parties.from_settings().sender, app_time=timezone.localtime(now, CUSTOMS_TZ))


def _write_message(declaration: Declaration, built: BuiltMessage) -> DeclarationMessage:
    outbox = enqueue(handler=SEND_HANDLER, key=built.guid, payload={"message_type": built.message_type})
    return DeclarationMessage.objects.create(
        declaration=declaration,
        message_type=built.message_type,
        guid=built.guid,
        head_guid=parse_xml(built.xml).find(f".//{ceb('guid')}").text,
        payload=built.xml.decode("utf-8"),
        outbox=outbox,
    )


def _block(declaration: Declaration, code: str, details: list[str], *, actor, actor_label: str) -> Declaration:
    declaration.error_code, declaration.error_details = code[:40], [str(detail)[:500] for detail in details]
    declaration.save(update_fields=["error_code", "error_details", "updated_at"])
    _set_clearance(
        declaration,
        Clearance.BLOCKED,
        reason=f"{code}: {'; '.join(details)}",
        actor=actor,
        actor_label=actor_label,
        force_event=True,
    )
    return declaration


# --- cancelling and returns ---------------------------------------------------------------------------


def cancel_declaration(
    *, package: Package, reason: str, actor=None, actor_label: str = ACTOR, now: datetime | None = None
) -> Declaration:
    """Ask customs to cancel the inventory list of a package it accepted but has not released: write a signed,
    schema-valid CEB623 to the outbox in the caller's transaction. Its CEB624 (399) moves the package to
    ``cancelled``, refunds it and releases stock and quota. Raises ``declaration_released`` or
    ``declaration_not_cancellable``."""
    now = now or timezone.now()
    reason = (reason or "").strip() or "cancelled by the platform"
    with transaction.atomic():
        package = Package.objects.select_for_update().get(pk=package.pk)
        declaration = Declaration.objects.select_for_update().filter(package=package).first()
        inventory = _live_message(declaration, "CEB621")
        _check_cancellable(package, declaration, inventory)
        invt_no = _invt_no(inventory)
        draft = CancelDraft.for_inventory(_inventory_draft(inventory), invt_no=invt_no, reason=reason[:1000])
        built = build_cancel_message(draft, context=_context(now), signer=get_signer())
        declaration.messages.filter(message_type="CEB623").update(state=MessageState.SUPERSEDED)
        _write_message(declaration, built)
        _set_clearance(
            declaration,
            declaration.clearance,
            reason=f"cancellation sent: {reason}",
            actor=actor,
            actor_label=actor_label,
            force_event=True,
        )
    return declaration


def declare_return(*, return_request: ReturnRequest, now: datetime | None = None) -> DeclarationMessage:
    """Declare a bonded return (D10) to customs: a signed CEB625 with the returned lines and quantities,
    written to the outbox in one transaction; its CEB626 is recorded on the package's declaration.
    Raises ``return_not_declarable`` or ``return_already_declared``."""
    now = now or timezone.now()
    with transaction.atomic():
        request = ReturnRequest.objects.select_for_update().get(pk=return_request.pk)
        if DeclarationMessage.objects.filter(return_request=request).exists():
            raise ClearanceError(RETURN_ALREADY_DECLARED, f"Return {request.number} is already declared.")
        declaration = Declaration.objects.select_for_update().filter(package_id=request.package_id).first()
        inventory = _live_message(declaration, "CEB621")
        if (
            request.destination != ReturnDestination.BONDED_WAREHOUSE
            or request.status == ReturnStatus.CANCELLED
            or inventory is None
            or inventory.state != MessageState.RELEASED
        ):
            raise ClearanceError(
                RETURN_NOT_DECLARABLE, f"Return {request.number} is not a bonded return of a released package."
            )
        inventory_draft = _inventory_draft(inventory)
        draft = RefundDraft.for_inventory(
            inventory_draft,
            invt_no=_invt_no(inventory),
            reason=f"return {request.number}: {request.get_reason_display()}"[:1000],
            lines=_returned_lines(request, inventory_draft),
        )
        built = build_refund_message(draft, context=_context(now), signer=get_signer())
        message = _write_message(declaration, built)
        DeclarationMessage.objects.filter(pk=message.pk).update(return_request=request)
        message.return_request = request
        DeclarationEvent.objects.create(
            declaration=declaration,
            to_status=declaration.clearance,
            reason=f"return {request.number} declared (CEB625)"[:200],
            actor_label=ACTOR,
        )
    return message


def declare_pending_returns(*, limit: int = 100) -> int:
    """Declare every bonded return not cancelled that has no CEB625 yet; returns how many were declared."""
    ids = list(
        ReturnRequest.objects.filter(
            destination=ReturnDestination.BONDED_WAREHOUSE,
            customs_message__isnull=True,
            package__declaration__clearance=Clearance.RELEASED,
        )
        .exclude(status=ReturnStatus.CANCELLED)
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )
    declared = 0
    for request_id in ids:
        try:
            declare_return(return_request=ReturnRequest(pk=request_id))
        except DomainError as exc:
            logger.info("return %s not declared: %s", request_id, exc.code)
            continue
        declared += 1
    return declared


def _live_message(declaration: Declaration | None, message_type: str) -> DeclarationMessage | None:
    if declaration is None:
        return None
    live = declaration.messages.filter(message_type=message_type).exclude(state=MessageState.SUPERSEDED)
    return live.order_by("-id").first()


def _check_cancellable(package: Package, declaration, inventory) -> None:
    if inventory is not None and inventory.state == MessageState.RELEASED:
        raise ClearanceError(DECLARATION_RELEASED, f"Package {package.number} is released; apply for a return.")
    if package.status != Status.DECLARING or inventory is None or inventory.state not in HELD_BY_CUSTOMS:
        raise ClearanceError(NOT_CANCELLABLE, f"Package {package.number} has no inventory list customs holds.")
    pending = _live_message(declaration, "CEB623")
    if pending is not None and pending.state != MessageState.REJECTED:
        raise ClearanceError(NOT_CANCELLABLE, f"Package {package.number} is being cancelled already.")


def _invt_no(inventory: DeclarationMessage) -> str:
    """The number customs gave the inventory list (on its acceptance receipt)."""
    found = inventory.receipts.exclude(invt_no="").order_by("id").values_list("invt_no", flat=True).first()
    if not found:
        raise ClearanceError(NOT_CANCELLABLE, "Customs has not numbered this inventory list yet.")
    return found


def _inventory_draft(inventory: DeclarationMessage) -> InventoryDraft:
    """The inventory list exactly as customs received it (read back from the XML sent)."""
    return read_declaration(inventory.payload.encode("utf-8")).documents[0].draft


def _returned_lines(request: ReturnRequest, inventory: InventoryDraft) -> tuple[RefundLineDraft, ...]:
    """``gnum`` is the order line's position in the package (lines by id), as when the package was declared."""
    positions = {
        line_id: gnum
        for gnum, line_id in enumerate(
            OrderLine.objects.filter(package_id=request.package_id).order_by("id").values_list("pk", flat=True),
            start=1,
        )
    }
    declared = {line.gnum: line for line in inventory.lines}
    lines = []
    for returned in request.lines.order_by("order_line_id"):
        line = declared.get(positions.get(returned.order_line_id))
        if line is None:
            raise ClearanceError(RETURN_NOT_DECLARABLE, f"Line {returned.order_line_id} was not declared.")
        lines.append(
            RefundLineDraft(gnum=line.gnum, gcode=line.gcode, gname=line.gname, qty=Decimal(returned.quantity),
                            unit=line.unit)
        )  # fmt: skip
    if not lines:
        raise ClearanceError(RETURN_NOT_DECLARABLE, f"Return {request.number} has no lines.")
    return tuple(lines)


# --- sending -------------------------------------------------------------------------------------------


def send_declaration_message(outbox_message) -> None:
    """Outbox handler: hand one declaration message to the customs gateway. ``GatewayUnavailable`` propagates
    (the outbox retries later); a CEB900 answer is recorded as that message's receipt."""
    message = DeclarationMessage.objects.filter(outbox=outbox_message).first()
    if message is None or message.state != MessageState.PENDING:
        return
    result = get_gateway().submit(message.payload.encode("utf-8"))
    DeclarationMessage.objects.filter(pk=message.pk, state=MessageState.PENDING).update(
        state=MessageState.SENT, sent_at=timezone.now()
    )
    if result.error_receipt:
        record_receipt(xml=result.error_receipt, source=ReceiptSource.SUBMIT)
    else:
        with transaction.atomic():
            declaration = Declaration.objects.select_for_update().get(pk=message.declaration_id)
            _refresh_clearance(declaration, reason=f"{message.message_type} sent", actor_label=ACTOR)
    transaction.on_commit(_request_poll)


def _request_poll() -> None:
    from xborder.customs.tasks import poll_customs_receipts

    try:
        poll_customs_receipts.delay()
    except Exception:
        logger.exception("could not queue a customs receipt poll")


# --- receipts ------------------------------------------------------------------------------------------


def record_receipt(*, xml: bytes, source: str) -> tuple[Receipt, bool]:
    """Store one receipt (CEB312/412/512/622/624/626, CEB816, CEB900) and apply it; returns the receipt and
    whether it was new. A receipt seen before (same guid) changes nothing. Raises ``MessageReadError``
    (``xml_malformed``, ``xml_wrong_root``, ``xml_schema_invalid``) for XML that is not a valid receipt."""
    parsed = parse_receipt(xml)
    receipt_guid = parse_xml(xml).get("guid")
    with transaction.atomic():
        existing = Receipt.objects.filter(receipt_guid=receipt_guid).first()
        if existing is not None:
            return existing, False
        message = _answered_message(parsed)
        declaration_id = message.declaration_id if message else _declaration_id_by_number(parsed)
        declaration = (
            Declaration.objects.select_for_update().filter(pk=declaration_id).first() if declaration_id else None
        )
        try:
            with transaction.atomic():
                receipt = Receipt.objects.create(
                    **_receipt_fields(parsed, xml, receipt_guid, source), declaration=declaration, message=message
                )
        except IntegrityError:
            return Receipt.objects.get(receipt_guid=receipt_guid), False
        if declaration is None:
            logger.warning("customs receipt %s matches no declaration", receipt_guid)
            return receipt, True
        if isinstance(parsed, TaxBill):
            _reconcile(declaration, receipt, parsed)
        elif message is not None:
            _advance(message, parsed.return_status)
        label = f"customs {receipt.message_type} {receipt.return_status if receipt.return_status is not None else ''}"
        _refresh_clearance(declaration, reason=receipt.return_info, actor_label=label.strip())
    return receipt, True


def poll_receipts(*, gateway: CustomsGateway | None = None, limit: int = 500) -> int:
    """Fetch the receipts the gateway has after our cursor and record them; returns how many were new.

    The cursor (``ReceiptCursor``, per gateway) is the last ``seq`` recorded and the gateway's epoch. Each
    receipt is recorded and the cursor moved past it in one transaction, so a restarted platform resumes right
    after the last recorded receipt. A gateway in another epoch than the cursor's numbers from 1 again (a
    simulator restarted without its ledger file): the cursor is reset and that numbering read from its start;
    a receipt read twice is recorded once (by its guid). Raises ``GatewayUnavailable`` when the gateway cannot
    be reached (nothing is lost: the cursor stays)."""
    gateway = gateway or get_gateway()
    cursor, _ = ReceiptCursor.objects.get_or_create(gateway=gateway.name[:200])
    batch = gateway.receipts(after=cursor.last_seq)
    if batch.epoch != cursor.epoch:
        if cursor.last_seq:
            logger.warning(
                "customs receipt numbering of %s restarted (epoch %r, was %r at %s): reading it from the start",
                gateway.name,
                batch.epoch,
                cursor.epoch,
                cursor.last_seq,
            )
            batch = gateway.receipts(after=0)
        ReceiptCursor.objects.filter(pk=cursor.pk, epoch=cursor.epoch).update(epoch=batch.epoch, last_seq=0)
    recorded = 0
    for incoming in batch.receipts[:limit]:
        with transaction.atomic():
            try:
                _, created = record_receipt(xml=incoming.xml, source=ReceiptSource.POLL)
            except CustomsError as exc:
                logger.warning("unreadable customs receipt %s skipped: %s", incoming.seq, exc.code)
                created = False
            recorded += created
            ReceiptCursor.objects.filter(pk=cursor.pk, epoch=batch.epoch, last_seq__lt=incoming.seq).update(
                last_seq=incoming.seq
            )
    return recorded


def _answered_message(parsed) -> DeclarationMessage | None:
    if isinstance(parsed, ErrorReceipt):
        return DeclarationMessage.objects.filter(guid=parsed.ori_cop_msg_id or "").first()
    message_type = ANSWERS.get(parsed.MESSAGE_TYPE)
    found = DeclarationMessage.objects.filter(head_guid=parsed.guid, message_type=message_type).first()
    if found is not None:
        return found
    number = _package_number(parsed)
    if not number:
        return None
    live = DeclarationMessage.objects.filter(declaration__package__number=number, message_type=message_type)
    return live.exclude(state=MessageState.SUPERSEDED).order_by("-id").first()


def _package_number(parsed) -> str | None:
    return getattr(parsed, "order_no", None) or getattr(parsed, "cop_no", None)


def _declaration_id_by_number(parsed) -> int | None:
    number = _package_number(parsed)
    if not number:
        return None
    return Declaration.objects.filter(package__number=number).values_list("pk", flat=True).first()


def _receipt_fields(parsed, xml: bytes, receipt_guid: str, source: str) -> dict:
    fields = {
        "receipt_guid": receipt_guid,
        "message_type": parsed.MESSAGE_TYPE,
        "payload": xml.decode("utf-8"),
        "source": source,
        "invt_no": getattr(parsed, "invt_no", None) or "",
    }
    if isinstance(parsed, TaxBill):
        return {
            **fields,
            "return_time": parsed.return_time,
            "return_info": f"tax bill {parsed.tax_no}",
            "data": _tax_bill_data(parsed),
        }
    return {
        **fields,
        "return_status": parsed.return_status,
        "return_info": parsed.return_info[:1000],
        "return_time": parsed.return_time,
        "reason_code": (parsed.reason_code or "")[:40],
    }


def _tax_bill_data(bill: TaxBill) -> dict:
    return {
        "tax_no": bill.tax_no,
        "status": bill.status,
        "customs_tax": str(bill.customs_tax),
        "value_added_tax": str(bill.value_added_tax),
        "consumption_tax": str(bill.consumption_tax),
        "lines": [
            {
                "gnum": line.gnum,
                "gcode": line.gcode,
                "tax_price": str(line.tax_price),
                "customs_tax": str(line.customs_tax),
                "value_added_tax": str(line.value_added_tax),
                "consumption_tax": str(line.consumption_tax),
            }
            for line in bill.lines
        ],
    }


def message_state_for(return_status: int) -> str:
    """The message state a ``returnStatus`` (§6.6) means."""
    if return_status < 0 or return_status == 4:
        return MessageState.ERROR
    if return_status in (100, 700):
        return MessageState.REJECTED
    if return_status in (120, 399):
        return MessageState.ACCEPTED
    if return_status == 300:
        return MessageState.MANUAL_REVIEW
    if 500 <= return_status <= 599:
        return MessageState.INSPECTION
    if return_status in (800, 899):
        return MessageState.RELEASED
    return MessageState.DECLARING


def _advance(message: DeclarationMessage, return_status: int) -> None:
    target = message_state_for(return_status)
    if target == message.state or RANK[target] < RANK[message.state]:
        return
    DeclarationMessage.objects.filter(pk=message.pk).update(state=target)
    message.state = target


def _reconcile(declaration: Declaration, receipt: Receipt, bill: TaxBill) -> None:
    package = Package.objects.only("tariff", "vat", "consumption_tax").get(pk=declaration.package_id)
    items = [
        ReconciliationItem(
            declaration=declaration,
            receipt=receipt,
            tax=bill_field,
            expected=expected,
            billed=billed,
            difference=billed - expected,
        )
        for bill_field, package_field in TAXES
        if (billed := getattr(bill, bill_field)) != (expected := getattr(package, package_field))
    ]
    ReconciliationItem.objects.bulk_create(items)


# --- clearance -----------------------------------------------------------------------------------------


def derive_clearance(states: dict[str, str], *, blocked: bool = False) -> str:
    """The clearance of a declaration from the states of its live messages (by message type)."""
    if not states:
        return Clearance.BLOCKED if blocked else Clearance.PENDING
    if states.get("CEB623") == MessageState.ACCEPTED:
        return Clearance.CANCELLED
    inventory = states.get("CEB621")
    values = {state for message_type, state in states.items() if message_type in DECLARING_TYPES}
    if inventory == MessageState.RELEASED:
        return Clearance.RELEASED
    if MessageState.REJECTED in values:
        return Clearance.REJECTED
    if MessageState.ERROR in values:
        return Clearance.FORMAT_ERROR
    held = {MessageState.MANUAL_REVIEW: Clearance.MANUAL_REVIEW, MessageState.INSPECTION: Clearance.INSPECTION}
    if inventory in held:
        return held[inventory]
    if inventory == MessageState.ACCEPTED:
        return Clearance.ACCEPTED
    if MessageState.PENDING in values:
        return Clearance.PENDING
    return Clearance.SUBMITTED


def _refresh_clearance(declaration: Declaration, *, reason: str, actor=None, actor_label: str = ACTOR) -> None:
    live = declaration.messages.exclude(state=MessageState.SUPERSEDED).order_by("id")
    states = dict(live.values_list("message_type", "state"))
    target = derive_clearance(states, blocked=bool(declaration.error_code))
    if target == declaration.clearance:
        return
    _set_clearance(declaration, target, reason=reason, actor=actor, actor_label=actor_label)
    if target == Clearance.RELEASED:
        _follow_up(declaration, target, _hand_to_fulfilment)
    elif target == Clearance.REJECTED:
        _follow_up(declaration, target, lambda package_id: _refund_rejected(package_id, reason))
    elif target == Clearance.CANCELLED:
        _follow_up(declaration, target, lambda package_id: _cancel_declared(package_id, reason))


def _follow_up(declaration: Declaration, target: str, effect) -> None:
    """Move the package on after customs' answer. When a rule refuses (stock, quota, refund), the receipt stays
    recorded and the refusal is put on the declaration for an operator, rather than blocking every later receipt."""
    try:
        with transaction.atomic():
            effect(declaration.package_id)
    except DomainError as exc:
        logger.error("package of declaration %s not moved after %s: %s", declaration.pk, target, exc.code)
        details = [f"after {target}: {exc.message}"]
        Declaration.objects.filter(pk=declaration.pk).update(error_code=exc.code[:40], error_details=details)
        declaration.error_code, declaration.error_details = exc.code[:40], details
        DeclarationEvent.objects.create(
            declaration=declaration, to_status=target, reason=f"follow-up failed: {exc.code}"[:200], actor_label=ACTOR
        )


def _set_clearance(
    declaration: Declaration, target: str, *, reason: str, actor=None, actor_label: str, force_event: bool = False
) -> None:
    previous = declaration.clearance
    if previous == target and not force_event:
        return
    now = timezone.now()
    Declaration.objects.filter(pk=declaration.pk).update(
        clearance=target, clearance_reason=reason[:1000], clearance_changed_at=now, updated_at=now
    )
    declaration.clearance, declaration.clearance_reason, declaration.clearance_changed_at = target, reason[:1000], now
    DeclarationEvent.objects.create(
        declaration=declaration,
        from_status=previous if previous != target else "",
        to_status=target,
        reason=reason[:200],
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label[:60],
    )


def _hand_to_fulfilment(package_id: int) -> None:
    package = Package.objects.select_related("order").get(pk=package_id)
    if package.status != Status.DECLARING:
        return
    transition_package(package=package, to=Status.CLEARED, actor_label=ACTOR, reason="released by customs (800)")
    if package.quota_reserved > 0:
        commit_quota(package_ref=package.number, actor=ACTOR)
    transition_package(package=package, to=Status.FULFILLING, actor_label=ACTOR, reason="handed to fulfilment")
    _follow_packages(package.order_id, ACTOR)


def _refund_rejected(package_id: int, reason: str) -> None:
    package = Package.objects.select_related("order").prefetch_related("lines").get(pk=package_id)
    if package.status != Status.DECLARING:
        return
    why = f"rejected by customs: {reason}"[:200]
    transition_package(package=package, to=Status.CUSTOMS_REJECTED, actor_label=ACTOR, reason=why)
    amount = _give_back(package, why)
    transition_package(package=package, to=Status.REFUNDED, actor_label=ACTOR, reason=f"refunded {amount} CNY")
    _follow_packages(package.order_id, ACTOR)


def _cancel_declared(package_id: int, reason: str) -> None:
    package = Package.objects.select_related("order").prefetch_related("lines").get(pk=package_id)
    if package.status != Status.DECLARING:
        return
    why = f"declaration cancelled (CEB624): {reason}"[:200]
    transition_package(package=package, to=Status.CANCELLED, actor_label=ACTOR, reason=why)
    _give_back(package, why)
    _follow_packages(package.order_id, ACTOR)


def _give_back(package: Package, why: str) -> Decimal:
    """Refund the package to the buyer and release its stock and annual quota; returns the amount refunded."""
    payment = Payment.objects.filter(orders=package.order_id, status__in=REFUNDABLE).order_by("-paid_at", "-id").first()
    amount = min(package.total, payment.refundable_amount) if payment else Decimal("0")
    if amount > 0:
        refund_payment(payment=payment, amount=amount, reason=f"package {package.number} {why}", actor_label=ACTOR)
    release_stock(
        [
            StockRequest(variant_id=line.variant_id, warehouse_id=package.warehouse_id, quantity=line.quantity)
            for line in package.lines.all()
        ]
    )
    if package.quota_reserved > 0:
        release_quota(package_ref=package.number, reason=why, actor=ACTOR)
    return amount


def _follow_packages(order_id: int, actor_label: str) -> None:
    """Move the order along (the shortest legal path) when its live packages stand in one state; packages
    that are finished (refunded after a rejection, cancelled) do not hold the others' order back."""
    statuses = set(Package.objects.filter(order_id=order_id).values_list("status", flat=True))
    live = statuses - FINAL
    statuses = live or statuses
    if len(statuses) != 1:
        return
    order = Order.objects.get(pk=order_id)
    for step in _path(order.status, statuses.pop()):
        transition_order(order=order, to=step, actor_label=actor_label, reason="follows its packages")


def _path(start: str, goal: str) -> list[str]:
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current == goal:
            steps = []
            while previous[current] is not None:
                steps.append(current)
                current = previous[current]
            return steps[::-1]
        for target in sorted(TRANSITIONS.get(current, ())):
            if target not in previous:
                previous[target] = current
                queue.append(target)
    return []
