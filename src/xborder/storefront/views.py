"""Buyer pages: home, the product listing (filters, sorting, search, pagination), product and store pages.

Views only translate HTTP to catalog selectors; invalid filter values never fail the page: they are
ignored and shown as form errors, and the listing answers with the rest of the filters.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xborder.catalog import selectors
from xborder.catalog.models import FulfilmentMode
from xborder.catalog.selectors import ListingFilters, ListingSort
from xborder.sellers.models import StoreKind
from xborder.storefront.business_models import business_model_entries
from xborder.storefront.offers import describe_offers

PAGE_SIZE = 24
# Counting every match of a broad filter over a large catalog costs more than the page itself; past this
# many the page says "1,000+" and offers the first pages only.
COUNT_CAP = 1000
HOME_NEW_ARRIVALS = 8
FACETS_TTL = 300

SORT_LABELS = {
    ListingSort.NEWEST: _("Newest"),
    ListingSort.PRICE_ASC: _("Price: low to high"),
    ListingSort.PRICE_DESC: _("Price: high to low"),
    ListingSort.NAME: _("Name"),
    ListingSort.RELEVANCE: _("Relevance"),
}

FILTER_ERRORS = {
    selectors.NOT_A_NUMBER: _("is not a number, so it was ignored."),
    selectors.NEGATIVE: _("cannot be negative, so it was ignored."),
    selectors.UNKNOWN_CHOICE: _("is not a known choice, so it was ignored."),
    selectors.RANGE_REVERSED: _("is below the minimum price, so it was ignored."),
    selectors.TOO_LONG: _("is too long and was shortened."),
}
FILTER_LABELS = {
    "q": _("Search"),
    "origin": _("Origin"),
    "brand": _("Brand"),
    "category": _("Category"),
    "store": _("Store"),
    "store_kind": _("Store type"),
    "fulfilment": _("Shipping"),
    "price_min": _("Minimum price"),
    "price_max": _("Maximum price"),
    "sort": _("Sort"),
}


def home(request):
    newest = selectors.product_listing(ListingFilters(sort=ListingSort.NEWEST))[:HOME_NEW_ARRIVALS]
    context = {
        "entries": business_model_entries(),
        "categories": selectors.category_tree(),
        "new_arrivals": newest,
    }
    return render(request, "storefront/home.html", context)


def product_list(request):
    filters = ListingFilters.from_params(request.GET)
    facets = _cached_facets()
    listing = selectors.product_listing(filters)
    paginator = CappedPaginator(listing, PAGE_SIZE, store=filters.store, count_with_page=bool(filters.q))
    page = paginator.get_page(request.GET.get("page"))
    similar = False
    if filters.q and not page.paginator.count:
        # Nothing matched exactly: a second, typo-forgiving try (PostgreSQL trigram similarity).
        similar_listing = selectors.product_listing(filters, fuzzy=True)
        page = CappedPaginator(similar_listing, PAGE_SIZE, store=filters.store, count_with_page=True).get_page(1)
        similar = bool(page.paginator.count)
    context = {
        "filters": filters,
        "page": page,
        "similar": similar,
        "page_links": _page_links(filters, page),
        "filter_errors": _filter_errors(filters),
        "facets": facets,
        "active_query": _query_dict(filters.active),
        "category_trail": _category_trail(facets["category_nodes"], filters.category),
        "subcategories": _subcategories(facets["category_nodes"], filters.category),
        "store_kinds": StoreKind.choices,
        "fulfilment_modes": FulfilmentMode.choices,
        "sorts": [(key, SORT_LABELS[key]) for key in ListingSort.CHOICES if key != ListingSort.RELEVANCE or filters.q],
        "current_sort": filters.effective_sort,
    }
    template = "storefront/partials/results.html" if request.htmx else "storefront/product_list.html"
    response = render(request, template, context)
    # One URL, two bodies (page or results fragment): caches must key on the header.
    patch_vary_headers(response, ("HX-Request",))
    return response


def product_detail(request, slug):
    product = selectors.product_detail(slug)
    context = {
        "product": product,
        "breadcrumb": selectors.category_ancestors(product.category),
        "offers": describe_offers(product.active_offers),
        "variants": list(product.variants.all()),
        "images": list(product.images.all()),
    }
    return render(request, "storefront/product_detail.html", context)


def store_detail(request, slug):
    store = selectors.store_detail(slug)
    filters = ListingFilters.from_params(request.GET)
    products = selectors.store_products(store, filters.without("store"))
    page = CappedPaginator(products, PAGE_SIZE, store=store.slug).get_page(request.GET.get("page"))
    context = {
        "store": store,
        "page": page,
        "page_links": _page_links(filters.without("store"), page, base=request.path),
        "current_sort": filters.effective_sort,
        "sorts": [(key, SORT_LABELS[key]) for key in ListingSort.CHOICES if key != ListingSort.RELEVANCE],
    }
    return render(request, "storefront/store_detail.html", context)


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP + 1`` matching ids, so a count stops early instead of visiting every row,
    and reads a page as ids first, then rows (``selectors.listing_page``)."""

    @cached_property
    def matches(self) -> int:
        return self.object_list.order_by().values("id")[: COUNT_CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.matches, COUNT_CAP)

    @property
    def is_capped(self) -> bool:
        return self.matches > COUNT_CAP

    def __init__(self, object_list, per_page, *, store: str = "", count_with_page: bool = False):
        super().__init__(object_list, per_page)
        self.store = store
        self.count_with_page = count_with_page

    def page(self, number):
        if self.count_with_page:
            page = self._page_counted_with_rows(number)
            if page is not None:
                return page
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        rows = selectors.listing_page(self.object_list, start, start + self.per_page, store=self.store)
        return self._get_page(rows, number, self)

    def _page_counted_with_rows(self, number):
        """A search's page and its count from one query; ``None`` sends odd page numbers the usual way."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            return None
        if number < 1:
            return None
        start = (number - 1) * self.per_page
        rows, total = selectors.listing_page_counted(self.object_list, start, start + self.per_page, store=self.store)
        if total is None:
            return None
        self.__dict__["matches"] = total
        if number > self.num_pages:
            return None
        return self._get_page(rows, number, self)


def _cached_facets() -> dict:
    """The filter form's choices, ``(value, label)`` pairs in the active language, cached for a few minutes:
    they change when the catalog's brands, categories or origins do, not with each request."""
    return cache.get_or_set(f"storefront:facets:{get_language()}", _facet_choices, FACETS_TTL)


def _facet_choices() -> dict:
    facets = selectors.listing_facets()
    return {
        "categories": [(c.path, f"{'— ' * c.depth}{c.display_name}") for c in facets.categories],
        "origins": facets.origins,
        "brands": [(brand.slug, brand.display_name) for brand in facets.brands],
        "category_nodes": [CategoryNode(c.path, c.depth, c.display_name) for c in facets.categories],
    }


@dataclass(frozen=True)
class CategoryNode:
    path: str
    depth: int
    display_name: str


def _query_dict(params: dict[str, str]) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(params)
    return query


def _category_trail(categories, path: str) -> list:
    """The chosen category and its ancestors, root first, from the categories already read."""
    if not path:
        return []
    wanted = {"/".join(path.split("/")[: depth + 1]) for depth in range(path.count("/") + 1)}
    return [category for category in categories if category.path in wanted]


def _subcategories(categories, path: str) -> list:
    """The children of the chosen category, or the roots when none is chosen (tree navigation)."""
    depth = path.count("/") + 1 if path else 0
    prefix = f"{path}/" if path else ""
    return [c for c in categories if c.depth == depth and c.path.startswith(prefix)]


def _filter_errors(filters: ListingFilters) -> list[str]:
    return [f"{FILTER_LABELS.get(name, name)} {FILTER_ERRORS.get(code, '')}" for name, code in filters.errors.items()]


def _page_links(filters: ListingFilters, page, base: str | None = None) -> dict[str, str]:
    """URLs of the previous and next pages, keeping every valid filter (bad ones are dropped)."""
    base = base or reverse("storefront:product_list")
    params = filters.active
    links = {}
    if page.has_previous():
        links["previous"] = f"{base}?{urlencode({**params, 'page': page.previous_page_number()})}"
    if page.has_next():
        links["next"] = f"{base}?{urlencode({**params, 'page': page.next_page_number()})}"
    return links
