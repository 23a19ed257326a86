"""Agency operation: the store switcher, scope limits, an audit entry for every agency write, and access that
ends at once when a mandate is revoked or expires."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AgencyFactory,
    AgencyMemberFactory,
    CategoryFactory,
    FxRateFactory,
    OfferFactory,
    StoreFactory,
    StoreMemberFactory,
    WarehouseFactory,
)
from tests.factories.marketplace import MandateFactory
from xborder.core.errors import DomainError
from xborder.sellers import access, services
from xborder.sellers.models import AuditEntry, Mandate

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_world(db):
    CategoryFactory(slug="beauty")
    WarehouseFactory(code="osaka")
    FxRateFactory(base_id="JPY", quote_id="CNY", rate=Decimal("0.048"))
    store = StoreFactory(slug="brand-store", currency_id="JPY")
    agency = AgencyFactory()
    mandate = MandateFactory(store=store, agency=agency, scopes=["catalog", "marketing"])
    staff = AgencyMemberFactory(agency=agency).user
    owner = StoreMemberFactory(store=store, role="owner").user
    offer = OfferFactory(store=store, warehouse=WarehouseFactory(code="osaka"))
    return store, agency, mandate, staff, owner, offer


def _url(name, store, **kwargs):
    return reverse(f"sellerportal:{name}", kwargs={"slug": store.slug, **kwargs})


def test_the_switcher_lists_stores_by_membership_and_by_live_mandate_only(client, agency_world):
    store, agency, _mandate, staff, _owner, _offer = agency_world
    other = StoreFactory(name="Other brand")
    MandateFactory(store=other, agency=agency, scopes=["orders"])
    MandateFactory(store=StoreFactory(name="Expired brand"), agency=agency,
                   ends_on=timezone.localdate() - dt.timedelta(days=1),
                   starts_on=timezone.localdate() - dt.timedelta(days=9))  # fmt: skip
    MandateFactory(store=StoreFactory(name="Revoked brand"), agency=agency, revoked_at=timezone.now())
    own = StoreMemberFactory(user=staff, store=StoreFactory(name="Own shop")).store
    client.force_login(staff)
    page = client.get(reverse("sellerportal:home")).content.decode()
    assert store.name in page and other.name in page and own.name in page
    assert "Expired brand" not in page and "Revoked brand" not in page


def test_every_agency_write_has_an_audit_entry_the_brand_can_read(
    client, agency_world, django_capture_on_commit_callbacks
):
    store, agency, mandate, staff, owner, offer = agency_world
    client.force_login(staff)
    listing = {
        "product_name": "Lotion", "brand": "Sakura", "category": "beauty", "sku": "AG-1", "hs_code": "3304990099",
        "origin_country": "JP", "net_weight_kg": "0.1", "gross_weight_kg": "0.2", "legal_unit": "ml",
        "legal_quantity": "100", "price": "1000", "fulfilment_mode": "direct_mail", "warehouse": "osaka",
    }  # fmt: skip
    writes = [
        ("product_new", {}, listing),
        ("offer_edit", {"offer_id": offer.pk}, {"price": "2500", "fulfilment_mode": "bonded", "warehouse": "osaka"}),
        ("offer_unpublish", {"offer_id": offer.pk}, {}),
        ("offer_publish", {"offer_id": offer.pk}, {}),
        ("settings", {}, {"description": "Run by the agency", "return_window_days": "15"}),
        ("import", {}, {"mode": "valid_rows", "file": SimpleUploadedFile("c.csv", b"sku,price\n1,2\n")}),
    ]
    for name, kwargs, data in writes:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_url(name, store, **kwargs), data)
        assert response.status_code == 302, name
    entries = list(AuditEntry.objects.order_by("id"))
    assert [entry.action for entry in entries] == [
        "catalog.edit", "catalog.edit", "catalog.edit", "catalog.edit", "settings.edit", "import.run",
    ]  # fmt: skip
    assert {(e.actor_id, e.agency_id, e.store_id, e.mandate_id) for e in entries} == {
        (staff.pk, agency.pk, store.pk, mandate.pk)
    }
    assert entries[1].object_type == "offer" and entries[1].object_id == str(offer.pk)
    assert entries[1].details == {"price": "2500", "fulfilment_mode": "bonded"}
    assert entries[5].object_type == "importjob"
    client.force_login(owner)
    page = client.get(_url("audit", store)).content.decode()
    assert page.count(staff.email) == 6


def test_members_writes_are_not_audited_as_agency_actions(client, agency_world):
    store, _agency, _mandate, _staff, owner, offer = agency_world
    client.force_login(owner)
    client.post(_url("offer_unpublish", store, offer_id=offer.pk))
    assert not AuditEntry.objects.exists()


def test_a_failed_agency_write_leaves_no_audit_entry(client, agency_world):
    store, _agency, _mandate, staff, _owner, _offer = agency_world
    client.force_login(staff)
    response = client.post(_url("settings", store), {"description": "", "return_window_days": "3"})
    assert response.status_code == 400
    assert not AuditEntry.objects.exists()


def test_an_agency_without_the_scope_cannot_act_outside_it(client, agency_world):
    store, _agency, mandate, staff, _owner, offer = agency_world
    Mandate.objects.filter(pk=mandate.pk).update(scopes=["marketing"])
    client.force_login(staff)
    assert client.post(_url("offer_unpublish", store, offer_id=offer.pk)).status_code == 403
    assert client.get(_url("products", store)).status_code == 403
    assert client.get(_url("settings", store)).status_code == 200


def test_revoking_a_mandate_cuts_access_on_the_next_request(client, agency_world):
    store, _agency, mandate, staff, owner, _offer = agency_world
    client.force_login(staff)
    assert client.get(_url("products", store)).status_code == 200
    owner_client = client.__class__()
    owner_client.force_login(owner)
    assert owner_client.post(_url("mandate_revoke", store, mandate_id=mandate.pk)).status_code == 302
    assert client.get(_url("products", store)).status_code == 404
    assert access.can(staff, store, "catalog.view") is False


def test_a_mandate_works_on_its_last_day_and_not_the_day_after(client, agency_world):
    store, _agency, mandate, staff, _owner, _offer = agency_world
    today = timezone.localdate()
    Mandate.objects.filter(pk=mandate.pk).update(ends_on=today)
    client.force_login(staff)
    assert client.get(_url("dashboard", store)).status_code == 200
    Mandate.objects.filter(pk=mandate.pk).update(ends_on=today - dt.timedelta(days=1))
    assert client.get(_url("dashboard", store)).status_code == 404
    assert access.access_to(staff, store, today=today - dt.timedelta(days=1)).allows("catalog.edit")


def test_the_permission_check_is_two_queries_and_never_cached(agency_world, django_assert_num_queries):
    store, _agency, mandate, staff, _owner, _offer = agency_world
    with django_assert_num_queries(2):
        assert access.can(staff, store, "catalog.edit") is True
    Mandate.objects.filter(pk=mandate.pk).update(revoked_at=timezone.now())
    assert access.can(staff, store, "catalog.edit") is False


@pytest.mark.parametrize(
    ("fee_kind", "percent", "monthly", "ok"),
    [("none", None, None, True), ("percent_gmv", "8.5", None, True), ("monthly", None, "30000", True),
     ("percent_gmv", "0", None, False), ("percent_gmv", "101", None, False), ("monthly", None, None, False),
     ("percent_gmv", "5", "100", False), ("weekly", None, None, False)],
    ids=["none", "percent", "monthly", "zero-percent", "over-100", "monthly-missing", "both", "unknown-kind"],
)  # fmt: skip
def test_the_agency_fee_is_a_percentage_of_gmv_or_a_monthly_amount(agency_world, fee_kind, percent, monthly, ok):
    store, agency, _mandate, _staff, owner, _offer = agency_world
    today = timezone.localdate()

    def grant():
        return services.grant_mandate(store=store, agency=agency, granted_by=owner, scopes=["catalog"],
                                      starts_on=today, ends_on=today, fee_kind=fee_kind, fee_percent=percent,
                                      fee_monthly=monthly)  # fmt: skip

    if ok:
        assert grant().fee_kind == fee_kind
    else:
        with pytest.raises(DomainError) as caught:
            grant()
        assert caught.value.code == "fee_invalid"


@pytest.mark.parametrize(
    ("scopes", "ends_in", "code"),
    [([], 5, "scope_required"), (["everything"], 5, "scope_invalid"), (["catalog"], -1, "dates_invalid")],
    ids=["no-scope", "unknown-scope", "ends-before-start"],
)
def test_a_mandate_needs_known_scopes_and_an_end_after_its_start(agency_world, scopes, ends_in, code):
    store, agency, _mandate, _staff, owner, _offer = agency_world
    today = timezone.localdate()
    with pytest.raises(DomainError) as caught:
        services.grant_mandate(store=store, agency=agency, granted_by=owner, scopes=scopes, starts_on=today,
                               ends_on=today + dt.timedelta(days=ends_in))  # fmt: skip
    assert caught.value.code == code


def test_the_last_owner_cannot_be_removed(agency_world):
    store, _agency, _mandate, _staff, owner, _offer = agency_world
    member = store.members.get(user=owner)
    with pytest.raises(DomainError) as caught:
        services.remove_store_member(store=store, member_id=member.pk)
    assert caught.value.code == "last_owner"


def test_revoking_twice_is_refused(agency_world):
    store, _agency, mandate, _staff, owner, _offer = agency_world
    services.revoke_mandate(store=store, mandate_id=mandate.pk, actor=owner)
    with pytest.raises(DomainError) as caught:
        services.revoke_mandate(store=store, mandate_id=mandate.pk, actor=owner)
    assert caught.value.code == "already_revoked"
