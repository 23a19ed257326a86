"""Reads of the seller portal: dashboard figures, the store's offers, stock, jobs (fixed query counts)."""

from django.db.models import Count, F, Q

from xborder.catalog.models import Offer
from xborder.inventory.models import StockItem
from xborder.sellerportal.models import ImportJob
from xborder.sellers.onboarding_selectors import store_expiring_documents

LOW_STOCK_THRESHOLD = 10


def dashboard(store) -> dict:
    """Products, active offers, low stock and expiring documents of the store (three queries)."""
    counts = Offer.objects.filter(store=store).aggregate(
        products=Count("product", distinct=True), active_offers=Count("id", filter=Q(is_active=True))
    )
    low_stock = list(
        StockItem.objects.filter(variant__offers__store=store)
        .annotate(free=F("quantity") - F("reserved"))
        .filter(free__lt=LOW_STOCK_THRESHOLD)
        .select_related("variant", "warehouse")
        .distinct()
        .order_by("free", "id")[:20]
    )
    return {**counts, "low_stock": low_stock, "expiring_documents": list(store_expiring_documents(store))}


def store_offers(store):
    return (
        Offer.objects.filter(store=store)
        .select_related("variant__product__brand", "warehouse")
        .order_by("variant__product__name", "variant__sku", "id")
    )


def stock_by_warehouse(store) -> list[tuple[object, list[StockItem]]]:
    """The stock of the store's variants, grouped by warehouse (one query)."""
    items = (
        StockItem.objects.filter(variant__in=Offer.objects.filter(store=store).values("variant"))
        .select_related("variant__product", "warehouse")
        .order_by("warehouse__code", "variant__sku")
    )
    grouped: dict[int, tuple[object, list]] = {}
    for item in items:
        grouped.setdefault(item.warehouse_id, (item.warehouse, []))[1].append(item)
    return list(grouped.values())


def import_jobs(store, *, limit: int = 20):
    return ImportJob.objects.filter(store=store).select_related("created_by").defer("errors")[:limit]
