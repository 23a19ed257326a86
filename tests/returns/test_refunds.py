"""Inspection and refund: amounts (goods, freight where due, tax when not levied), partial returns adding up,
the buyer's quota released for the returned lines, the payment refunded and the ledger reversed."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from tests.returns.conftest import DAY, DELIVERED, RELEASED, photo
from xborder.duties.models import QuotaEntry
from xborder.orders.states import Status
from xborder.payments.models import Payment
from xborder.payments.states import PaymentStatus
from xborder.returns import services
from xborder.returns.errors import ReturnError
from xborder.returns.models import ReturnPolicy, ReturnStatus
from xborder.settlement import selectors
from xborder.settlement.models import AccountCode as A

pytestmark = pytest.mark.django_db
D = Decimal


def returned(package, lines, *, reason="changed_mind", applied=DELIVERED + DAY, received=DELIVERED + 5 * DAY,
             accepted=None):  # fmt: skip
    buyer = package.order.buyer
    photos = [photo()] if reason != "changed_mind" else []
    request = services.request_return(buyer=buyer, package=package, lines=lines, reason=reason, photos=photos,
                                      now=applied)  # fmt: skip
    services.mark_sent_back(request=request, buyer=buyer, carrier="SF", tracking_number="SF7654321")
    services.receive_return(request=request, received_at=received)
    return services.inspect_return(request=request, accepted=accepted, now=received)


def quota_held(package):
    return QuotaEntry.objects.filter(package_ref=package.number).aggregate(total=Sum("amount"))["total"]


def test_one_unit_of_a_line_refunds_its_goods_and_tax_and_releases_its_quota(package, lines):
    request = returned(package, {lines[0].pk: 1})

    assert request.status == ReturnStatus.REFUNDED
    assert (request.goods_refund, request.freight_refund, request.tax_refund) == (D("100.00"), 0, D("9.41"))
    assert request.quota_released == D("103.34")
    assert quota_held(package) == D("206.66")
    assert Payment.objects.get().refunded_amount == D("109.41")


def test_partial_returns_of_every_unit_add_up_to_the_whole_line(package, lines):
    first = returned(package, {lines[0].pk: 1})
    second = returned(package, {lines[0].pk: 1})

    assert first.tax_refund + second.tax_refund == D("18.81")
    assert first.quota_released + second.quota_released == D("206.67")
    package.refresh_from_db()
    assert package.status == Status.DELIVERED  # line B is still with the buyer


def test_returning_the_whole_package_for_a_defect_refunds_freight_and_closes_package_and_order(package, lines):
    request = returned(package, {lines[0].pk: 2, lines[1].pk: 1}, reason="defective")

    assert (request.goods_refund, request.freight_refund, request.tax_refund) == (D("300.00"), D("10.00"), D("28.21"))
    assert quota_held(package) == 0
    payment = Payment.objects.get()
    assert payment.refunded_amount == D("338.21") and payment.status == PaymentStatus.REFUNDED
    package.refresh_from_db()
    package.order.refresh_from_db()
    assert package.status == Status.REFUNDED and package.order.status == Status.REFUNDED


@pytest.mark.parametrize(
    ("refund_freight", "freight"),
    [pytest.param(False, D("0"), id="policy-keeps-freight"), pytest.param(True, D("10.00"), id="policy-refunds")],
)
def test_freight_of_a_change_of_mind_follows_the_store_policy(package, lines, refund_freight, freight):
    ReturnPolicy.objects.create(store=package.order.store, refund_outbound_freight=refund_freight)

    request = returned(package, {lines[0].pk: 2, lines[1].pk: 1})

    assert request.freight_refund == freight


def test_goods_back_after_45_days_are_refunded_without_tax_or_quota(package, lines):
    request = returned(package, {lines[1].pk: 1}, applied=RELEASED + 20 * DAY, received=RELEASED + 46 * DAY)

    assert (request.goods_refund, request.tax_refund, request.quota_released) == (D("100.00"), 0, 0)
    assert quota_held(package) == D("310.00")


def test_the_ledger_reverses_the_seller_share_commission_and_tax(package, lines):
    store = package.order.store
    before = (selectors.owed_balance(A.SELLER_PAYABLE, store=store), selectors.owed_balance(A.TAX_WITHHELD))

    returned(package, {lines[1].pk: 1})

    after = (selectors.owed_balance(A.SELLER_PAYABLE, store=store), selectors.owed_balance(A.TAX_WITHHELD))
    assert before == (D("295.00"), D("28.21"))  # 300 + 10 freight - 5% of 300
    assert after == (D("200.00"), D("18.81"))  # 100 goods less its 5.00 commission; 9.40 tax not levied
    assert selectors.unbalanced_entries() == []


def test_inspection_may_accept_only_some_units(package, lines):
    request = returned(package, {lines[0].pk: 2}, accepted={lines[0].pk: 1})

    assert request.goods_refund == D("100.00")
    assert [line.accepted_quantity for line in request.lines.all()] == [1]


def test_accepting_nothing_rejects_the_return_and_refunds_nothing(package, lines):
    request = returned(package, {lines[0].pk: 2}, accepted={})

    assert request.status == ReturnStatus.REJECTED
    assert Payment.objects.get().refunded_amount == 0
    assert quota_held(package) == D("310.00")


def test_a_return_is_refunded_once(package, lines):
    request = returned(package, {lines[1].pk: 1})

    with pytest.raises(ReturnError) as error:
        services.inspect_return(request=request)

    assert error.value.code == "return_not_open"
    assert Payment.objects.get().refunded_amount == D("109.40")


@pytest.mark.parametrize(
    "accepted",
    [pytest.param({"x": 1}, id="unknown-line"), pytest.param("bad", id="bad-units")],
)
def test_bad_inspection_input_changes_nothing(package, lines, accepted):
    buyer = package.order.buyer
    request = services.request_return(buyer=buyer, package=package, lines={lines[1].pk: 1}, reason="changed_mind",
                                      now=DELIVERED + DAY)  # fmt: skip
    services.receive_return(request=request, received_at=DELIVERED + 2 * DAY)
    bad = {lines[1].pk: accepted} if accepted == "bad" else accepted

    with pytest.raises(ReturnError):
        services.inspect_return(request=request, accepted=bad)

    request.refresh_from_db()
    assert request.status == ReturnStatus.RECEIVED and Payment.objects.get().refunded_amount == 0


def test_a_ledger_refusal_stops_the_refund_before_any_money_moves(package, lines):
    from xborder.settlement.errors import SettlementError
    from xborder.settlement.services import record_refund

    order = package.order
    record_refund(store=order.store, order_reference=order.number, refund_reference="manual", goods="310.00")

    with pytest.raises(SettlementError) as error:
        returned(package, {lines[1].pk: 1})

    assert error.value.code == "refund_exceeds_payment"
    assert Payment.objects.get().refunded_amount == 0
