"""Reads of the ledger: balances (sums of postings), commission look-up, per-order positions, statements, reports."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth

from xborder.core.money import round_money
from xborder.settlement.errors import SettlementError
from xborder.settlement.models import AccountCode, CommissionRule, EntryKind, Payout, Posting

ZERO = Decimal("0")
A = AccountCode


def home_currency() -> str:
    return settings.XBORDER["HOME_CURRENCY"]


def exact(value, currency: str) -> Decimal:
    """Sums from SQLite come back through floats; postings are exact to the minor unit, so their sum is too."""
    return round_money(Decimal(value or 0), currency)


def _sum(queryset, currency: str) -> Decimal:
    total = queryset.aggregate(total=Coalesce(Sum("amount"), Value(ZERO), output_field=DecimalField()))["total"]
    return exact(total, currency)


def balance(account: str, *, store=None, currency: str | None = None) -> Decimal:
    """Debit-positive balance of one account (for one store, when given), summed from its postings."""
    currency = currency or home_currency()
    postings = Posting.objects.filter(account_id=account, currency_id=currency)
    if store is not None:
        postings = postings.filter(store=store)
    return _sum(postings, currency)


def owed_balance(account: str, *, store=None, currency: str | None = None) -> Decimal:
    """Balance of a credit-normal account (what we owe), positive when we owe."""
    return -balance(account, store=store, currency=currency)


def trial_balance() -> dict[str, Decimal]:
    """Sum of every posting per currency; zero for each currency in a sound ledger."""
    rows = Posting.objects.values("currency_id").annotate(total=Sum("amount")).order_by("currency_id")
    return {row["currency_id"]: exact(row["total"], row["currency_id"]) for row in rows}


def unbalanced_entries() -> list[tuple[int, str, Decimal]]:
    """(entry id, currency, sum) of every entry whose postings do not sum to zero in a currency."""
    rows = Posting.objects.values("entry_id", "currency_id").annotate(total=Sum("amount")).order_by("entry_id")
    totals = ((row["entry_id"], row["currency_id"], exact(row["total"], row["currency_id"])) for row in rows)
    return [row for row in totals if row[2] != 0]


def commission_rate(*, store, category=None) -> Decimal:
    """The rate on goods: store + category > store > kind + category > kind default (deepest category wins)."""
    rules = list(
        CommissionRule.objects.filter(Q(store=store) | Q(store__isnull=True, store_kind=store.kind)).select_related(
            "category"
        )
    )
    path = category.path if category is not None else None

    def covers(rule) -> bool:
        return path is not None and (path == rule.category.path or path.startswith(rule.category.path + "/"))

    def deepest(candidates):
        return max(candidates, key=lambda rule: len(rule.category.path), default=None)

    tiers = (
        deepest(r for r in rules if r.store_id and r.category_id and covers(r)),
        next((r for r in rules if r.store_id and not r.category_id), None),
        deepest(r for r in rules if not r.store_id and r.category_id and covers(r)),
        next((r for r in rules if not r.store_id and not r.category_id), None),
    )
    for rule in tiers:
        if rule is not None:
            return rule.rate
    raise SettlementError("no_commission_rule", f"No commission rule for store {store} ({store.kind}).", status=409)


@dataclass(frozen=True)
class OrderPosition:
    """What is left of one order's money in the ledger, from the postings of its entries (home currency)."""

    paid: bool
    tax: Decimal
    commission: Decimal
    sales: Decimal
    seller_pending: Decimal
    seller_available: Decimal
    recovered: Decimal

    @property
    def goods_and_freight(self) -> Decimal:
        """Goods and freight still refundable: the seller's share, the commission and self-operated sales."""
        return self.commission + self.sales + self.seller_pending + self.seller_available - self.recovered


def order_position(order_reference: str, *, currency: str | None = None) -> OrderPosition:
    currency = currency or home_currency()
    rows = (
        Posting.objects.filter(entry__order_reference=order_reference, currency_id=currency)
        .values("account_id")
        .annotate(total=Sum("amount"))
    )
    owed = defaultdict(lambda: ZERO, {row["account_id"]: -exact(row["total"], currency) for row in rows})
    paid = Posting.objects.filter(entry__order_reference=order_reference, entry__kind=EntryKind.BUYER_PAYMENT).exists()
    return OrderPosition(
        paid=paid,
        tax=owed[A.TAX_WITHHELD],
        commission=owed[A.PLATFORM_COMMISSION],
        sales=owed[A.SELF_OPERATED_SALES],
        seller_pending=owed[A.SELLER_PAYABLE],
        seller_available=owed[A.SELLER_PAYABLE_AVAILABLE],
        recovered=-owed[A.REFUNDS],
    )


def available_by_store(currency: str | None = None) -> dict[int, Decimal]:
    """``{store id: available payable}`` for every store we owe something, in one query."""
    currency = currency or home_currency()
    rows = (
        Posting.objects.filter(account_id=A.SELLER_PAYABLE_AVAILABLE, currency_id=currency)
        .values("store_id")
        .annotate(total=Sum("amount"))
    )
    owed = {row["store_id"]: -exact(row["total"], currency) for row in rows}
    return {store_id: total for store_id, total in owed.items() if total > 0}


# --- seller statement --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementRow:
    occurred_at: dt.datetime
    kind: str
    reference: str
    order_reference: str
    memo: str
    pending_change: Decimal
    available_change: Decimal
    pending: Decimal
    available: Decimal


@dataclass
class Statement:
    store: object
    start: dt.datetime
    end: dt.datetime
    currency: str
    opening_pending: Decimal
    opening_available: Decimal
    rows: list[StatementRow] = field(default_factory=list)
    payouts: list = field(default_factory=list)

    @property
    def closing_pending(self) -> Decimal:
        return self.rows[-1].pending if self.rows else self.opening_pending

    @property
    def closing_available(self) -> Decimal:
        return self.rows[-1].available if self.rows else self.opening_available


SELLER_ACCOUNTS = (A.SELLER_PAYABLE, A.SELLER_PAYABLE_AVAILABLE)


def seller_statement(*, store, start: dt.datetime, end: dt.datetime) -> Statement:
    """The store's pending and available payable from ``start`` (inclusive) to ``end`` (exclusive), one row per
    journal entry, with running balances; payouts of the period with their currency and recorded FX rate."""
    if start >= end:
        raise SettlementError("period_invalid", "The period must start before it ends.")
    currency = home_currency()
    base = Posting.objects.filter(store=store, account_id__in=SELLER_ACCOUNTS, currency_id=currency)
    opening = base.filter(entry__occurred_at__lt=start).aggregate(
        pending=_owed_sum(A.SELLER_PAYABLE), available=_owed_sum(A.SELLER_PAYABLE_AVAILABLE)
    )
    per_entry = (
        base.filter(entry__occurred_at__gte=start, entry__occurred_at__lt=end)
        .values("entry_id", "entry__occurred_at", "entry__kind", "entry__reference", "entry__order_reference")
        .annotate(
            memo=F("entry__memo"),
            pending=_owed_sum(A.SELLER_PAYABLE),
            available=_owed_sum(A.SELLER_PAYABLE_AVAILABLE),
        )
        .order_by("entry__occurred_at", "entry_id")
    )
    statement = Statement(
        store, start, end, currency, exact(opening["pending"], currency), exact(opening["available"], currency)
    )
    pending, available = statement.opening_pending, statement.opening_available
    for row in per_entry:
        pending_change, available_change = exact(row["pending"], currency), exact(row["available"], currency)
        pending += pending_change
        available += available_change
        statement.rows.append(
            StatementRow(
                occurred_at=row["entry__occurred_at"],
                kind=row["entry__kind"],
                reference=row["entry__reference"],
                order_reference=row["entry__order_reference"],
                memo=row["memo"],
                pending_change=pending_change,
                available_change=available_change,
                pending=pending,
                available=available,
            )
        )
    statement.payouts = list(
        Payout.objects.filter(store=store, entry__occurred_at__gte=start, entry__occurred_at__lt=end).order_by(
            "entry__occurred_at", "id"
        )
    )
    return statement


def _owed_sum(account: str):
    """Sum of the credits minus debits of one account inside an aggregate."""
    return Coalesce(
        Sum(Case(When(account_id=account, then=-F("amount")), default=Value(ZERO), output_field=DecimalField())),
        Value(ZERO),
        output_field=DecimalField(),
    )


# --- operator reports --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaxRow:
    month: dt.date
    withheld: Decimal
    released: Decimal
    remitted: Decimal

    @property
    def net(self) -> Decimal:
        return self.withheld - self.released - self.remitted


def tax_withheld_report(*, start: dt.datetime, end: dt.datetime) -> list[TaxRow]:
    """Per month: tax withheld at payment, tax released by refunds (not levied), tax remitted to customs."""
    if start >= end:
        raise SettlementError("period_invalid", "The period must start before it ends.")
    rows = (
        Posting.objects.filter(
            account_id=A.TAX_WITHHELD,
            currency_id=home_currency(),
            entry__occurred_at__gte=start,
            entry__occurred_at__lt=end,
        )
        .annotate(month=TruncMonth("entry__occurred_at"))
        .values("month")
        .annotate(
            withheld=_kind_sum(EntryKind.BUYER_PAYMENT, sign=-1),
            released=_kind_sum(EntryKind.REFUND, sign=1),
            remitted=_kind_sum(EntryKind.TAX_REMITTED, sign=1),
        )
        .order_by("month")
    )
    cny = home_currency()
    return [
        TaxRow(_as_date(r["month"]), exact(r["withheld"], cny), exact(r["released"], cny), exact(r["remitted"], cny))
        for r in rows
    ]


@dataclass(frozen=True)
class CommissionRow:
    store_kind: str
    store_name: str
    commission: Decimal
    sales: Decimal


def commission_report(*, start: dt.datetime, end: dt.datetime) -> list[CommissionRow]:
    """Commission earned (net of reversals) and self-operated sales per store in the period."""
    if start >= end:
        raise SettlementError("period_invalid", "The period must start before it ends.")
    rows = (
        Posting.objects.filter(
            account_id__in=(A.PLATFORM_COMMISSION, A.SELF_OPERATED_SALES),
            currency_id=home_currency(),
            entry__occurred_at__gte=start,
            entry__occurred_at__lt=end,
        )
        .values("store__kind", "store__name")
        .annotate(commission=_owed_sum(A.PLATFORM_COMMISSION), sales=_owed_sum(A.SELF_OPERATED_SALES))
        .order_by("store__kind", "store__name")
    )
    cny = home_currency()
    return [
        CommissionRow(
            r["store__kind"] or "", r["store__name"] or "", exact(r["commission"], cny), exact(r["sales"], cny)
        )
        for r in rows
    ]


def _kind_sum(kind: str, *, sign: int):
    return Coalesce(
        Sum(Case(When(entry__kind=kind, then=F("amount") * sign), default=Value(ZERO), output_field=DecimalField())),
        Value(ZERO),
        output_field=DecimalField(),
    )


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
