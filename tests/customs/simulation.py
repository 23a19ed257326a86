"""Helpers for simulator tests: a settable clock, package submission and receipt summaries."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tests.customs import samples
from xborder.customs.messages import DeclarationDraft, declare_package, parse_receipt
from xborder.customs.simulator import CustomsSimulator


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = samples.APP_TIME) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def submit_package(simulator: CustomsSimulator, declaration: DeclarationDraft, signer, **context) -> list:
    """Build the four messages of ``declaration`` and submit them in order; returns the submissions."""
    messages = declare_package(declaration, context=samples.context(**context), signer=signer)
    return [simulator.submit(message.xml) for message in messages]


def outcome(simulator: CustomsSimulator, order_no: str) -> list[tuple[str, int | None]]:
    """``(message type, returnStatus)`` of the order's receipts so far (``None`` for a tax bill)."""
    return [
        (receipt.message_type, getattr(parse_receipt(receipt.xml), "return_status", None))
        for receipt in simulator.receipts(order_no=order_no)
    ]


def last_inventory_receipt(simulator: CustomsSimulator, order_no: str):
    """The newest CEB622 of the order, parsed."""
    receipts = [r for r in simulator.receipts(order_no=order_no) if r.message_type == "CEB622"]
    return parse_receipt(receipts[-1].xml)


def declaration_worth(order_no: str, price: Decimal, *, buyer_id: str = samples.BUYER_ID) -> DeclarationDraft:
    """A consistent one-piece bonded package of ``price`` CNY, no freight, taxed at 9.1 %."""
    base = samples.bonded_declaration(order_no)
    tax = (price * Decimal("0.091")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    order_line = replace(samples.ORDER_LINES[1], price=price, total_price=price)
    inventory_line = replace(samples.INVENTORY_LINES[1], price=price, total_price=price)
    paid = price + tax
    buyer = {"buyer_id_number": buyer_id}
    return DeclarationDraft(
        order=replace(
            base.order,
            lines=(order_line,),
            goods_value=price,
            freight=Decimal("0"),
            discount=Decimal("0"),
            tax_total=tax,
            actural_paid=paid,
            **buyer,
        ),
        payment=replace(base.payment, amount_paid=paid, payer_id_number=buyer_id),
        waybill=replace(base.waybill, freight=Decimal("0")),
        inventory=replace(base.inventory, lines=(inventory_line,), freight=Decimal("0"), **buyer),
    )
