"""Reads of the duties app: rates in force, the positive list in force, a buyer's quota use."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q, Subquery, Sum
from django.utils import timezone

from xborder.accounts.models import Identity, IdentityStatus
from xborder.duties.models import HsRate, PositiveListEntry, QuotaEntry
from xborder.duties.regimes import BuyerContext, PositiveList, PositiveListRule, Rates

CUSTOMS_TIME_ZONE = ZoneInfo("Asia/Shanghai")
ZERO = Decimal("0.00")


def customs_date(at: datetime | None = None) -> date:
    """The calendar date in Asia/Shanghai, which decides rates, list versions and quota years."""
    return timezone.localtime(at or timezone.now(), CUSTOMS_TIME_ZONE).date()


def hs_rates_in_force(hs_codes: Iterable[str], on: date) -> dict[str, Rates]:
    """``{hs_code: Rates}`` of the rows valid on ``on``, in one query (the newest start wins)."""
    codes = set(hs_codes)
    if not codes:
        return {}
    rows = (
        HsRate.objects.filter(hs_code__in=codes, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .order_by("hs_code", "valid_from")
    )
    return {row.hs_code: row.as_rates() for row in rows}


def positive_list_in_force(on: date, tariff_lines: Iterable[str]) -> PositiveList:
    """The entries of the newest list version effective on ``on`` for the given 8-digit lines, in one
    query. With no version in force the list is empty, so nothing passes as CBEC by accident."""
    newest_version = (
        PositiveListEntry.objects.filter(effective_from__lte=on).order_by("-effective_from").values("version")[:1]
    )
    entries = PositiveListEntry.objects.filter(
        version=Subquery(newest_version), tariff_line__in=set(tariff_lines)
    ).only("version", "tariff_line", "trade_modes", "annual_cap", "cap_unit", "note")
    rules = {
        entry.tariff_line: PositiveListRule(
            tariff_line=entry.tariff_line,
            trade_modes=frozenset(entry.trade_modes.split()),
            annual_cap=entry.annual_cap,
            cap_unit=entry.cap_unit,
            note=entry.note,
        )
        for entry in entries
    }
    version = next((entry.version for entry in entries), "no version in force")
    return PositiveList(version=version, rules=rules)


def annual_used(id_hash: str, year: int) -> Decimal:
    """The buyer's CBEC use of ``year``: the sum of the ledger's amounts (never a stored counter)."""
    total = QuotaEntry.objects.filter(quota_year__id_hash=id_hash, quota_year__year=year).aggregate(
        total=Sum("amount")
    )["total"]
    return total or ZERO


def buyer_context(id_hash: str, year: int) -> BuyerContext:
    """Annual use and capped quantities of a buyer's year: the sum is taken by the database and only the
    entries that hold capped quantities are read, so the cost does not grow with the buyer's orders."""
    entries = QuotaEntry.objects.filter(quota_year__id_hash=id_hash, quota_year__year=year)
    used = entries.aggregate(total=Sum("amount"))["total"] or ZERO
    quantities: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for capped in entries.exclude(quantities={}).values_list("quantities", flat=True):
        for tariff_line, quantity in capped.items():
            quantities[tariff_line] += Decimal(quantity)
    return BuyerContext(annual_used=used, capped_quantities_used=dict(quantities))


def package_quota_entries(package_ref: str):
    """The ledger entries of one package, oldest first (its audit trail)."""
    return QuotaEntry.objects.filter(package_ref=package_ref).select_related("quota_year").order_by("created_at", "id")


def quota_entries(id_hash: str, year: int):
    """A buyer's ledger entries of one year, oldest first."""
    return QuotaEntry.objects.filter(quota_year__id_hash=id_hash, quota_year__year=year).order_by("created_at", "id")


def verified_id_hash(user) -> str | None:
    """The ID-number hash of the user's verified real-name identity, if any (one query)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Identity.objects.filter(user=user, status=IdentityStatus.VERIFIED).values_list("id_hash", flat=True).first()
