"""Return pages: the buyer asks and follows; the store (its editors, agencies with ``customer_service``, audited) or
an operator receives and inspects, by ``sellers.access``."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import StaffFactory, StoreFactory, StoreMemberFactory, UserFactory
from tests.factories.fulfilment import delivered_cbec_package
from tests.returns.conftest import photo
from tests.sellerportal.world import build_world
from xborder.returns.models import ReturnRequest, ReturnStatus
from xborder.sellers.models import AuditEntry, StoreRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(db, settings, tmp_path):
    """Delivered three days ago: pages use the real clock."""
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    return delivered_cbec_package(released_at=now - dt.timedelta(days=5), delivered_at=now - dt.timedelta(days=3))


def test_the_buyer_asks_for_a_return_and_sees_where_to_send_it(client, package, lines):
    client.force_login(package.order.buyer)
    url = reverse("returns:new", args=[package.number])
    assert lines[0].description in client.get(url).content.decode()

    response = client.post(
        url,
        {f"line-{lines[0].pk}": "1", "reason": "damaged", "description": "cracked", "photos": [photo()]},
        follow=True,
    )

    request = ReturnRequest.objects.get()
    page = response.content.decode()
    assert request.status == ReturnStatus.APPROVED and request.photos.count() == 1
    assert package.warehouse.name in page and 'data-status="approved"' in page


def test_a_refused_request_shows_its_code(client, package, lines):
    client.force_login(package.order.buyer)

    response = client.post(reverse("returns:new", args=[package.number]), {"reason": "changed_mind"})

    assert response.status_code == 400 and 'data-code="no_lines"' in response.content.decode()


def test_another_buyer_cannot_open_the_return_form_or_a_return(client, package, lines):
    client.force_login(UserFactory())

    assert client.get(reverse("returns:new", args=[package.number])).status_code == 404


def test_send_back_receive_and_inspect_through_the_pages(client, package, lines):
    buyer = package.order.buyer
    client.force_login(buyer)
    client.post(reverse("returns:new", args=[package.number]), {f"line-{lines[1].pk}": "1", "reason": "changed_mind"})
    number = ReturnRequest.objects.get().number
    client.post(reverse("returns:sent_back", args=[number]), {"carrier": "SF", "tracking_number": "SF0001234"})

    assert client.post(reverse("returns:receive", args=[number])).status_code == 403
    client.force_login(StaffFactory())
    assert number in client.get(reverse("returns:manage")).content.decode()
    client.post(reverse("returns:receive", args=[number]))
    client.post(reverse("returns:inspect", args=[number]), {"mode": "all"})

    client.force_login(buyer)
    page = client.get(reverse("returns:detail", args=[number])).content.decode()
    assert 'data-status="refunded"' in page and "109.40 CNY" in page


@pytest.fixture
def world(settings):
    """Store A with every kind of person around it, for who may handle its return (passwords hashed fast)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


def test_an_agency_receiving_a_return_on_the_desk_page_leaves_an_audit_entry_the_brand_reads(client, world):
    agent = world.users["agency_customer_service"]
    number = world.return_request.number
    client.force_login(agent)

    response = client.post(reverse("returns:receive", args=[number]))

    assert (response.status_code, response["Location"]) == (302, reverse("returns:detail", args=[number]))
    world.return_request.refresh_from_db()
    assert world.return_request.status == ReturnStatus.RECEIVED
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.store, entry.action) == (agent, world.store, "returns.process")
    assert entry.details == {"return": number, "step": "received"}
    assert (entry.object_type, entry.object_id) == ("returnrequest", str(world.return_request.pk))
    client.force_login(world.users["owner"])
    audit_page = client.get(reverse("sellerportal:audit", kwargs={"slug": world.store.slug})).content.decode()
    assert "returns.process" in audit_page and agent.email in audit_page


def test_a_store_editor_receiving_on_the_desk_page_is_not_an_agency_action(client, world):
    client.force_login(world.users["staff"])

    client.post(reverse("returns:receive", args=[world.return_request.number]))

    world.return_request.refresh_from_db()
    assert world.return_request.status == ReturnStatus.RECEIVED
    assert not AuditEntry.objects.exists()


def test_a_refused_step_on_the_desk_page_shows_its_code_and_leaves_no_audit_entry(client, world):
    client.force_login(world.users["agency_customer_service"])

    response = client.post(reverse("returns:inspect", args=[world.return_request.number]), {"mode": "all"}, follow=True)

    assert "return_not_open" in response.content.decode()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("role", "buttons"),
    [("agency_customer_service", True), ("operator", True), ("staff", True), ("finance", False)],
)
def test_the_return_page_shows_receiving_to_exactly_those_who_may_receive(client, world, role, buttons):
    client.force_login(world.users[role])

    page = client.get(reverse("returns:detail", args=[world.return_request.number])).content.decode()

    assert (reverse("returns:receive", args=[world.return_request.number]) in page) is buttons


@pytest.mark.parametrize("stores", [1, 3])
def test_the_returns_desk_runs_the_same_queries_for_one_store_or_three(client, stores, django_assert_num_queries):
    member = UserFactory()
    for _ in range(stores):
        StoreMemberFactory(user=member, store=StoreFactory(), role=StoreRole.STAFF)
    client.force_login(member)

    # session, user; the user's ties (memberships, mandates); the stores whose returns they see (memberships,
    # mandates); the open returns
    with django_assert_num_queries(7):
        assert client.get(reverse("returns:manage")).status_code == 200
