"""API schemas of the catalog. Prices and weights are decimal strings; countries ISO 3166 alpha-2.

The ``*_out`` functions build plain dicts that Ninja validates once against these schemas: building schema
instances first would validate every item twice on the hottest endpoint.
"""

from decimal import Decimal

from django.core.files.storage import default_storage
from ninja import Field, Schema

from xborder.catalog.models import Brand, Category, Offer, Product, Variant
from xborder.core.money import round_money

HOME_CURRENCY = "CNY"
# Same as the storefront listing: counting every match of a broad query at 100k products is the slow part.
COUNT_CAP = 1000


def money_str(amount: Decimal | None, currency: str) -> str | None:
    """An amount at its currency's minor unit (``"3000"`` JPY, ``"144.00"`` CNY), whatever the database returned."""
    return None if amount is None else str(round_money(Decimal(amount), currency))


def image_src(file_name: str | None, url: str | None) -> str | None:
    if file_name:
        return default_storage.url(file_name)
    return url or None


class BrandOut(Schema):
    slug: str
    name: str
    name_zh: str
    country: str


class CategoryRef(Schema):
    path: str
    name: str
    name_zh: str


class CategoryNode(Schema):
    path: str
    slug: str
    name: str
    name_zh: str
    children: list["CategoryNode"]


class CheapestOfferOut(Schema):
    price: str
    currency: str
    price_cny: str | None
    fulfilment_mode: str


class ProductListItem(Schema):
    id: int
    slug: str
    name: str
    name_zh: str
    brand: BrandOut
    category: CategoryRef
    min_price_cny: str | None
    offer_count: int
    origin_countries: list[str]
    cheapest_offer: CheapestOfferOut | None
    image: str | None


class ProductPageOut(Schema):
    count: int = Field(..., description=f"Matching products, at most {COUNT_CAP}")
    count_capped: bool = Field(..., description="More products match than `count` says")
    fuzzy: bool = Field(..., description="Nothing matched `q` exactly; these are similar names")
    limit: int
    offset: int
    items: list[ProductListItem]


class VariantOut(Schema):
    id: int
    sku: str
    name: str
    name_zh: str
    hs_code: str
    origin_country: str
    net_weight_kg: str
    gross_weight_kg: str
    legal_unit: str
    legal_quantity: str
    barcode: str


class OfferStoreOut(Schema):
    slug: str
    name: str
    name_zh: str
    kind: str
    country: str


class WarehouseOut(Schema):
    kind: str
    country: str


class OfferOut(Schema):
    id: int
    variant_id: int
    sku: str
    store: OfferStoreOut
    price: str
    currency: str
    price_cny: str | None
    fulfilment_mode: str
    warehouse: WarehouseOut
    available_stock: int


class ProductDetailOut(Schema):
    id: int
    slug: str
    name: str
    name_zh: str
    description: str
    description_zh: str
    brand: BrandOut
    category: CategoryRef
    min_price_cny: str | None
    images: list[str]
    variants: list[VariantOut]
    offers: list[OfferOut]


def brand_out(brand: Brand) -> dict:
    return {"slug": brand.slug, "name": brand.name, "name_zh": brand.name_zh, "country": brand.country.code}


def category_ref(category: Category) -> dict:
    return {"path": category.path, "name": category.name, "name_zh": category.name_zh}


def category_node(category: Category) -> dict:
    """A category with its ``subcategories`` (attached by ``catalog.selectors.category_tree``), recursively."""
    return {
        "path": category.path,
        "slug": category.slug,
        "name": category.name,
        "name_zh": category.name_zh,
        "children": [category_node(child) for child in category.subcategories],
    }


def product_list_item(product: Product, origins: list[str]) -> dict:
    """A product annotated by ``catalog.selectors.product_listing``."""
    cheapest = None
    if product.cheapest_price is not None:
        cheapest = {
            "price": money_str(product.cheapest_price, product.cheapest_currency),
            "currency": product.cheapest_currency,
            "price_cny": money_str(product.cheapest_price_cny, HOME_CURRENCY),
            "fulfilment_mode": product.cheapest_mode,
        }
    return {
        "id": product.pk,
        "slug": product.slug,
        "name": product.name,
        "name_zh": product.name_zh,
        "brand": brand_out(product.brand),
        "category": category_ref(product.category),
        "min_price_cny": money_str(product.min_price_cny, HOME_CURRENCY),
        "offer_count": product.offer_count,
        "origin_countries": origins,
        "cheapest_offer": cheapest,
        "image": image_src(product.image_file, product.image_url),
    }


def variant_out(variant: Variant) -> dict:
    return {
        "id": variant.pk,
        "sku": variant.sku,
        "name": variant.name,
        "name_zh": variant.name_zh,
        "hs_code": variant.hs_code,
        "origin_country": variant.origin_country.code,
        "net_weight_kg": str(variant.net_weight_kg),
        "gross_weight_kg": str(variant.gross_weight_kg),
        "legal_unit": variant.legal_unit,
        "legal_quantity": str(variant.legal_quantity),
        "barcode": variant.barcode,
    }


def offer_out(offer: Offer) -> dict:
    """An offer from ``catalog.selectors.product_detail`` (store, variant and warehouse joined, stock annotated)."""
    store = offer.store
    return {
        "id": offer.pk,
        "variant_id": offer.variant_id,
        "sku": offer.variant.sku,
        "store": {
            "slug": store.slug,
            "name": store.name,
            "name_zh": store.name_zh,
            "kind": store.kind,
            "country": store.country.code,
        },
        "price": money_str(offer.price, offer.currency_id),
        "currency": offer.currency_id,
        "price_cny": money_str(offer.price_cny, HOME_CURRENCY),
        "fulfilment_mode": offer.fulfilment_mode,
        "warehouse": {"kind": offer.warehouse.kind, "country": offer.warehouse.country.code},
        "available_stock": max(offer.stock_available, 0),
    }


def product_detail_out(product: Product) -> dict:
    return {
        "id": product.pk,
        "slug": product.slug,
        "name": product.name,
        "name_zh": product.name_zh,
        "description": product.description,
        "description_zh": product.description_zh,
        "brand": brand_out(product.brand),
        "category": category_ref(product.category),
        "min_price_cny": money_str(product.min_price_cny, HOME_CURRENCY),
        "images": [image.src for image in product.images.all()],
        "variants": [variant_out(variant) for variant in product.variants.all()],
        "offers": [offer_out(offer) for offer in product.active_offers],
    }
