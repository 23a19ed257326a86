"""Cancellation before release (CEB623 -> CEB624 399 -> package cancelled, refunded, stock and quota released)
and bonded returns (CEB625 with the returned lines -> CEB626 recorded), through the in-process simulator."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.customs.test_pipeline import run_pipeline
from tests.factories.accounts import StaffFactory
from tests.factories.customs import paid_package
from xborder.core.errors import DomainError
from xborder.core.models import OutboxMessage, OutboxStatus
from xborder.core.outbox import deliver_due
from xborder.customs.gateway import InProcessGateway, use_gateway
from xborder.customs.messages import read_declaration
from xborder.customs.models import Clearance, DeclarationMessage, MessageState, Receipt, ReceiptSource
from xborder.customs.services import (
    cancel_declaration,
    declare_package,
    declare_pending_returns,
    declare_return,
    derive_clearance,
    poll_receipts,
    record_receipt,
)
from xborder.customs.simulator import CustomsSimulator, SimulatorConfig
from xborder.duties.models import QuotaEntry
from xborder.inventory.models import StockItem
from xborder.orders.models import TimelineEvent
from xborder.orders.states import Status, can_move
from xborder.payments.models import Payment
from xborder.returns.models import ReturnDestination, ReturnLine, ReturnReason, ReturnRequest, ReturnStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_simulator():
    """Customs accepts inventory lists and holds them (manual review) until told to release."""
    simulator = CustomsSimulator(SimulatorConfig(hold_status=300))
    with use_gateway(InProcessGateway(simulator)):
        yield simulator


@pytest.fixture
def simulator():
    simulator = CustomsSimulator(SimulatorConfig())
    with use_gateway(InProcessGateway(simulator)):
        yield simulator


def held_package(lines=(("120.00", 2), ("59.90", 1))):
    package = paid_package(lines=lines)
    declaration = declare_package(package=package)
    run_pipeline()
    declaration.refresh_from_db()
    assert declaration.clearance == Clearance.MANUAL_REVIEW
    return package, declaration


def released_package():
    package = paid_package(lines=(("120.00", 2), ("59.90", 1)))
    declaration = declare_package(package=package)
    run_pipeline()
    package.refresh_from_db()
    assert package.status == Status.FULFILLING
    return package, declaration


def bonded_return(package, quantities: dict[int, int]) -> ReturnRequest:
    """An approved bonded return of ``{line position: quantity}`` (positions from 1, lines by id)."""
    now = timezone.now()
    request = ReturnRequest.objects.create(
        number=f"RT{package.number[-10:]}",
        order=package.order,
        package=package,
        buyer=package.order.buyer,
        reason=ReturnReason.CHANGED_MIND,
        destination=ReturnDestination.BONDED_WAREHOUSE,
        destination_address="bonded warehouse",
        return_freight_paid_by="buyer",
        applied_at=now,
        delivered_at=now,
        released_at=now,
    )
    order_lines = list(package.lines.order_by("id"))
    for position, quantity in quantities.items():
        ReturnLine.objects.create(request=request, order_line=order_lines[position - 1], quantity=quantity)
    return request


def test_a_declaring_package_may_be_cancelled_by_the_state_machine():
    assert can_move(Status.DECLARING, Status.CANCELLED)


def test_cancel_before_release_sends_a_signed_valid_ceb623_in_the_callers_transaction(held_simulator):
    package, declaration = held_package()

    cancel_declaration(package=package, reason="buyer changed their mind")

    cancel = declaration.messages.get(message_type="CEB623")
    received = read_declaration(cancel.payload.encode())  # validates against our XSDs
    assert received.root.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is not None
    inventory_no = declaration.receipts.exclude(invt_no="").values_list("invt_no", flat=True).first()
    assert received.documents[0].draft.invt_no == inventory_no
    assert received.documents[0].draft.order_no == package.number
    assert received.documents[0].draft.reason == "buyer changed their mind"
    assert cancel.state == MessageState.PENDING
    assert cancel.outbox.status == OutboxStatus.PENDING


def test_ceb624_cancels_the_package_refunds_it_and_releases_stock_and_quota(held_simulator):
    package, declaration = held_package()
    cancel_declaration(package=package, reason="buyer changed their mind")

    run_pipeline()

    declaration.refresh_from_db()
    package.refresh_from_db()
    assert declaration.clearance == Clearance.CANCELLED
    assert declaration.receipts.get(message_type="CEB624").return_status == 399
    assert package.status == Status.CANCELLED
    assert package.order.status == Status.CANCELLED
    steps = list(TimelineEvent.objects.filter(package=package).values_list("to_status", flat=True))
    assert steps == [Status.DECLARING, Status.CANCELLED]
    for line in package.lines.all():
        assert StockItem.objects.get(variant=line.variant_id, warehouse=package.warehouse_id).reserved == 0
    held = sum(QuotaEntry.objects.filter(package_ref=package.number).values_list("amount", flat=True))
    assert held == 0
    assert Payment.objects.get(orders=package.order).refunded_amount == package.total
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 0


def test_a_duplicate_ceb624_changes_nothing(held_simulator):
    package, _ = held_package()
    cancel_declaration(package=package, reason="buyer changed their mind")
    run_pipeline()
    answer = next(r for r in held_simulator.receipts() if r.message_type == "CEB624")

    _, created = record_receipt(xml=answer.xml, source=ReceiptSource.PUSH)

    assert not created
    assert Receipt.objects.filter(message_type="CEB624").count() == 1
    assert Payment.objects.get(orders=package.order).refunds.count() == 1
    assert TimelineEvent.objects.filter(package=package, to_status=Status.CANCELLED).count() == 1


def test_cancel_after_release_is_refused_and_nothing_is_written(simulator):
    package, declaration = released_package()

    with pytest.raises(DomainError) as refused:
        cancel_declaration(package=package, reason="too late")

    assert refused.value.code == "declaration_released"
    assert not declaration.messages.filter(message_type="CEB623").exists()


@pytest.mark.parametrize("twice", [False, True], ids=["not_declared", "cancellation_under_way"])
def test_cancel_is_refused_without_an_accepted_inventory_list_or_while_one_is_pending(held_simulator, twice):
    if twice:
        package, _ = held_package()
        cancel_declaration(package=package, reason="first")
    else:
        package = paid_package()

    with pytest.raises(DomainError) as refused:
        cancel_declaration(package=package, reason="again")

    assert refused.value.code == "declaration_not_cancellable"
    assert DeclarationMessage.objects.filter(message_type="CEB623").count() == (1 if twice else 0)


def test_a_refused_cancellation_does_not_reject_the_declaration():
    assert derive_clearance({"CEB621": MessageState.ACCEPTED, "CEB623": MessageState.REJECTED}) == Clearance.ACCEPTED
    assert derive_clearance({"CEB621": MessageState.RELEASED, "CEB625": MessageState.REJECTED}) == Clearance.RELEASED


def test_operator_cancels_from_the_customs_desk(held_simulator, client):
    _, declaration = held_package()
    client.force_login(StaffFactory())

    page = client.get(f"/customs/desk/{declaration.pk}/")
    response = client.post(f"/customs/desk/{declaration.pk}/cancel/", {"reason": "out of stock at the warehouse"})

    assert b'data-testid="cancel-declaration"' in page.content
    assert response.status_code == 302
    assert declaration.messages.filter(message_type="CEB623", state=MessageState.PENDING).exists()


def test_bonded_return_sends_ceb625_with_the_returned_lines_and_records_ceb626(simulator):
    package, declaration = released_package()
    request = bonded_return(package, {1: 1, 2: 1})

    message = declare_return(return_request=request)
    refund = read_declaration(message.payload.encode()).documents[0].draft
    run_pipeline()

    assert [(line.gnum, line.qty) for line in refund.lines] == [(1, Decimal("1")), (2, Decimal("1"))]
    assert refund.order_no == package.number
    message.refresh_from_db()
    assert message.return_request == request
    assert message.state == MessageState.ACCEPTED
    receipt = declaration.receipts.get(message_type="CEB626")
    assert receipt.return_status == 399 and receipt.message_id == message.pk
    declaration.refresh_from_db()
    assert declaration.clearance == Clearance.RELEASED


def test_the_periodic_task_declares_each_pending_bonded_return_once(simulator):
    package, declaration = released_package()
    request = bonded_return(package, {1: 2})
    local = bonded_return(paid_package(), {1: 1})
    ReturnRequest.objects.filter(pk=local.pk).update(destination=ReturnDestination.LOCAL_ADDRESS, number="RTLOCAL")

    assert declare_pending_returns() == 1
    assert declare_pending_returns() == 0
    deliver_due()
    poll_receipts()

    assert DeclarationMessage.objects.get(message_type="CEB625").return_request_id == request.pk
    assert declaration.receipts.filter(message_type="CEB626", return_status=399).count() == 1
    with pytest.raises(DomainError) as refused:
        declare_return(return_request=request)
    assert refused.value.code == "return_already_declared"


def test_a_cancelled_return_is_not_declared(simulator):
    package, _ = released_package()
    request = bonded_return(package, {1: 1})
    ReturnRequest.objects.filter(pk=request.pk).update(status=ReturnStatus.CANCELLED)

    with pytest.raises(DomainError) as refused:
        declare_return(return_request=request)

    assert refused.value.code == "return_not_declarable"
    assert declare_pending_returns() == 0


def test_a_duplicate_ceb626_is_recorded_once(simulator):
    package, declaration = released_package()
    declare_return(return_request=bonded_return(package, {2: 1}))
    run_pipeline()
    answer = next(r for r in simulator.receipts() if r.message_type == "CEB626")

    _, created = record_receipt(xml=answer.xml, source=ReceiptSource.PUSH)

    assert not created
    assert declaration.receipts.filter(message_type="CEB626").count() == 1
