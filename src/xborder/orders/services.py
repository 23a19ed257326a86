"""Writes of orders: state transitions (conditional UPDATE + timeline row), payment, cancellation and expiry.

A transition is ``UPDATE ... SET status = to WHERE id = ? AND status = expected``: when two writers race,
exactly one sees a row count of 1, the other gets ``status_changed`` and writes nothing.
"""

import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from xborder.core.errors import DomainError
from xborder.duties.selectors import package_quota_entries
from xborder.duties.services import release_quota
from xborder.inventory.services import StockRequest, commit_stock, release_stock
from xborder.orders.errors import ILLEGAL_TRANSITION, STATUS_CHANGED, OrderError
from xborder.orders.models import Order, Package, TimelineEvent
from xborder.orders.states import HOLDS_STOCK, Status, can_move

DEFAULT_UNPAID_MINUTES = 30
logger = logging.getLogger(__name__)


def unpaid_timeout() -> timedelta:
    """How long an order may wait for payment (``XBORDER["ORDER_UNPAID_MINUTES"]``, 30 by default)."""
    return timedelta(minutes=int(settings.XBORDER.get("ORDER_UNPAID_MINUTES", DEFAULT_UNPAID_MINUTES)))


def new_number(prefix: str) -> str:
    """``XB20261128`` + 10 random hex digits: unique by constraint, unguessable, sortable by day."""
    return f"{prefix}{timezone.localdate():%Y%m%d}{secrets.token_hex(5).upper()}"


def record_event(
    *, order: Order, to_status: str, from_status: str = "", package: Package | None = None, actor=None,
    actor_label: str = "", reason: str = "",
) -> TimelineEvent:  # fmt: skip
    """Append one timeline row (who, when, from, to, why)."""
    return TimelineEvent.objects.create(
        order=order,
        package=package,
        from_status=from_status,
        to_status=to_status,
        reason=reason[:200],
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label[:60],
    )


def _move(model, obj, to: str, extra: dict | None = None) -> str:
    """Conditionally move ``obj`` from its current status to ``to``; return the previous status."""
    current = obj.status
    if not can_move(current, to):
        raise OrderError(
            ILLEGAL_TRANSITION, f"{obj} cannot go from {current} to {to}.", fields={"status": f"{current}->{to}"}
        )
    changes = {"status": to, "updated_at": timezone.now(), **(extra or {})}
    if model.objects.filter(pk=obj.pk, status=current).update(**changes) != 1:
        raise OrderError(STATUS_CHANGED, f"{obj} was changed by someone else; reload it.", fields={"status": current})
    for name, value in changes.items():
        setattr(obj, name, value)
    return current


def transition_order(*, order: Order, to: str, actor=None, actor_label: str = "", reason: str = "", **extra) -> Order:
    """Move one order along the state machine and record it; packages are not touched."""
    with transaction.atomic():
        previous = _move(Order, order, to, extra)
        record_event(
            order=order, from_status=previous, to_status=to, actor=actor, actor_label=actor_label, reason=reason
        )
    return order


def transition_package(*, package: Package, to: str, actor=None, actor_label: str = "", reason: str = "") -> Package:
    """Move one package along the state machine and record it on its order's timeline."""
    with transaction.atomic():
        previous = _move(Package, package, to)
        record_event(
            order=package.order,
            package=package,
            from_status=previous,
            to_status=to,
            actor=actor,
            actor_label=actor_label,
            reason=reason,
        )
    return package


def _move_with_packages(order: Order, to: str, *, actor, actor_label: str, reason: str, **extra) -> None:
    transition_order(order=order, to=to, actor=actor, actor_label=actor_label, reason=reason, **extra)
    for package in order.packages.all():
        transition_package(package=package, to=to, actor=actor, actor_label=actor_label, reason=reason)


def mark_orders_paid(*, order_ids: Iterable[int], actor=None, actor_label: str = "payment", reason: str = "") -> list:
    """The payment of these orders succeeded: each order and its packages move to ``paid`` in one
    transaction. Raises ``illegal_transition`` (nothing written) when one was cancelled meanwhile."""
    with transaction.atomic():
        orders = list(Order.objects.filter(pk__in=list(order_ids)).order_by("pk").prefetch_related("packages"))
        now = timezone.now()
        for order in orders:
            _move_with_packages(order, Status.PAID, actor=actor, actor_label=actor_label, reason=reason, paid_at=now)
    return orders


def cancel_order(*, order: Order, reason: str, actor=None, actor_label: str = "") -> Order:
    """Cancel an order and its packages, release their reserved stock and the buyer's annual quota.
    The conditional status update makes it safe to call twice or concurrently: one caller releases."""
    with transaction.atomic():
        packages = list(order.packages.prefetch_related("lines"))
        holding = [package for package in packages if package.status in HOLDS_STOCK]
        transition_order(order=order, to=Status.CANCELLED, actor=actor, actor_label=actor_label, reason=reason)
        for package in packages:
            transition_package(
                package=package, to=Status.CANCELLED, actor=actor, actor_label=actor_label, reason=reason
            )
        release_stock(_stock_requests(holding))
        for package in holding:
            if package.quota_reserved > 0 and annual_quota_held(package.number) > 0:
                release_quota(package_ref=package.number, reason=f"order cancelled: {reason}"[:200], actor=actor_label)
    return order


def annual_quota_held(package_ref: str):
    """What the package still holds of the buyer's annual quota (zero once released, e.g. after a rejection)."""
    return package_quota_entries(package_ref).aggregate(total=Sum("amount"))["total"] or 0


def ship_package(*, package: Package, actor=None, actor_label: str = "", reason: str = "") -> Package:
    """The package left the warehouse: its reserved units leave stock (quantity and reserved drop)."""
    with transaction.atomic():
        transition_package(package=package, to=Status.SHIPPED, actor=actor, actor_label=actor_label, reason=reason)
        commit_stock(_stock_requests([package]))
    return package


def _stock_requests(packages: Iterable[Package]) -> list[StockRequest]:
    return [
        StockRequest(variant_id=line.variant_id, warehouse_id=package.warehouse_id, quantity=line.quantity)
        for package in packages
        for line in package.lines.all()
    ]


def expire_unpaid_orders(*, now: datetime | None = None, limit: int = 500) -> int:
    """Cancel orders still unpaid after their expiry time, releasing stock and quota; returns how many.
    Idempotent: an order already paid or cancelled by another worker is skipped."""
    now = now or timezone.now()
    due = list(Order.objects.filter(status=Status.PENDING_PAYMENT, expires_at__lte=now).order_by("expires_at")[:limit])
    expired = 0
    for order in due:
        try:
            cancel_order(order=order, reason="unpaid in time", actor_label="expiry task")
        except OrderError:
            continue  # paid or cancelled meanwhile
        except DomainError as error:
            logger.warning("order %s could not expire: %s", order.number, error.code)
            continue
        expired += 1
    return expired
