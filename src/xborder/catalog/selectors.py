"""Reads of the catalog: the product listing with its filters, sorting and text search, the product page
with its offers compared, and the store page. Every read runs a fixed number of queries whatever the
number of rows (annotations and subqueries, never a query per product).

``ListingFilters.from_params`` is the one parser of listing parameters, shared by the storefront and the
API, so both accept the same names and report the same error codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django_countries import countries

from xborder.catalog.models import Brand, Category, FulfilmentMode, Offer, Product, ProductImage, Variant
from xborder.catalog.search import relevance_ordering, search
from xborder.core.errors import DomainError
from xborder.inventory.models import StockItem
from xborder.sellers.models import Store, StoreKind, StoreStatus

INVALID_FILTER = "invalid_filter"
# Per-field codes inside ``fields`` of an ``invalid_filter`` error.
NOT_A_NUMBER = "not_a_number"
NEGATIVE = "negative"
UNKNOWN_CHOICE = "unknown_choice"
RANGE_REVERSED = "range_reversed"
TOO_LONG = "too_long"

MAX_QUERY_LENGTH = 100
MAX_PRICE = Decimal("999999999999")


class ListingSort:
    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    NAME = "name"
    RELEVANCE = "relevance"
    CHOICES = (NEWEST, PRICE_ASC, PRICE_DESC, NAME, RELEVANCE)


ORDERINGS = {
    ListingSort.NEWEST: (F("created_at").desc(), F("id").desc()),
    ListingSort.PRICE_ASC: (F("min_price_cny").asc(nulls_last=True), F("id").asc()),
    ListingSort.PRICE_DESC: (F("min_price_cny").desc(nulls_last=True), F("id").desc()),
    ListingSort.NAME: (F("name").asc(), F("id").asc()),
}


@dataclass(frozen=True)
class ListingFilters:
    """What a buyer asked the listing for; empty strings and ``None`` mean "any".

    ``category`` is a category path (``beauty/skincare``) and matches its whole subtree. ``brand`` and
    ``store`` are slugs, ``origin`` an ISO 3166 alpha-2 code, ``price_min``/``price_max`` CNY amounts
    compared with the product's cheapest offer. ``errors`` maps a parameter to its code when
    ``from_params`` had to ignore it.
    """

    q: str = ""
    origin: str = ""
    brand: str = ""
    category: str = ""
    store: str = ""
    store_kind: str = ""
    fulfilment: str = ""
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    sort: str = ""
    errors: dict[str, str] = field(default_factory=dict, compare=False)

    PARAMS = ("q", "origin", "brand", "category", "store", "store_kind", "fulfilment", "price_min", "price_max", "sort")

    @classmethod
    def from_params(cls, params) -> ListingFilters:
        """Parse query parameters (a dict or a QueryDict); bad values are dropped and listed in ``errors``."""
        errors: dict[str, str] = {}
        # NUL cannot reach PostgreSQL (it refuses the string); no filter value has a use for it.
        values = {name: str(params.get(name) or "").replace("\x00", "").strip() for name in cls.PARAMS}
        parsed = {
            "q": _text(values["q"], "q", errors),
            "origin": _choice(values["origin"].upper(), countries, "origin", errors),
            "brand": values["brand"][:100],
            "category": values["category"].strip("/")[:255],
            "store": values["store"][:80],
            "store_kind": _choice(values["store_kind"], StoreKind.values, "store_kind", errors),
            "fulfilment": _choice(values["fulfilment"], FulfilmentMode.values, "fulfilment", errors),
            "price_min": _price(values["price_min"], "price_min", errors),
            "price_max": _price(values["price_max"], "price_max", errors),
            "sort": _choice(values["sort"], ListingSort.CHOICES, "sort", errors),
        }
        low, high = parsed["price_min"], parsed["price_max"]
        if low is not None and high is not None and low > high:
            errors["price_max"] = RANGE_REVERSED
            parsed["price_max"] = None
        return cls(**parsed, errors=errors)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def effective_sort(self) -> str:
        """Relevance when searching and nothing else was asked for; newest otherwise."""
        if self.sort == ListingSort.RELEVANCE and not self.q:
            return ListingSort.NEWEST
        return self.sort or (ListingSort.RELEVANCE if self.q else ListingSort.NEWEST)

    @property
    def active(self) -> dict[str, str]:
        """The filters in use, as query parameters (for pagination links and "clear" chips)."""
        result = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name != "errors" and value not in ("", None):
                result[item.name] = str(value)
        return result

    def without(self, *names: str) -> ListingFilters:
        return replace(self, **{name: ("" if name not in ("price_min", "price_max") else None) for name in names})

    def error(self) -> DomainError:
        """The API's ``invalid_filter`` error, ``fields`` mapping each bad parameter to its code."""
        return DomainError(INVALID_FILTER, "Some filters are invalid.", fields=dict(self.errors), status=400)


def _text(value: str, name: str, errors: dict) -> str:
    if len(value) > MAX_QUERY_LENGTH:
        errors[name] = TOO_LONG
        return value[:MAX_QUERY_LENGTH]
    return value


def _choice(value: str, allowed, name: str, errors: dict) -> str:
    if not value or value in allowed:
        return value
    errors[name] = UNKNOWN_CHOICE
    return ""


def _price(value: str, name: str, errors: dict) -> Decimal | None:
    if not value:
        return None
    try:
        amount = Decimal(value.replace(",", ""))
    except InvalidOperation:
        errors[name] = NOT_A_NUMBER
        return None
    if not amount.is_finite() or amount > MAX_PRICE:
        errors[name] = NOT_A_NUMBER
        return None
    if amount < 0:
        errors[name] = NEGATIVE
        return None
    return amount


def _active_offers(store: str = "") -> QuerySet[Offer]:
    offers = Offer.objects.sellable().filter(product=OuterRef("pk"))
    return offers.filter(store__slug=store) if store else offers


def _primary_image():
    return ProductImage.objects.filter(product=OuterRef("pk")).order_by("position", "id")


def _listing_base(store: str = "") -> QuerySet[Product]:
    """Active products with brand, category, primary image, offer count and cheapest offer in one query;
    with ``store`` (a slug), the offer count and cheapest offer are that store's own."""
    cheapest = _active_offers(store).order_by(F("price_cny").asc(nulls_last=True), "id")
    image = _primary_image()
    offer_count = _active_offers(store).order_by().values("product").annotate(n=Count("id")).values("n")
    return (
        Product.objects.filter(is_active=True)
        .select_related("brand", "category")
        .annotate(
            offer_count=Coalesce(Subquery(offer_count, output_field=IntegerField()), Value(0)),
            cheapest_price=Subquery(cheapest.values("price")[:1]),
            cheapest_currency=Subquery(cheapest.values("currency_id")[:1]),
            cheapest_price_cny=Subquery(cheapest.values("price_cny")[:1]),
            cheapest_mode=Subquery(cheapest.values("fulfilment_mode")[:1]),
            image_url=Subquery(image.values("url")[:1]),
            image_file=Subquery(image.values("file")[:1]),
        )
    )


def product_listing(filters: ListingFilters, *, fuzzy: bool = False) -> QuerySet[Product]:
    """Active products matching ``filters``, sorted; one query for a page (plus one to count it).

    ``fuzzy`` forgives typos in ``q`` (PostgreSQL): for a second try when the exact search found nothing."""
    products = _filtered(_listing_base(filters.store), filters)
    if filters.q:
        products = search(products, filters.q, fuzzy=fuzzy)
    sort = filters.effective_sort
    if sort == ListingSort.RELEVANCE:
        return products.order_by(*relevance_ordering(filters.q, fuzzy=fuzzy))
    return products.order_by(*ORDERINGS[sort])


def listing_page(products: QuerySet[Product], start: int, stop: int, *, store: str = "") -> list[Product]:
    """Rows ``start:stop`` of a listing in two cheap queries: the page's ids in the listing's order (no
    per-row annotations, so sorting thousands of search matches stays cheap), then those rows annotated
    (with ``store``, the listing's ``filters.store``: that store's offers)."""
    ids = list(products.values_list("id", flat=True)[start:stop])
    rows = _listing_base(store).in_bulk(ids)
    return [rows[product_id] for product_id in ids if product_id in rows]


def listing_page_counted(
    products: QuerySet[Product], start: int, stop: int, *, store: str = ""
) -> tuple[list[Product], int | None]:
    """``listing_page`` plus the number of matches, read with the page's ids (``COUNT(*) OVER ()``).

    For searches: their ranking already reads every match, so counting them there is free, where a
    separate count would run the search a second time. ``None`` when the page is past the end."""
    numbered = list(products.annotate(total=Window(Count("id"))).values_list("id", "total")[start:stop])
    if not numbered:
        return [], None
    rows = _listing_base(store).in_bulk([product_id for product_id, _ in numbered])
    return [rows[product_id] for product_id, _ in numbered if product_id in rows], numbered[0][1]


def search_products(q: str, filters: ListingFilters | None = None, *, fuzzy: bool = False) -> QuerySet[Product]:
    """Text search (names in English and Chinese, brand, description), optionally narrowed by filters."""
    return product_listing(replace(filters or ListingFilters(), q=q), fuzzy=fuzzy)


def _filtered(products: QuerySet[Product], filters: ListingFilters) -> QuerySet[Product]:
    if filters.brand:
        products = products.filter(brand__slug=filters.brand)
    if filters.category:
        products = products.filter(
            Q(category__path=filters.category) | Q(category__path__startswith=f"{filters.category}/")
        )
    if filters.price_min is not None:
        products = products.filter(min_price_cny__gte=filters.price_min)
    if filters.price_max is not None:
        products = products.filter(min_price_cny__lte=filters.price_max)
    if filters.origin:
        products = products.filter(
            Exists(Variant.objects.filter(product=OuterRef("pk"), origin_country=filters.origin))
        )
    offer_conditions = _offer_conditions(filters)
    if offer_conditions:
        # One EXISTS so that store kind and fulfilment mode hold for the same offer.
        products = products.filter(Exists(Offer.objects.sellable().filter(product=OuterRef("pk"), **offer_conditions)))
    return products


def _offer_conditions(filters: ListingFilters) -> dict[str, str]:
    conditions = {}
    if filters.store:
        conditions["store__slug"] = filters.store
    if filters.store_kind:
        conditions["store__kind"] = filters.store_kind
    if filters.fulfilment:
        conditions["fulfilment_mode"] = filters.fulfilment
    return conditions


def category_tree() -> list[Category]:
    """Every category with ``subcategories`` attached (one query), roots in order."""
    nodes = list(Category.objects.order_by("path"))
    by_id = {node.id: node for node in nodes}
    for node in nodes:
        node.subcategories = []
    roots = []
    for node in nodes:
        parent = by_id.get(node.parent_id)
        (parent.subcategories if parent else roots).append(node)
    return roots


def _offers_for_page() -> QuerySet[Offer]:
    stock = StockItem.objects.filter(variant=OuterRef("variant_id"), warehouse=OuterRef("warehouse_id")).annotate(
        free=F("quantity") - F("reserved")
    )
    return (
        Offer.objects.sellable()
        .select_related("store", "store__currency", "variant", "warehouse", "currency")
        .annotate(stock_available=Coalesce(Subquery(stock.values("free")[:1]), Value(0)))
        .order_by(F("price_cny").asc(nulls_last=True), "id")
    )


def product_detail(slug: str) -> Product:
    """An active product with brand, category, images, variants and every active offer (store, warehouse,
    available stock) prefetched: four queries whatever the number of offers."""
    products = (
        Product.objects.filter(is_active=True, slug=slug)
        .select_related("brand", "category")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")),
            Prefetch("variants", queryset=Variant.objects.order_by("id")),
            Prefetch("offers", queryset=_offers_for_page(), to_attr="active_offers"),
        )
    )
    product = products.first()
    if product is None:
        raise Http404("No such product")
    return product


def category_ancestors(category: Category) -> list[Category]:
    """The breadcrumb of a category, root first, in one query."""
    parts = category.path.split("/")
    paths = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return list(Category.objects.filter(path__in=paths).order_by("path"))


def store_detail(slug: str) -> Store:
    """A store buyers may see (not pending or closed) with its currency."""
    store = (
        Store.objects.filter(slug=slug, status__in=[StoreStatus.APPROVED, StoreStatus.SUSPENDED])
        .select_related("currency")
        .first()
    )
    if store is None:
        raise Http404("No such store")
    return store


def store_products(store: Store, filters: ListingFilters | None = None) -> QuerySet[Product]:
    """The listing restricted to products that ``store`` offers."""
    return product_listing(replace(filters or ListingFilters(), store=store.slug))


@dataclass(frozen=True)
class ListingFacets:
    """The choices the listing's filter form offers: three queries, each over a small or indexed set."""

    brands: list[Brand]
    origins: list[tuple[str, str]]
    categories: list[Category]


# A loose index scan: one probe of variant_origin_product per distinct country instead of reading every variant.
DISTINCT_ORIGINS = """
WITH RECURSIVE origins(code) AS (
    SELECT MIN(origin_country) FROM catalog_variant
    UNION ALL
    SELECT (SELECT MIN(origin_country) FROM catalog_variant WHERE origin_country > origins.code)
    FROM origins WHERE origins.code IS NOT NULL
)
SELECT code FROM origins WHERE code IS NOT NULL
"""


def listing_facets() -> ListingFacets:
    with connection.cursor() as cursor:
        cursor.execute(DISTINCT_ORIGINS)
        origins = [row[0] for row in cursor.fetchall()]
    return ListingFacets(
        brands=list(Brand.objects.only("id", "name", "name_zh", "slug").order_by("name")),
        origins=sorted(((code, str(countries.name(code))) for code in origins if code), key=lambda item: item[1]),
        categories=list(Category.objects.order_by("path")),
    )
