"""A store A with every kind of person around it, for permission tests."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tests.factories import (
    AgencyFactory,
    AgencyMemberFactory,
    CategoryFactory,
    OfferFactory,
    StaffFactory,
    StoreFactory,
    StoreMemberFactory,
    UserFactory,
    WarehouseFactory,
)
from tests.factories.marketplace import MandateFactory
from tests.factories.orders import OrderFactory, OrderLineFactory, PackageFactory
from xborder.returns.models import ReturnLine, ReturnRequest
from xborder.sellerportal.models import ImportJob
from xborder.sellers.models import MandateScope, StoreRole

MEMBER_ROLES = ["owner", "manager", "staff", "finance"]
SCOPED_AGENCIES = [f"agency_{scope}" for scope in MandateScope.values]
DEAD_AGENCIES = ["agency_expired", "agency_revoked", "agency_not_started"]
ROLES = [*MEMBER_ROLES, "member_of_b", "buyer", *SCOPED_AGENCIES, *DEAD_AGENCIES, "operator"]
NO_TIE = {"member_of_b", "buyer", *DEAD_AGENCIES}


@dataclass
class World:
    store: object
    users: dict
    offer: object
    removable_member: object
    revocable_mandate: object
    job: object
    order: object
    spare_user: object
    spare_agency: object
    return_request: object


def _agency_user(store, **mandate):
    agency = AgencyFactory()
    MandateFactory(store=store, agency=agency, **mandate)
    return AgencyMemberFactory(agency=agency).user


def build_world() -> World:
    today = timezone.localdate()
    store = StoreFactory(slug="store-a", currency_id="JPY")
    other = StoreFactory(slug="store-b")
    users = {role: StoreMemberFactory(store=store, role=role).user for role in MEMBER_ROLES}
    users["member_of_b"] = StoreMemberFactory(store=other, role=StoreRole.OWNER).user
    users["buyer"] = UserFactory()
    users["operator"] = StaffFactory()
    for scope in MandateScope.values:
        users[f"agency_{scope}"] = _agency_user(store, scopes=[scope])
    every = list(MandateScope.values)
    users["agency_expired"] = _agency_user(
        store, scopes=every, starts_on=today - dt.timedelta(days=60), ends_on=today - dt.timedelta(days=1)
    )
    users["agency_revoked"] = _agency_user(store, scopes=every, revoked_at=timezone.now())
    users["agency_not_started"] = _agency_user(
        store, scopes=every, starts_on=today + dt.timedelta(days=1), ends_on=today + dt.timedelta(days=30)
    )
    line = OrderLineFactory(package=PackageFactory(order=OrderFactory(store=store, status="paid")))
    CategoryFactory(slug="beauty")
    WarehouseFactory(code="osaka")
    return World(
        store=store,
        users=users,
        offer=OfferFactory(store=store, warehouse=WarehouseFactory(code="osaka")),
        removable_member=StoreMemberFactory(store=store, role=StoreRole.STAFF),
        revocable_mandate=MandateFactory(store=store, scopes=["marketing"]),
        job=ImportJob.objects.create(
            store=store, created_by=users["owner"], file="catalog-imports/x.csv", file_format="csv"
        ),
        order=line.order,
        spare_user=UserFactory(email="newcomer@example.com"),
        spare_agency=AgencyFactory(slug="spare-agency"),
        return_request=_return_of(line),
    )


def _return_of(line):
    """An approved return of one unit of ``line`` (store A), waiting to be received."""
    now = timezone.now()
    request = ReturnRequest.objects.create(
        number="RT-WORLD-1", order=line.order, package=line.package, buyer=line.order.buyer, reason="changed_mind",
        destination="local_address", destination_address="Shanghai", return_freight_paid_by="buyer", applied_at=now,
        delivered_at=now,
    )  # fmt: skip
    ReturnLine.objects.create(request=request, order_line=line, quantity=1)
    return request
