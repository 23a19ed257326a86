"""Demo products: drafts built from the assortment with a seeded random generator, written with bulk inserts.

A draft is a plain description of one product with its variants, offers and stock. ``base_drafts`` is the
curated catalog (every brand with a few of its department's lines); ``generated_draft(i)`` is product ``i``
of an arbitrarily large catalog (brand x modifier x product line x edition) and depends only on ``i``, so
generating 1..N is deterministic and can resume where an earlier run stopped.
"""

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.utils import timezone
from django.utils.text import slugify

from xborder.catalog.demo.assortment import DEPARTMENTS, EDITIONS, BrandSpec, Department, Line, Size
from xborder.catalog.demo.barcodes import ean13
from xborder.catalog.demo.platform import FX_RATES_TO_CNY, STORES, WAREHOUSES, Platform
from xborder.catalog.models import FulfilmentMode, Offer, Product, Variant
from xborder.core.money import minor_unit, round_money
from xborder.inventory.models import MovementReason, StockItem, StockMovement
from xborder.sellers.models import StoreKind

BASE_SKU_PREFIX = "XB"
GENERATED_SKU_PREFIX = "XG"
BASE_PRODUCTS_PER_DEPARTMENT = 28
# Keeps barcodes of the curated catalog apart from those of generated products.
BASE_BARCODE_OFFSET = 900_000_000

COUNTRY_NAMES = {
    "JP": ("Japan", "日本"), "KR": ("South Korea", "韩国"), "US": ("the United States", "美国"),
    "CA": ("Canada", "加拿大"), "DE": ("Germany", "德国"), "NL": ("the Netherlands", "荷兰"),
    "CH": ("Switzerland", "瑞士"), "DK": ("Denmark", "丹麦"), "FR": ("France", "法国"), "IT": ("Italy", "意大利"),
    "ES": ("Spain", "西班牙"), "IE": ("Ireland", "爱尔兰"), "GB": ("the United Kingdom", "英国"),
    "AU": ("Australia", "澳大利亚"), "NZ": ("New Zealand", "新西兰"),
}  # fmt: skip

BONDED_WAREHOUSES = tuple(spec.code for spec in WAREHOUSES if spec.kind == "bonded")
DOMESTIC_WAREHOUSE = "cn-shanghai-jiading"
SELF_OPERATED_STORE = "xborder-global"
# How each route prices against the bonded price in CNY: direct mail skips the bonded stock-holding cost,
# personal shoppers add their margin to retail, general trade carries the duty already paid at import.
ROUTE_PRICE_FACTORS = {
    FulfilmentMode.BONDED: Decimal("1.00"),
    FulfilmentMode.DIRECT_MAIL: Decimal("0.92"),
    FulfilmentMode.POSTAL: Decimal("0.97"),
    FulfilmentMode.GENERAL_TRADE: Decimal("1.12"),
}


@dataclass
class OfferDraft:
    store: str
    warehouse: str
    mode: str
    price: Decimal
    currency: str
    stock: int


@dataclass
class VariantDraft:
    sku: str
    name: str
    name_zh: str
    hs_code: str
    origin: str
    net_kg: Decimal
    gross_kg: Decimal
    legal_unit: str
    legal_quantity: Decimal
    barcode: str
    offers: list[OfferDraft] = field(default_factory=list)


@dataclass
class ProductDraft:
    slug: str
    name: str
    name_zh: str
    brand: str
    category: str
    description: str
    description_zh: str
    variants: list[VariantDraft] = field(default_factory=list)


@cache
def _stores_selling(country: str, kind: str) -> tuple[str, ...]:
    return tuple(spec.slug for spec in STORES if spec.kind == kind and country in spec.sources)


@cache
def _warehouse_of(store: str) -> str:
    return next(spec.code for spec in WAREHOUSES if spec.operator == store and spec.kind == "overseas")


CURRENCY_OF = {spec.slug: spec.currency for spec in STORES}


def nice_cny(amount: float) -> Decimal:
    """A shelf price: 79, 268, 1299, 12800."""
    if amount < 100:
        return Decimal(max(9, int(amount) // 10 * 10 + 9))
    if amount < 1000:
        return Decimal(int(amount) // 10 * 10 + 8)
    if amount < 10000:
        return Decimal(int(amount) // 100 * 100 + 99)
    return Decimal(int(amount) // 100 * 100)


def local_price(amount_cny: Decimal, currency: str) -> Decimal:
    """Convert a CNY shelf price into ``currency`` at the demo rate, rounded the way shops in it price."""
    if currency == "CNY":
        return amount_cny
    amount = amount_cny / FX_RATES_TO_CNY[currency]
    if minor_unit(currency) == 0:
        step = Decimal(100) if currency == "KRW" else Decimal(10)
        return (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    step = Decimal(1) if amount >= 100 else Decimal("0.1")
    return amount.quantize(step, rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def _stock(rng: random.Random, mode: str) -> int:
    if rng.random() < 0.03:
        return 0
    low, high = {
        FulfilmentMode.BONDED: (20, 600),
        FulfilmentMode.DIRECT_MAIL: (5, 300),
        FulfilmentMode.POSTAL: (1, 8),
        FulfilmentMode.GENERAL_TRADE: (50, 1000),
    }[mode]
    return rng.randint(low, high)


def _routes(rng: random.Random, country: str) -> list[tuple[str, str, str]]:
    """(store, warehouse, mode) of every offer of one product: usually bonded and direct mail, sometimes a
    personal shopper's postal parcel or a B2B supplier's general-trade stock."""
    routes = []
    if rng.random() < 0.7:
        routes.append((SELF_OPERATED_STORE, rng.choice(BONDED_WAREHOUSES), FulfilmentMode.BONDED))
    merchants = _stores_selling(country, StoreKind.OVERSEAS_MERCHANT)
    if merchants and (not routes or rng.random() < 0.75):
        merchant = rng.choice(merchants)
        routes.append((merchant, _warehouse_of(merchant), FulfilmentMode.DIRECT_MAIL))
    shoppers = _stores_selling(country, StoreKind.PERSONAL_SHOPPER)
    if shoppers and rng.random() < 0.35:
        shopper = rng.choice(shoppers)
        routes.append((shopper, _warehouse_of(shopper), FulfilmentMode.POSTAL))
    if rng.random() < 0.15:
        supplier = "kiwi-dairy-export" if country == "NZ" else "harbour-trading-hk"
        routes.append((supplier, DOMESTIC_WAREHOUSE, FulfilmentMode.GENERAL_TRADE))
    return routes


def _gross_kg(net_kg: Decimal, unit: str) -> Decimal:
    """Net weight plus packaging: glass bottles for wine (~0.6 kg per 0.75 l), a box for the rest."""
    if unit == "l":
        return (net_kg * Decimal("1.8") + Decimal("0.05")).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    packaging = {"piece": Decimal("0.2"), "pair": Decimal("0.35")}.get(unit, Decimal("0.05"))
    return (net_kg * Decimal("1.05") + packaging).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _variant(
    rng: random.Random, line: Line, size: Size, brand: BrandSpec, sku: str, serial: int, base_cny: float, routes
) -> VariantDraft:
    shelf_cny = nice_cny(base_cny * float(size.price_factor))
    offers = []
    for store, warehouse, mode in routes:
        currency = CURRENCY_OF[store]
        jitter = Decimal(str(round(rng.uniform(0.95, 1.05), 3)))
        price_cny = nice_cny(float(shelf_cny * ROUTE_PRICE_FACTORS[mode] * jitter))
        offers.append(OfferDraft(store, warehouse, mode, local_price(price_cny, currency), currency, _stock(rng, mode)))
    return VariantDraft(
        sku=sku,
        name=size.label,
        name_zh=size.label_zh,
        hs_code=line.hs_code,
        origin=brand.country,
        net_kg=size.net_kg.quantize(Decimal("0.001")),
        gross_kg=_gross_kg(size.net_kg, line.legal_unit),
        legal_unit=line.legal_unit,
        legal_quantity=size.legal_quantity,
        barcode=ean13(brand.country, serial),
        offers=offers,
    )


def _product(
    rng: random.Random,
    *,
    department: Department,
    line: Line,
    brand: BrandSpec,
    names: tuple[str, str],
    texts: tuple[str, str],
    slug: str,
    sizes: Iterable[Size],
    sku_prefix: str,
    serial: int,
    barcode_offset: int = 0,
) -> ProductDraft:
    base_cny = line.price_cny * rng.uniform(0.85, 1.25)
    routes = _routes(rng, brand.country)
    variants = [
        _variant(
            rng, line, size, brand, f"{sku_prefix}{serial:07d}-{n}", barcode_offset + serial * 10 + n, base_cny, routes
        )
        for n, size in enumerate(sizes, start=1)
    ]
    return ProductDraft(
        slug=slug,
        name=names[0],
        name_zh=names[1],
        brand=brand.name,
        category=f"{department.slug}/{line.sub}",
        description=texts[0],
        description_zh=texts[1],
        variants=variants,
    )


def _description(line: Line, brand: BrandSpec, modifier: tuple[str, str] = ("", "")) -> tuple[str, str]:
    country, country_zh = COUNTRY_NAMES[brand.country]
    series = f" from the {modifier[0]} range" if modifier[0] else ""
    series_zh = f"{modifier[1]}系列，" if modifier[1] else ""
    return (
        f"{line.blurb} By {brand.name}{series}, made in {country}.",
        f"{brand.name_zh}出品，{series_zh}{line.blurb_zh}原产地：{country_zh}。",
    )


def base_drafts() -> list[ProductDraft]:
    """The curated catalog: in each department, every product line from a few of its brands, all sizes."""
    drafts = []
    serial = 0
    for department in DEPARTMENTS:
        per_line = math.ceil(BASE_PRODUCTS_PER_DEPARTMENT / len(department.lines))
        for j, line in enumerate(department.lines):
            makers = [brand for brand in department.brands if brand.makes(line)]
            for k in range(min(per_line, len(makers))):
                brand = makers[(j * 3 + k) % len(makers)]
                serial += 1
                name = f"{brand.name} {line.name}"
                drafts.append(
                    _product(
                        random.Random(f"xborder-demo-base:{name}"),
                        department=department,
                        line=line,
                        brand=brand,
                        names=(name, f"{brand.name_zh}{line.name_zh}"),
                        texts=_description(line, brand),
                        slug=slugify(name)[:200],
                        sizes=line.sizes,
                        sku_prefix=BASE_SKU_PREFIX,
                        serial=serial,
                        barcode_offset=BASE_BARCODE_OFFSET,
                    )
                )
    return drafts


DEPARTMENT_WEIGHTS = [department.weight for department in DEPARTMENTS]


def generated_draft(index: int) -> ProductDraft:
    """Product ``index`` (from 1) of the generated catalog; the same index always gives the same product."""
    rng = random.Random(f"xborder-demo-generated:{index}")
    department = rng.choices(DEPARTMENTS, weights=DEPARTMENT_WEIGHTS)[0]
    line = rng.choice(department.lines)
    brand = rng.choice([brand for brand in department.brands if brand.makes(line)])
    modifier = rng.choice(department.modifiers)
    edition = rng.choice(EDITIONS)
    name = " ".join(part for part in (brand.name, modifier[0], line.name, edition[0]) if part)
    name_zh = f"{brand.name_zh}{modifier[1]}{line.name_zh}" + (f" {edition[1]}" if edition[1] else "")
    sizes = line.sizes[: rng.randint(1, min(2, len(line.sizes)))]
    return _product(
        rng,
        department=department,
        line=line,
        brand=brand,
        names=(name, name_zh),
        texts=_description(line, brand, modifier),
        slug=f"{slugify(name)[:180]}-g{index}",
        sizes=sizes,
        sku_prefix=GENERATED_SKU_PREFIX,
        serial=index,
    )


def last_generated_index() -> int:
    """The highest generated product index in the database (batches commit in order, so all below exist)."""
    sku = (
        Variant.objects.filter(sku__startswith=GENERATED_SKU_PREFIX)
        .order_by("-sku")
        .values_list("sku", flat=True)
        .first()
    )
    return int(sku[len(GENERATED_SKU_PREFIX) : len(GENERATED_SKU_PREFIX) + 7]) if sku else 0


def cny_price(price: Decimal, rate: Decimal) -> Decimal:
    """What ``refresh_display_prices`` computes in SQL: ROUND(price * rate, 2), halves away from zero."""
    return round_money(price * rate, "CNY")


def write_drafts(
    drafts: list[ProductDraft], platform: Platform, *, rates: dict[str, Decimal], batch_size: int = 1000
) -> int:
    """Insert drafts with their variants, offers and stock in four bulk inserts; returns products written.

    CNY display prices are computed here at ``rates`` (currency -> CNY, the rates in force), so a large
    catalog never needs the catalog-wide repricing UPDATE.
    """
    products = [
        Product(
            slug=draft.slug,
            name=draft.name,
            name_zh=draft.name_zh,
            brand_id=platform.brands[draft.brand].pk,
            category_id=platform.categories[draft.category].pk,
            description=draft.description,
            description_zh=draft.description_zh,
            min_price_cny=min(
                (cny_price(o.price, rates[o.currency]) for v in draft.variants for o in v.offers), default=None
            ),
        )
        for draft in drafts
    ]
    Product.objects.bulk_create(products, batch_size=batch_size)
    pairs = [(product, variant) for product, draft in zip(products, drafts, strict=True) for variant in draft.variants]
    variants = [
        Variant(
            product_id=product.pk,
            sku=draft.sku,
            name=draft.name,
            name_zh=draft.name_zh,
            hs_code=draft.hs_code,
            origin_country=draft.origin,
            net_weight_kg=draft.net_kg,
            gross_weight_kg=draft.gross_kg,
            legal_unit=draft.legal_unit,
            legal_quantity=draft.legal_quantity,
            barcode=draft.barcode,
        )
        for product, draft in pairs
    ]
    Variant.objects.bulk_create(variants, batch_size=batch_size)
    offers, stock = [], []
    for variant, (_, draft) in zip(variants, pairs, strict=True):
        for offer in draft.offers:
            warehouse_id = platform.warehouses[offer.warehouse].pk
            offers.append(
                Offer(
                    store_id=platform.stores[offer.store].pk,
                    variant_id=variant.pk,
                    product_id=variant.product_id,
                    price=offer.price,
                    price_cny=cny_price(offer.price, rates[offer.currency]),
                    currency_id=offer.currency,
                    fulfilment_mode=offer.mode,
                    warehouse_id=warehouse_id,
                )
            )
            stock.append(StockItem(variant_id=variant.pk, warehouse_id=warehouse_id, quantity=offer.stock))
    Offer.objects.bulk_create(offers, batch_size=batch_size)
    opening = StockItem.objects.bulk_create(stock, batch_size=batch_size)
    # Stock levels are the sums of their movements: every demo stock item starts with an opening count.
    StockMovement.objects.bulk_create(
        (
            StockMovement(
                stock_item_id=item.pk,
                delta_quantity=item.quantity,
                reason=MovementReason.ADJUSTED,
                reference="demo opening stock",
                at=timezone.now(),
            )
            for item in opening
            if item.quantity
        ),
        batch_size=batch_size,
    )
    return len(products)


def existing_slugs(slugs: list[str]) -> set[str]:
    return set(Product.objects.filter(slug__in=slugs).values_list("slug", flat=True))
