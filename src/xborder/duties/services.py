"""Use cases of the duties app: quoting a package from the database's rates (a read, no transaction),
the buyer quota ledger (reserve, commit, release) and loading the rate tables; each write runs in one
transaction. Refusals raise ``DutiesError`` with a stable code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from xborder.core.money import MINOR_UNITS, round_money
from xborder.duties import errors, selectors
from xborder.duties.errors import DutiesConflict, DutiesError
from xborder.duties.models import HsRate, PositiveListEntry, QuotaEntry, QuotaEntryKind, QuotaYear
from xborder.duties.regimes import BuyerContext, LandedCost, Package, PackageLine, Rates, get_regime
from xborder.duties.regimes.china import cbec_limits
from xborder.duties.tables import HsRateRow, PositiveListRow
from xborder.pricing.selectors import rate_from, rates_in_force

# Regimes whose rates come from the (Chinese) HS rate table; other destinations take explicit rates.
HOME_TABLE_REGIMES = {"china_cbec", "china_postal", "china_general_trade"}
POSITIVE_LIST_REGIMES = {"china_cbec"}


@dataclass(frozen=True, slots=True)
class RateOverrides:
    """Explicit rates of a what-if quote; each one given replaces the table's."""

    tariff: Decimal | None = None
    vat: Decimal | None = None
    consumption_tax: Decimal | None = None
    postal: Decimal | None = None


@dataclass(frozen=True, slots=True)
class LineDraft:
    unit_price: Decimal
    quantity: int
    hs_code: str = ""
    description: str = ""
    legal_quantity: Decimal | None = None
    legal_unit: str = "piece"
    origin_country: str = ""
    rates: RateOverrides = RateOverrides()


@dataclass(frozen=True, slots=True)
class QuoteDraft:
    """A package to quote, with amounts in ``currency`` (converted to the regime's currency; blank
    means the regime's own currency)."""

    regime: str
    currency: str
    lines: tuple[LineDraft, ...]
    freight: Decimal = Decimal("0.00")
    insurance: Decimal = Decimal("0.00")
    discount: Decimal = Decimal("0.00")
    origin_country: str = ""
    destination_country: str = ""
    customs_mode: str = ""
    hs_codes: frozenset[str] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "hs_codes", frozenset(line.hs_code for line in self.lines if line.hs_code))


def quote_package(
    *,
    draft: QuoteDraft,
    on: date | None = None,
    annual_used: Decimal | None = None,
    id_hash: str | None = None,
) -> LandedCost:
    """Landed cost of ``draft`` under its regime, with rates from the HS table in force on ``on`` (the
    customs date today by default) unless overridden per line. The buyer's annual use is
    ``annual_used`` when given, else the ledger of ``id_hash``, else zero. A fixed number of queries
    whatever the number of lines: FX rates, HS rates, positive list, ledger."""
    regime = get_regime(draft.regime)
    on = on or selectors.customs_date()
    fx_rate = _fx_rate(draft.currency or regime.currency, regime.currency)
    table = selectors.hs_rates_in_force(draft.hs_codes, on) if draft.regime in HOME_TABLE_REGIMES else None
    package = Package(
        lines=tuple(_package_line(line, table, fx_rate, regime.currency) for line in draft.lines),
        freight=_convert(draft.freight, fx_rate, regime.currency, "freight"),
        insurance=_convert(draft.insurance, fx_rate, regime.currency, "insurance"),
        discount=_convert(draft.discount, fx_rate, regime.currency, "discount"),
        origin_country=draft.origin_country.upper(),
        destination_country=draft.destination_country.upper(),
        customs_mode=draft.customs_mode,
    )
    buyer = _buyer_context(annual_used, id_hash, on)
    positive_list = None
    if draft.regime in POSITIVE_LIST_REGIMES and draft.hs_codes:
        positive_list = selectors.positive_list_in_force(on, {code[:8] for code in draft.hs_codes})
    return regime.quote(package, on=on, buyer=buyer, positive_list=positive_list)


def _fx_rate(currency: str, regime_currency: str) -> Decimal:
    if currency not in MINOR_UNITS:
        raise DutiesError(errors.UNKNOWN_CURRENCY, f"Unknown currency {currency!r}.", {"currency": "unknown"})
    if currency == regime_currency:
        return Decimal(1)
    return rate_from(rates_in_force(), currency, regime_currency)


def _convert(amount: Decimal, fx_rate: Decimal, currency: str, name: str) -> Decimal:
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise DutiesError(errors.INVALID_AMOUNT, f"{name} must be a number.", {name: "invalid"})
    return round_money(amount * fx_rate, currency) if fx_rate != 1 else amount


def _package_line(line: LineDraft, table: dict[str, Rates] | None, fx_rate: Decimal, currency: str) -> PackageLine:
    return PackageLine(
        unit_price=_convert(line.unit_price, fx_rate, currency, "unit_price"),
        quantity=line.quantity,
        rates=_line_rates(line, table),
        hs_code=line.hs_code,
        origin=line.origin_country.upper(),
        legal_quantity=line.legal_quantity,
        legal_unit=line.legal_unit or "piece",
        description=line.description,
    )


def _line_rates(line: LineDraft, table: dict[str, Rates] | None) -> Rates:
    """The table's rates of the line's HS code, each replaced by an explicit rate when given. An
    explicit consumption-tax rate is unconditional (no D8 threshold)."""
    given = line.rates
    row = (table or {}).get(line.hs_code)
    if row is None:
        if table is not None and line.hs_code and given == RateOverrides():
            raise DutiesError(
                errors.HS_CODE_NOT_FOUND,
                f"No rates on file for HS code {line.hs_code}: give explicit rates or another code.",
                {"hs_code": "not in the rate table"},
            )
        row = Rates()
    return Rates(
        tariff=row.tariff if given.tariff is None else given.tariff,
        vat=row.vat if given.vat is None else given.vat,
        consumption_tax=row.consumption_tax if given.consumption_tax is None else given.consumption_tax,
        ct_thresholds=row.ct_thresholds if given.consumption_tax is None else (),
        postal=row.postal if given.postal is None else given.postal,
    )


def _buyer_context(annual_used: Decimal | None, id_hash: str | None, on: date) -> BuyerContext:
    if annual_used is not None:
        if not annual_used.is_finite() or annual_used < 0:
            message = "annual_used must be a non-negative amount."
            raise DutiesError(errors.INVALID_AMOUNT, message, {"buyer.annual_used": "invalid"})
        return BuyerContext(annual_used=annual_used)
    if id_hash:
        return selectors.buyer_context(id_hash, on.year)
    return BuyerContext()


def quota_year_number(at: datetime) -> int:
    """The quota year of a moment: its calendar year in Asia/Shanghai."""
    return selectors.customs_date(at).year


@dataclass(frozen=True, slots=True)
class QuotaReservation:
    """One package's claim on the buyer's annual allowance: its dutiable value and capped quantities."""

    package_ref: str
    amount: Decimal
    quantities: dict[str, Decimal] = field(default_factory=dict)


def reserve_quota(
    *,
    id_hash: str,
    package_ref: str,
    amount: Decimal,
    at: datetime | None = None,
    quantities: dict[str, Decimal] | None = None,
    actor: str = "",
) -> QuotaEntry:
    """Reserve ``amount`` (the package's dutiable value) of the buyer's annual allowance when the order
    is placed (D7); checkout passes ``cost.dutiable_value`` and ``cost.capped_quantities`` of a CBEC
    ``LandedCost`` (one whose ``annual_used_after`` is set). Raises ``over_annual_limit`` (409) and writes
    nothing if it would pass the limit; see ``reserve_quotas``."""
    reservation = QuotaReservation(package_ref=package_ref, amount=amount, quantities=quantities or {})
    return reserve_quotas(id_hash=id_hash, reservations=[reservation], at=at, actor=actor)[0]


def reserve_quotas(
    *, id_hash: str, reservations: list[QuotaReservation], at: datetime | None = None, actor: str = ""
) -> list[QuotaEntry]:
    """Reserve every package of one checkout at once: the buyer's year row is locked once, so concurrent
    reservations cannot together pass the 26,000 limit, and the entries go in with one INSERT. Raises
    ``over_annual_limit`` (409) and writes nothing if their sum would pass the limit."""
    for reservation in reservations:
        amount = reservation.amount
        if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
            raise DutiesError(errors.INVALID_AMOUNT, "A reservation is a non-negative amount.", {"amount": "invalid"})
    at = at or timezone.now()
    limit = cbec_limits(selectors.customs_date(at)).annual
    amount = sum((reservation.amount for reservation in reservations), Decimal("0.00"))
    rows = [
        _entry_fields(r.package_ref, QuotaEntryKind.RESERVED, r.amount, r.quantities, "order placed", actor)
        for r in reservations
    ]
    try:
        with transaction.atomic():
            year = _locked_year(id_hash, quota_year_number(at))
            used = year.entries.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
            if used + amount > limit:
                raise DutiesConflict(
                    errors.QUOTA_EXCEEDED,
                    f"The buyer has used {used} of {limit} this year; {amount} more is over the annual limit.",
                    {"amount": "over the annual limit"},
                )
            return QuotaEntry.objects.bulk_create([QuotaEntry(quota_year=year, **row) for row in rows])
    except IntegrityError:
        raise _duplicate_entry(rows) from None


def commit_quota(*, package_ref: str, actor: str = "") -> QuotaEntry:
    """Record that customs released the package: its reservation becomes final (amount unchanged)."""
    with transaction.atomic():
        reservation, remaining = _reservation(package_ref)
        if remaining <= 0 or _has_entry(package_ref, QuotaEntryKind.COMMITTED):
            raise DutiesConflict(
                errors.QUOTA_TRANSITION_NOT_ALLOWED,
                f"Package {package_ref} is already committed or released.",
                {"package_ref": "not reserved"},
            )
        return _add_entry(
            reservation.quota_year,
            package_ref=package_ref,
            kind=QuotaEntryKind.COMMITTED,
            amount=Decimal("0.00"),
            quantities={},
            reason="customs released",
            actor=actor,
        )


def release_quota(
    *,
    package_ref: str,
    reason: str,
    amount: Decimal | None = None,
    quantities: dict[str, Decimal] | None = None,
    actor: str = "",
) -> QuotaEntry:
    """Give back quota on cancellation, customs rejection or an accepted return (D7, D10): all that is
    still held by default, or ``amount`` for a partial return (with its capped ``quantities``)."""
    with transaction.atomic():
        reservation, remaining = _reservation(package_ref)
        amount = remaining if amount is None else amount
        if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0 or amount > remaining:
            raise DutiesConflict(
                errors.QUOTA_TRANSITION_NOT_ALLOWED,
                f"Package {package_ref} holds {remaining}; {amount} cannot be released.",
                {"amount": "more than the package holds"},
            )
        if quantities is None:
            quantities = _held_quantities(package_ref) if amount == remaining else {}
        return _add_entry(
            reservation.quota_year,
            package_ref=package_ref,
            kind=QuotaEntryKind.RELEASED,
            amount=-amount,
            quantities={line: -Decimal(quantity) for line, quantity in quantities.items()},
            reason=reason,
            actor=actor,
        )


def _locked_year(id_hash: str, year: int) -> QuotaYear:
    """The buyer's year row, created on first use and locked until the transaction ends (one query when
    the row exists, as it does from the buyer's second order on)."""
    row = QuotaYear.objects.select_for_update().filter(id_hash=id_hash, year=year).first()
    if row is not None:
        return row
    row, _ = QuotaYear.objects.get_or_create(id_hash=id_hash, year=year)
    return QuotaYear.objects.select_for_update().get(pk=row.pk)


def _reservation(package_ref: str) -> tuple[QuotaEntry, Decimal]:
    """The package's reservation (its year row locked) and the amount it still holds."""
    reservation = (
        QuotaEntry.objects.select_related("quota_year")
        .filter(package_ref=package_ref, kind=QuotaEntryKind.RESERVED)
        .first()
    )
    if reservation is None:
        raise errors.DutiesNotFound(
            errors.QUOTA_ENTRY_NOT_FOUND, f"No quota reservation for package {package_ref}.", {"package_ref": "unknown"}
        )
    QuotaYear.objects.select_for_update().get(pk=reservation.quota_year_id)
    remaining = QuotaEntry.objects.filter(package_ref=package_ref).aggregate(total=Sum("amount"))["total"]
    return reservation, remaining


def _held_quantities(package_ref: str) -> dict[str, Decimal]:
    held: dict[str, Decimal] = {}
    for capped in QuotaEntry.objects.filter(package_ref=package_ref).values_list("quantities", flat=True):
        for line, quantity in capped.items():
            held[line] = held.get(line, Decimal(0)) + Decimal(quantity)
    return {line: quantity for line, quantity in held.items() if quantity}


def _has_entry(package_ref: str, kind: str) -> bool:
    return QuotaEntry.objects.filter(package_ref=package_ref, kind=kind).exists()


def _entry_fields(package_ref: str, kind: str, amount: Decimal, quantities: dict, reason: str, actor: str) -> dict:
    return {
        "package_ref": package_ref,
        "kind": kind,
        "amount": amount,
        "quantities": {line: str(quantity) for line, quantity in quantities.items()},
        "reason": reason,
        "actor": actor,
    }


def _add_entry(year: QuotaYear, **fields) -> QuotaEntry:
    row = _entry_fields(**fields)
    try:
        with transaction.atomic():
            return QuotaEntry.objects.create(quota_year=year, **row)
    except IntegrityError:
        raise _duplicate_entry([row]) from None


def _duplicate_entry(rows: list[dict]) -> DutiesConflict:
    """A package has at most one entry of each kind (a unique constraint)."""
    refs = ", ".join(sorted({row["package_ref"] for row in rows}))
    kinds = ", ".join(sorted({row["kind"] for row in rows}))
    return DutiesConflict(
        errors.QUOTA_TRANSITION_NOT_ALLOWED,
        f"Package {refs} already has a {kinds} entry.",
        {"package_ref": "duplicate"},
    )


HS_RATE_FIELDS = ["description", "valid_to", "tariff_rate", "vat_rate", "ct_rate", "ct_thresholds", "postal_rate"]
POSITIVE_LIST_FIELDS = ["effective_from", "description", "trade_modes", "annual_cap", "cap_unit", "note"]


def load_hs_rates(rows: list[HsRateRow], *, progress: Callable[[int], object] | None = None) -> int:
    """Insert or update HS rate rows, keyed by (hs_code, valid_from), in one transaction."""
    return _upsert(
        HsRate,
        [HsRate(**asdict(row)) for row in rows],
        unique_fields=["hs_code", "valid_from"],
        update_fields=HS_RATE_FIELDS,
        progress=progress,
    )


def load_positive_list(rows: list[PositiveListRow], *, progress: Callable[[int], object] | None = None) -> int:
    """Insert or update positive-list entries, keyed by (version, tariff_line), in one transaction."""
    return _upsert(
        PositiveListEntry,
        [PositiveListEntry(**asdict(row)) for row in rows],
        unique_fields=["version", "tariff_line"],
        update_fields=POSITIVE_LIST_FIELDS,
        progress=progress,
    )


def _upsert(model, objects: list, *, unique_fields, update_fields, progress, batch_size: int = 500) -> int:
    with transaction.atomic():
        for start in range(0, len(objects), batch_size):
            batch = objects[start : start + batch_size]
            model.objects.bulk_create(
                batch, update_conflicts=True, unique_fields=unique_fields, update_fields=update_fields
            )
            if progress:
                progress(len(batch))
    return len(objects)
