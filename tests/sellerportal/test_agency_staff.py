"""An agency's staff: its admins add, re-role and remove members; the last admin stays; every change is one entry
of the agency's log, which brands never read. (The agency's portal page follows.)"""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from tests.factories import AgencyFactory, AgencyMemberFactory, StoreFactory
from tests.factories.marketplace import MandateFactory
from tests.sellerportal.world import build_world
from xborder.core.errors import DomainError
from xborder.sellers import agency_services
from xborder.sellers.models import AgencyLogEntry, AgencyMember, AgencyRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_world(db):
    """The permission world's store A, operated by agency "lotus" (an admin and a staff member) under a live
    mandate; the world's other people (store members, another agency, buyers, operators) stand around it."""
    world = build_world()
    today = timezone.localdate()
    agency = AgencyFactory(name="Lotus Partners", slug="lotus")
    admin = AgencyMemberFactory(agency=agency, role=AgencyRole.ADMIN)
    staff = AgencyMemberFactory(agency=agency, role=AgencyRole.STAFF)
    MandateFactory(
        store=world.store, agency=agency, scopes=["catalog", "orders"], ends_on=today + dt.timedelta(days=30)
    )
    MandateFactory(
        store=StoreFactory(name="Expired Brand"), agency=agency,
        starts_on=today - dt.timedelta(days=60), ends_on=today - dt.timedelta(days=1),
    )  # fmt: skip
    MandateFactory(store=StoreFactory(name="Revoked Brand"), agency=agency, revoked_at=timezone.now())
    other_agency_admin = world.users["agency_catalog"]
    AgencyMember.objects.filter(user=other_agency_admin).update(role=AgencyRole.ADMIN)
    people = {
        "agency_admin": admin.user,
        "agency_staff": staff.user,
        "other_agency_admin": other_agency_admin,
        "store_owner": world.users["owner"],
        "member_of_b": world.users["member_of_b"],
        "buyer": world.users["buyer"],
        "operator": world.users["operator"],
    }
    return {"world": world, "agency": agency, "admin": admin, "staff": staff, "people": people}


def _snapshot(agency) -> tuple:
    members = sorted(AgencyMember.objects.filter(agency=agency).values_list("user__email", "role"))
    return members, AgencyLogEntry.objects.count()


def test_a_new_agency_member_is_staff_unless_made_admin():
    assert AgencyMember._meta.get_field("role").default == AgencyRole.STAFF


def test_the_services_refuse_taking_the_last_admin_away_with_a_stable_code(agency_world):
    agency, admin = agency_world["agency"], agency_world["admin"]

    with pytest.raises(DomainError) as removed:
        agency_services.remove_agency_member(agency=agency, member_id=admin.pk, actor=admin.user)
    with pytest.raises(DomainError) as demoted:
        agency_services.change_agency_member_role(agency=agency, member_id=admin.pk, role="staff", actor=admin.user)

    assert (removed.value.code, removed.value.status) == ("last_admin", 409)
    assert (demoted.value.code, demoted.value.status) == ("last_admin", 409)


def test_the_services_refuse_a_staff_member_with_a_stable_code(agency_world):
    agency, staff = agency_world["agency"], agency_world["staff"]
    before = _snapshot(agency)

    with pytest.raises(DomainError) as refused:
        agency_services.add_agency_member(agency=agency, email="x@example.com", role="staff", actor=staff.user)

    assert (refused.value.code, refused.value.status) == ("agency_admin_required", 403)
    assert _snapshot(agency) == before


def test_each_staff_service_writes_one_log_entry(agency_world):
    agency, admin, staff = agency_world["agency"], agency_world["admin"], agency_world["staff"]
    newcomer = AgencyMemberFactory().user  # a member of another agency may join this one too

    agency_services.add_agency_member(agency=agency, email=newcomer.email, role="staff", actor=admin.user)
    agency_services.change_agency_member_role(agency=agency, member_id=staff.pk, role="admin", actor=admin.user)
    agency_services.change_agency_member_role(agency=agency, member_id=staff.pk, role="admin", actor=admin.user)
    agency_services.remove_agency_member(agency=agency, member_id=admin.pk, actor=staff.user)

    assert list(AgencyLogEntry.objects.filter(agency=agency).order_by("id").values_list("action", "actor")) == [
        ("member_added", admin.user.pk),
        ("role_changed", admin.user.pk),
        ("member_removed", staff.user.pk),
    ]


# --- existing members when roles arrived --------------------------------------------------------------------------


def test_members_who_joined_before_roles_existed_become_admins(db):
    members = [AgencyMemberFactory(role=AgencyRole.STAFF) for _ in range(2)]
    migration = importlib.import_module("xborder.sellers.migrations.0004_existing_agency_members_are_admins")

    migration.existing_members_are_admins(apps, None)

    assert {member.role for member in AgencyMember.objects.filter(pk__in=[m.pk for m in members])} == {"admin"}
