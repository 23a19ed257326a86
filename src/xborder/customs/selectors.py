"""Reads of the customs pipeline: the operator desk (declarations by clearance, stuck ones, open
reconciliation items), one declaration with everything its page shows, a buyer's package clearance."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from xborder.core.errors import NotFound
from xborder.customs.models import Clearance, Declaration, DeclarationMessage, Receipt, ReconciliationItem
from xborder.orders.models import Package

# Declared but without an outcome yet: these can get stuck waiting for customs.
WAITING = (Clearance.PENDING, Clearance.SUBMITTED, Clearance.ACCEPTED)
DEFAULT_PAGE = 50


def declarations_for_desk(
    *, clearance: str = "", customs_mode: str = "", stuck_minutes: int | None = None, query: str = ""
) -> QuerySet[Declaration]:
    """Declarations newest change first, filtered for the operator desk, with their open reconciliation items
    counted (one query per page)."""
    declarations = Declaration.objects.select_related("package__order").annotate(
        open_items=Count("reconciliation_items", filter=Q(reconciliation_items__resolved_at__isnull=True))
    )
    if clearance in Clearance.values:
        declarations = declarations.filter(clearance=clearance)
    if customs_mode:
        declarations = declarations.filter(package__customs_mode=customs_mode)
    if stuck_minutes is not None:
        since = timezone.now() - timedelta(minutes=stuck_minutes)
        declarations = declarations.filter(clearance__in=WAITING, clearance_changed_at__lte=since)
    if query:
        declarations = declarations.filter(package__number__icontains=query.strip()[:40])
    return declarations.order_by("-clearance_changed_at", "-id")


def clearance_counts() -> dict[str, int]:
    """How many declarations stand in each clearance (every clearance listed, zero included)."""
    counts = dict(Declaration.objects.values_list("clearance").annotate(n=Count("id")).order_by())
    return {value: counts.get(value, 0) for value in Clearance.values}


def open_reconciliation_items(limit: int = 50) -> list[ReconciliationItem]:
    return list(
        ReconciliationItem.objects.filter(resolved_at__isnull=True)
        .select_related("declaration__package")
        .order_by("-created_at", "id")[:limit]
    )


def unmatched_receipts(limit: int = 20) -> list[Receipt]:
    """Receipts that named no declaration of ours (kept for an operator to look at), newest first."""
    return list(Receipt.objects.filter(declaration__isnull=True).order_by("-received_at", "-id")[:limit])


def declaration_for_desk(*, declaration_id: int) -> Declaration:
    """One declaration with its messages (and outbox rows), receipts, reconciliation items and timeline."""
    declaration = (
        Declaration.objects.select_related("package__order", "package__warehouse")
        .prefetch_related(
            Prefetch("messages", queryset=DeclarationMessage.objects.select_related("outbox").order_by("id")),
            Prefetch("receipts", queryset=Receipt.objects.order_by("received_at", "id")),
            "reconciliation_items",
            "timeline",
        )
        .filter(pk=declaration_id)
        .first()
    )
    if declaration is None:
        raise NotFound(message="No such declaration.")
    return declaration


def package_clearance(*, buyer, number: str) -> Package:
    """A buyer's own package with its declaration (``package.declaration`` may be missing: not declared yet)."""
    package = (
        Package.objects.select_related("declaration")
        .prefetch_related(Prefetch("declaration__messages", queryset=DeclarationMessage.objects.order_by("id")))
        .filter(order__buyer=buyer, number=number)
        .first()
    )
    if package is None:
        raise NotFound(message="No such package.")
    return package
