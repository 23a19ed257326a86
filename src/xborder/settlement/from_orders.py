"""Settlement of orders: the ledger services fed from an Order (amounts, categories) instead of plain values.

Payments sit below settlement, so a paid order is recorded by a sweep (``record_paid_orders``, a Celery task)
rather than by a call from the payment flow, and so is an order paid and then cancelled or refunded outside a
return (``record_closed_orders``); deliveries and returns call in directly.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef

from xborder.core.money import round_money
from xborder.orders.models import Order, OrderLine
from xborder.orders.states import Status
from xborder.settlement import selectors, services
from xborder.settlement.errors import SettlementError
from xborder.settlement.models import EntryKind, JournalEntry

ZERO = Decimal("0.00")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OrderAmounts:
    goods: Decimal
    freight: Decimal
    tax: Decimal
    goods_by_category: tuple


def order_amounts(order: Order) -> OrderAmounts:
    """Goods (after discounts), freight and insurance, and tax of an order; goods split by product category,
    with a discount spread over the categories pro rata. One query for the lines."""
    lines = OrderLine.objects.filter(order=order).select_related("variant__product__category")
    by_category: dict = defaultdict(lambda: ZERO)
    categories = {}
    for line in lines:
        category = line.variant.product.category
        categories[category.pk] = category
        by_category[category.pk] += line.line_total_cny
    goods = order.goods_total - order.discount_total
    tax = order.tax_total
    freight = order.total - goods - tax
    if goods < 0 or freight < 0:
        raise SettlementError("amount_invalid", f"{order} has inconsistent totals.", fields={"order": order.number})
    return OrderAmounts(goods, freight, tax, _spread(goods, by_category, categories))


def _spread(goods: Decimal, by_category: dict, categories: dict) -> tuple:
    """Scale the line totals to ``goods``; the rounding remainder goes to the largest category."""
    total = sum(by_category.values(), ZERO)
    if total <= 0:
        return ()
    parts = {pk: round_money(value * goods / total, "CNY") for pk, value in by_category.items()}
    largest = max(parts, key=lambda pk: (by_category[pk], -pk))
    parts[largest] += goods - sum(parts.values(), ZERO)
    return tuple((categories[pk], value) for pk, value in sorted(parts.items()) if value)


def payment_fee(total: Decimal) -> Decimal:
    """The gateway's fee on a payment (``XBORDER["PAYMENT_FEE_RATE"]``, none by default)."""
    rate = Decimal(str(settings.XBORDER.get("PAYMENT_FEE_RATE", "0")))
    return round_money(total * rate, "CNY")


def record_order_payment(*, order: Order, occurred_at: dt.datetime | None = None) -> JournalEntry:
    """Record a paid order in the ledger (one entry, reference = the order number)."""
    amounts = order_amounts(order)
    return services.record_buyer_payment(
        store=order.store,
        order_reference=order.number,
        goods=amounts.goods,
        freight=amounts.freight,
        tax=amounts.tax,
        fee=payment_fee(order.total),
        goods_by_category=amounts.goods_by_category,
        occurred_at=occurred_at or order.paid_at,
    )


def record_paid_orders(*, limit: int = 500) -> int:
    """Record every paid order not yet in the ledger; returns how many were recorded."""
    recorded = JournalEntry.objects.filter(kind=EntryKind.BUYER_PAYMENT, reference=OuterRef("number"))
    due = (
        Order.objects.filter(paid_at__isnull=False)
        .exclude(Exists(recorded))
        .select_related("store")
        .order_by("paid_at", "pk")[:limit]
    )
    count = 0
    for order in due:
        try:
            record_order_payment(order=order)
        except SettlementError as error:
            # One bad order (say, no commission rule) must not block the others; operators see the log.
            logger.warning("order %s not recorded in the ledger: %s", order.number, error.code)
            continue
        count += 1
    return count


def record_closed_orders(*, limit: int = 500) -> int:
    """Orders paid and then cancelled or refunded outside a return (say, rejected by customs) give all that
    is left of their money back in the ledger too; returns how many were recorded."""
    recorded = JournalEntry.objects.filter(kind=EntryKind.BUYER_PAYMENT, reference=OuterRef("number"))
    # Any refund already in the ledger means the returns flow settled this order line by line (freight kept
    # by a store policy included): closing it again would give back money the buyer never got.
    refunded = JournalEntry.objects.filter(kind=EntryKind.REFUND, order_reference=OuterRef("number"))
    due = (
        Order.objects.filter(paid_at__isnull=False, status__in=(Status.CANCELLED, Status.REFUNDED))
        .filter(Exists(recorded))
        .exclude(Exists(refunded))
        .select_related("store")
        .order_by("updated_at", "pk")[:limit]
    )
    count = 0
    for order in due:
        position = selectors.order_position(order.number)
        if position.goods_and_freight <= 0 and position.tax <= 0:
            continue
        try:
            services.record_refund(
                store=order.store, order_reference=order.number, refund_reference=f"close-{order.number}",
                goods=position.goods_and_freight, tax=position.tax,
            )  # fmt: skip
        except SettlementError as error:
            logger.warning("closed order %s not settled in the ledger: %s", order.number, error.code)
            continue
        count += 1
    return count
