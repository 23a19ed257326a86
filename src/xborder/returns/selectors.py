"""Reads of returns: when a package was released and delivered, what is still returnable, return lists, and who
may see or handle a return (by ``sellers.access``, for the API and the pages alike)."""

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet, Sum

from xborder.core import errors
from xborder.orders.models import Package, TimelineEvent
from xborder.orders.states import Status
from xborder.returns.models import OPEN_STATUSES, ReturnLine, ReturnRequest, ReturnStatus
from xborder.sellers import access


def _first_event(package: Package, status: str) -> dt.datetime | None:
    event = TimelineEvent.objects.filter(package=package, to_status=status).order_by("created_at", "id").first()
    return event.created_at if event else None


def released_at(package: Package) -> dt.datetime | None:
    """When customs released the package: its move to ``cleared`` on the order timeline."""
    return _first_event(package, Status.CLEARED)


def delivered_at(package: Package) -> dt.datetime | None:
    """The carrier's delivery time when the package travelled in a shipment, else its move to ``delivered``."""
    link = getattr(package, "shipment_link", None)
    if link is not None and link.shipment.delivered_at:
        return link.shipment.delivered_at
    return _first_event(package, Status.DELIVERED)


def claimed_quantities(package: Package, *, exclude_request=None) -> dict[int, int]:
    """``{order line id: units in open returns or accepted by refunded ones}`` of the package, in one query."""
    open_or_accepted = Q(request__status__in=OPEN_STATUSES) | Q(request__status=ReturnStatus.REFUNDED)
    lines = ReturnLine.objects.filter(open_or_accepted, order_line__package=package)
    if exclude_request is not None:
        lines = lines.exclude(request=exclude_request)
    claimed: dict[int, int] = {}
    for line_id, status, quantity, accepted in lines.values_list(
        "order_line_id", "request__status", "quantity", "accepted_quantity"
    ):
        units = (accepted or 0) if status == ReturnStatus.REFUNDED else quantity
        claimed[line_id] = claimed.get(line_id, 0) + units
    return claimed


def refunded_quantities(package: Package, *, exclude_request=None) -> dict[int, int]:
    """``{order line id: units already refunded}`` of the package."""
    rows = ReturnLine.objects.filter(order_line__package=package, request__status=ReturnStatus.REFUNDED)
    if exclude_request is not None:
        rows = rows.exclude(request=exclude_request)
    totals = rows.values("order_line_id").annotate(units=Sum("accepted_quantity"))
    return {row["order_line_id"]: row["units"] or 0 for row in totals}


def returns_of_buyer(buyer) -> QuerySet[ReturnRequest]:
    return ReturnRequest.objects.filter(buyer=buyer).select_related("order", "package").order_by("-created_at")


def returns_of_store(store, *, status: str = "") -> QuerySet[ReturnRequest]:
    requests = ReturnRequest.objects.filter(order__store=store).select_related("order", "package", "buyer")
    return requests.filter(status=status) if status else requests


def return_detail(number: str) -> ReturnRequest | None:
    return (
        ReturnRequest.objects.select_related("order", "order__store", "package", "buyer")
        .prefetch_related(
            Prefetch("lines", queryset=ReturnLine.objects.select_related("order_line")), "photos", "events"
        )
        .filter(number=number)
        .first()
    )


def return_for(user, number: str, *, handling: bool = False) -> tuple[ReturnRequest, access.Access | None]:
    """The return and the user's tie to its store. Its buyer and whoever may see the store's returns
    (``returns.view``) see it, anyone else gets 404 ``not_found``; ``handling`` (receive, inspect) needs
    ``returns.process`` too, else 403 ``permission_denied``."""
    found = return_detail(number)
    if found is None:
        raise errors.NotFound("not_found", "No such return.")
    tie = access.access_to(user, found.order.store)
    if found.buyer_id != user.pk and not (tie and tie.allows("returns.view")):
        raise errors.NotFound("not_found", "No such return.")
    if handling and not (tie and tie.allows("returns.process")):
        raise errors.PermissionDenied("permission_denied", "The receiving store or an operator does this.")
    return found, tie


def returns_to_receive(user) -> QuerySet[ReturnRequest]:
    """Open returns of every store whose returns the user may see (``returns.view``), oldest first: all stores' for
    operators. A fixed number of queries whatever the number of stores. No tie to any store is 404 ``not_found``;
    ties but none that shows returns, 403 ``permission_denied``."""
    open_returns = ReturnRequest.objects.filter(status__in=OPEN_STATUSES).select_related("order__store", "buyer")
    if not (user.is_staff and access.RULES["returns.view"].operator):
        if not access.stores_of(user):
            raise errors.NotFound("not_found", "No store of yours receives returns.")
        readable = access.store_ids_where(user, "returns.view")
        if not readable:
            raise errors.PermissionDenied("permission_denied", "You may not see the returns of your stores.")
        open_returns = open_returns.filter(order__store__in=readable)
    return open_returns.order_by("applied_at", "id")
