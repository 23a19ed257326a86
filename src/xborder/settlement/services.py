"""Writes of settlement: every money movement is one balanced journal entry, posted by ``post_entry``.

Amounts are in the home currency (CNY) unless stated. Each public function is one use case in one transaction.
"""

import datetime as dt
import logging
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from xborder.core.money import UnknownCurrency, round_money
from xborder.pricing.selectors import rate_for
from xborder.sellers.models import Store, StoreKind
from xborder.settlement import selectors
from xborder.settlement.errors import SettlementError
from xborder.settlement.models import (
    Account,
    AccountCode,
    EntryKind,
    JournalEntry,
    PayableHold,
    Payout,
    PayoutStatus,
    Posting,
)

A = AccountCode
ZERO = Decimal("0")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Line:
    """One leg of an entry: debit-positive ``amount`` on ``account`` (for ``store``) in ``currency``."""

    account: str
    amount: Decimal
    currency: str
    store: Store | None = None


def debit(account: str, amount: Decimal, currency: str, store: Store | None = None) -> Line:
    return Line(account, amount, currency, store)


def credit(account: str, amount: Decimal, currency: str, store: Store | None = None) -> Line:
    return Line(account, -amount, currency, store)


# --- the posting primitive ---------------------------------------------------------------------------------


@transaction.atomic
def post_entry(
    *,
    kind: str,
    reference: str,
    lines: Iterable[Line],
    occurred_at: dt.datetime,
    order_reference: str = "",
    memo: str = "",
    created_by=None,
) -> JournalEntry:
    """Write one journal entry after checking it balances per currency and overdraws no protected account.

    Atomic on its own (a savepoint inside the caller's transaction); zero legs are dropped.
    """
    legs = [line for line in lines if line.amount != 0]
    if not legs:
        raise SettlementError("entry_empty", "A journal entry needs at least one non-zero posting.")
    accounts = Account.objects.in_bulk({line.account for line in legs})
    _check_legs(legs, accounts)
    try:
        with transaction.atomic():
            entry = JournalEntry.objects.create(
                kind=kind,
                reference=reference,
                order_reference=order_reference,
                occurred_at=occurred_at,
                memo=memo[:200],
                created_by=created_by,
            )
    except IntegrityError:
        raise SettlementError("already_recorded", f"{kind} {reference} is already in the ledger.", status=409) from None
    Posting.objects.bulk_create(
        Posting(entry=entry, account_id=line.account, store=line.store, currency_id=line.currency, amount=line.amount)
        for line in legs
    )
    _check_not_overdrawn(legs, accounts)
    return entry


def _check_legs(legs: list[Line], accounts: dict[str, Account]) -> None:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in legs:
        account = accounts.get(line.account)
        if account is None:
            raise SettlementError("amount_invalid", f"Unknown account {line.account}.")
        if account.per_store and line.store is None:
            raise SettlementError("store_required", f"Postings on {line.account} need a store.")
        if round_money(line.amount, line.currency) != line.amount:
            raise SettlementError("amount_invalid", f"{line.amount} is not a whole amount of {line.currency}.")
        totals[line.currency] += line.amount
    unbalanced = {currency: str(total) for currency, total in totals.items() if total != 0}
    if unbalanced:
        raise SettlementError("entry_unbalanced", "Debits and credits differ.", fields=unbalanced)


def _check_not_overdrawn(legs: list[Line], accounts: dict[str, Account]) -> None:
    """Refuse (by raising, which rolls the entry back) any protected account now owing less than zero."""
    touched = {(line.account, line.store.pk if line.store else None, line.currency) for line in legs}
    for account_code, store_id, currency in sorted(touched, key=str):
        account = accounts[account_code]
        if not account.never_negative:
            continue
        postings = Posting.objects.filter(account_id=account_code, currency_id=currency, store_id=store_id)
        total = postings.aggregate(t=Coalesce(Sum("amount"), Value(ZERO), output_field=DecimalField()))["t"]
        total = selectors.exact(total, currency)
        owed = -total if account.credit_normal else total
        if owed < 0:
            raise SettlementError(
                "account_overdrawn",
                f"{account_code} would go below zero.",
                fields={account_code: str(owed)},
                status=409,
            )


# --- helpers ------------------------------------------------------------------------------------------------


def amount(value, name: str, currency: str | None = None) -> Decimal:
    """A non-negative amount, exact to the currency's minor unit; anything else is ``amount_invalid``."""
    currency = currency or selectors.home_currency()
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
        exact = round_money(number, currency) == number
    except (InvalidOperation, ValueError, TypeError, UnknownCurrency):
        raise SettlementError("amount_invalid", f"{name} is not an amount.", fields={name: "invalid"}) from None
    if not number.is_finite() or number < 0 or not exact:
        raise SettlementError(
            "amount_invalid", f"{name} must be a non-negative amount of {currency}.", fields={name: "invalid"}
        )
    return number


def _lock_store(store: Store) -> Store:
    """Serialise ledger writes of one store (PostgreSQL row lock; SQLite writes are serialised already)."""
    return Store.objects.select_for_update().get(pk=store.pk)


# --- buyer payments and refunds -----------------------------------------------------------------------------


@transaction.atomic
def record_buyer_payment(
    *,
    store: Store,
    order_reference: str,
    goods,
    freight=ZERO,
    tax=ZERO,
    fee=ZERO,
    category=None,
    goods_by_category: Sequence[tuple] = (),
    occurred_at: dt.datetime | None = None,
    created_by=None,
) -> JournalEntry:
    """Record what a buyer paid for one order and split it: tax withheld for customs, the platform's commission
    (or, for the self-operated store, its sales), the seller's payable, and the gateway's fee.

    Commission is on goods at the rate of ``category`` or, per part, of ``goods_by_category``
    (``[(category, amount), ...]`` summing to ``goods``). Recording the same order twice raises
    ``already_recorded``.
    """
    currency = selectors.home_currency()
    goods, freight, tax, fee = (
        amount(v, n) for v, n in ((goods, "goods"), (freight, "freight"), (tax, "tax"), (fee, "fee"))
    )
    total = goods + freight + tax
    if total == 0:
        raise SettlementError("amount_invalid", "A payment needs an amount.", fields={"goods": "invalid"})
    if fee > total:
        raise SettlementError("amount_invalid", "The fee exceeds the payment.", fields={"fee": "invalid"})
    store = _lock_store(store)
    lines = [
        debit(A.GATEWAY_RECEIVABLE, total - fee, currency),
        debit(A.PAYMENT_FEE, fee, currency),
        credit(A.BUYER_CLEARING, total, currency),
        debit(A.BUYER_CLEARING, total, currency),
        credit(A.TAX_WITHHELD, tax, currency),
        *_seller_split(store, goods, freight, _parts(goods, category, goods_by_category), currency),
    ]
    return post_entry(
        kind=EntryKind.BUYER_PAYMENT,
        reference=order_reference,
        order_reference=order_reference,
        lines=lines,
        occurred_at=occurred_at or timezone.now(),
        memo=f"goods {goods} freight {freight} tax {tax} fee {fee}",
        created_by=created_by,
    )


def _parts(goods: Decimal, category, goods_by_category) -> list[tuple]:
    if not goods_by_category:
        return [(category, goods)]
    parts = [(part_category, amount(value, "goods_by_category")) for part_category, value in goods_by_category]
    if sum(value for _category, value in parts) != goods:
        raise SettlementError("amount_invalid", "The goods by category do not add up.", fields={"goods": "invalid"})
    return parts


def _commission(store: Store, parts: list[tuple], currency: str) -> Decimal:
    rates = {}
    total = ZERO
    for category, value in parts:
        key = category.pk if category is not None else None
        if key not in rates:
            rates[key] = selectors.commission_rate(store=store, category=category)
        total += round_money(value * rates[key], currency)
    return total


def _seller_split(store: Store, goods: Decimal, freight: Decimal, parts: list[tuple], currency: str) -> list[Line]:
    if store.kind == StoreKind.SELF_OPERATED:
        return [credit(A.SELF_OPERATED_SALES, goods + freight, currency, store)]
    commission = _commission(store, parts, currency)
    return [
        credit(A.PLATFORM_COMMISSION, commission, currency, store),
        credit(A.SELLER_PAYABLE, goods + freight - commission, currency, store),
    ]


@transaction.atomic
def record_refund(
    *,
    store: Store,
    order_reference: str,
    refund_reference: str,
    goods=ZERO,
    freight=ZERO,
    tax=ZERO,
    category=None,
    goods_by_category: Sequence[tuple] = (),
    occurred_at: dt.datetime | None = None,
    created_by=None,
) -> JournalEntry:
    """Record a refund to the buyer of part or all of an order: tax is released (not levied), the commission on
    the refunded goods is reversed, and the rest comes out of the seller's pending payable, then the store's
    available payable, and any shortfall (already paid out) is booked to ``refunds`` to recover from the seller.
    """
    currency = selectors.home_currency()
    goods, freight, tax = (amount(v, n) for v, n in ((goods, "goods"), (freight, "freight"), (tax, "tax")))
    total = goods + freight + tax
    if total == 0:
        raise SettlementError("amount_invalid", "A refund needs an amount.", fields={"goods": "invalid"})
    store = _lock_store(store)
    position = selectors.order_position(order_reference)
    if not position.paid:
        raise SettlementError("payment_not_recorded", f"No payment recorded for {order_reference}.", status=409)
    if tax > position.tax:
        raise SettlementError("refund_exceeds_tax", "The tax refund exceeds the tax still held.", status=409)
    if goods + freight > position.goods_and_freight:
        raise SettlementError("refund_exceeds_payment", "The refund exceeds what is left of the order.", status=409)
    lines = [
        debit(A.TAX_WITHHELD, tax, currency),
        *_seller_reversal(store, position, goods, freight, _parts(goods, category, goods_by_category), currency),
        credit(A.BUYER_CLEARING, total, currency),
        debit(A.BUYER_CLEARING, total, currency),
        credit(A.GATEWAY_RECEIVABLE, total, currency),
    ]
    return post_entry(
        kind=EntryKind.REFUND,
        reference=refund_reference,
        order_reference=order_reference,
        lines=lines,
        occurred_at=occurred_at or timezone.now(),
        memo=f"refund goods {goods} freight {freight} tax {tax}",
        created_by=created_by,
    )


def _seller_reversal(
    store, position, goods: Decimal, freight: Decimal, parts: list[tuple], currency: str
) -> list[Line]:
    if store.kind == StoreKind.SELF_OPERATED:
        return [debit(A.SELF_OPERATED_SALES, goods + freight, currency, store)]
    full_refund = goods + freight == position.goods_and_freight
    commission = _commission(store, parts, currency)
    commission = position.commission if full_refund else min(commission, position.commission)
    seller_share = goods + freight - commission
    from_pending = min(seller_share, max(position.seller_pending, ZERO))
    store_available = selectors.owed_balance(A.SELLER_PAYABLE_AVAILABLE, store=store, currency=currency)
    from_available = min(seller_share - from_pending, max(store_available, ZERO))
    shortfall = seller_share - from_pending - from_available
    return [
        debit(A.PLATFORM_COMMISSION, commission, currency, store),
        debit(A.SELLER_PAYABLE, from_pending, currency, store),
        debit(A.SELLER_PAYABLE_AVAILABLE, from_available, currency, store),
        debit(A.REFUNDS, shortfall, currency, store),
    ]


# --- return window and release ------------------------------------------------------------------------------


@transaction.atomic
def hold_until_return_window(*, store: Store, order_reference: str, delivered_at: dt.datetime) -> PayableHold:
    """Start the store's return window for a delivered order; its payable is released when the window ends.

    Idempotent: a second delivery notice for the same order keeps the first hold.
    """
    release_after = delivered_at + dt.timedelta(days=store.return_window_days)
    hold, _created = PayableHold.objects.get_or_create(
        order_reference=order_reference,
        defaults={"store": store, "delivered_at": delivered_at, "release_after": release_after},
    )
    return hold


@transaction.atomic
def release_seller_payable(*, order_reference: str, now: dt.datetime | None = None, created_by=None) -> PayableHold:
    """Move an order's pending seller payable to available, once the store's return window after delivery
    has passed (``return_window_open`` before). A fully refunded order is released with no entry."""
    now = now or timezone.now()
    hold = (
        PayableHold.objects.select_for_update().select_related("store").filter(order_reference=order_reference).first()
    )
    if hold is None:
        raise SettlementError("hold_not_found", f"{order_reference} has not been delivered.", status=404)
    if hold.released_at is not None:
        return hold
    until = max(hold.release_after, hold.return_hold_until or hold.release_after)
    if now < until:
        raise SettlementError("return_window_open", f"The payable is held until {until:%Y-%m-%d %H:%M}.", status=409)
    _lock_store(hold.store)
    position = selectors.order_position(order_reference)
    if not position.paid:
        # Releasing now would close the hold with nothing in it; wait for the payment sweep.
        raise SettlementError("payment_not_recorded", f"No payment recorded for {order_reference}.", status=409)
    pending = position.seller_pending
    if pending > 0:
        currency = selectors.home_currency()
        hold.release_entry = post_entry(
            kind=EntryKind.RELEASE,
            reference=order_reference,
            order_reference=order_reference,
            lines=[
                debit(A.SELLER_PAYABLE, pending, currency, hold.store),
                credit(A.SELLER_PAYABLE_AVAILABLE, pending, currency, hold.store),
            ],
            occurred_at=now,
            memo=f"return window ended {hold.release_after:%Y-%m-%d}",
            created_by=created_by,
        )
    hold.released_at = now
    hold.save(update_fields=["released_at", "release_entry"])
    return hold


@transaction.atomic
def set_return_hold(*, order_reference: str, until: dt.datetime | None) -> PayableHold | None:
    """Keep an order's payable held while a return is open (``until``), or lift that hold (``None``).
    Returns None when the order has no hold yet (not delivered, so nothing can be released anyway)."""
    hold = PayableHold.objects.select_for_update().filter(order_reference=order_reference).first()
    if hold is None or hold.released_at is not None:
        return hold
    hold.return_hold_until = until
    hold.save(update_fields=["return_hold_until"])
    return hold


def release_due_payables(*, now: dt.datetime | None = None) -> list[PayableHold]:
    """Release every hold whose return window has ended; each release is its own transaction."""
    now = now or timezone.now()
    due = (
        PayableHold.objects.filter(released_at__isnull=True, release_after__lte=now)
        .filter(Q(return_hold_until__isnull=True) | Q(return_hold_until__lte=now))
        .values_list("order_reference", flat=True)
    )
    released = []
    for reference in list(due):
        try:
            released.append(release_seller_payable(order_reference=reference, now=now))
        except SettlementError as error:
            logger.warning("payable of %s not released: %s", reference, error.code)
    return released


# --- payouts ------------------------------------------------------------------------------------------------


@transaction.atomic
def pay_out_store(*, store: Store, at: dt.datetime | None = None, created_by=None) -> Payout | None:
    """Pay the store's available payable in its own currency at the FX rate in force (recorded on the payout).

    The home-currency leg and the seller-currency leg each balance through ``fx_difference``. Returns None when
    nothing is available or the amount rounds to zero in the seller's currency.
    """
    at = at or timezone.now()
    store = _lock_store(store)
    home = selectors.home_currency()
    home_amount = selectors.owed_balance(A.SELLER_PAYABLE_AVAILABLE, store=store, currency=home)
    if home_amount <= 0:
        return None
    rate = rate_for(home, store.currency_id, at)
    paid = round_money(home_amount * rate, store.currency_id)
    if paid <= 0:
        return None
    reference = f"PO-{store.pk}-{at:%Y%m%d%H%M%S}-{secrets.token_hex(3)}"
    lines = [debit(A.SELLER_PAYABLE_AVAILABLE, home_amount, home, store)]
    if store.currency_id == home:
        lines.append(credit(A.PAYOUTS_IN_TRANSIT, paid, home, store))
    else:
        lines += [
            credit(A.FX_DIFFERENCE, home_amount, home),
            debit(A.FX_DIFFERENCE, paid, store.currency_id),
            credit(A.PAYOUTS_IN_TRANSIT, paid, store.currency_id, store),
        ]
    entry = post_entry(
        kind=EntryKind.PAYOUT,
        reference=reference,
        lines=lines,
        occurred_at=at,
        memo=f"{home_amount} {home} at {rate} = {paid} {store.currency_id}",
        created_by=created_by,
    )
    return Payout.objects.create(
        reference=reference,
        store=store,
        home_currency_id=home,
        home_amount=home_amount,
        currency_id=store.currency_id,
        amount=paid,
        fx_rate=rate,
        fx_rate_at=at,
        entry=entry,
    )


def run_payouts(*, at: dt.datetime | None = None, created_by=None) -> list[Payout]:
    """Pay out every store with an available payable; each payout is its own transaction."""
    at = at or timezone.now()
    stores = Store.objects.filter(pk__in=list(selectors.available_by_store())).order_by("pk")
    payouts = (pay_out_store(store=store, at=at, created_by=created_by) for store in stores)
    return [payout for payout in payouts if payout is not None]


@transaction.atomic
def settle_payout(
    *, payout: Payout, settled_home_amount, settled_at: dt.datetime | None = None, created_by=None
) -> Payout:
    """The bank confirmed the transfer and what it cost in the home currency; the gap to the amount booked at
    the recorded rate is the realised FX difference."""
    payout = Payout.objects.select_for_update().select_related("store").get(pk=payout.pk)
    if payout.status == PayoutStatus.SETTLED:
        raise SettlementError("payout_already_settled", f"{payout.reference} is settled.", status=409)
    home = payout.home_currency_id
    cost = amount(settled_home_amount, "settled_home_amount", home)
    settled_at = settled_at or timezone.now()
    if payout.currency_id == home:
        lines = [
            debit(A.PAYOUTS_IN_TRANSIT, payout.amount, home, payout.store),
            credit(A.GATEWAY_RECEIVABLE, cost, home),
        ]
        lines.append(debit(A.FX_DIFFERENCE, cost - payout.amount, home))
    else:
        lines = [
            debit(A.PAYOUTS_IN_TRANSIT, payout.amount, payout.currency_id, payout.store),
            credit(A.FX_DIFFERENCE, payout.amount, payout.currency_id),
            debit(A.FX_DIFFERENCE, cost, home),
            credit(A.GATEWAY_RECEIVABLE, cost, home),
        ]
    post_entry(
        kind=EntryKind.PAYOUT_SETTLED,
        reference=payout.reference,
        lines=lines,
        occurred_at=settled_at,
        memo=f"{payout.amount} {payout.currency_id} cost {cost} {home}",
        created_by=created_by,
    )
    payout.status = PayoutStatus.SETTLED
    payout.settled_home_amount = cost
    payout.settled_at = settled_at
    payout.save(update_fields=["status", "settled_home_amount", "settled_at"])
    return payout


@transaction.atomic
def remit_tax(*, reference: str, tax, occurred_at: dt.datetime | None = None, created_by=None) -> JournalEntry:
    """Pay withheld tax to customs (e.g. the monthly CBEC tax bill); never more than is withheld."""
    currency = selectors.home_currency()
    tax = amount(tax, "tax")
    return post_entry(
        kind=EntryKind.TAX_REMITTED,
        reference=reference,
        lines=[debit(A.TAX_WITHHELD, tax, currency), credit(A.GATEWAY_RECEIVABLE, tax, currency)],
        occurred_at=occurred_at or timezone.now(),
        memo=f"tax remitted {tax}",
        created_by=created_by,
    )
