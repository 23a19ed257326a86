"""Stores API: approved stores, filtered by kind and country."""

from django_countries import countries
from ninja import Field, Query, Router, Schema

from xborder.core.api_schemas import COMMON_ERRORS, PageQuery, describe_errors, error_responses, paginate
from xborder.core.errors import DomainError, NotFound
from xborder.sellers.models import StoreKind
from xborder.sellers.schemas import StoreDetailOut, StoreOut, StorePageOut
from xborder.sellers.selectors import public_store, public_stores

router = Router(tags=["stores"])


class StoreFilterQuery(Schema):
    kind: str = Field("", description="One of " + ", ".join(StoreKind.values))
    country: str = Field("", description="ISO 3166 alpha-2 code, e.g. JP")


def _checked_filters(query: StoreFilterQuery) -> tuple[str, str]:
    kind, country = query.kind.strip(), query.country.strip().upper()
    errors = {}
    if kind and kind not in StoreKind.values:
        errors["kind"] = "unknown_choice"
    if country and country not in countries:
        errors["country"] = "unknown_choice"
    if errors:
        raise DomainError("invalid_filter", "Some filters are invalid.", fields=errors, status=400)
    return kind, country


@router.get(
    "",
    response={200: StorePageOut, **error_responses(400, 422, 429)},
    summary="Approved stores",
    description=describe_errors(
        {
            400: "`invalid_filter` (`fields` maps `kind`/`country` to `unknown_choice`)",
            422: COMMON_ERRORS[422] + " (limit < 1, negative offset, page < 1)",
            429: COMMON_ERRORS[429],
        }
    ),
)
def list_stores(request, filters: Query[StoreFilterQuery], page: Query[PageQuery]):
    kind, country = _checked_filters(filters)
    result = paginate(public_stores(kind=kind, country=country), page)
    return {**result, "items": [StoreOut.of(store) for store in result["items"]]}


@router.get(
    "/{slug}",
    response={200: StoreDetailOut, **error_responses(404, 429)},
    summary="One approved store",
    description="Its products: `GET /api/v1/catalog/products?store=<slug>`.\n\n"
    + describe_errors({404: "`store_not_found` (also for stores that are not approved)", 429: COMMON_ERRORS[429]}),
)
def store(request, slug: str):
    found = public_store(slug)
    if found is None:
        raise NotFound("store_not_found", "No such store.")
    return StoreDetailOut.of(found)
