"""Reads of an agency's own side: who belongs to it, the stores it may operate today, its staff log."""

import datetime as dt

from django.db.models import QuerySet

from xborder.sellers.models import AgencyLogEntry, AgencyMember, Mandate
from xborder.sellers.onboarding_selectors import live_mandates


def agency_memberships_of(user) -> QuerySet[AgencyMember]:
    """The agencies a user belongs to, with their role (for the portal's switcher)."""
    return AgencyMember.objects.filter(user_id=user.pk).select_related("agency").order_by("agency__name", "id")


def agency_membership(user, agency_slug: str) -> AgencyMember | None:
    """The user's membership of the agency with this slug, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return AgencyMember.objects.filter(user_id=user.pk, agency__slug=agency_slug).select_related("agency").first()


def agency_members(agency) -> QuerySet[AgencyMember]:
    """The agency's people, admins first."""
    return AgencyMember.objects.filter(agency=agency).select_related("user").order_by("role", "user__email", "id")


def live_mandates_of_agency(agency, *, today: dt.date | None = None) -> QuerySet[Mandate]:
    """The mandates the agency acts on today (not revoked, started, not ended), by store."""
    return (
        live_mandates(agency_ids=[agency.pk], today=today)
        .select_related("store")
        .order_by("store__name", "ends_on", "id")
    )


def agency_log(agency, *, limit: int = 200) -> QuerySet[AgencyLogEntry]:
    """The newest changes to the agency's staff."""
    return AgencyLogEntry.objects.filter(agency=agency).select_related("actor")[:limit]
