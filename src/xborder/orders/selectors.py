"""Reads of orders: a buyer's orders, a store's orders for its members, one order with everything its
detail page shows (packages, lines, timeline) in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from xborder.orders.errors import ORDER_NOT_FOUND, OrderError
from xborder.orders.models import Order, OrderLine, Package, TimelineEvent
from xborder.sellers.models import StoreMember


def orders_of_buyer(buyer) -> QuerySet[Order]:
    return Order.objects.filter(buyer=buyer).select_related("store").order_by("-placed_at", "-id")


def member_store_ids(user) -> set[int]:
    return set(StoreMember.objects.filter(user=user).values_list("store_id", flat=True))


def orders_of_store(*, user, store_id: int) -> QuerySet[Order]:
    """A store's orders, for a member of that store only (anyone else sees none: a 404, not a 403)."""
    if store_id not in member_store_ids(user):
        raise OrderError(ORDER_NOT_FOUND, "No such store.", status=404)
    return Order.objects.filter(store_id=store_id).select_related("store", "buyer").order_by("-placed_at", "-id")


def _with_details(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.select_related("store").prefetch_related(
        Prefetch("packages", queryset=Package.objects.select_related("warehouse").order_by("id")),
        Prefetch("lines", queryset=OrderLine.objects.order_by("package_id", "id")),
        Prefetch(
            "timeline", queryset=TimelineEvent.objects.select_related("actor", "package").order_by("created_at", "id")
        ),
    )


def order_for_buyer(*, buyer, number: str) -> Order:
    order = _with_details(Order.objects.filter(buyer=buyer, number=number)).first()
    if order is None:
        raise OrderError(ORDER_NOT_FOUND, "No such order.", status=404)
    return order


def order_for_store_member(*, user, store_id: int, number: str) -> Order:
    order = _with_details(orders_of_store(user=user, store_id=store_id).filter(number=number)).first()
    if order is None:
        raise OrderError(ORDER_NOT_FOUND, "No such order.", status=404)
    return order
