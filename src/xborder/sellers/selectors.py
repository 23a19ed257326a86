"""Reads of stores: what buyers may see is approved stores only."""

from django.db.models import QuerySet

from xborder.sellers.models import Store, StoreStatus


def public_stores(*, kind: str = "", country: str = "") -> QuerySet[Store]:
    """Approved stores, optionally of one kind and/or country."""
    stores = Store.objects.filter(status=StoreStatus.APPROVED)
    if kind:
        stores = stores.filter(kind=kind)
    if country:
        stores = stores.filter(country=country)
    return stores.order_by("name", "id")


def public_store(slug: str) -> Store | None:
    """An approved store by slug, or ``None``: pending, suspended and closed stores are not public."""
    return public_stores().filter(slug=slug).first()
