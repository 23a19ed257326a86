"""Return pages: the buyer asks and follows; the store or an operator receives and inspects."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import StaffFactory, UserFactory
from tests.factories.fulfilment import delivered_cbec_package
from tests.returns.conftest import photo
from xborder.returns.models import ReturnRequest, ReturnStatus

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
