"""API schemas of stores."""

from ninja import Schema

from xborder.sellers.models import Store


class StoreOut(Schema):
    slug: str
    name: str
    name_zh: str
    kind: str
    country: str
    currency: str
    rating: str | None
    return_window_days: int

    @classmethod
    def of(cls, store: Store) -> "StoreOut":
        return cls(
            slug=store.slug,
            name=store.name,
            name_zh=store.name_zh,
            kind=store.kind,
            country=store.country.code,
            currency=store.currency_id,
            rating=None if store.rating is None else str(store.rating),
            return_window_days=store.return_window_days,
        )


class StoreDetailOut(StoreOut):
    description: str

    @classmethod
    def of(cls, store: Store) -> "StoreDetailOut":
        return cls(**StoreOut.of(store).dict(), description=store.description)


class StorePageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[StoreOut]
