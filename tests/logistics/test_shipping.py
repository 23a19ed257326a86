"""Pick, pack and ship: legs per mode, delivery estimates, stock leaving the warehouse, consolidation rules."""

import datetime as dt

import pytest

from tests.factories import UserFactory
from tests.factories.fulfilment import cleared_package
from tests.factories.inventory import BondedWarehouseFactory, WarehouseFactory
from tests.logistics.conftest import NOW
from xborder.inventory.models import StockItem
from xborder.logistics import selectors, services
from xborder.logistics.errors import LogisticsError
from xborder.logistics.models import LegKind, Shipment, ShipmentMode
from xborder.orders.models import CustomsMode
from xborder.orders.states import Status

pytestmark = pytest.mark.django_db


def test_a_bonded_package_ships_on_one_domestic_leg_due_in_1_to_3_days(domestic):
    package = cleared_package(mode=CustomsMode.BONDED, quantity=2)

    shipment = services.ship_packages(packages=[package], carrier=domestic, tracking_number="SF1000001", now=NOW)

    assert shipment.mode == ShipmentMode.BONDED
    assert [(leg.kind, leg.tracking_number) for leg in shipment.legs.all()] == [(LegKind.DOMESTIC, "SF1000001")]
    assert (shipment.estimated_from, shipment.estimated_by) == (NOW + dt.timedelta(days=1), NOW + dt.timedelta(days=3))


def test_shipping_commits_the_reserved_stock_and_moves_package_and_order_to_shipped(domestic):
    package = cleared_package(mode=CustomsMode.BONDED, quantity=2)

    services.ship_packages(packages=[package], carrier=domestic, tracking_number="SF1000001", now=NOW)

    stock = StockItem.objects.get(warehouse=package.warehouse)
    package.refresh_from_db()
    package.order.refresh_from_db()
    assert (stock.quantity, stock.reserved) == (5, 0)
    assert package.status == Status.SHIPPED and package.order.status == Status.SHIPPED
    assert list(package.order.timeline.values_list("to_status", flat=True)) == [
        "fulfilling",
        "shipped",
        "fulfilling",
        "shipped",
    ]


def test_a_direct_mail_package_travels_international_port_and_last_mile_due_in_7_to_15_days(international, domestic):
    package = cleared_package()

    shipment = services.ship_packages(
        packages=[package], carrier=international, tracking_number="EJ123456789JP", domestic_carrier=domestic, now=NOW
    )

    assert [leg.kind for leg in shipment.legs.all()] == [
        LegKind.INTERNATIONAL,
        LegKind.PORT_CLEARANCE,
        LegKind.DOMESTIC,
    ]
    assert (shipment.estimated_from, shipment.estimated_by) == (NOW + dt.timedelta(days=7), NOW + dt.timedelta(days=15))


def test_a_longer_promise_on_the_package_sets_the_estimate(international):
    package = cleared_package()
    package.delivery_max_days = 20
    package.save()

    estimate = selectors.delivery_estimate(mode=ShipmentMode.DIRECT_MAIL, shipped_at=NOW, packages=[package])

    assert estimate.latest == NOW + dt.timedelta(days=20)


def test_one_buyers_direct_mail_packages_from_one_overseas_warehouse_are_consolidated(international):
    buyer, warehouse = UserFactory(), WarehouseFactory()
    first, second = (cleared_package(buyer=buyer, warehouse=warehouse) for _ in range(2))

    shipment = services.ship_packages(
        packages=[first, second], carrier=international, tracking_number="EJ000001", now=NOW
    )

    assert sorted(link.package_id for link in shipment.shipment_packages.all()) == sorted([first.pk, second.pk])
    assert Shipment.objects.count() == 1


def _incompatible(case):
    buyer, warehouse = UserFactory(), WarehouseFactory()
    first = cleared_package(buyer=buyer, warehouse=warehouse)
    if case == "buyers":
        return [first, cleared_package(warehouse=warehouse)]
    if case == "warehouses":
        return [first, cleared_package(buyer=buyer)]
    if case == "modes":
        return [first, cleared_package(buyer=buyer, warehouse=warehouse, mode=CustomsMode.BONDED)]
    bonded = BondedWarehouseFactory()
    return [cleared_package(buyer=buyer, warehouse=bonded, mode=CustomsMode.BONDED) for _ in range(2)]


@pytest.mark.parametrize(
    ("case", "code"),
    [
        pytest.param("buyers", "consolidation_mixed_buyers", id="two-buyers"),
        pytest.param("warehouses", "consolidation_mixed_warehouses", id="two-warehouses"),
        pytest.param("modes", "consolidation_mixed_modes", id="bonded-with-direct-mail"),
        pytest.param("bonded", "consolidation_not_direct_mail", id="bonded-packages"),
    ],
)
def test_only_compatible_packages_are_consolidated(international, case, code):
    packages = _incompatible(case)

    with pytest.raises(LogisticsError) as error:
        services.ship_packages(packages=packages, carrier=international, tracking_number="EJ000001", now=NOW)

    assert error.value.code == code
    assert not Shipment.objects.exists()
    assert all(p.status == Status.CLEARED for p in type(packages[0]).objects.filter(pk__in=[p.pk for p in packages]))


def test_a_package_not_cleared_cannot_ship(domestic):
    package = cleared_package(mode=CustomsMode.BONDED)
    package.status = Status.DECLARING
    package.save()

    with pytest.raises(LogisticsError) as error:
        services.ship_packages(packages=[package], carrier=domestic, tracking_number="SF000001", now=NOW)

    assert error.value.code == "package_not_ready"


def test_a_package_ships_once(domestic):
    package = cleared_package(mode=CustomsMode.BONDED)
    services.ship_packages(packages=[package], carrier=domestic, tracking_number="SF1000001", now=NOW)
    package.refresh_from_db()
    package.status = Status.FULFILLING  # even if its status were wrong, the link table says it is shipped
    package.save()

    with pytest.raises(LogisticsError) as error:
        services.ship_packages(packages=[package], carrier=domestic, tracking_number="SF1000002", now=NOW)

    assert error.value.code == "package_already_shipped"


@pytest.mark.parametrize(
    ("tracking", "code"),
    [
        pytest.param("", "tracking_number_invalid", id="empty"),
        pytest.param("SF 1", "tracking_number_invalid", id="space"),
        pytest.param("SF1000001", "tracking_number_taken", id="taken"),
    ],
)
def test_tracking_numbers_are_valid_and_unique_per_carrier(domestic, tracking, code):
    services.ship_packages(packages=[cleared_package(mode=CustomsMode.BONDED)], carrier=domestic,
                           tracking_number="SF1000001", now=NOW)  # fmt: skip
    package = cleared_package(mode=CustomsMode.BONDED)

    with pytest.raises(LogisticsError) as error:
        services.ship_packages(packages=[package], carrier=domestic, tracking_number=tracking, now=NOW)

    assert error.value.code == code
    package.refresh_from_db()
    assert package.status == Status.CLEARED


def test_bonded_goods_do_not_leave_with_an_international_carrier(international):
    with pytest.raises(LogisticsError) as error:
        services.ship_packages(packages=[cleared_package(mode=CustomsMode.BONDED)], carrier=international,
                               tracking_number="EJ000001", now=NOW)  # fmt: skip

    assert error.value.code == "carrier_unsuitable"


def test_picking_moves_a_cleared_package_to_fulfilling(domestic):
    package = cleared_package(mode=CustomsMode.BONDED)

    services.start_picking(package=package)

    package.refresh_from_db()
    assert package.status == Status.FULFILLING


def test_the_last_mile_can_be_named_at_the_port(international, domestic):
    shipment = services.ship_packages(
        packages=[cleared_package()], carrier=international, tracking_number="EJ000001", now=NOW
    )

    leg = services.assign_last_mile(shipment=shipment, carrier=domestic, tracking_number="SF000077")

    assert (leg.kind, leg.carrier, leg.tracking_number) == (LegKind.DOMESTIC, domestic, "SF000077")
