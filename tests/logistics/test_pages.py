"""Warehouse pick/pack/ship screens, the operators' late list and the buyer's tracking page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import StaffFactory, UserFactory
from tests.factories.fulfilment import cleared_package
from tests.factories.sellers import StoreMemberFactory
from xborder.logistics import services
from xborder.logistics.models import Shipment
from xborder.orders.models import CustomsMode
from xborder.orders.states import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_staff_pick_then_ship_a_package_from_the_warehouse_screen(staff_client, domestic):
    package = cleared_package(mode=CustomsMode.BONDED)
    url = reverse("logistics:warehouse", args=[package.warehouse.code])
    assert package.number in staff_client.get(url).content.decode()

    staff_client.post(reverse("logistics:pick", args=[package.warehouse.code, package.number]))
    package.refresh_from_db()
    assert package.status == Status.FULFILLING

    response = staff_client.post(
        reverse("logistics:ship", args=[package.warehouse.code]),
        {"packages": [package.number], "carrier": domestic.pk, "tracking_number": "SF5550001"},
        follow=True,
    )

    package.refresh_from_db()
    assert package.status == Status.SHIPPED
    assert Shipment.objects.get().number in response.content.decode()


def test_a_refused_shipment_shows_its_code_and_changes_nothing(staff_client, international):
    package = cleared_package(mode=CustomsMode.BONDED)

    response = staff_client.post(
        reverse("logistics:ship", args=[package.warehouse.code]),
        {"packages": [package.number], "carrier": international.pk, "tracking_number": "EJ0000001"},
        follow=True,
    )

    assert "carrier_unsuitable" in response.content.decode()
    assert not Shipment.objects.exists()


def test_the_warehouse_screen_is_for_staff_and_the_operating_store(client):
    package = cleared_package(mode=CustomsMode.BONDED)
    url = reverse("logistics:warehouse", args=[package.warehouse.code])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403

    member = StoreMemberFactory()
    package.warehouse.operator = member.store
    package.warehouse.save()
    client.force_login(member.user)
    assert client.get(url).status_code == 200


def test_the_warehouse_screen_is_a_fixed_number_of_queries(staff_client, domestic, django_assert_max_num_queries):
    warehouse = cleared_package(mode=CustomsMode.BONDED).warehouse
    for _ in range(4):
        cleared_package(mode=CustomsMode.BONDED, warehouse=warehouse)

    with django_assert_max_num_queries(12):
        staff_client.get(reverse("logistics:warehouse", args=[warehouse.code]))


def test_operators_see_late_shipments(staff_client, domestic):
    package = cleared_package(mode=CustomsMode.BONDED)
    shipped = timezone.now() - dt.timedelta(days=4)
    shipment = services.ship_packages(packages=[package], carrier=domestic, tracking_number="SF5550001", now=shipped)

    response = staff_client.get(reverse("logistics:late"))

    assert shipment.number in response.content.decode()


def test_the_buyer_sees_the_merged_timeline_of_their_order_and_no_one_elses(client, domestic):
    package = cleared_package(mode=CustomsMode.BONDED)
    services.ship_packages(packages=[package], carrier=domestic, tracking_number="SF5550001")
    url = reverse("logistics:order_tracking", args=[package.order.number])

    client.force_login(package.order.buyer)
    page = client.get(url).content.decode()
    assert "SF5550001" in page and 'data-code="shipped"' in page

    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_the_carrier_secret_is_write_only_in_the_admin(staff_client, pushing):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("root@xborder.example", "correct horse battery")
    staff_client.force_login(admin_user)
    url = reverse("admin:logistics_carrier_change", args=[pushing.pk])

    page = staff_client.get(url).content.decode()
    fields = {"code": pushing.code, "name": pushing.name, "client": "", "tracking_url": "", "is_active": "on",
              "webhook_secret": ""}  # fmt: skip
    staff_client.post(url, fields)

    pushing.refresh_from_db()
    assert pushing.webhook_secret not in page
    assert pushing.webhook_secret == "whsec-test-0123456789"


def test_staff_name_the_last_mile_of_a_direct_mail_shipment(staff_client, international, domestic):
    package = cleared_package()
    shipment = services.ship_packages(packages=[package], carrier=international, tracking_number="EJ0000001")
    url = reverse("logistics:warehouse", args=[package.warehouse.code])
    assert "Set last mile" in staff_client.get(url).content.decode()

    staff_client.post(
        reverse("logistics:last_mile", args=[package.warehouse.code, shipment.number]),
        {"carrier": domestic.pk, "tracking_number": "SF0000042"},
    )

    assert shipment.legs.get(kind="domestic").tracking_number == "SF0000042"
