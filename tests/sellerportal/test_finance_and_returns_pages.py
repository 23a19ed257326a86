"""Statements and returns in the portal: agencies read the statement with ``finance_read`` and handle returns
with ``customer_service``, each of their writes audited; the navigation shows what the visitor may open."""

import pytest
from django.urls import reverse

from tests.sellerportal.world import build_world
from xborder.returns.models import ReturnStatus
from xborder.sellers.models import AuditEntry

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(f"sellerportal:{name}", kwargs={"slug": world.store.slug, **kwargs})


def test_an_agency_with_finance_read_gets_the_statement_as_html_and_csv(client):
    world = build_world()
    client.force_login(world.users["agency_finance_read"])

    page = client.get(url("statement", world))
    csv = client.get(url("statement", world), {"format": "csv"})

    assert page.status_code == 200 and "Opening balance" in page.content.decode()
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().splitlines()[1].startswith(",opening,")


def test_a_bad_statement_period_is_a_400_with_its_code(client):
    world = build_world()
    client.force_login(world.users["finance"])

    response = client.get(url("statement", world), {"start": "yesterday"})

    assert response.status_code == 400
    assert 'data-code="period_invalid"' in response.content.decode()


def test_an_agency_receiving_a_return_is_audited(client):
    world = build_world()
    member = world.users["agency_customer_service"]
    client.force_login(member)

    response = client.post(url("return_receive", world, number=world.return_request.number))

    assert response.status_code == 302
    world.return_request.refresh_from_db()
    assert world.return_request.status == ReturnStatus.RECEIVED
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.store, entry.action) == (member, world.store, "returns.process")
    assert entry.details == {"return": world.return_request.number, "step": "received"}
    assert entry.object_id == str(world.return_request.pk)


def test_a_refused_step_writes_no_audit_entry_and_shows_the_code(client):
    world = build_world()
    client.force_login(world.users["agency_customer_service"])

    response = client.post(url("return_inspect", world, number=world.return_request.number), follow=True)

    assert "return_not_open" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_a_return_of_another_store_is_404_in_this_stores_pages(client):
    world = build_world()
    client.force_login(world.users["owner"])

    assert client.get(url("return_detail", world, number="RT-NOPE")).status_code == 404


@pytest.mark.parametrize(
    ("role", "links"),
    [("finance", {"Statement", "Returns"}), ("agency_customer_service", {"Returns"}),
     ("agency_finance_read", {"Statement"}), ("staff", {"Returns"})],
    ids=["finance", "agency-customer-service", "agency-finance-read", "staff"],
)  # fmt: skip
def test_the_navigation_links_the_statement_and_returns_where_allowed(client, role, links):
    world = build_world()
    client.force_login(world.users[role])

    page = client.get(url("dashboard", world)).content.decode()

    shown = {name for name in ("Statement", "Returns") if f">{name}</a>" in page}
    assert shown == links
