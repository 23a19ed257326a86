"""Reads of orders: a buyer's orders, a store's orders for those who may see them, one order with everything its
detail page shows (packages, lines, timeline) in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from xborder.orders.errors import ORDER_NOT_FOUND, OrderError
from xborder.orders.models import Order, OrderLine, Package, TimelineEvent
from xborder.sellers.access import authorize
from xborder.sellers.models import Store


def orders_of_buyer(buyer) -> QuerySet[Order]:
    return Order.objects.filter(buyer=buyer).select_related("store").order_by("-placed_at", "-id")


def orders_of_store(*, user, store_id: int) -> QuerySet[Order]:
    """A store's orders for whoever may see them (``orders.view``: its members, agencies with a live ``orders``
    mandate, operators). No such store or no tie to it: 404 ``order_not_found``; a tie without the right: 403."""
    store = Store.objects.filter(pk=store_id).first()
    authorize(user, store, "orders.view", not_found=OrderError(ORDER_NOT_FOUND, "No such store.", status=404))
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
