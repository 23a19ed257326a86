"""Writes of an agency's own staff: its admins add members, change their role and remove them.

Each use case locks the agency row first, so two admins changing the staff at once are serialised and the rule
"an agency keeps at least one admin" cannot be broken by a race. Every change is one ``AgencyLogEntry`` in the
same transaction; the services speak English, the portal shows its own words for the codes.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from xborder.sellers.errors import AgencyMembershipError
from xborder.sellers.models import Agency, AgencyLogAction, AgencyLogEntry, AgencyMember, AgencyRole


def _locked_agency_for_admin(agency: Agency, actor) -> Agency:
    """Lock the agency and check that ``actor`` is one of its admins (checked under the lock)."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if not AgencyMember.objects.filter(agency=agency, user_id=actor.pk, role=AgencyRole.ADMIN).exists():
        raise AgencyMembershipError("agency_admin_required", "Only the agency's admins manage its staff.", status=403)
    return agency


def _checked_role(role: str) -> str:
    if role not in AgencyRole.values:
        raise AgencyMembershipError("role_invalid", "Choose a role.", fields={"role": "invalid"})
    return role


def _member(agency: Agency, member_id: int) -> AgencyMember:
    member = AgencyMember.objects.select_related("user").filter(agency=agency, pk=member_id).first()
    if member is None:
        raise AgencyMembershipError("member_not_found", "No such member.", status=404)
    return member


def _keeps_an_admin(agency: Agency, member: AgencyMember) -> None:
    """Refuse taking away the admin role of the agency's last admin."""
    others = AgencyMember.objects.filter(agency=agency, role=AgencyRole.ADMIN).exclude(pk=member.pk)
    if member.role == AgencyRole.ADMIN and not others.exists():
        raise AgencyMembershipError("last_admin", "An agency keeps at least one admin.", status=409)


def _log(agency: Agency, actor, action: str, member: AgencyMember, *, from_role="", to_role="") -> AgencyLogEntry:
    return AgencyLogEntry.objects.create(
        agency=agency,
        actor=actor,
        action=action,
        member_user=member.user,
        member_email=member.user.email,
        from_role=from_role,
        to_role=to_role,
    )


@transaction.atomic
def add_agency_member(*, agency: Agency, email: str, role: str, actor) -> AgencyMember:
    """An agency admin adds an existing, active user to the agency with a role; logged as ``member_added``.

    A user may belong to several agencies (the model allows it), but to each agency once."""
    agency = _locked_agency_for_admin(agency, actor)
    role = _checked_role(role)
    user = get_user_model().objects.filter(email__iexact=(email or "").strip()).first()
    if user is None:
        raise AgencyMembershipError("user_not_found", "No account with this e-mail.", fields={"email": "not_found"})
    if not user.is_active:
        raise AgencyMembershipError("user_inactive", "This account is deactivated.", fields={"email": "inactive"})
    try:
        with transaction.atomic():
            member = AgencyMember.objects.create(agency=agency, user=user, role=role)
    except IntegrityError:
        raise AgencyMembershipError(
            "already_member", "This user is already a member of the agency.", fields={"email": "taken"}
        ) from None
    _log(agency, actor, AgencyLogAction.MEMBER_ADDED, member, to_role=role)
    return member


@transaction.atomic
def change_agency_member_role(*, agency: Agency, member_id: int, role: str, actor) -> AgencyMember:
    """An agency admin gives a member another role; the last admin stays an admin. Logged as ``role_changed``;
    choosing the role the member already has changes and logs nothing."""
    agency = _locked_agency_for_admin(agency, actor)
    role = _checked_role(role)
    member = _member(agency, member_id)
    if member.role == role:
        return member
    if role != AgencyRole.ADMIN:
        _keeps_an_admin(agency, member)
    from_role, member.role = member.role, role
    member.save(update_fields=["role"])
    _log(agency, actor, AgencyLogAction.ROLE_CHANGED, member, from_role=from_role, to_role=role)
    return member


@transaction.atomic
def remove_agency_member(*, agency: Agency, member_id: int, actor) -> None:
    """An agency admin removes a member (themselves included); the last admin stays. The member loses every store
    the agency holds mandates for with their next request. Logged as ``member_removed``."""
    agency = _locked_agency_for_admin(agency, actor)
    member = _member(agency, member_id)
    _keeps_an_admin(agency, member)
    member.delete()
    _log(agency, actor, AgencyLogAction.MEMBER_REMOVED, member, from_role=member.role)
