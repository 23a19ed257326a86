"""API building blocks every app router shares: the one error shape, the documentation of error codes,
and limit/offset pagination. (The NinjaAPI that mounts the routers is ``xborder.api.urls``.)"""

from ninja import Field, Schema


class ErrorOut(Schema):
    """Every error the API returns: a stable machine ``code``, a human ``message`` and per-field problems."""

    code: str
    message: str
    fields: dict[str, str]


# Codes any endpoint may return, whatever it does.
COMMON_ERRORS = {
    401: "`not_authenticated` (endpoints that need a log-in)",
    403: "`csrf_failed` (session requests without the CSRF token), `permission_denied`",
    422: "`invalid_input` (a field is missing, of the wrong type or out of range; see `fields`)",
    429: "`rate_limited`",
}


def error_responses(*statuses: int) -> dict:
    """``response=`` entries documenting the error shape for the given statuses."""
    return dict.fromkeys(statuses, ErrorOut)


def describe_errors(codes: dict[int, str]) -> str:
    """A Markdown list of the error codes of one endpoint, for its OpenAPI description."""
    lines = [f"- **{status}**: {text}" for status, text in sorted(codes.items())]
    return "Errors (shape `{code, message, fields}`):\n\n" + "\n".join(lines)


DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
MAX_PAGE = MAX_OFFSET // MAX_LIMIT
# Largest value of a BIGINT primary key; larger ids are refused before they reach the database.
MAX_ID = 2**63 - 1


class PageQuery(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, description=f"Items per page; values above {MAX_LIMIT} are capped.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")
    page: int | None = Field(None, ge=1, le=MAX_PAGE, description="1-based page; overrides `offset` when given.")

    def window(self) -> tuple[int, int]:
        """``(offset, limit)`` after capping the limit."""
        limit = min(self.limit, MAX_LIMIT)
        offset = (self.page - 1) * limit if self.page else self.offset
        return offset, limit


def paginate(queryset, page: PageQuery) -> dict:
    """One COUNT and one slice of ``queryset``: ``{"count", "limit", "offset", "items"}``."""
    offset, limit = page.window()
    return {
        "count": queryset.count(),
        "limit": limit,
        "offset": offset,
        "items": list(queryset[offset : offset + limit]),
    }
