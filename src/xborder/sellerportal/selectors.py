"""Reads of the seller portal: dashboard figures, the store's offers, stock, jobs (fixed query counts)."""

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from xborder.catalog.models import Offer
from xborder.inventory.models import StockItem
from xborder.orders.models import Order, OrderLine, Package, TimelineEvent
from xborder.orders.states import Status
from xborder.sellerportal.models import ImportJob
from xborder.sellers.onboarding_selectors import store_expiring_documents

LOW_STOCK_THRESHOLD = 10
# Paid packages not yet handed to the carrier: waiting for customs or for shipping.
WAITING_PACKAGE_STATES = (Status.PAID, Status.DECLARING, Status.CLEARED, Status.FULFILLING)


def dashboard(store) -> dict:
    """Products, active offers, today's orders, waiting packages, low stock and expiring documents (five queries)."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    waiting = Package.objects.filter(store=store, status__in=WAITING_PACKAGE_STATES).aggregate(
        customs=Count("id", filter=Q(status__in=[Status.PAID, Status.DECLARING])),
        shipping=Count("id", filter=Q(status__in=[Status.CLEARED, Status.FULFILLING])),
    )
    orders_today = Order.objects.filter(store=store, placed_at__gte=midnight).count()
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
    return {
        **counts,
        "orders_today": orders_today,
        "packages_waiting_customs": waiting["customs"],
        "packages_waiting_shipping": waiting["shipping"],
        "low_stock": low_stock,
        "expiring_documents": list(store_expiring_documents(store)),
    }


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


def store_orders(store, *, status: str | None = None):
    """The store's orders, newest first, with their package count (read only; no buyer PII)."""
    orders = Order.objects.filter(store=store).annotate(package_count=Count("packages")).order_by("-placed_at", "-id")
    return orders.filter(status=status) if status else orders


def store_order(store, number: str) -> Order | None:
    """One order of the store with packages, lines and timeline (four queries)."""
    return (
        Order.objects.filter(store=store, number=number)
        .prefetch_related(
            Prefetch("packages", queryset=Package.objects.select_related("warehouse").order_by("id")),
            Prefetch("lines", queryset=OrderLine.objects.select_related("variant").order_by("package_id", "id")),
            Prefetch("timeline", queryset=TimelineEvent.objects.select_related("package").order_by("created_at", "id")),
        )
        .first()
    )
