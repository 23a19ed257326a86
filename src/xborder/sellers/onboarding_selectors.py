"""Reads of onboarding and agency operation: review queues, expiring documents, live mandates, store badges."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from xborder.sellers.models import (
    ApplicationDocument,
    AuditEntry,
    DocumentKind,
    Mandate,
    Store,
    StoreApplication,
    StoreStatus,
)

EXPIRY_WARNING_DAYS = 30


def _expiring_filter(today: dt.date, within_days: int, prefix: str = "") -> Q:
    return Q(
        **{f"{prefix}expires_on__isnull": False, f"{prefix}expires_on__lte": today + dt.timedelta(days=within_days)}
    )


def expiring_documents(*, today: dt.date | None = None, within_days: int = EXPIRY_WARNING_DAYS) -> QuerySet:
    """Documents that expire within ``within_days`` (or already have), soonest first."""
    today = today or timezone.localdate()
    return (
        ApplicationDocument.objects.filter(_expiring_filter(today, within_days))
        .select_related("application", "application__store")
        .order_by("expires_on", "id")
    )


def store_expiring_documents(store: Store, *, today: dt.date | None = None) -> QuerySet:
    return expiring_documents(today=today).filter(application__store=store)


def applications_for_review(*, status: str | None = None, today: dt.date | None = None) -> QuerySet:
    """Applications with the applicant and the number of documents expiring soon (the operator's badge)."""
    today = today or timezone.localdate()
    queryset = StoreApplication.objects.select_related("applicant", "store").annotate(
        expiring_count=Count("documents", filter=_expiring_filter(today, EXPIRY_WARNING_DAYS, "documents__"))
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-submitted_at", "-id")


def applications_of(user) -> QuerySet:
    return StoreApplication.objects.filter(applicant=user).select_related("store").order_by("-id")


def application_detail(application_id: int) -> StoreApplication | None:
    return (
        StoreApplication.objects.select_related("applicant", "store", "decided_by", "currency")
        .prefetch_related("documents", "events__actor")
        .filter(pk=application_id)
        .first()
    )


def live_mandates(*, agency_ids, today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    return Mandate.objects.filter(
        agency_id__in=agency_ids, revoked_at__isnull=True, starts_on__lte=today, ends_on__gte=today
    )


def mandates_of_store(store: Store) -> QuerySet:
    return Mandate.objects.filter(store=store).select_related("agency", "granted_by", "revoked_by")


def audit_entries_of_store(store: Store, *, limit: int = 200) -> QuerySet:
    return AuditEntry.objects.filter(store=store).select_related("actor", "agency")[:limit]


@dataclass(frozen=True)
class StoreBadges:
    kind: str
    kind_label: str
    country: str
    verified: bool
    brand_authorised: bool
    retail_authorised: bool
    local_returns: bool
    rating: object
    return_window_days: int


def store_badges(store: Store, *, today: dt.date | None = None) -> StoreBadges:
    """What the storefront shows on a store page: kind, country, verification badges, rating, return policy.

    Two queries at most: the application (if any) and its documents valid today."""
    today = today or timezone.localdate()
    application = StoreApplication.objects.filter(store=store).only("id", "return_district_code").first()
    valid_kinds: set[str] = set()
    if application is not None:
        valid_kinds = set(
            application.documents.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today)).values_list(
                "kind", flat=True
            )
        )
    return StoreBadges(
        kind=store.kind,
        kind_label=str(store.get_kind_display()),
        country=str(store.country),
        verified=store.status == StoreStatus.APPROVED,
        brand_authorised=DocumentKind.BRAND_AUTHORISATION in valid_kinds,
        retail_authorised=DocumentKind.RETAIL_AUTHORISATION in valid_kinds,
        local_returns=bool(application and application.return_district_code),
        rating=store.rating,
        return_window_days=store.return_window_days,
    )
