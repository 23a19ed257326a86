"""Quoting a cart: fetch everything once, group lines into packages by (store, warehouse, regime), price
freight and insurance, run the duties engine on each package, collect every violation, and propose a split
for a multi-item CBEC package over the per-transaction limit.

A fixed number of queries whatever the cart's size: lines, stock, FX (none for a CNY cart), shipping rules, HS
rates, positive list (and the buyer's identity and quota ledger when a buyer is given).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.conf import settings

from xborder.catalog.models import Offer
from xborder.checkout import errors
from xborder.checkout.models import CartLine, ShippingRule
from xborder.core.money import round_money
from xborder.duties import selectors as duties_selectors
from xborder.duties.errors import DutiesError
from xborder.duties.regimes import (
    BuyerContext,
    LandedCost,
    Package,
    PackageLine,
    PositiveList,
    Rates,
    Violation,
    get_regime,
)
from xborder.duties.regimes.china import cbec_limits
from xborder.duties.regimes.positive_list import capped_quantity
from xborder.duties.routes import ROUTES
from xborder.inventory.selectors import available_units
from xborder.pricing.errors import PricingError
from xborder.pricing.selectors import rate_from, rates_in_force
from xborder.sellers.models import StoreStatus

ZERO = Decimal("0.00")
CNY = "CNY"
CBEC = "china_cbec"


@dataclass(frozen=True, slots=True)
class LineDraft:
    line_id: int
    offer_id: int
    variant_id: int
    store_id: int
    store_name: str
    warehouse_id: int
    warehouse_name: str
    fulfilment_mode: str
    description: str
    quantity: int
    currency: str
    unit_price: Decimal
    fx_rate: Decimal
    unit_price_cny: Decimal
    hs_code: str
    origin_country: str
    legal_quantity: Decimal
    legal_unit: str
    gross_weight_kg: Decimal
    orderable: bool
    available: int

    @property
    def total_cny(self) -> Decimal:
        return self.unit_price_cny * self.quantity

    @property
    def weight_kg(self) -> Decimal:
        return self.gross_weight_kg * self.quantity


@dataclass(frozen=True, slots=True)
class Freight:
    first_kg: Decimal
    extra_kg: Decimal
    insurance_rate: Decimal = ZERO

    def price(self, weight_kg: Decimal) -> Decimal:
        kilograms = max(1, math.ceil(weight_kg))
        return self.first_kg + self.extra_kg * (kilograms - 1)


@dataclass(frozen=True, slots=True)
class PackageQuote:
    store_id: int
    store_name: str
    warehouse_id: int
    warehouse_name: str
    regime: str
    customs_mode: str
    lines: tuple[LineDraft, ...]
    freight: Decimal
    insurance: Decimal
    landed: LandedCost | None
    violations: tuple[Violation, ...]
    delivery_days: tuple[int, int]
    capped_quantities: dict = field(default_factory=dict)
    split_proposal: tuple[tuple[LineDraft, ...], ...] = ()

    @property
    def goods(self) -> Decimal:
        return sum((line.total_cny for line in self.lines), ZERO)

    @property
    def is_cbec(self) -> bool:
        return self.regime == CBEC

    @property
    def tax(self) -> Decimal:
        return self.landed.total_tax if self.landed else ZERO

    @property
    def total(self) -> Decimal:
        return self.goods + self.freight + self.insurance + self.tax

    @property
    def dutiable_value(self) -> Decimal:
        return self.landed.dutiable_value if self.landed else self.goods + self.freight + self.insurance

    @property
    def treatment(self) -> str:
        return self.landed.treatment if self.landed else ""

    @property
    def violation_codes(self) -> tuple[str, ...]:
        return tuple(violation.code for violation in self.violations)


@dataclass(frozen=True, slots=True)
class Quote:
    packages: tuple[PackageQuote, ...]
    fx_rates: dict[str, Decimal]
    annual_used: Decimal
    on: date

    @property
    def goods(self) -> Decimal:
        return sum((package.goods for package in self.packages), ZERO)

    @property
    def freight(self) -> Decimal:
        return sum((package.freight for package in self.packages), ZERO)

    @property
    def insurance(self) -> Decimal:
        return sum((package.insurance for package in self.packages), ZERO)

    @property
    def tax(self) -> Decimal:
        return sum((package.tax for package in self.packages), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((package.total for package in self.packages), ZERO)

    @property
    def violations(self) -> tuple[Violation, ...]:
        return tuple(violation for package in self.packages for violation in package.violations)

    @property
    def needs_identity(self) -> bool:
        return any(package.is_cbec for package in self.packages)

    @property
    def can_split(self) -> bool:
        return any(package.split_proposal for package in self.packages)

    @property
    def is_placeable(self) -> bool:
        return bool(self.packages) and not self.violations


def cart_lines(cart) -> list[CartLine]:
    """The cart's lines with offer, variant, product, store and warehouse, in one query."""
    if cart is None or cart.pk is None:
        return []
    return list(
        CartLine.objects.filter(cart=cart).select_related("offer__variant__product", "offer__store", "offer__warehouse")
    )


def direct_lines(items: list[tuple[int, int]]) -> list[CartLine]:
    """Lines bought at once without the cart ("buy now"): ``(offer id, quantity)`` pairs, merged per offer,
    as unsaved cart lines with the same relations as ``cart_lines``, in one query. Refuses an unknown offer."""
    quantities: dict[int, int] = defaultdict(int)
    for offer_id, quantity in items:
        quantities[offer_id] += quantity
    offers = Offer.objects.select_related("variant__product", "store", "warehouse").in_bulk(list(quantities))
    missing = sorted(set(quantities) - set(offers))
    if missing:
        raise errors.CheckoutError(errors.OFFER_NOT_FOUND, "No such offer.", fields={"offer_id": str(missing[0])})
    return [CartLine(offer=offers[offer_id], quantity=quantity) for offer_id, quantity in quantities.items()]


def default_freight() -> Freight:
    first, extra = settings.XBORDER.get("DEFAULT_FREIGHT", ("20.00", "10.00"))
    return Freight(Decimal(first), Decimal(extra))


def freight_rules(store_ids: set[int], warehouse_ids: set[int]) -> dict[tuple[int | None, int | None], Freight]:
    rules = ShippingRule.objects.filter(store_id__in=store_ids) | ShippingRule.objects.filter(
        warehouse_id__in=warehouse_ids
    )
    return {
        (rule.store_id, rule.warehouse_id): Freight(rule.first_kg, rule.extra_kg, rule.insurance_rate) for rule in rules
    }


def freight_for(rules: dict, store_id: int, warehouse_id: int) -> Freight:
    for key in ((store_id, warehouse_id), (None, warehouse_id), (store_id, None)):
        if key in rules:
            return rules[key]
    return default_freight()


def line_drafts(lines: list[CartLine]) -> tuple[list[LineDraft], dict[str, Decimal]]:
    """Frozen drafts of the cart lines, priced in CNY at the rates in force (one stock query, and one FX query
    unless every line is priced in CNY)."""
    if not lines:
        return [], {}
    currencies = {line.offer.currency_id for line in lines}
    table = {} if currencies == {CNY} else rates_in_force(currencies=currencies | {CNY})  # CNY needs no rate
    try:
        fx = {code: rate_from(table, code, CNY) for code in currencies}
    except PricingError as error:
        raise errors.CheckoutError(errors.NO_FX_RATE, error.message, status=409) from None
    stock = available_units((line.offer.variant_id, line.offer.warehouse_id) for line in lines)
    drafts = [_draft(line, fx[line.offer.currency_id], stock) for line in lines]
    return drafts, fx


def _draft(line: CartLine, fx_rate: Decimal, stock: dict) -> LineDraft:
    offer = line.offer
    variant, product, store = offer.variant, offer.variant.product, offer.store
    orderable = offer.is_active and product.is_active and store.status == StoreStatus.APPROVED
    return LineDraft(
        line_id=line.pk or offer.pk,  # a line bought without the cart has no row: its offer names it
        offer_id=offer.pk,
        variant_id=variant.pk,
        store_id=store.pk,
        store_name=store.name,
        warehouse_id=offer.warehouse_id,
        warehouse_name=offer.warehouse.name,
        fulfilment_mode=offer.fulfilment_mode,
        description=f"{product.name} {variant.name}".strip()[:250],
        quantity=line.quantity,
        currency=offer.currency_id,
        unit_price=offer.price,
        fx_rate=fx_rate,
        unit_price_cny=round_money(offer.price * fx_rate, CNY),
        hs_code=variant.hs_code,
        origin_country=str(variant.origin_country),
        legal_quantity=variant.legal_quantity,
        legal_unit=variant.legal_unit,
        gross_weight_kg=variant.gross_weight_kg,
        orderable=orderable,
        available=stock.get((variant.pk, offer.warehouse_id), 0),
    )


def build_quote(
    drafts: list[LineDraft], fx: dict[str, Decimal], *, identity=None, buyer_known: bool = False, split: bool = False,
    on: date | None = None,
) -> Quote:  # fmt: skip
    """Price every package of the drafts. ``identity`` is the buyer's verified identity or ``None``;
    ``buyer_known`` says whether to report a missing identity; ``split`` applies the split proposals."""
    on = on or duties_selectors.customs_date()
    groups: dict[tuple, list[LineDraft]] = defaultdict(list)
    for draft in drafts:
        route = ROUTES[draft.fulfilment_mode]
        groups[(draft.store_id, draft.warehouse_id, route.regime, route.customs_mode)].append(draft)
    hs_codes = {draft.hs_code for draft in drafts}
    rates = duties_selectors.hs_rates_in_force(hs_codes, on)
    needs_list = any(key[2] == CBEC for key in groups)
    plist = duties_selectors.positive_list_in_force(on, {code[:8] for code in hs_codes}) if needs_list else None
    rules = freight_rules({d.store_id for d in drafts}, {d.warehouse_id for d in drafts}) if drafts else {}
    annual = _annual_context(identity, on)
    pricer = _Pricer(rates=rates, positive_list=plist, rules=rules, on=on)
    packages: list[PackageQuote] = []
    used = annual.annual_used
    for key in sorted(groups, key=lambda k: (k[0], k[1], k[2], k[3])):
        for lines in pricer.parts(groups[key], key, split=split):
            package = pricer.price(tuple(lines), key, replace(annual, annual_used=used))
            package = _with_checkout_violations(package, identity, buyer_known)
            if package.is_cbec and package.landed and package.landed.annual_used_after is not None:
                used = package.landed.annual_used_after
            packages.append(package)
    return Quote(packages=tuple(packages), fx_rates=fx, annual_used=annual.annual_used, on=on)


def _annual_context(identity, on: date) -> BuyerContext:
    if identity is None:
        return BuyerContext()
    return duties_selectors.buyer_context(identity.id_hash, on.year)


def _with_checkout_violations(package: PackageQuote, identity, buyer_known: bool) -> PackageQuote:
    found = []
    if package.is_cbec and identity is None and buyer_known:
        found.append(Violation(errors.IDENTITY_REQUIRED, "Verify your real-name identity to buy cross-border goods."))
    for line in package.lines:
        if not line.orderable:
            found.append(Violation(errors.OFFER_UNAVAILABLE, f"{line.description} is no longer sold."))
        elif line.quantity > line.available:
            found.append(
                Violation(errors.INSUFFICIENT_STOCK, f"Only {line.available} of {line.description} are in stock.")
            )
    if not found:
        return package
    return replace(package, violations=(*found, *package.violations))


@dataclass
class _Pricer:
    rates: dict
    positive_list: PositiveList | None
    rules: dict
    on: date

    def freight(self, lines, key) -> Freight:
        return freight_for(self.rules, key[0], key[1])

    def parts(self, lines: list[LineDraft], key: tuple, *, split: bool) -> list[list[LineDraft]]:
        if not split:
            return [lines]
        proposal = self.split_proposal(lines, key)
        return [list(part) for part in proposal] if proposal else [lines]

    def price(self, lines: tuple[LineDraft, ...], key: tuple, buyer: BuyerContext) -> PackageQuote:
        store_id, warehouse_id, regime_code, customs_mode = key
        route = next(route for route in ROUTES.values() if (route.regime, route.customs_mode) == key[2:])
        tariff = self.freight(lines, key)
        goods = sum((line.total_cny for line in lines), ZERO)
        freight = tariff.price(sum((line.weight_kg for line in lines), Decimal(0)))
        insurance = round_money(goods * tariff.insurance_rate, CNY)
        package = Package(
            lines=tuple(self._engine_line(line) for line in lines),
            freight=freight,
            insurance=insurance,
            origin_country=lines[0].origin_country,
            destination_country="CN",
            customs_mode=route.engine_customs_mode,
        )
        landed, violations = self._landed(regime_code, package, buyer)
        quote = PackageQuote(
            store_id=store_id,
            store_name=lines[0].store_name,
            warehouse_id=warehouse_id,
            warehouse_name=lines[0].warehouse_name,
            regime=regime_code,
            customs_mode=customs_mode,
            lines=lines,
            freight=freight,
            insurance=insurance,
            landed=landed,
            violations=violations,
            delivery_days=route.delivery_days,
            capped_quantities=self._capped(package) if regime_code == CBEC else {},
        )
        if "over_transaction_limit" in quote.violation_codes:
            quote = replace(quote, split_proposal=self.split_proposal(list(lines), key))
        return quote

    def _engine_line(self, line: LineDraft) -> PackageLine:
        rates = self.rates.get(line.hs_code)
        return PackageLine(
            unit_price=line.unit_price_cny,
            quantity=line.quantity,
            rates=rates if rates is not None else Rates(),
            hs_code=line.hs_code,
            origin=line.origin_country,
            legal_quantity=line.legal_quantity,
            legal_unit=line.legal_unit,
            description=line.description,
        )

    def _landed(self, regime_code: str, package: Package, buyer: BuyerContext):
        missing = [line.hs_code for line in package.lines if line.hs_code not in self.rates]
        if missing:
            message = f"No duty rates on file for HS code {', '.join(sorted(set(missing)))}."
            return None, (Violation("hs_code_not_found", message),)
        try:
            landed = get_regime(regime_code).quote(
                package, on=self.on, buyer=buyer, positive_list=self.positive_list if regime_code == CBEC else None
            )
        except DutiesError as error:
            return None, (Violation(error.code, error.message),)
        return landed, landed.violations

    def _capped(self, package: Package) -> dict[str, str]:
        if self.positive_list is None:
            return {}
        held: dict[str, Decimal] = defaultdict(Decimal)
        for line in package.lines:
            rule = self.positive_list.rules.get(line.hs_code[:8])
            if rule is not None and rule.annual_cap is not None:
                held[rule.tariff_line] += capped_quantity(line, rule)
        return {tariff_line: quantity for tariff_line, quantity in held.items()}

    def split_proposal(self, lines: list[LineDraft], key: tuple) -> tuple[tuple[LineDraft, ...], ...]:
        """Greedy by unit value (first fit, most valuable first): every part's dutiable value (goods + its
        own freight and insurance) stays within the per-transaction limit; a unit that alone is over the
        limit becomes its own single-item package. Empty when no split is needed or possible."""
        limit = cbec_limits(self.on).transaction
        tariff = self.freight(lines, key)
        units = sorted(
            (line for line in lines for _ in range(line.quantity)), key=lambda line: line.unit_price_cny, reverse=True
        )
        parts: list[list[LineDraft]] = []
        for unit in units:
            for part in parts:
                if _part_value([*part, unit], tariff) <= limit:
                    part.append(unit)
                    break
            else:
                parts.append([unit])
        if len(parts) < 2:
            return ()
        return tuple(_regrouped(part) for part in parts)


def _part_value(units: list[LineDraft], tariff: Freight) -> Decimal:
    goods = sum((unit.unit_price_cny for unit in units), ZERO)
    weight = sum((unit.gross_weight_kg for unit in units), Decimal(0))
    return goods + tariff.price(weight) + round_money(goods * tariff.insurance_rate, CNY)


def _regrouped(units: list[LineDraft]) -> tuple[LineDraft, ...]:
    """Units of the same cart line back into one draft with their count as quantity."""
    counts: dict[int, int] = defaultdict(int)
    first: dict[int, LineDraft] = {}
    for unit in units:
        counts[unit.line_id] += 1
        first.setdefault(unit.line_id, unit)
    return tuple(replace(first[line_id], quantity=count) for line_id, count in counts.items())
