"""Frozen inputs of the message builders: one dataclass per CEB document, fields as in REGULATION §6.4.

Field names are the snake_case forms of the CEB element names (``acturalPaid`` keeps its official
misspelling as ``actural_paid``). Money, quantities and weights are ``Decimal``; ``None`` means an
optional element is left out. Constants fixed by the standard (currency ``142``, ID type ``1``,
``orderType``/``ieFlag`` ``I``, ``packNo`` ``1``) are written by the builders and are not fields here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

BONDED = "1210"
DIRECT_MAIL = "9610"
CHINA = "142"


@dataclass(frozen=True)
class OrderLineDraft:
    """One goods line of the order (``OrderList``)."""

    gnum: int
    item_name: str
    gmodel: str
    unit: str
    qty: Decimal
    price: Decimal
    total_price: Decimal
    country: str
    item_no: str | None = None
    item_describe: str | None = None
    bar_code: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class OrderDraft:
    """The order a buyer placed for one package (CEB311 ``OrderHead`` + ``OrderList``)."""

    order_no: str
    ebp_code: str
    ebp_name: str
    ebc_code: str
    ebc_name: str
    goods_value: Decimal
    freight: Decimal
    discount: Decimal
    tax_total: Decimal
    actural_paid: Decimal
    buyer_reg_no: str
    buyer_name: str
    buyer_telephone: str
    buyer_id_number: str
    consignee: str
    consignee_telephone: str
    consignee_address: str
    lines: tuple[OrderLineDraft, ...]
    pay_code: str | None = None
    pay_name: str | None = None
    pay_transaction_id: str | None = None
    batch_numbers: str | None = None
    consignee_district: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class PaymentDraft:
    """The payment voucher sent by the payment enterprise (CEB411 ``PaymentHead``)."""

    pay_code: str
    pay_name: str
    pay_transaction_id: str
    order_no: str
    ebp_code: str
    ebp_name: str
    payer_id_number: str
    payer_name: str
    amount_paid: Decimal
    pay_time: datetime
    telephone: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class WaybillDraft:
    """The electronic waybill sent by the logistics enterprise (CEB511 ``LogisticsHead``)."""

    logistics_code: str
    logistics_name: str
    logistics_no: str
    order_no: str
    weight: Decimal
    consignee: str
    consignee_address: str
    consignee_telephone: str
    bill_no: str | None = None
    freight: Decimal | None = None
    insured_fee: Decimal | None = None
    goods_info: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class InventoryLineDraft:
    """One goods line of the import inventory list (``InventoryList``)."""

    gnum: int
    gcode: str
    gname: str
    gmodel: str
    country: str
    qty: Decimal
    unit: str
    qty1: Decimal
    unit1: str
    price: Decimal
    total_price: Decimal
    item_record_no: str | None = None
    item_no: str | None = None
    item_name: str | None = None
    bar_code: str | None = None
    trade_country: str | None = None
    qty2: Decimal | None = None
    unit2: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class InventoryDraft:
    """The import inventory list (申报清单) of one package (CEB621 ``InventoryHead`` + lines).

    ``cop_no`` is the platform's own reference of the package; customs echoes it in CEB622, so
    xborder always sends it although the standard marks it optional.
    """

    order_no: str
    ebp_code: str
    ebp_name: str
    ebc_code: str
    ebc_name: str
    logistics_no: str
    logistics_code: str
    logistics_name: str
    cop_no: str
    assure_code: str
    decl_time: date
    customs_code: str
    port_code: str
    buyer_id_number: str
    buyer_name: str
    buyer_telephone: str
    consignee_address: str
    agent_code: str
    agent_name: str
    trade_mode: str
    traf_mode: str
    country: str
    freight: Decimal
    insured_fee: Decimal
    gross_weight: Decimal
    net_weight: Decimal
    lines: tuple[InventoryLineDraft, ...]
    pre_no: str | None = None
    ems_no: str | None = None
    invt_no: str | None = None
    ie_date: date | None = None
    area_code: str | None = None
    area_name: str | None = None
    traf_no: str | None = None
    voyage_no: str | None = None
    bill_no: str | None = None
    loct_no: str | None = None
    license_no: str | None = None
    wrap_type: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class DeclarationDraft:
    """The four documents customs matches for one package: order, payment, waybill, inventory list."""

    order: OrderDraft
    payment: PaymentDraft
    waybill: WaybillDraft
    inventory: InventoryDraft

    @property
    def order_no(self) -> str:
        """The order number that ties the four documents together."""
        return self.order.order_no

    @property
    def trade_mode(self) -> str:
        """``1210`` (bonded) or ``9610`` (direct mail), from the inventory list."""
        return self.inventory.trade_mode


@dataclass(frozen=True)
class CancelDraft:
    """Cancellation of a declared inventory list (CEB623 ``InvtCancel``)."""

    customs_code: str
    order_no: str
    ebp_code: str
    ebp_name: str
    ebc_code: str
    ebc_name: str
    logistics_no: str
    logistics_code: str
    logistics_name: str
    cop_no: str
    invt_no: str
    buyer_id_number: str
    buyer_name: str
    buyer_telephone: str
    agent_code: str
    agent_name: str
    reason: str
    pre_no: str | None = None
    note: str | None = None

    @classmethod
    def for_inventory(cls, inventory: InventoryDraft, *, invt_no: str, reason: str) -> CancelDraft:
        """The cancellation of ``inventory``, which customs registered as ``invt_no``."""
        return cls(**_inventory_parties(inventory), invt_no=invt_no, reason=reason)


@dataclass(frozen=True)
class RefundLineDraft:
    """One returned line (``InvtRefundList``): the original ``gnum`` and the quantity returned."""

    gnum: int
    gcode: str
    gname: str
    qty: Decimal
    unit: str
    note: str | None = None


@dataclass(frozen=True)
class RefundDraft:
    """A return (refund) application for a released inventory list (CEB625 ``InvtRefund``)."""

    customs_code: str
    order_no: str
    ebp_code: str
    ebp_name: str
    ebc_code: str
    ebc_name: str
    logistics_no: str
    logistics_code: str
    logistics_name: str
    cop_no: str
    invt_no: str
    buyer_id_number: str
    buyer_name: str
    buyer_telephone: str
    agent_code: str
    agent_name: str
    reason: str
    lines: tuple[RefundLineDraft, ...]
    pre_no: str | None = None
    note: str | None = None

    @classmethod
    def for_inventory(
        cls,
        inventory: InventoryDraft,
        *,
        invt_no: str,
        reason: str,
        lines: tuple[RefundLineDraft, ...] | None = None,
    ) -> RefundDraft:
        """The return of ``lines`` (default: every line in full) of the released ``inventory``."""
        if lines is None:
            lines = tuple(
                RefundLineDraft(gnum=line.gnum, gcode=line.gcode, gname=line.gname, qty=line.qty, unit=line.unit)
                for line in inventory.lines
            )
        return cls(**_inventory_parties(inventory), invt_no=invt_no, reason=reason, lines=lines)


def _inventory_parties(inventory: InventoryDraft) -> dict[str, str | None]:
    return {
        "customs_code": inventory.customs_code,
        "order_no": inventory.order_no,
        "ebp_code": inventory.ebp_code,
        "ebp_name": inventory.ebp_name,
        "ebc_code": inventory.ebc_code,
        "ebc_name": inventory.ebc_name,
        "logistics_no": inventory.logistics_no,
        "logistics_code": inventory.logistics_code,
        "logistics_name": inventory.logistics_name,
        "cop_no": inventory.cop_no,
        "pre_no": inventory.pre_no,
        "buyer_id_number": inventory.buyer_id_number,
        "buyer_name": inventory.buyer_name,
        "buyer_telephone": inventory.buyer_telephone,
        "agent_code": inventory.agent_code,
        "agent_name": inventory.agent_name,
    }
