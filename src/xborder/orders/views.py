"""Order pages: a buyer's list and detail (timeline, each package's tax and status); a store's orders for
those who may see them (``sellers.access``). Someone else's order is a 404; a store tied to the caller but
whose orders they may not see is a 403."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from xborder.core import errors
from xborder.orders import selectors
from xborder.orders.errors import OrderError


@login_required
def order_list(request):
    page = Paginator(selectors.orders_of_buyer(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "orders/list.html", {"page": page, "store": None})


@login_required
def order_detail(request, number: str):
    try:
        order = selectors.order_for_buyer(buyer=request.user, number=number)
    except OrderError:
        raise Http404 from None
    return render(request, "orders/detail.html", _detail_context(order))


@login_required
def store_orders(request, store_id: int):
    try:
        orders = selectors.orders_of_store(user=request.user, store_id=store_id)
    except OrderError:
        raise Http404 from None
    except errors.PermissionDenied:
        raise PermissionDenied from None
    page = Paginator(orders, 20).get_page(request.GET.get("page"))
    return render(request, "orders/list.html", {"page": page, "store": store_id})


@login_required
def store_order_detail(request, store_id: int, number: str):
    try:
        order = selectors.order_for_store_member(user=request.user, store_id=store_id, number=number)
    except OrderError:
        raise Http404 from None
    except errors.PermissionDenied:
        raise PermissionDenied from None
    return render(request, "orders/detail.html", _detail_context(order))


def _detail_context(order) -> dict:
    # The payment app hangs its timeline on the order through the reverse relation (no upward import).
    payments = order.payments.prefetch_related("timeline").order_by("created_at")
    return {"order": order, "lines_by_package": _lines_by_package(order), "payments": payments}


def _lines_by_package(order):
    grouped = {package.pk: (package, []) for package in order.packages.all()}
    for line in order.lines.all():
        grouped[line.package_id][1].append(line)
    return list(grouped.values())
