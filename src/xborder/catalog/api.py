"""Catalog API: the product listing (same filters and sorting as the storefront), product detail with its
offers compared, the category tree and brands."""

from collections import defaultdict

from ninja import Field, Query, Router, Schema

from xborder.catalog.models import Brand, FulfilmentMode, Variant
from xborder.catalog.schemas import (
    COUNT_CAP,
    BrandOut,
    CategoryNode,
    ProductDetailOut,
    ProductPageOut,
    brand_out,
    category_node,
    product_detail_out,
    product_list_item,
)
from xborder.catalog.selectors import (
    ListingFilters,
    ListingSort,
    category_tree,
    listing_page,
    product_detail,
    product_listing,
)
from xborder.core.api_schemas import COMMON_ERRORS, PageQuery, describe_errors, error_responses
from xborder.sellers.models import StoreKind

router = Router(tags=["catalog"])


class ProductFilterQuery(Schema):
    """The storefront's listing parameters; validated by ``ListingFilters.from_params`` so both agree."""

    q: str | None = Field(None, description="Text search in names (English and Chinese), brand and description")
    origin: str | None = Field(None, description="Origin country of a variant, ISO 3166 alpha-2 (JP)")
    brand: str | None = Field(None, description="Brand slug")
    category: str | None = Field(None, description="Category path (beauty/skincare); matches its subtree")
    store: str | None = Field(None, description="Store slug")
    store_kind: str | None = Field(None, description="One of " + ", ".join(StoreKind.values))
    fulfilment: str | None = Field(None, description="One of " + ", ".join(FulfilmentMode.values))
    price_min: str | None = Field(None, description="Lowest cheapest-offer price in CNY, decimal string")
    price_max: str | None = Field(None, description="Highest cheapest-offer price in CNY, decimal string")
    sort: str | None = Field(None, description="One of " + ", ".join(ListingSort.CHOICES))


def _origins_by_product(product_ids: list[int]) -> dict[int, list[str]]:
    """Distinct origin countries of each listed product's variants, in one query for the whole page."""
    origins = defaultdict(set)
    rows = (
        Variant.objects.filter(product_id__in=product_ids)
        .order_by()  # the model's ordering by product would join products into the DISTINCT
        .values_list("product_id", "origin_country")
        .distinct()
    )
    for product_id, country in rows:
        origins[product_id].add(str(country))
    return {product_id: sorted(countries) for product_id, countries in origins.items()}


def _matches(products) -> int:
    """How many products match, counting at most ``COUNT_CAP + 1`` ids so a count stops early."""
    return products.order_by().values("id")[: COUNT_CAP + 1].count()


@router.get(
    "/products",
    response={200: ProductPageOut, **error_responses(400, 422, 429)},
    summary="Product listing",
    description="Active products with the storefront's filters and sorting, paginated by `limit`/`offset` or "
    f"`page`. `count` stops at {COUNT_CAP} (`count_capped` is then true); deeper pages still work. When `q` "
    "matches nothing exactly, similar names are returned instead (typos forgiven) and `fuzzy` is true. A fixed "
    "number of queries whatever the page size.\n\n"
    + describe_errors(
        {
            400: "`invalid_filter`: `fields` maps each bad parameter to `unknown_choice`, `not_a_number`, "
            "`negative`, `range_reversed` or `too_long`",
            422: COMMON_ERRORS[422] + " (limit < 1, negative or huge offset, page < 1)",
            429: COMMON_ERRORS[429],
        }
    ),
)
def list_products(request, filters: Query[ProductFilterQuery], page: Query[PageQuery]):
    listing_filters = ListingFilters.from_params(filters.dict(exclude_none=True))
    if not listing_filters.is_valid:
        raise listing_filters.error()
    products, fuzzy = product_listing(listing_filters), False
    matches = _matches(products)
    if listing_filters.q and not matches:
        # The storefront's second, typo-forgiving try (PostgreSQL trigram similarity of names).
        products, fuzzy = product_listing(listing_filters, fuzzy=True), True
        matches = _matches(products)
    offset, limit = page.window()
    rows = listing_page(products, offset, offset + limit) if matches else []
    origins = _origins_by_product([product.pk for product in rows]) if rows else {}
    return {
        "count": min(matches, COUNT_CAP),
        "count_capped": matches > COUNT_CAP,
        "fuzzy": fuzzy and bool(matches),
        "limit": limit,
        "offset": offset,
        "items": [product_list_item(product, origins.get(product.pk, [])) for product in rows],
    }


@router.get(
    "/products/{slug}",
    response={200: ProductDetailOut, **error_responses(404, 429)},
    summary="One product with its variants and offers",
    description="Variants carry the customs data (HS code, origin, weights, legal unit and quantity, barcode); "
    "offers are compared cheapest first in CNY with the original price and currency beside.\n\n"
    + describe_errors({404: "`not_found`", 429: COMMON_ERRORS[429]}),
)
def get_product(request, slug: str):
    return product_detail_out(product_detail(slug))


@router.get(
    "/categories",
    response={200: list[CategoryNode], **error_responses(429)},
    summary="The category tree",
    description="Roots in order, each with its `children`.\n\n" + describe_errors({429: COMMON_ERRORS[429]}),
)
def categories(request):
    return [category_node(root) for root in category_tree()]


@router.get(
    "/brands",
    response={200: list[BrandOut], **error_responses(429)},
    summary="Every brand",
    description=describe_errors({429: COMMON_ERRORS[429]}),
)
def brands(request):
    return [brand_out(brand) for brand in Brand.objects.order_by("name")]
