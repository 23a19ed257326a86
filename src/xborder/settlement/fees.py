"""Writes of the money a store owes or lodges outside its sales: the security deposit an approved merchant
lodges, and the service fee of the agency operating its store under a mandate (percentage of GMV or monthly).

Both are balanced journal entries posted through ``services.post_entry``. The deposit is held per store in its
own currency on ``security_deposits`` (never paid out by payout runs). The agency fee is taken from the store's
available payable and owed to agencies on ``agency_fees``; a store without enough available payable is refused
with ``account_overdrawn`` and charged at a later run. One entry per deposit reference and per mandate-month.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from xborder.core.money import round_money
from xborder.orders.models import Order
from xborder.pricing.models import Currency
from xborder.sellers.models import AgencyFeeKind, Mandate, Store
from xborder.settlement import selectors
from xborder.settlement import services as ledger
from xborder.settlement.errors import SettlementError
from xborder.settlement.models import AccountCode, EntryKind, JournalEntry
from xborder.settlement.services import credit, debit, post_entry

SECURITY_DEPOSITS = AccountCode.SECURITY_DEPOSITS
SECURITY_DEPOSIT = EntryKind.SECURITY_DEPOSIT
AGENCY_FEE = EntryKind.AGENCY_FEE
ZERO = Decimal("0.00")


@transaction.atomic
def record_security_deposit(
    *, store: Store, amount, currency: str, reference: str = "", occurred_at=None, created_by=None
) -> JournalEntry:
    """The store lodged its security deposit: ``Dr gateway_receivable / Cr security_deposits`` (for the store) in
    the deposit's currency. ``reference`` (default: the store) makes it one entry; again is ``already_recorded``."""
    if not Currency.objects.filter(code=currency).exists():
        raise SettlementError("amount_invalid", "Unknown currency.", fields={"currency": "unknown"})
    value = ledger.amount(amount, "amount", currency)
    if value == 0:
        raise SettlementError("amount_invalid", "A deposit is more than zero.", fields={"amount": "invalid"})
    return post_entry(
        kind=SECURITY_DEPOSIT,
        reference=reference or f"store-{store.pk}",
        lines=[
            debit(AccountCode.GATEWAY_RECEIVABLE, value, currency),
            credit(SECURITY_DEPOSITS, value, currency, store),
        ],
        occurred_at=occurred_at or timezone.now(),
        memo=f"security deposit of {store.name}",
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )


def deposit_recorded(reference: str) -> bool:
    return JournalEntry.objects.filter(kind=SECURITY_DEPOSIT, reference=reference).exists()


def security_deposit_held(store: Store, currency: str) -> Decimal:
    """What the platform holds as the store's deposit, from its postings."""
    return selectors.owed_balance(SECURITY_DEPOSITS, store=store, currency=currency)


def _month(any_day: dt.date) -> tuple[dt.date, dt.date]:
    first = any_day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def store_gmv(*, store: Store, start: dt.date, end: dt.date) -> Decimal:
    """Goods value (CNY) of the store's orders paid from ``start`` to ``end`` (both days included)."""
    zone = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    total = Order.objects.filter(store=store, paid_at__gte=since, paid_at__lt=until).aggregate(
        gmv=Coalesce(Sum("goods_total"), Value(ZERO), output_field=DecimalField())
    )["gmv"]
    return selectors.exact(total, selectors.home_currency())


def agency_fee_due(*, mandate: Mandate, month: dt.date) -> Decimal:
    """The fee for the calendar month of ``month``, over the days the mandate was in force in it: a percentage
    of the store's GMV of those days, or the monthly amount pro rata to those days (CNY)."""
    first, last = _month(month)
    start, end = max(first, mandate.starts_on), min(last, mandate.ends_on)
    if mandate.revoked_at is not None:
        end = min(end, timezone.localdate(mandate.revoked_at))
    if start > end:
        return ZERO
    currency = selectors.home_currency()
    if mandate.fee_kind == AgencyFeeKind.PERCENT_OF_GMV and mandate.fee_percent:
        gmv = store_gmv(store=mandate.store, start=start, end=end)
        return round_money(gmv * mandate.fee_percent / 100, currency)
    if mandate.fee_kind == AgencyFeeKind.MONTHLY and mandate.fee_monthly:
        days = (end - start).days + 1
        return round_money(mandate.fee_monthly * days / ((last - first).days + 1), currency)
    return ZERO


@transaction.atomic
def record_agency_fee(*, mandate: Mandate, month: dt.date, created_by=None) -> JournalEntry | None:
    """Charge the agency's fee for the calendar month of ``month`` to the store: ``Dr seller_payable_available
    (store) / Cr agency_fees``. None when nothing is due; the same mandate-month again is ``already_recorded``."""
    mandate = Mandate.objects.select_related("store", "agency").get(pk=mandate.pk)
    fee = agency_fee_due(mandate=mandate, month=month)
    if fee <= 0:
        return None
    currency = selectors.home_currency()
    first, last = _month(month)
    return post_entry(
        kind=AGENCY_FEE,
        reference=f"mandate-{mandate.pk}-{first:%Y-%m}",
        lines=[
            debit(AccountCode.SELLER_PAYABLE_AVAILABLE, fee, currency, mandate.store),
            credit(AccountCode.AGENCY_FEES, fee, currency),
        ],
        occurred_at=min(timezone.now(), timezone.make_aware(dt.datetime.combine(last, dt.time(23, 59, 59)))),
        memo=f"{mandate.agency.name}: {mandate.get_fee_kind_display()} {first:%Y-%m}",
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )


@dataclass(frozen=True)
class FeeRun:
    charged: list[JournalEntry]
    refused: list[tuple[int, str]]  # (mandate id, error code): charged at a later run


def record_agency_fees(*, month: dt.date, created_by=None) -> FeeRun:
    """The monthly run: every mandate with a fee that was in force in the month, each in its own transaction
    (one store short of available payable does not stop the others; a month already charged is skipped)."""
    first, last = _month(month)
    mandates = Mandate.objects.exclude(fee_kind=AgencyFeeKind.NONE).filter(starts_on__lte=last, ends_on__gte=first)
    charged, refused = [], []
    for mandate in mandates.order_by("pk"):
        try:
            entry = record_agency_fee(mandate=mandate, month=month, created_by=created_by)
        except SettlementError as error:
            if error.code != "already_recorded":
                refused.append((mandate.pk, error.code))
            continue
        if entry is not None:
            charged.append(entry)
    return FeeRun(charged, refused)
