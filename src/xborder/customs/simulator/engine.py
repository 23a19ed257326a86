"""The customs single window, in process: receives declarations, matches them, answers with receipts.

:class:`CustomsSimulator` validates every message against our XSDs (a CEB900 on malformed, foreign,
invalid or badly signed XML), files order, payment, waybill and inventory list by ``orderNo``,
and once all four are in, judges the package like customs: the §6.5 rules, the recomputed tax,
the single-transaction limit and its own annual ledger. Receipts (120 accepted, 100 rejected with a
reason, 300/500 held, 800 released, the CEB816 tax bill, 399 for cancel and return) become visible
after ``receipt_delay`` and can be polled (:meth:`receipts`) or pushed (:meth:`deliver_due`). They are
numbered by ``seq`` within an :attr:`epoch` (see :mod:`xborder.customs.simulator.numbering`).

Rejection reasons start with a stable code: ``documents_mismatched``, ``tax_mismatch``,
``over_transaction_limit``, ``over_annual_limit``, ``inventory_not_found``, ``not_released``,
``refund_exceeds_inventory``, ``duplicate_declaration``, ``return_window_closed`` (or the reason
set with the ``reject_reason`` fault). A return must be applied for (``appTime`` of the CEB625)
within ``return_window`` of the release (REGULATION §1.9: 30 days).

Resending a message with the same root ``guid`` is idempotent: it is acknowledged again and not
processed twice (a sender that lost the HTTP answer may safely retry). A *new* message for a
package that is already held or released is turned back as ``duplicate_declaration``. The annual
ledger counts a package when its inventory list is accepted, in the calendar year of its ``appTime``.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from xborder.customs import errors
from xborder.customs.errors import GatewayUnavailable, MessageReadError, SignatureError
from xborder.customs.messages.consistency import check_declaration
from xborder.customs.messages.drafts import DeclarationDraft
from xborder.customs.messages.envelope import AppStatus, new_guid
from xborder.customs.messages.fields import CUSTOMS_TZ
from xborder.customs.messages.readers import ReceivedDocument, ReceivedMessage, read_declaration
from xborder.customs.messages.receipts import ErrorReceipt, Receipt, ReturnStatus, TaxLine, build_receipt
from xborder.customs.messages.schema import SIGNED_TYPES, message_type_of, parse_xml
from xborder.customs.simulator import answers
from xborder.customs.simulator.config import SimulatorConfig
from xborder.customs.simulator.ledger import MemoryQuotaLedger, QuotaLedger, SqliteQuotaLedger
from xborder.customs.simulator.numbering import MemoryReceiptNumbering, ReceiptNumbering, SqliteReceiptNumbering

DOCUMENTS_MISMATCHED = "documents_mismatched"
TAX_MISMATCH = "tax_mismatch"
OVER_TRANSACTION_LIMIT = "over_transaction_limit"
OVER_ANNUAL_LIMIT = "over_annual_limit"
INVENTORY_NOT_FOUND = "inventory_not_found"
NOT_RELEASED = "not_released"
REFUND_EXCEEDS_INVENTORY = "refund_exceeds_inventory"
DUPLICATE_DECLARATION = "duplicate_declaration"
RETURN_WINDOW_CLOSED = "return_window_closed"

# CEB900 returnStatus per reading error (all negative, as §6.6 requires).
FORMAT_ERROR_STATUS = {
    errors.XML_MALFORMED: -1,
    errors.XML_WRONG_ROOT: -2,
    errors.XML_SCHEMA_INVALID: -3,
    errors.SIGNATURE_MISSING: -4,
    errors.SIGNATURE_INVALID: -4,
}
_GUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")
_CENT = Decimal("0.01")


class CaseState(StrEnum):
    """Where a package stands at the simulated customs."""

    WAITING = "waiting"
    REJECTED = "rejected"
    HELD = "held"
    RELEASED = "released"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class OutgoingReceipt:
    """A receipt the simulator issued: visible from ``due_at``, numbered by ``seq`` once it is."""

    seq: int
    message_type: str
    order_no: str | None
    xml: bytes
    due_at: datetime


@dataclass(frozen=True)
class Submission:
    """The immediate answer to a submitted message: accepted for processing, or a CEB900."""

    accepted: bool
    message_type: str | None
    guid: str | None
    error_receipt: bytes | None = None
    duplicate: bool = False


@dataclass
class _Case:
    order_no: str
    order: ReceivedDocument | None = None
    payment: ReceivedDocument | None = None
    waybill: ReceivedDocument | None = None
    inventory: ReceivedDocument | None = None
    state: CaseState = CaseState.WAITING
    invt_no: str | None = None
    pre_no: str | None = None
    taxes: tuple[TaxLine, ...] = ()
    released_at: datetime | None = None

    def missing(self) -> list[str]:
        """The documents still to arrive before customs can judge the package."""
        return [name for name in ("order", "payment", "waybill", "inventory") if getattr(self, name) is None]

    def declaration(self) -> DeclarationDraft:
        """The four received documents as one draft (only when none is missing)."""
        return DeclarationDraft(
            order=self.order.draft,
            payment=self.payment.draft,
            waybill=self.waybill.draft,
            inventory=self.inventory.draft,
        )


class CustomsSimulator:
    """The simulated single window. Thread-safe; the HTTP service wraps one instance."""

    def __init__(self, config: SimulatorConfig | None = None, *, clock: Callable[[], datetime] | None = None):
        self.config = config or SimulatorConfig()
        self._clock = clock or (lambda: datetime.now(CUSTOMS_TZ))
        self._lock = threading.RLock()
        self._ledger: QuotaLedger = (
            SqliteQuotaLedger(self.config.ledger_path) if self.config.ledger_path else MemoryQuotaLedger()
        )
        self._numbering: ReceiptNumbering = (
            SqliteReceiptNumbering(self.config.ledger_path) if self.config.ledger_path else MemoryReceiptNumbering()
        )
        self._cases: dict[str, _Case] = {}
        self._scheduled: list[tuple[datetime, str, str | None, bytes]] = []
        self._outbox: list[OutgoingReceipt] = []
        self._push_attempts: dict[int, int] = {}
        self._pushed: set[int] = set()
        self._serial = itertools.count(1)
        self._processed: set[str] = set()

    def submit(self, data: bytes | str) -> Submission:
        """Receive one message. Raises ``GatewayUnavailable`` when told to be down."""
        faults = self.config.faults
        if faults.down:
            raise GatewayUnavailable(code=errors.GATEWAY_UNAVAILABLE, message="customs simulator is down")
        if faults.slow_seconds:
            time.sleep(faults.slow_seconds)
        try:
            message = read_declaration(data)
            self._check_signature(message)
        except (MessageReadError, SignatureError) as exc:
            return self._format_error(data, exc)
        with self._lock:
            duplicate = message.guid in self._processed
            if not duplicate:
                now = self._clock()
                for document in message.documents:
                    self._HANDLERS[message.message_type](self, message.message_type, document, now)
                self._processed.add(message.guid)
        return Submission(accepted=True, message_type=message.message_type, guid=message.guid, duplicate=duplicate)

    @property
    def epoch(self) -> str:
        """The epoch of the receipt numbering: kept across restarts with a ``ledger_path``, new otherwise."""
        return self._numbering.epoch

    def receipts(self, *, after: int = 0, order_no: str | None = None) -> list[OutgoingReceipt]:
        """Receipts due by now with ``seq > after`` (optionally of one order), oldest first."""
        now = self._clock()
        with self._lock:
            self._number_due(now)
            return [
                receipt
                for receipt in self._outbox
                if receipt.seq > after and receipt.due_at <= now and order_no in (None, receipt.order_no)
            ]

    def deliver_due(self, send: Callable[[OutgoingReceipt], bool], *, max_attempts: int = 5) -> int:
        """Push every due, not yet pushed receipt with ``send``; returns how many were delivered."""
        with self._lock:
            pending = [
                receipt
                for receipt in self.receipts()
                if receipt.seq not in self._pushed and self._push_attempts.get(receipt.seq, 0) < max_attempts
            ]
        delivered = 0
        for receipt in pending:
            ok = send(receipt)
            with self._lock:
                self._push_attempts[receipt.seq] = self._push_attempts.get(receipt.seq, 0) + 1
                if ok:
                    self._pushed.add(receipt.seq)
                    delivered += 1
        return delivered

    def release(self, order_no: str) -> bool:
        """Release a package held for manual review or inspection; False when none is held."""
        with self._lock:
            case = self._cases.get(order_no)
            if case is None or case.state is not CaseState.HELD:
                return False
            self._release(case, self._clock(), steps=1)
            return True

    def state_of(self, order_no: str) -> CaseState | None:
        """The state of a package, or ``None`` when nothing was received for it."""
        with self._lock:
            case = self._cases.get(order_no)
            return None if case is None else case.state

    def quota_used(self, id_number: str, year: int) -> Decimal:
        """The dutiable value the simulator's ledger counts for a person in a year."""
        with self._lock:
            return self._ledger.used(id_number, year)

    def _check_signature(self, message: ReceivedMessage) -> None:
        declared = any(document.head.app_status is AppStatus.DECLARED for document in message.documents)
        if message.message_type in SIGNED_TYPES and declared:
            self.config.verifier.verify(message.root)

    def _format_error(self, data: bytes | str, error: MessageReadError | SignatureError) -> Submission:
        original_type, original_guid = _identify(data)
        now = self._clock()
        receipt = ErrorReceipt(
            guid=new_guid(),
            ori_cop_msg_id=original_guid,
            ori_message_type=original_type,
            return_status=FORMAT_ERROR_STATUS[error.code],
            return_time=now,
            return_info=_info(f"{error.code}: {error.message}"),
        )
        with self._lock:
            xml = self._queue(receipt, None, now)
        return Submission(accepted=False, message_type=original_type, guid=original_guid, error_receipt=xml)

    def _on_document(self, message_type: str, document: ReceivedDocument, now: datetime) -> None:
        draft = document.draft
        if document.head.app_status is AppStatus.STORED:
            self._answer(message_type, document, ReturnStatus.STORED, "暂存成功", now, steps=1)
            return
        case = self._cases.get(draft.order_no)
        if case is not None and case.state in (CaseState.HELD, CaseState.RELEASED):
            info = f"{DUPLICATE_DECLARATION}: order {draft.order_no} is already {case.state}"
            self._answer(message_type, document, ReturnStatus.REJECTED, info, now, steps=1)
            return
        if case is None or case.state is CaseState.CANCELLED:
            case = self._cases[draft.order_no] = _Case(order_no=draft.order_no)
        setattr(case, answers.SLOT[message_type], document)
        if case.state is CaseState.REJECTED:
            case.state = CaseState.WAITING
        if message_type != "CEB621":
            self._answer(message_type, document, ReturnStatus.ACCEPTED, "新增申报成功", now, steps=1)
        elif case.missing():
            info = f"申报中: waiting for {', '.join(case.missing())}"
            self._answer(message_type, document, ReturnStatus.DECLARING, info, now, steps=1)
        self._evaluate(case, now)

    def _evaluate(self, case: _Case, now: datetime) -> None:
        if case.state is not CaseState.WAITING or case.missing():
            return
        reason = self._rejection(case)
        if reason is not None:
            case.state = CaseState.REJECTED
            self._answer_inventory(case, ReturnStatus.REJECTED, reason, now, steps=1)
            return
        inventory = case.inventory.draft
        serial = next(self._serial)
        year = case.inventory.head.app_time.year
        case.invt_no = f"{inventory.customs_code}{year}I{serial:09d}"
        case.pre_no = f"B{year}{serial:013d}"
        self._ledger.record(
            order_no=case.order_no, id_number=inventory.buyer_id_number, year=year, amount=_value(case.taxes)
        )
        self._answer_inventory(case, ReturnStatus.ACCEPTED, "海关入库", now, steps=1)
        if self.config.hold_status is not None:
            case.state = CaseState.HELD
            self._answer_inventory(case, self.config.hold_status, answers.HOLD_INFO, now, steps=2)
        else:
            self._release(case, now, steps=2)

    def _rejection(self, case: _Case) -> str | None:
        if self.config.faults.reject_reason:
            return self.config.faults.reject_reason
        draft = case.declaration()
        violations = check_declaration(draft)
        if violations:
            return f"{DOCUMENTS_MISMATCHED}: {', '.join(violation.code for violation in violations)}"
        case.taxes = self.config.tax_function(draft.inventory)
        computed = sum((_tax(line) for line in case.taxes), start=Decimal("0.00"))
        if computed != draft.order.tax_total:
            return f"{TAX_MISMATCH}: declared taxTotal {draft.order.tax_total}, customs computes {computed}"
        value = _value(case.taxes)
        single_item = len(draft.inventory.lines) == 1 and draft.inventory.lines[0].qty == 1
        if value > self.config.transaction_limit and not single_item:
            return f"{OVER_TRANSACTION_LIMIT}: dutiable value {value} > {self.config.transaction_limit}"
        used = self._ledger.used(draft.inventory.buyer_id_number, case.inventory.head.app_time.year)
        if used + value > self.config.annual_limit:
            return f"{OVER_ANNUAL_LIMIT}: used {used} + {value} > {self.config.annual_limit}"
        return None

    def _release(self, case: _Case, now: datetime, *, steps: int) -> None:
        case.state = CaseState.RELEASED
        case.released_at = self._due(now, steps)
        self._answer_inventory(case, ReturnStatus.RELEASED, "放行", now, steps=steps)
        self._queue(
            answers.tax_bill(case.inventory, case.invt_no, case.taxes, self._due(now, steps)), case.order_no, now, steps
        )

    def _on_cancel(self, message_type: str, document: ReceivedDocument, now: datetime) -> None:
        cancel = document.draft
        case = self._cases.get(cancel.order_no)
        if case is None or case.invt_no != cancel.invt_no or case.state is CaseState.CANCELLED:
            info = f"{INVENTORY_NOT_FOUND}: no live inventory {cancel.invt_no} for order {cancel.order_no}"
            self._answer(message_type, document, ReturnStatus.REJECTED, info, now, steps=1)
            return
        self._ledger.reduce(case.order_no)
        case.state = CaseState.CANCELLED
        self._answer(message_type, document, ReturnStatus.CONCLUDED, "撤销审结", now, steps=1, invt_no=case.invt_no)

    def _on_refund(self, message_type: str, document: ReceivedDocument, now: datetime) -> None:
        refund = document.draft
        case = self._cases.get(refund.order_no)
        if case is None or case.invt_no != refund.invt_no or case.state is not CaseState.RELEASED:
            info = f"{NOT_RELEASED}: inventory {refund.invt_no} of order {refund.order_no} is not released"
            self._answer(message_type, document, ReturnStatus.REJECTED, info, now, steps=1)
            return
        if document.head.app_time - case.released_at > self.config.return_window:
            info = f"{RETURN_WINDOW_CLOSED}: applied more than {self.config.return_window.days} days after release"
            self._answer(message_type, document, ReturnStatus.REJECTED, info, now, steps=1)
            return
        amount = _refunded_value(case, refund.lines)
        if amount is None:
            info = f"{REFUND_EXCEEDS_INVENTORY}: returned lines or quantities are not on the inventory"
            self._answer(message_type, document, ReturnStatus.REJECTED, info, now, steps=1)
            return
        self._ledger.reduce(case.order_no, amount)
        self._answer(message_type, document, ReturnStatus.CONCLUDED, "退货审结", now, steps=1, invt_no=case.invt_no)

    def _answer(self, message_type, document, status, info, now, *, steps, invt_no=None) -> None:
        at = self._due(now, steps)
        receipt = answers.document_receipt(message_type, document, status, _info(info), at, invt_no=invt_no)
        self._queue(receipt, document.draft.order_no, now, steps)

    def _answer_inventory(self, case: _Case, status: int, info: str, now: datetime, *, steps: int) -> None:
        at = self._due(now, steps)
        receipt = answers.inventory_receipt(case.inventory, status, _info(info), at, case.invt_no, case.pre_no)
        self._queue(receipt, case.order_no, now, steps)

    def _queue(self, receipt: Receipt, order_no: str | None, now: datetime, steps: int = 0) -> bytes:
        xml = build_receipt(receipt)
        self._scheduled.append((self._due(now, steps), receipt.MESSAGE_TYPE, order_no, xml))
        return xml

    def _number_due(self, now: datetime) -> None:
        """Number the receipts that came due, in the order they came due: a poller that goes on after the
        highest ``seq`` it took then never passes a receipt that was still to come."""
        due = sorted((entry for entry in self._scheduled if entry[0] <= now), key=lambda entry: entry[0])
        if not due:
            return
        self._scheduled = [entry for entry in self._scheduled if entry[0] > now]
        for due_at, message_type, order_no, xml in due:
            self._outbox.append(
                OutgoingReceipt(
                    seq=self._numbering.next_seq(), message_type=message_type, order_no=order_no, xml=xml, due_at=due_at
                )
            )

    def _due(self, now: datetime, steps: int) -> datetime:
        return now + self.config.receipt_delay * steps

    _HANDLERS = {
        "CEB311": _on_document,
        "CEB411": _on_document,
        "CEB511": _on_document,
        "CEB621": _on_document,
        "CEB623": _on_cancel,
        "CEB625": _on_refund,
    }


def _identify(data: bytes | str) -> tuple[str | None, str | None]:
    """Best-effort type and guid of a message that failed reading (for the CEB900)."""
    try:
        root = parse_xml(data)
    except MessageReadError:
        return None, None
    message_type = message_type_of(root)
    guid = root.get("guid")
    return (
        message_type if message_type and len(message_type) <= 30 else None,
        guid if guid and _GUID.match(guid) else None,
    )


def _info(text: str) -> str:
    return text[:1000]


def _tax(line: TaxLine) -> Decimal:
    return line.customs_tax + line.value_added_tax + line.consumption_tax


def _value(taxes: tuple[TaxLine, ...]) -> Decimal:
    return sum((line.tax_price for line in taxes), start=Decimal("0.00"))


def _refunded_value(case: _Case, lines) -> Decimal | None:
    """Dutiable value of the returned quantities, or ``None`` when a line is not on the inventory."""
    originals = {line.gnum: line for line in case.inventory.draft.lines}
    values = {line.gnum: line.tax_price for line in case.taxes}
    total = Decimal("0.00")
    for line in lines:
        original = originals.get(line.gnum)
        if original is None or line.qty > original.qty:
            return None
        total += values[line.gnum] * line.qty / original.qty
    return total.quantize(_CENT, rounding=ROUND_HALF_UP)
