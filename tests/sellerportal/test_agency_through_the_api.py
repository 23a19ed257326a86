"""Agency operation through the API: the same rule as the portal (``sellers.access``), every agency write audited
in the write's own transaction, and a revoked or expired mandate refused on the very next request."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import AgencyFactory, AgencyMemberFactory, StoreMemberFactory
from tests.factories.fulfilment import delivered_cbec_package
from tests.factories.marketplace import MandateFactory
from tests.factories.orders import OrderFactory
from xborder.accounts.services import issue_api_token
from xborder.returns.models import ReturnRequest, ReturnStatus
from xborder.sellers import services
from xborder.sellers.models import AuditEntry, Mandate

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(user=user, name='agency')[1]}"}


def agency_member(store, scopes: list[str]):
    agency = AgencyFactory()
    mandate = MandateFactory(store=store, agency=agency, scopes=scopes)
    return AgencyMemberFactory(agency=agency).user, mandate


@pytest.fixture
def sent_back_return(client):
    """A bonded package's return the buyer asked for and sent back, through the API."""
    now = timezone.now()
    package = delivered_cbec_package(released_at=now - dt.timedelta(days=5), delivered_at=now - dt.timedelta(days=3))
    buyer = bearer(package.order.buyer)
    line = package.lines.order_by("pk").last()
    body = {"package": package.number, "lines": [{"line_id": line.pk, "quantity": 1}], "reason": "changed_mind"}
    number = client.post("/api/v1/returns", body, content_type="application/json", **buyer).json()["number"]
    client.post(f"/api/v1/returns/{number}/sent-back", {"carrier": "SF", "tracking_number": "SF0000001"},
                content_type="application/json", **buyer)  # fmt: skip
    return package.order.store, number


def test_an_agency_receiving_and_inspecting_a_return_through_the_api_leaves_audit_entries_the_brand_reads(
    client, sent_back_return
):
    store, number = sent_back_return
    agent, mandate = agency_member(store, ["customer_service"])
    owner = StoreMemberFactory(store=store, role="owner").user

    received = client.post(f"/api/v1/returns/{number}/receive", **bearer(agent))
    inspected = client.post(f"/api/v1/returns/{number}/inspect", {"accepted": None}, content_type="application/json",
                            **bearer(agent))  # fmt: skip

    assert received.status_code == 200 and inspected.status_code == 200
    assert inspected.json()["status"] == ReturnStatus.REFUNDED
    entries = list(AuditEntry.objects.filter(store=store).order_by("id"))
    assert [(e.actor, e.mandate, e.action, e.details["step"]) for e in entries] == [
        (agent, mandate, "returns.process", "received"),
        (agent, mandate, "returns.process", "inspected"),
    ]
    assert all(e.details["return"] == number and e.object_type == "returnrequest" for e in entries)
    client.force_login(owner)
    audit_page = client.get(reverse("sellerportal:audit", kwargs={"slug": store.slug})).content.decode()
    assert audit_page.count("returns.process") == 2 and agent.email in audit_page


def test_store_members_and_operators_handling_a_return_through_the_api_are_not_agency_actions(client, sent_back_return):
    store, number = sent_back_return
    editor = StoreMemberFactory(store=store, role="staff").user

    assert client.post(f"/api/v1/returns/{number}/receive", **bearer(editor)).status_code == 200

    assert not AuditEntry.objects.exists()


def test_an_agency_without_the_customer_service_scope_cannot_receive_a_return_and_leaves_no_trace(
    client, sent_back_return
):
    store, number = sent_back_return
    agent, _mandate = agency_member(store, ["catalog", "orders", "finance_read"])

    response = client.post(f"/api/v1/returns/{number}/receive", **bearer(agent))

    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert ReturnRequest.objects.get(number=number).status == ReturnStatus.IN_TRANSIT
    assert not AuditEntry.objects.exists()


def test_an_agency_with_the_orders_scope_lists_store_orders_through_the_api(client):
    order = OrderFactory(status="paid")
    agent, _mandate = agency_member(order.store, ["orders"])

    response = client.get(f"/api/v1/orders/store/{order.store_id}", **bearer(agent))

    assert response.status_code == 200
    assert [item["number"] for item in response.json()["items"]] == [order.number]


def test_revoking_a_mandate_cuts_the_agency_off_the_api_on_the_next_request(client):
    order = OrderFactory(status="paid")
    agent, mandate = agency_member(order.store, ["orders"])
    owner = StoreMemberFactory(store=order.store, role="owner").user
    token = bearer(agent)
    url = f"/api/v1/orders/store/{order.store_id}"
    assert client.get(url, **token).status_code == 200

    services.revoke_mandate(store=order.store, mandate_id=mandate.pk, actor=owner)
    response = client.get(url, **token)

    assert (response.status_code, response.json()["code"]) == (404, "order_not_found")


def test_a_mandate_opens_the_api_on_its_last_day_and_not_the_day_after(client):
    order = OrderFactory(status="paid")
    agent, mandate = agency_member(order.store, ["orders"])
    session = Client()
    session.force_login(agent)
    today = timezone.localdate()
    url = f"/api/v1/orders/store/{order.store_id}"

    Mandate.objects.filter(pk=mandate.pk).update(ends_on=today)
    on_the_last_day = session.get(url).status_code
    Mandate.objects.filter(pk=mandate.pk).update(ends_on=today - dt.timedelta(days=1))
    the_day_after = session.get(url).status_code

    assert (on_the_last_day, the_day_after) == (200, 404)


def test_store_orders_through_the_api_are_a_fixed_number_of_queries_for_an_agency(client):
    first = OrderFactory(status="paid")
    agent, _mandate = agency_member(first.store, ["orders"])
    client.force_login(agent)
    url = f"/api/v1/orders/store/{first.store_id}"

    with CaptureQueriesContext(connection) as one_order:
        client.get(url)
    for _ in range(5):
        OrderFactory(store=first.store, status="paid")
    with CaptureQueriesContext(connection) as six_orders:
        assert len(client.get(url).json()["items"]) == 6

    # session, user, store, role, mandates, count, page
    assert len(six_orders) == len(one_order) == 7
