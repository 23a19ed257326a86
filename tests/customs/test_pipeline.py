"""The declaration pipeline end to end, through an in-process customs simulator: paid -> declared (four
XSD-valid messages through the outbox) -> receipts -> released -> cleared and handed to fulfilment; and the
rejection path (refund, stock and quota released)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories.customs import buyer_with_identity, paid_package
from xborder.core.models import OutboxMessage, OutboxStatus
from xborder.core.outbox import deliver_due
from xborder.customs.gateway import InProcessGateway, use_gateway
from xborder.customs.messages import read_declaration
from xborder.customs.messages.fields import CUSTOMS_TZ
from xborder.customs.models import Clearance, DeclarationEvent, MessageState, Receipt
from xborder.customs.services import declare_package, derive_clearance, poll_receipts
from xborder.customs.simulator import CustomsSimulator, SimulatorConfig
from xborder.duties.models import QuotaEntry, QuotaEntryKind
from xborder.inventory.models import StockItem
from xborder.orders.models import TimelineEvent
from xborder.orders.states import Status
from xborder.payments.models import Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def simulator():
    simulator = CustomsSimulator(SimulatorConfig())
    with use_gateway(InProcessGateway(simulator)):
        yield simulator


def run_pipeline() -> None:
    deliver_due()
    poll_receipts()


def test_a_paid_package_is_declared_with_four_schema_valid_messages_in_the_outbox(simulator):
    package = paid_package()

    declaration = declare_package(package=package)

    messages = list(declaration.messages.order_by("id"))
    assert [message.message_type for message in messages] == ["CEB311", "CEB411", "CEB511", "CEB621"]
    for message in messages:
        received = read_declaration(message.payload.encode())  # validates against our XSDs
        assert received.guid == message.guid
        assert received.documents[0].draft.order_no == package.number
        assert message.state == MessageState.PENDING
        assert message.outbox.status == OutboxStatus.PENDING
    package.refresh_from_db()
    assert package.status == Status.DECLARING
    assert package.order.status == Status.DECLARING
    assert declaration.clearance == Clearance.PENDING


def test_released_package_is_cleared_quota_committed_and_handed_to_fulfilment(simulator):
    package = paid_package(lines=(("120.00", 2), ("59.90", 1)))
    declaration = declare_package(package=package)

    run_pipeline()

    declaration.refresh_from_db()
    package.refresh_from_db()
    assert declaration.clearance == Clearance.RELEASED
    assert set(declaration.messages.values_list("state", flat=True)) == {MessageState.ACCEPTED, MessageState.RELEASED}
    assert package.status == Status.FULFILLING
    assert package.order.status == Status.FULFILLING
    kinds = set(QuotaEntry.objects.filter(package_ref=package.number).values_list("kind", flat=True))
    assert kinds == {QuotaEntryKind.RESERVED, QuotaEntryKind.COMMITTED}
    package_steps = list(TimelineEvent.objects.filter(package=package).values_list("to_status", flat=True))
    assert package_steps == [Status.DECLARING, Status.CLEARED, Status.FULFILLING]
    clearance_steps = list(DeclarationEvent.objects.filter(declaration=declaration).values_list("to_status", flat=True))
    assert clearance_steps[0] == Clearance.PENDING and clearance_steps[-1] == Clearance.RELEASED
    assert Receipt.objects.filter(declaration=declaration, message_type="CEB816").exists()
    assert not declaration.reconciliation_items.exists()
    stored_states = dict(declaration.messages.order_by("id").values_list("message_type", "state"))
    assert declaration.clearance == derive_clearance(stored_states)  # the denormalised clearance agrees
    year = timezone.localtime(declaration.created_at, CUSTOMS_TZ).year
    assert simulator.quota_used(package.order.buyer.identity.id_number, year) == package.dutiable_value


def test_over_annual_quota_in_the_simulators_ledger_rejects_refunds_and_releases_stock_and_quota():
    simulator = CustomsSimulator(SimulatorConfig(annual_limit=Decimal("150.00")))
    buyer = buyer_with_identity()
    first = paid_package(buyer=buyer, lines=(("100.00", 1),))
    second = paid_package(buyer=buyer, lines=(("80.00", 1),))
    with use_gateway(InProcessGateway(simulator)):
        declare_package(package=first)
        run_pipeline()
        declaration = declare_package(package=second)
        run_pipeline()

    declaration.refresh_from_db()
    second.refresh_from_db()
    assert declaration.clearance == Clearance.REJECTED
    assert declaration.clearance_reason.startswith("over_annual_limit")
    assert second.status == Status.REFUNDED
    steps = list(TimelineEvent.objects.filter(package=second).values_list("to_status", flat=True))
    assert steps == [Status.DECLARING, Status.CUSTOMS_REJECTED, Status.REFUNDED]
    payment = Payment.objects.get(orders=second.order)
    assert payment.refunded_amount == second.total
    assert payment.status == "refunded"
    line = second.lines.get()
    assert StockItem.objects.get(variant=line.variant_id, warehouse=second.warehouse_id).reserved == 0
    held = sum(QuotaEntry.objects.filter(package_ref=second.number).values_list("amount", flat=True))
    assert held == 0
    first.refresh_from_db()
    assert first.status == Status.FULFILLING
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 0


def test_an_order_whose_second_package_is_rejected_follows_its_released_package():
    simulator = CustomsSimulator(SimulatorConfig(annual_limit=Decimal("150.00")))
    first = paid_package(lines=(("100.00", 1),))
    second = paid_package(order=first.order, lines=(("80.00", 1),))
    with use_gateway(InProcessGateway(simulator)):
        declare_package(package=first)
        run_pipeline()
        declare_package(package=second)
        run_pipeline()

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.FULFILLING, Status.REFUNDED)
    assert first.order.status == Status.FULFILLING


def test_a_refused_follow_up_is_put_on_the_declaration_and_does_not_block_the_receipts():
    simulator = CustomsSimulator(SimulatorConfig())
    simulator.config.faults.reject_reason = "documents_mismatched: test"
    package = paid_package()
    StockItem.objects.update(reserved=0)  # someone released the stock already: releasing again is refused
    with use_gateway(InProcessGateway(simulator)):
        declaration = declare_package(package=package)
        deliver_due()
        recorded = poll_receipts()

    declaration.refresh_from_db()
    package.refresh_from_db()
    assert recorded == len(simulator.receipts())
    assert declaration.clearance == Clearance.REJECTED
    assert declaration.error_code == "stock_mismatch"
    assert package.status == Status.DECLARING
    assert not Payment.objects.get(orders=package.order).refunds.exists()
