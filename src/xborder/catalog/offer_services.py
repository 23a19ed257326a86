"""Sellers' writes of listings (product + variant + offer): validation shared with the bulk import, creation,
editing, publishing. Only approved stores publish offers."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.text import slugify
from django_countries import countries

from xborder.catalog.models import Brand, Category, FulfilmentMode, LegalUnit, Offer, Product, Variant
from xborder.catalog.services import refresh_min_prices
from xborder.core.errors import DomainError
from xborder.core.money import round_money
from xborder.inventory.models import Warehouse
from xborder.pricing.errors import PricingError
from xborder.pricing.selectors import rate_for

HOME_CURRENCY = "CNY"
CBEC_MODES = frozenset({FulfilmentMode.BONDED, FulfilmentMode.DIRECT_MAIL})
COUNTRY_CODES = frozenset(code for code, _name in countries)
LISTING_COLUMNS = (
    "product_slug", "product_name", "product_name_zh", "brand", "category", "description", "sku", "variant_name",
    "hs_code", "origin_country", "net_weight_kg", "gross_weight_kg", "legal_unit", "legal_quantity", "barcode",
    "price", "currency", "fulfilment_mode", "warehouse", "is_active",
)  # fmt: skip
_REQUIRED = (
    "product_name", "brand", "category", "sku", "hs_code", "origin_country", "net_weight_kg", "gross_weight_kg",
    "legal_unit", "legal_quantity", "price", "currency", "fulfilment_mode", "warehouse",
)  # fmt: skip
_TRUE = {"1", "true", "yes", "y", "on"}
_FALSE = {"0", "false", "no", "n", "off", ""}


class OfferError(DomainError):
    """Codes: ``store_not_approved``, ``offer_not_found``, ``product_shared``, ``listing_invalid``,
    ``sku_taken``, ``offer_exists``."""


@dataclass(frozen=True)
class Problem:
    column: str
    code: str
    message: str


@dataclass
class ListingContext:
    """What validation needs, fetched once: the store, brands by name, categories by path, warehouses by code,
    and the positive list's tariff lines (None when no list version is in force: not checked)."""

    store: object
    brands: dict[str, Brand]
    categories: dict[str, Category]
    warehouses: dict[str, Warehouse]
    positive_lines: frozenset[str] | None = None
    seen_skus: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class ListingDraft:
    product_slug: str
    product_name: str
    product_name_zh: str
    brand_name: str
    category: Category
    description: str
    sku: str
    variant_name: str
    hs_code: str
    origin_country: str
    net_weight_kg: Decimal
    gross_weight_kg: Decimal
    legal_unit: str
    legal_quantity: Decimal
    barcode: str
    price: Decimal
    currency: str
    fulfilment_mode: str
    warehouse: Warehouse
    is_active: bool


def listing_context(store, *, positive_lines: frozenset[str] | None = None) -> ListingContext:
    """Fetch brands, categories and warehouses once (three queries) for validating many rows."""
    return ListingContext(
        store=store,
        brands={brand.name.casefold(): brand for brand in Brand.objects.all()},
        categories={category.path: category for category in Category.objects.all()},
        warehouses={warehouse.code: warehouse for warehouse in Warehouse.objects.all()},
        positive_lines=positive_lines,
    )


def _decimal(raw: str) -> Decimal | None:
    try:
        value = Decimal(raw.replace(",", "."))
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() else None


def _check_numbers(row: dict, problems: list[Problem]) -> dict:
    numbers = {}
    for column in ("net_weight_kg", "gross_weight_kg", "legal_quantity", "price"):
        value = _decimal(row[column]) if row[column] else None
        if row[column] and (value is None or value <= 0):
            problems.append(Problem(column, f"{column}_invalid", f"{column} must be a positive number."))
            value = None
        numbers[column] = value
    net, gross = numbers["net_weight_kg"], numbers["gross_weight_kg"]
    if net is not None and gross is not None and net > gross:
        problems.append(Problem("net_weight_kg", "net_weight_over_gross", "The net weight exceeds the gross weight."))
    return numbers


def _check_customs(row: dict, context: ListingContext, problems: list[Problem]) -> None:
    if row["hs_code"] and not re.fullmatch(r"\d{10}", row["hs_code"]):
        problems.append(Problem("hs_code", "hs_code_format", "An HS code has 10 digits."))
    elif (
        row["hs_code"]
        and context.positive_lines is not None
        and row["fulfilment_mode"] in CBEC_MODES
        and row["hs_code"][:8] not in context.positive_lines
    ):
        problems.append(
            Problem("hs_code", "hs_not_on_positive_list", "This tariff line is not on the positive list in force.")
        )
    if row["origin_country"] and row["origin_country"].upper() not in COUNTRY_CODES:
        problems.append(Problem("origin_country", "origin_country_invalid", "Use an ISO 3166 country code."))
    if row["legal_unit"] and row["legal_unit"] not in LegalUnit.values:
        problems.append(Problem("legal_unit", "legal_unit_invalid", "Unknown legal unit."))
    if row["barcode"] and not re.fullmatch(r"\d{8,14}", row["barcode"]):
        problems.append(Problem("barcode", "barcode_invalid", "A barcode has 8 to 14 digits."))


def _check_offer(row: dict, context: ListingContext, problems: list[Problem]) -> bool | None:
    if row["currency"] and row["currency"].upper() != context.store.currency_id:
        problems.append(Problem("currency", "currency_mismatch", "Prices are in the store's currency."))
    if row["fulfilment_mode"] and row["fulfilment_mode"] not in FulfilmentMode.values:
        problems.append(Problem("fulfilment_mode", "fulfilment_mode_invalid", "Unknown fulfilment mode."))
    if row["warehouse"] and row["warehouse"] not in context.warehouses:
        problems.append(Problem("warehouse", "warehouse_unknown", "No warehouse with this code."))
    if row["brand"] and len(row["brand"]) > 100:
        problems.append(Problem("brand", "brand_invalid", "A brand name has at most 100 characters."))
    if row["category"] and row["category"] not in context.categories:
        problems.append(Problem("category", "category_unknown", "No category with this path."))
    active = row["is_active"].lower()
    if active not in _TRUE | _FALSE:
        problems.append(Problem("is_active", "is_active_invalid", "Use 1 or 0."))
        return None
    is_active = active in _TRUE
    if is_active and not context.store.is_approved:
        problems.append(Problem("is_active", "store_not_approved", "Only approved stores publish offers."))
    return is_active


def check_listing(raw: dict, context: ListingContext) -> tuple[ListingDraft | None, list[Problem]]:
    """Validate one listing row (strings by column); pure apart from the context fetched beforehand."""
    row = {column: str(raw.get(column) if raw.get(column) is not None else "").strip() for column in LISTING_COLUMNS}
    if "is_active" not in raw or raw.get("is_active") is None:
        row["is_active"] = "1"
    problems = [Problem(column, "required", f"{column} is required.") for column in _REQUIRED if not row[column]]
    if len(row["sku"]) > 64 or len(row["product_name"]) > 200:
        problems.append(Problem("sku", "too_long", "The SKU or name is too long."))
    if row["sku"] in context.seen_skus:
        problems.append(Problem("sku", "duplicate_sku", "This SKU appears twice in the file."))
    if row["sku"]:
        context.seen_skus.add(row["sku"])
    numbers = _check_numbers(row, problems)
    _check_customs(row, context, problems)
    is_active = _check_offer(row, context, problems)
    if problems:
        return None, problems
    draft = ListingDraft(
        product_slug=row["product_slug"] or slugify(f"{row['brand']} {row['product_name']}")[:200],
        product_name=row["product_name"],
        product_name_zh=row["product_name_zh"][:200],
        brand_name=row["brand"],
        category=context.categories[row["category"]],
        description=row["description"],
        sku=row["sku"],
        variant_name=row["variant_name"][:120],
        hs_code=row["hs_code"],
        origin_country=row["origin_country"].upper(),
        net_weight_kg=numbers["net_weight_kg"],
        gross_weight_kg=numbers["gross_weight_kg"],
        legal_unit=row["legal_unit"],
        legal_quantity=numbers["legal_quantity"],
        barcode=row["barcode"],
        price=round_money(numbers["price"], context.store.currency_id),
        currency=context.store.currency_id,
        fulfilment_mode=row["fulfilment_mode"],
        warehouse=context.warehouses[row["warehouse"]],
        is_active=is_active,
    )
    return draft, []


def cny_rate(currency: str) -> Decimal | None:
    """The rate to the home currency in force, or None when none is recorded (price_cny stays empty)."""
    try:
        return rate_for(currency, HOME_CURRENCY)
    except PricingError:
        return None


def price_in_cny(price: Decimal, rate: Decimal | None) -> Decimal | None:
    return round_money(price * rate, HOME_CURRENCY) if rate is not None else None


def _store_offer(store, offer_id: int) -> Offer:
    offer = Offer.objects.select_for_update().filter(store=store, pk=offer_id).select_related("variant").first()
    if offer is None:
        raise OfferError("offer_not_found", "No such offer.", status=404)
    return offer


def _raise_problems(problems: list[Problem]) -> None:
    raise OfferError(
        "listing_invalid" if len(problems) > 1 else problems[0].code,
        "; ".join(problem.message for problem in problems),
        fields={problem.column: problem.code for problem in problems},
    )


@transaction.atomic
def create_listing(*, store, data: dict, positive_lines: frozenset[str] | None = None) -> Offer:
    """Create a product (or reuse it by slug), a new variant and the store's offer for it."""
    draft, problems = check_listing(data, listing_context(store, positive_lines=positive_lines))
    if problems:
        _raise_problems(problems)
    if Variant.objects.filter(sku=draft.sku).exists():
        raise OfferError("sku_taken", "This SKU exists already.", fields={"sku": "sku_taken"}, status=409)
    brand = Brand.objects.filter(name__iexact=draft.brand_name).first() or Brand.objects.create(
        name=draft.brand_name,
        slug=slugify(draft.brand_name)[:100] or f"brand-{draft.sku}",
        country=draft.origin_country,
    )
    product, _created = Product.objects.get_or_create(
        slug=draft.product_slug,
        defaults={
            "name": draft.product_name,
            "name_zh": draft.product_name_zh,
            "brand": brand,
            "category": draft.category,
            "description": draft.description,
        },
    )
    variant = Variant.objects.create(
        product=product,
        sku=draft.sku,
        name=draft.variant_name,
        hs_code=draft.hs_code,
        origin_country=draft.origin_country,
        net_weight_kg=draft.net_weight_kg,
        gross_weight_kg=draft.gross_weight_kg,
        legal_unit=draft.legal_unit,
        legal_quantity=draft.legal_quantity,
        barcode=draft.barcode,
    )
    offer = Offer.objects.create(
        store=store,
        variant=variant,
        price=draft.price,
        currency_id=draft.currency,
        fulfilment_mode=draft.fulfilment_mode,
        warehouse=draft.warehouse,
        is_active=draft.is_active,
        price_cny=price_in_cny(draft.price, cny_rate(draft.currency)),
    )
    refresh_min_prices([product.pk])
    return offer


@transaction.atomic
def edit_offer(*, store, offer_id: int, price, fulfilment_mode: str, warehouse_code: str) -> Offer:
    """Change an offer's price (in the store's currency), fulfilment mode and warehouse."""
    offer = _store_offer(store, offer_id)
    amount = _decimal(str(price))
    if amount is None or amount <= 0:
        raise OfferError("price_invalid", "The price is a positive amount.", fields={"price": "price_invalid"})
    if fulfilment_mode not in FulfilmentMode.values:
        raise OfferError("fulfilment_mode_invalid", "Unknown fulfilment mode.", fields={"fulfilment_mode": "invalid"})
    warehouse = Warehouse.objects.filter(code=warehouse_code).first()
    if warehouse is None:
        raise OfferError("warehouse_unknown", "No warehouse with this code.", fields={"warehouse": "unknown"})
    offer.price = round_money(amount, store.currency_id)
    offer.fulfilment_mode = fulfilment_mode
    offer.warehouse = warehouse
    offer.price_cny = price_in_cny(offer.price, cny_rate(offer.currency_id))
    offer.save(update_fields=["price", "fulfilment_mode", "warehouse", "price_cny"])
    refresh_min_prices([offer.product_id])
    return offer


@transaction.atomic
def publish_offer(*, store, offer_id: int) -> Offer:
    """Make the offer visible to buyers; only an approved store may."""
    if not store.is_approved:
        raise OfferError("store_not_approved", "Only approved stores can publish offers.", status=409)
    offer = _store_offer(store, offer_id)
    offer.is_active = True
    offer.save(update_fields=["is_active"])
    refresh_min_prices([offer.product_id])
    return offer


@transaction.atomic
def unpublish_offer(*, store, offer_id: int) -> Offer:
    """Hide the offer from buyers."""
    offer = _store_offer(store, offer_id)
    offer.is_active = False
    offer.save(update_fields=["is_active"])
    refresh_min_prices([offer.product_id])
    return offer
