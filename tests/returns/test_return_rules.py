"""Return rules: the store window, the D10 legal window for bonded goods (30 days to apply, 45 to be back),
lines and quantities, reasons and photos, destinations."""

import pytest

from tests.factories import UserFactory
from tests.factories.fulfilment import CnyStoreFactory, delivered_cbec_package
from tests.factories.marketplace import StoreApplicationFactory
from tests.returns.conftest import DAY, DELIVERED, RELEASED, SECOND, photo
from xborder.orders.states import Status
from xborder.returns import services
from xborder.returns.errors import ReturnError
from xborder.returns.models import FreightPayer, ReturnDestination, ReturnPolicy, ReturnRequest, ReturnStatus
from xborder.settlement.models import PayableHold

pytestmark = pytest.mark.django_db


def ask(package, lines, *, now, reason="changed_mind", photos=(), buyer=None):
    return services.request_return(
        buyer=buyer or package.order.buyer, package=package, lines=lines, reason=reason, photos=photos, now=now
    )


@pytest.mark.parametrize(
    ("applied", "destination", "relief_possible"),
    [
        pytest.param(RELEASED + 30 * DAY, ReturnDestination.BONDED_WAREHOUSE, True, id="day-30-bonded"),
        pytest.param(RELEASED + 30 * DAY + SECOND, ReturnDestination.LOCAL_ADDRESS, False, id="day-30-plus-1s-local"),
    ],
)
def test_bonded_goods_go_back_to_the_bonded_warehouse_only_when_applied_within_30_days(
    package, lines, applied, destination, relief_possible
):
    request = ask(package, {lines[1].pk: 1}, now=applied)
    services.receive_return(request=request, received_at=applied + DAY)

    assert request.destination == destination
    assert request.legal_apply_by == RELEASED + 30 * DAY and request.legal_back_by == RELEASED + 45 * DAY
    assert request.tax_not_levied is relief_possible


@pytest.mark.parametrize(
    ("received", "relief"),
    [
        pytest.param(RELEASED + 45 * DAY, True, id="back-on-day-45"),
        pytest.param(RELEASED + 45 * DAY + SECOND, False, id="back-after-day-45"),
    ],
)
def test_tax_is_not_levied_only_when_the_goods_are_back_within_45_days(package, lines, received, relief):
    request = ask(package, {lines[1].pk: 1}, now=RELEASED + 10 * DAY)
    services.mark_sent_back(request=request, buyer=package.order.buyer, carrier="SF", tracking_number="SF1234567")

    services.receive_return(request=request, received_at=received)

    request.refresh_from_db()
    assert request.status == ReturnStatus.RECEIVED and request.tax_not_levied is relief


def test_the_store_window_runs_from_delivery(package, lines):
    closes = DELIVERED + 40 * DAY

    assert ask(package, {lines[1].pk: 1}, now=closes).status == ReturnStatus.APPROVED
    with pytest.raises(ReturnError) as error:
        ask(package, {lines[0].pk: 1}, now=closes + SECOND)
    assert error.value.code == "return_window_closed"


def test_goods_not_yet_delivered_cannot_be_returned(package, lines):
    type(package).objects.filter(pk=package.pk).update(status=Status.SHIPPED)
    package.refresh_from_db()

    with pytest.raises(ReturnError) as error:
        ask(package, {lines[0].pk: 1}, now=DELIVERED + DAY)
    assert error.value.code == "not_delivered"


def test_only_the_buyer_can_return_their_package(package, lines):
    with pytest.raises(ReturnError) as error:
        ask(package, {lines[0].pk: 1}, now=DELIVERED + DAY, buyer=UserFactory())
    assert error.value.code == "not_found" and error.value.status == 404


@pytest.mark.parametrize(
    ("make_lines", "code"),
    [
        pytest.param(lambda a, b: {}, "no_lines", id="nothing"),
        pytest.param(lambda a, b: {a.pk: 0}, "quantity_invalid", id="zero-units"),
        pytest.param(lambda a, b: {a.pk: "1"}, "quantity_invalid", id="not-an-int"),
        pytest.param(lambda a, b: {a.pk: 3}, "quantity_exceeds", id="more-than-bought"),
        pytest.param(lambda a, b: {999999: 1}, "line_not_in_package", id="foreign-line"),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_written(package, lines, make_lines, code):
    with pytest.raises(ReturnError) as error:
        ask(package, make_lines(*lines), now=DELIVERED + DAY)

    assert error.value.code == code
    assert not ReturnRequest.objects.exists()


def test_units_in_an_open_return_cannot_be_returned_twice(package, lines):
    ask(package, {lines[0].pk: 1}, now=DELIVERED + DAY)
    ask(package, {lines[0].pk: 1}, now=DELIVERED + DAY)  # the second of two units

    with pytest.raises(ReturnError) as error:
        ask(package, {lines[0].pk: 1}, now=DELIVERED + DAY)
    assert error.value.code == "quantity_exceeds"


@pytest.mark.parametrize(
    ("reason", "photos", "code"),
    [
        pytest.param("bored", [], "reason_invalid", id="unknown-reason"),
        pytest.param("defective", [], "photos_required", id="defect-without-photo"),
        pytest.param("defective", [photo("x.png", b"GIF89a" + b"0" * 20)], "photo_invalid", id="not-a-png"),
        pytest.param("defective", [photo("x.exe")], "photo_invalid", id="wrong-extension"),
        pytest.param("defective", [photo() for _ in range(6)], "too_many_photos", id="six-photos"),
    ],
)
def test_reasons_and_photos_are_checked(package, lines, reason, photos, code):
    with pytest.raises(ReturnError) as error:
        ask(package, {lines[0].pk: 1}, now=DELIVERED + DAY, reason=reason, photos=photos)

    assert error.value.code == code


def test_a_defect_with_a_photo_is_approved_with_freight_paid_by_the_seller(package, lines):
    request = ask(package, {lines[0].pk: 1}, now=DELIVERED + DAY, reason="defective", photos=[photo()])

    assert request.status == ReturnStatus.APPROVED
    assert request.return_freight_paid_by == FreightPayer.SELLER
    assert request.photos.get().content_type == "image/png"
    assert list(request.events.values_list("to_status", flat=True)) == ["approved"]


@pytest.mark.parametrize(
    ("payer", "expected"),
    [pytest.param(None, FreightPayer.BUYER, id="default-buyer"), pytest.param("seller", "seller", id="store-pays")],
)
def test_who_pays_return_freight_for_a_change_of_mind_is_the_stores_setting(package, lines, payer, expected):
    if payer:
        ReturnPolicy.objects.create(store=package.order.store, return_freight_paid_by=payer)

    assert ask(package, {lines[0].pk: 1}, now=DELIVERED + DAY).return_freight_paid_by == expected


def test_an_m2c_merchant_outside_the_legal_window_gets_returns_at_its_local_address():
    store = CnyStoreFactory(return_window_days=60)
    StoreApplicationFactory(store=store)
    package = delivered_cbec_package(released_at=RELEASED, delivered_at=DELIVERED, store=store)
    line = package.lines.first()

    request = ask(package, {line.pk: 1}, now=RELEASED + 31 * DAY)

    assert request.destination == ReturnDestination.LOCAL_ADDRESS
    assert "世纪大道100号" in request.destination_address


def test_an_open_return_holds_the_sellers_payable(package, lines):
    from xborder.settlement.services import hold_until_return_window, release_due_payables

    hold_until_return_window(store=package.order.store, order_reference=package.order.number, delivered_at=DELIVERED)
    ask(package, {lines[0].pk: 1}, now=DELIVERED + DAY)

    assert release_due_payables(now=DELIVERED + 41 * DAY) == []
    assert PayableHold.objects.get().return_hold_until == DELIVERED + DAY + services.PAYABLE_HOLD


def test_a_cancelled_return_frees_its_units_and_the_payable(package, lines):
    request = ask(package, {lines[0].pk: 2}, now=DELIVERED + DAY)

    services.cancel_return(request=request, buyer=package.order.buyer)

    assert ask(package, {lines[0].pk: 2}, now=DELIVERED + DAY).status == ReturnStatus.APPROVED
    with pytest.raises(ReturnError) as error:
        services.cancel_return(request=request, buyer=package.order.buyer)
    assert error.value.code == "return_not_open"
