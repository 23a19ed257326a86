"""An agency's own page: its admins manage the staff, every member reads the people and the live mandates, nobody
outside the agency sees it. Every staff change is one entry of the agency's log, which brands never read."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import AgencyFactory, AgencyMemberFactory, StoreFactory, UserFactory
from tests.factories.marketplace import MandateFactory
from tests.sellerportal.world import build_world
from xborder.core.errors import DomainError
from xborder.sellers import agency_services
from xborder.sellers.models import AgencyLogEntry, AgencyMember, AgencyRole, AuditEntry

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


def _url(name: str, **kwargs) -> str:
    return reverse(f"sellerportal:{name}", kwargs={"agency_slug": "lotus", **kwargs})


def _snapshot(agency) -> tuple:
    members = sorted(AgencyMember.objects.filter(agency=agency).values_list("user__email", "role"))
    return members, AgencyLogEntry.objects.count()


def _main(response) -> str:
    """The page's own part, without the site header's search, log-out and language forms."""
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def _form_error_codes(response) -> dict:
    return {
        field: [error.code for error in errors] for field, errors in response.context["form"].errors.as_data().items()
    }


# --- admins manage the staff ---------------------------------------------------------------------------------


def test_an_agency_admin_adds_a_member_by_email_with_a_role(client, agency_world):
    newcomer = UserFactory(email="newcomer@lotus.example")
    client.force_login(agency_world["admin"].user)

    response = client.post(_url("agency"), {"email": "Newcomer@Lotus.example", "role": "staff"})

    assert response.status_code == 302
    member = AgencyMember.objects.get(agency=agency_world["agency"], user=newcomer)
    assert member.role == AgencyRole.STAFF


def test_a_new_agency_member_is_staff_unless_made_admin():
    assert AgencyMember._meta.get_field("role").default == AgencyRole.STAFF


def test_an_agency_admin_changes_a_members_role(client, agency_world):
    staff = agency_world["staff"]
    client.force_login(agency_world["admin"].user)

    response = client.post(_url("agency_member_role", member_id=staff.pk), {"role": "admin"})

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.role == AgencyRole.ADMIN


def test_an_agency_admin_removes_a_member_who_then_loses_the_agencys_stores(client, agency_world):
    staff = agency_world["staff"]
    store = agency_world["world"].store
    client.force_login(staff.user)
    assert client.get(reverse("sellerportal:dashboard", kwargs={"slug": store.slug})).status_code == 200
    admin_client = Client()
    admin_client.force_login(agency_world["admin"].user)

    response = admin_client.post(_url("agency_member_remove", member_id=staff.pk))

    assert response.status_code == 302
    assert not AgencyMember.objects.filter(pk=staff.pk).exists()
    assert client.get(reverse("sellerportal:dashboard", kwargs={"slug": store.slug})).status_code == 404
    assert client.get(_url("agency")).status_code == 404


def test_an_admin_may_leave_the_agency_while_another_admin_stays(client, agency_world):
    admin, staff = agency_world["admin"], agency_world["staff"]
    AgencyMember.objects.filter(pk=staff.pk).update(role=AgencyRole.ADMIN)
    client.force_login(admin.user)

    response = client.post(_url("agency_member_remove", member_id=admin.pk))

    assert response["Location"] == reverse("sellerportal:home")
    assert list(AgencyMember.objects.filter(agency=agency_world["agency"]).values_list("pk", flat=True)) == [staff.pk]


# --- the last admin ----------------------------------------------------------------------------------------------


def test_the_last_admin_of_an_agency_cannot_be_removed(client, agency_world):
    admin = agency_world["admin"]
    before = _snapshot(agency_world["agency"])
    client.force_login(admin.user)

    response = client.post(_url("agency_member_remove", member_id=admin.pk), follow=True)

    assert _snapshot(agency_world["agency"]) == before
    assert "(last_admin)" in response.content.decode()


def test_the_last_admin_of_an_agency_cannot_be_demoted(client, agency_world):
    admin = agency_world["admin"]
    before = _snapshot(agency_world["agency"])
    client.force_login(admin.user)

    response = client.post(_url("agency_member_role", member_id=admin.pk), {"role": "staff"}, follow=True)

    assert _snapshot(agency_world["agency"]) == before
    assert "(last_admin)" in response.content.decode()


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


# --- bad input: a form error with a stable code, nothing changed -------------------------------------------------


@pytest.mark.parametrize(
    ("email", "code"),
    [
        ("nobody@example.com", "user_not_found"),
        ("sleeping@example.com", "user_inactive"),
        ("staff-of-lotus", "already_member"),
    ],
)
def test_adding_an_unknown_inactive_or_existing_member_is_a_form_error_and_changes_nothing(
    client, agency_world, email, code
):
    UserFactory(email="sleeping@example.com", is_active=False)
    if email == "staff-of-lotus":
        email = agency_world["staff"].user.email.upper()
    before = _snapshot(agency_world["agency"])
    client.force_login(agency_world["admin"].user)

    response = client.post(_url("agency"), {"email": email, "role": "admin"})

    assert response.status_code == 400
    assert _form_error_codes(response) == {"email": [code]}
    assert _snapshot(agency_world["agency"]) == before


def test_an_unknown_role_is_refused_and_changes_nothing(client, agency_world):
    staff = agency_world["staff"]
    before = _snapshot(agency_world["agency"])
    client.force_login(agency_world["admin"].user)

    added = client.post(_url("agency"), {"email": UserFactory().email, "role": "owner"})
    changed = client.post(_url("agency_member_role", member_id=staff.pk), {"role": "owner"}, follow=True)

    assert added.status_code == 400 and "role" in added.context["form"].errors
    assert "(role_invalid)" in changed.content.decode()
    assert _snapshot(agency_world["agency"]) == before


def test_a_member_of_another_agency_cannot_be_changed_or_removed_through_this_one(client, agency_world):
    stranger = AgencyMember.objects.get(user=agency_world["people"]["other_agency_admin"])
    client.force_login(agency_world["admin"].user)

    assert client.post(_url("agency_member_role", member_id=stranger.pk), {"role": "staff"}).status_code == 404
    assert client.post(_url("agency_member_remove", member_id=stranger.pk)).status_code == 404
    stranger.refresh_from_db()
    assert stranger.role == AgencyRole.ADMIN


# --- who may see and write: pages x people -------------------------------------------------------------------

OUTSIDERS = ["other_agency_admin", "store_owner", "member_of_b", "buyer", "operator"]
PEOPLE = ["agency_admin", "agency_staff", *OUTSIDERS]


def _writes(world) -> dict:
    staff, admin = world["staff"], world["admin"]
    return {
        "add_member": (_url("agency"), {"email": UserFactory().email, "role": "staff"}),
        "change_role": (_url("agency_member_role", member_id=staff.pk), {"role": "admin"}),
        "remove_member": (_url("agency_member_remove", member_id=staff.pk), {}),
        "demote_self": (_url("agency_member_role", member_id=admin.pk), {"role": "staff"}),
    }


def test_every_member_of_the_agency_reads_its_page_and_nobody_else_sees_it(client, agency_world):
    expected = {"agency_admin": 200, "agency_staff": 200, **dict.fromkeys(OUTSIDERS, 404)}
    got = {}
    for person in PEOPLE:
        client.force_login(agency_world["people"][person])
        got[person] = client.get(_url("agency")).status_code
    assert got == expected


@pytest.mark.parametrize("write", ["add_member", "change_role", "remove_member", "demote_self"])
def test_only_the_agencys_admins_change_its_staff_staff_get_403_and_outsiders_404(client, agency_world, write):
    url, data = _writes(agency_world)[write]
    expected = {"agency_admin": "allowed", "agency_staff": 403, **dict.fromkeys(OUTSIDERS, 404)}
    got = {}
    for person in PEOPLE:
        client.force_login(agency_world["people"][person])
        before = _snapshot(agency_world["agency"])
        savepoint = transaction.savepoint()
        status = client.post(url, data).status_code
        after = _snapshot(agency_world["agency"])
        transaction.savepoint_rollback(savepoint)
        if status in {403, 404}:
            assert after == before, person
            got[person] = status
        else:
            got[person] = "allowed"
    assert got == expected


def test_the_staff_page_is_read_only_for_agency_staff(client, agency_world):
    client.force_login(agency_world["staff"].user)

    page = _main(client.get(_url("agency")))

    assert agency_world["admin"].user.email in page and agency_world["staff"].user.email in page
    assert "<form" not in page


def test_agency_staff_forms_need_the_csrf_token(agency_world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(agency_world["admin"].user)
    before = _snapshot(agency_world["agency"])

    page = _main(browser.get(_url("agency")))
    refused = browser.post(_url("agency"), {"email": UserFactory().email, "role": "staff"})

    forms = 1 + 2 * AgencyMember.objects.filter(agency=agency_world["agency"]).count()  # add; per member role, remove
    assert page.count("<form") == page.count("csrfmiddlewaretoken") == forms
    assert refused.status_code == 403
    assert _snapshot(agency_world["agency"]) == before


# --- the agency's log, not the brand's ------------------------------------------------------------------------


def test_every_staff_change_writes_one_agency_log_entry(client, agency_world):
    agency, admin, staff = agency_world["agency"], agency_world["admin"], agency_world["staff"]
    newcomer = UserFactory(email="newcomer@lotus.example")
    client.force_login(admin.user)

    client.post(_url("agency"), {"email": newcomer.email, "role": "admin"})
    client.post(_url("agency_member_role", member_id=staff.pk), {"role": "admin"})
    client.post(_url("agency_member_remove", member_id=staff.pk))

    entries = list(AgencyLogEntry.objects.filter(agency=agency).order_by("id"))
    assert [(e.action, e.member_user_id, e.member_email, e.from_role, e.to_role) for e in entries] == [
        ("member_added", newcomer.pk, newcomer.email, "", "admin"),
        ("role_changed", staff.user.pk, staff.user.email, "staff", "admin"),
        ("member_removed", staff.user.pk, staff.user.email, "admin", ""),
    ]
    assert {entry.actor_id for entry in entries} == {admin.user.pk}


def test_refused_and_unchanged_staff_writes_leave_no_log_entry(client, agency_world):
    admin, staff = agency_world["admin"], agency_world["staff"]
    client.force_login(admin.user)

    client.post(_url("agency"), {"email": "nobody@example.com", "role": "staff"})
    client.post(_url("agency_member_remove", member_id=admin.pk))
    client.post(_url("agency_member_role", member_id=staff.pk), {"role": "staff"})

    assert not AgencyLogEntry.objects.exists()


def test_the_agency_admins_read_the_staff_log_and_staff_do_not(client, agency_world):
    newcomer = UserFactory(email="newcomer@lotus.example")
    client.force_login(agency_world["admin"].user)
    client.post(_url("agency"), {"email": newcomer.email, "role": "staff"})
    client.post(_url("agency_member_remove", member_id=AgencyMember.objects.get(user=newcomer).pk))

    admin_page = client.get(_url("agency"))
    client.force_login(agency_world["staff"].user)
    staff_page = client.get(_url("agency"))

    assert [entry.action for entry in admin_page.context["log"]] == ["member_removed", "member_added"]
    assert newcomer.email in _main(admin_page)
    assert staff_page.context["log"] == []
    assert newcomer.email not in _main(staff_page)


def test_the_brands_store_audit_page_does_not_show_agency_staff_changes(client, agency_world):
    store = agency_world["world"].store
    client.force_login(agency_world["admin"].user)
    client.post(_url("agency"), {"email": UserFactory(email="newcomer@lotus.example").email, "role": "staff"})
    client.post(_url("agency_member_role", member_id=agency_world["staff"].pk), {"role": "admin"})
    assert AgencyLogEntry.objects.count() == 2

    client.force_login(agency_world["people"]["store_owner"])
    response = client.get(reverse("sellerportal:audit", kwargs={"slug": store.slug}))

    assert response.status_code == 200
    assert list(response.context["entries"]) == []
    assert not AuditEntry.objects.exists()
    assert "newcomer@lotus.example" not in response.content.decode()


# --- what the agency may do today ---------------------------------------------------------------------------------


def test_the_agency_page_lists_live_mandates_and_not_expired_or_revoked_ones(client, agency_world):
    store = agency_world["world"].store
    client.force_login(agency_world["staff"].user)

    response = client.get(_url("agency"))

    page = response.content.decode()
    assert [row["mandate"].store for row in response.context["mandates"]] == [store]
    assert response.context["mandates"][0]["scopes"] == ["Catalog", "Orders"]
    assert store.name in page and (timezone.localdate() + dt.timedelta(days=30)).isoformat() in page
    assert "Expired Brand" not in page and "Revoked Brand" not in page


def test_agency_members_reach_the_agency_page_from_the_switcher_and_the_store_navigation(client, agency_world):
    store = agency_world["world"].store
    client.force_login(agency_world["staff"].user)

    switcher = client.get(reverse("sellerportal:home"))
    dashboard = client.get(reverse("sellerportal:dashboard", kwargs={"slug": store.slug}))

    assert switcher.status_code == 200  # one store, but an agency: the switcher is shown, not skipped
    assert _url("agency") in switcher.content.decode()
    assert _url("agency") in dashboard.content.decode()


def test_the_agency_page_and_its_errors_speak_chinese(client, agency_world):
    client.force_login(agency_world["admin"].user)

    page = _main(client.get(_url("agency"), HTTP_ACCEPT_LANGUAGE="zh-hans"))
    refused = client.post(
        _url("agency"), {"email": "nobody@example.com", "role": "staff"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert all(words in page for words in ["可运营的店铺", "人员变更记录", "更改角色", "机构管理员", "机构员工"])
    assert "没有使用此电子邮箱的账户。" in _main(refused)


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
