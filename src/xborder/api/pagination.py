"""Limit/offset (or page) pagination shared by list endpoints; the limit is capped, never refused."""

from ninja import Field, Schema

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
