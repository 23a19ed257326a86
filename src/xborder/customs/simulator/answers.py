"""The receipts the simulator writes: one per received document, the inventory outcome, the tax bill."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from xborder.customs.messages.readers import ReceivedDocument
from xborder.customs.messages.receipts import (
    CancelReceipt,
    InventoryReceipt,
    OrderReceipt,
    PaymentReceipt,
    Receipt,
    RefundReceipt,
    TaxBill,
    TaxLine,
    WaybillReceipt,
)

SLOT = {"CEB311": "order", "CEB411": "payment", "CEB511": "waybill", "CEB621": "inventory"}
HOLD_INFO = "海关人工审核/查验中"
TAX_BILL_GENERATED = 1


def document_receipt(
    message_type: str,
    document: ReceivedDocument,
    status: int,
    info: str,
    at: datetime,
    *,
    invt_no: str | None = None,
) -> Receipt:
    """The receipt answering one received document (CEB312/412/512/622/624/626)."""
    draft, guid = document.draft, document.head.guid
    common = {"guid": guid, "return_status": status, "return_time": at, "return_info": info}
    if message_type == "CEB311":
        return OrderReceipt(**common, ebp_code=draft.ebp_code, ebc_code=draft.ebc_code, order_no=draft.order_no)
    if message_type == "CEB411":
        return PaymentReceipt(**common, pay_code=draft.pay_code, pay_transaction_id=draft.pay_transaction_id)
    if message_type == "CEB511":
        return WaybillReceipt(**common, logistics_code=draft.logistics_code, logistics_no=draft.logistics_no)
    receipt_class = {"CEB621": InventoryReceipt, "CEB623": CancelReceipt, "CEB625": RefundReceipt}[message_type]
    return receipt_class(
        **common,
        customs_code=draft.customs_code,
        ebp_code=draft.ebp_code,
        ebc_code=draft.ebc_code,
        agent_code=draft.agent_code,
        cop_no=draft.cop_no,
        pre_no=draft.pre_no,
        invt_no=invt_no or draft.invt_no,
    )


def inventory_receipt(
    inventory: ReceivedDocument, status: int, info: str, at: datetime, invt_no: str | None, pre_no: str | None
) -> InventoryReceipt:
    """A CEB622 about the inventory list, with the numbers customs assigned to it."""
    draft = inventory.draft
    return InventoryReceipt(
        guid=inventory.head.guid,
        customs_code=draft.customs_code,
        ebp_code=draft.ebp_code,
        ebc_code=draft.ebc_code,
        agent_code=draft.agent_code,
        cop_no=draft.cop_no,
        pre_no=pre_no,
        invt_no=invt_no,
        return_status=status,
        return_time=at,
        return_info=info,
    )


def tax_bill(inventory: ReceivedDocument, invt_no: str, taxes: tuple[TaxLine, ...], at: datetime) -> TaxBill:
    """The CEB816 electronic tax bill of a released inventory list (status 1, generated)."""
    draft = inventory.draft
    return TaxBill(
        guid=inventory.head.guid,
        return_time=at,
        invt_no=invt_no,
        tax_no=f"{invt_no}01",
        customs_tax=_sum(line.customs_tax for line in taxes),
        value_added_tax=_sum(line.value_added_tax for line in taxes),
        consumption_tax=_sum(line.consumption_tax for line in taxes),
        status=TAX_BILL_GENERATED,
        lines=taxes,
        assure_code=draft.assure_code,
        ebc_code=draft.ebc_code,
        logistics_code=draft.logistics_code,
        agent_code=draft.agent_code,
        customs_code=draft.customs_code,
        order_no=draft.order_no,
        logistics_no=draft.logistics_no,
    )


def _sum(values) -> Decimal:
    return sum(values, start=Decimal("0.00"))
