"""Reads of stores: what buyers may see is approved stores only."""

from django.db.models import Count, Q, QuerySet

from xborder.sellers.models import Store, StoreStatus


def public_stores(*, kind: str = "", country: str = "") -> QuerySet[Store]:
    """Approved stores, optionally of one kind and/or country, with their count of active offers (one query)."""
    stores = Store.objects.filter(status=StoreStatus.APPROVED).annotate(
        offer_count=Count("offers", filter=Q(offers__is_active=True))
    )
    if kind:
        stores = stores.filter(kind=kind)
    if country:
        stores = stores.filter(country=country)
    return stores.order_by("name", "id")


def public_store(slug: str) -> Store | None:
    """An approved store by slug, or ``None``: pending, suspended and closed stores are not public."""
    return public_stores().filter(slug=slug).first()
