"""How the simulator recomputes the tax of an inventory list; the tax function is pluggable.

A tax function takes the declared :class:`InventoryDraft` and returns one :class:`TaxLine` per
goods line (what CEB816 reports). The default, :func:`cbec_combined_rate_tax`, charges the CBEC
combined rate of 9.1 % (VAT 13 % x 70 %, no duty, no consumption tax) on each line's dutiable value,
following REGULATION §0: freight and insurance are allocated to lines pro rata by line total (D3),
and each tax is rounded half-up to 0.01 per line (D1). Goods with consumption tax or reduced VAT
need the duties engine, which the platform plugs in through ``SimulatorConfig.tax_function``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from xborder.customs.messages.drafts import InventoryDraft, InventoryLineDraft
from xborder.customs.messages.receipts import TaxLine

TaxFunction = Callable[[InventoryDraft], tuple[TaxLine, ...]]

CBEC_COMBINED_RATE = Decimal("0.091")
_CENT = Decimal("0.01")
_ZERO = Decimal("0.00")


def cbec_combined_rate_tax(inventory: InventoryDraft) -> tuple[TaxLine, ...]:
    """Per-line VAT at 9.1 % of the dutiable value (line total + its share of freight and insurance)."""
    shares = allocate_pro_rata(inventory.freight + inventory.insured_fee, inventory.lines)
    return tuple(
        TaxLine(
            gnum=line.gnum,
            gcode=line.gcode,
            tax_price=line.total_price + share,
            customs_tax=_ZERO,
            value_added_tax=_round((line.total_price + share) * CBEC_COMBINED_RATE),
            consumption_tax=_ZERO,
        )
        for line, share in zip(inventory.lines, shares, strict=True)
    )


def allocate_pro_rata(amount: Decimal, lines: tuple[InventoryLineDraft, ...]) -> tuple[Decimal, ...]:
    """Split ``amount`` over ``lines`` by line total, each share rounded to 0.01; the rounding
    remainder goes to the line with the largest total (the first one on a tie)."""
    goods = sum((line.total_price for line in lines), start=Decimal(0))
    if goods == 0:
        return tuple(_ZERO for _ in lines)
    shares = [_round(amount * line.total_price / goods) for line in lines]
    largest = max(range(len(lines)), key=lambda index: (lines[index].total_price, -index))
    shares[largest] += amount - sum(shares, start=Decimal(0))
    return tuple(shares)


def _round(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)
