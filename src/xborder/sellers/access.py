"""Who may do what on a store: the one place the rule lives, for the seller portal and the store-facing API.

A store member acts by role; an agency member acts through a live mandate within its scopes (and is audited);
operator staff may read (and receive and inspect returns). Everything is resolved per request from the
database, never cached, so a revoked or expired mandate stops working at once. Pages ask ``require`` (Django's
404 and 403 pages); the API and the apps' selectors ask ``authorize`` (domain errors with stable codes); writes
go through ``perform``.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from xborder.core import errors
from xborder.sellers.agency_selectors import agency_membership
from xborder.sellers.models import AgencyMember, Mandate, Store, StoreMember, StoreRole
from xborder.sellers.onboarding_selectors import live_mandates
from xborder.sellers.services import record_audit_entry

ALL_ROLES = frozenset(StoreRole.values)
ANY_SCOPE = "*"


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    scope: str | None = None  # the mandate scope that allows it; None: never an agency
    operator: bool = False  # operator staff may do it (reads, and receiving and inspecting returns)


_EDITORS = frozenset({StoreRole.OWNER, StoreRole.MANAGER, StoreRole.STAFF})
_MANAGERS = frozenset({StoreRole.OWNER, StoreRole.MANAGER})
_OWNER = frozenset({StoreRole.OWNER})
_FINANCE = frozenset({StoreRole.OWNER, StoreRole.MANAGER, StoreRole.FINANCE})

RULES: dict[str, Rule] = {
    "dashboard.view": Rule(ALL_ROLES, ANY_SCOPE, operator=True),
    "catalog.view": Rule(ALL_ROLES, "catalog", operator=True),
    "catalog.edit": Rule(_EDITORS, "catalog"),
    "stock.view": Rule(_EDITORS, "catalog", operator=True),
    "orders.view": Rule(ALL_ROLES, "orders", operator=True),
    "import.run": Rule(_EDITORS, "catalog"),
    "settings.view": Rule(_MANAGERS, "marketing", operator=True),
    "settings.edit": Rule(_MANAGERS, "marketing"),
    "members.view": Rule(_MANAGERS, operator=True),
    "members.manage": Rule(_OWNER),
    "mandates.view": Rule(_MANAGERS, operator=True),
    "mandates.manage": Rule(_OWNER),
    "audit.view": Rule(_MANAGERS, operator=True),
    "finance.view": Rule(_FINANCE, "finance_read", operator=True),
    "returns.view": Rule(ALL_ROLES, "customer_service", operator=True),
    # Receiving and inspecting a return, wherever it is done; operators too, as bonded returns come back to them.
    "returns.process": Rule(_EDITORS, "customer_service", operator=True),
}


@dataclass(frozen=True)
class Access:
    """What ties a user to one store right now."""

    user: object
    store: Store
    role: str | None
    mandates: tuple[Mandate, ...]
    is_operator: bool

    @property
    def scopes(self) -> frozenset[str]:
        return frozenset(scope for mandate in self.mandates for scope in mandate.scopes)

    @property
    def is_agency(self) -> bool:
        return self.role is None and bool(self.mandates)

    @property
    def agencies(self) -> list:
        """The agencies whose live mandates let the user in (for the link to the agency's page)."""
        return list({mandate.agency_id: mandate.agency for mandate in self.mandates}.values())

    def mandate_for(self, action: str) -> Mandate | None:
        """The live mandate an action rides on, or None when membership or operator staff allow it."""
        rule = RULES[action]
        if self.role in rule.roles:
            return None
        return next(
            (m for m in self.mandates if rule.scope == ANY_SCOPE or rule.scope in m.scopes),
            None,
        )

    def allows(self, action: str) -> bool:
        rule = RULES[action]
        if self.role in rule.roles:
            return True
        if rule.scope and self.mandate_for(action) is not None:
            return True
        return rule.operator and self.is_operator


def _live_mandates_of(user, today: dt.date):
    """The live mandates of the agencies the user belongs to."""
    return live_mandates(agency_ids=AgencyMember.objects.filter(user=user).values("agency"), today=today)


def access_to(user, store: Store, *, today: dt.date | None = None) -> Access | None:
    """The user's tie to the store (two queries), or None when there is none."""
    if not getattr(user, "is_authenticated", False):
        return None
    today = today or timezone.localdate()
    role = StoreMember.objects.filter(store=store, user=user).values_list("role", flat=True).first()
    mandates = tuple(_live_mandates_of(user, today).filter(store=store).select_related("agency").order_by("id"))
    if role is None and not mandates and not user.is_staff:
        return None
    return Access(user=user, store=store, role=role, mandates=mandates, is_operator=bool(user.is_staff))


def can(user, store: Store, action: str) -> bool:
    """May ``user`` do ``action`` on ``store`` right now?"""
    access = access_to(user, store)
    return access is not None and access.allows(action)


def require(request, slug: str, action: str) -> Access:
    """Resolve the store of a portal URL and check the action: 404 without any tie, 403 without the right."""
    store = get_object_or_404(Store.objects.select_related("currency"), slug=slug)
    access = access_to(request.user, store)
    if access is None:
        raise Http404("No such store.")
    if not access.allows(action):
        raise PermissionDenied(action)
    return access


def authorize(user, store: Store | None, action: str, *, not_found: errors.DomainError | None = None) -> Access:
    """``require`` for the API and the apps' selectors, with the project's error shape: no store or no tie to it is
    ``not_found`` (404 ``not_found`` unless given), a tie without the right is 403 ``permission_denied``."""
    access = access_to(user, store) if store is not None else None
    if access is None:
        raise not_found or errors.NotFound("not_found", "No such store.")
    if not access.allows(action):
        raise errors.PermissionDenied("permission_denied", "You may not do this on this store.")
    return access


def perform(access: Access, action: str, write: Callable[[], object], *, details: dict | None = None):
    """Run a portal or API write in one transaction; an agency member's write gets its audit entry in the same one."""
    if not access.allows(action):
        raise PermissionDenied(action)
    with transaction.atomic():
        result = write()
        mandate = access.mandate_for(action)
        if mandate is not None:
            record_audit_entry(
                actor=access.user,
                mandate=mandate,
                action=action,
                obj=result if hasattr(result, "_meta") else None,
                details=details or {},
            )
    return result


def stores_of(user, *, today: dt.date | None = None) -> list[dict]:
    """The store switcher: the user's stores by membership and by live mandate (one query each)."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    entries = [
        {"store": member.store, "role": member.get_role_display(), "agency": None, "scopes": []}
        for member in StoreMember.objects.filter(user=user).select_related("store").order_by("store__name")
    ]
    mandates = _live_mandates_of(user, today).select_related("store", "agency").order_by("store__name", "id")
    entries += [
        {"store": mandate.store, "role": None, "agency": mandate.agency, "scopes": mandate.scopes}
        for mandate in mandates
    ]
    return entries


def store_ids_where(user, action: str, *, today: dt.date | None = None) -> set[int]:
    """The stores on which ``user`` may do ``action`` by membership or live mandate, in two queries whatever the
    number of stores (operator staff are not included: they act on every store by ``RULES[action].operator``)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    rule = RULES[action]
    ids = set(StoreMember.objects.filter(user=user, role__in=rule.roles).values_list("store_id", flat=True))
    if rule.scope:
        mandates = _live_mandates_of(user, today or timezone.localdate()).values_list("store_id", "scopes")
        ids |= {store_id for store_id, scopes in mandates if rule.scope == ANY_SCOPE or rule.scope in scopes}
    return ids


def require_agency(request, agency_slug: str, *, manage: bool = False) -> AgencyMember:
    """The user's membership of an agency's page: 404 for anyone outside the agency (operator staff included),
    403 when ``manage`` (changing the staff) and the member is not one of its admins."""
    membership = agency_membership(request.user, agency_slug)
    if membership is None:
        raise Http404("No such agency.")
    if manage and not membership.is_admin:
        raise PermissionDenied("agency.manage")
    return membership
