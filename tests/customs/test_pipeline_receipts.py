"""Receipts are idempotent and order-tolerant; an outage delays and loses nothing; the §6.5 rules and missing
data block a declaration before anything is sent; holds and tax-bill differences are shown as such."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories.customs import buyer_with_identity, paid_package
from xborder.core.models import OutboxMessage, OutboxStatus
from xborder.core.outbox import deliver_due
from xborder.customs.drafts import Transport
from xborder.customs.gateway import InProcessGateway, use_gateway
from xborder.customs.messages import TestKeyPair, XmlDsigVerifier
from xborder.customs.models import Clearance, DeclarationEvent, MessageState, ReconciliationItem
from xborder.customs.services import ClearanceError, declare_package, poll_receipts, record_receipt
from xborder.customs.simulator import CustomsSimulator, SimulatorConfig, cbec_combined_rate_tax
from xborder.orders.models import CustomsMode
from xborder.orders.states import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def simulator():
    simulator = CustomsSimulator(SimulatorConfig())
    with use_gateway(InProcessGateway(simulator)):
        yield simulator


def declared(simulator, **package):
    package = paid_package(**package)
    declaration = declare_package(package=package)
    assert deliver_due() == 4
    return package, declaration


def test_a_receipt_recorded_twice_changes_nothing_the_second_time(simulator):
    package, _declaration = declared(simulator)
    receipts = simulator.receipts()
    for receipt in receipts:
        record_receipt(xml=receipt.xml, source="push")
    events = DeclarationEvent.objects.count()

    again = [record_receipt(xml=receipt.xml, source="poll")[1] for receipt in receipts]

    assert again == [False] * len(receipts)
    assert poll_receipts() == 0  # the poll finds only receipts already pushed
    assert DeclarationEvent.objects.count() == events
    package.refresh_from_db()
    assert package.status == Status.FULFILLING


def test_receipts_in_reverse_order_end_released_and_a_late_acceptance_does_not_undo_the_release(simulator):
    package, declaration = declared(simulator)

    for receipt in reversed(simulator.receipts()):
        record_receipt(xml=receipt.xml, source="push")

    declaration.refresh_from_db()
    package.refresh_from_db()
    assert declaration.clearance == Clearance.RELEASED
    assert declaration.messages.get(message_type="CEB621").state == MessageState.RELEASED
    assert package.status == Status.FULFILLING


def test_gateway_outage_keeps_messages_pending_with_backoff_and_delivers_each_once_when_back(simulator):
    package = paid_package()
    declaration = declare_package(package=package)
    simulator.config.faults.down = True

    assert deliver_due() == 0
    assert deliver_due() == 0  # not due again before the backoff

    rows = OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
    assert rows.count() == 4
    assert set(rows.values_list("attempts", flat=True)) == {1}
    assert all(row.next_attempt_at > timezone.now() for row in rows)
    assert "GatewayUnavailable" in rows.first().last_error
    assert set(declaration.messages.values_list("state", flat=True)) == {MessageState.PENDING}

    simulator.config.faults.down = False
    assert deliver_due(now=timezone.now() + timedelta(minutes=1)) == 4
    assert deliver_due(now=timezone.now() + timedelta(hours=2)) == 0
    poll_receipts()

    declaration.refresh_from_db()
    assert declaration.clearance == Clearance.RELEASED
    assert [r.message_type for r in simulator.receipts()].count("CEB312") == 1


@pytest.mark.parametrize(
    ("package", "code", "detail"),
    [
        pytest.param({"total": "999.00"}, "declaration_inconsistent", "actural_paid_not_amount_paid", id="paid-total"),
        pytest.param(
            {"mode": CustomsMode.DIRECT_MAIL},
            "declaration_inconsistent",
            "direct_mail_field_missing",
            id="9610-without-flight",
        ),
    ],
)
def test_a_declaration_breaking_a_rule_is_blocked_with_the_reason_and_nothing_is_sent(simulator, package, code, detail):
    package = paid_package(**package)

    declaration = declare_package(package=package)

    assert declaration.clearance == Clearance.BLOCKED
    assert declaration.error_code == code
    assert any(entry.startswith(detail) for entry in declaration.error_details)
    assert not declaration.messages.exists()
    assert not OutboxMessage.objects.exists()
    package.refresh_from_db()
    assert package.status == Status.PAID


def test_a_payer_who_is_not_the_buyer_blocks_the_declaration(simulator):
    package = paid_package()
    package.order.payments.update(payer_id_hash="someone-else")

    declaration = declare_package(package=package)

    assert declaration.error_code == "declaration_inconsistent"
    assert any(entry.startswith("buyer_not_payer") for entry in declaration.error_details)


def test_a_buyer_without_identity_blocks_the_declaration_with_missing_data(simulator):
    package = paid_package()
    package.order.buyer.identity.delete()

    declaration = declare_package(package=package)

    assert declaration.clearance == Clearance.BLOCKED
    assert declaration.error_code == "declaration_data_missing"


def test_a_blocked_direct_mail_package_is_declared_once_its_flight_is_known(simulator):
    package = paid_package(mode=CustomsMode.DIRECT_MAIL)
    declare_package(package=package)

    declaration = declare_package(package=package, transport=Transport("MU5088", "20260301", "78112345678"))
    deliver_due()
    poll_receipts()

    declaration.refresh_from_db()
    assert declaration.error_code == ""
    assert declaration.clearance == Clearance.RELEASED


def test_declaring_twice_is_refused(simulator):
    package = paid_package()
    declare_package(package=package)

    with pytest.raises(ClearanceError) as refused:
        declare_package(package=package)

    assert refused.value.code == "package_not_declarable"


@pytest.mark.parametrize(("hold", "clearance"), [(300, Clearance.MANUAL_REVIEW), (500, Clearance.INSPECTION)])
def test_manual_review_and_inspection_are_shown_until_customs_releases(hold, clearance):
    simulator = CustomsSimulator(SimulatorConfig(hold_status=hold))
    with use_gateway(InProcessGateway(simulator)):
        package, declaration = declared(simulator)
        poll_receipts()
        declaration.refresh_from_db()
        package.refresh_from_db()
        assert (declaration.clearance, package.status) == (clearance, Status.DECLARING)

        simulator.release(package.number)
        poll_receipts()

    declaration.refresh_from_db()
    assert declaration.clearance == Clearance.RELEASED


def test_a_tax_bill_that_splits_the_tax_differently_becomes_reconciliation_items():
    def shifted(inventory):
        lines = cbec_combined_rate_tax(inventory)
        first = lines[0]
        moved = replace(first, value_added_tax=first.value_added_tax - 1, consumption_tax=first.consumption_tax + 1)
        return (moved, *lines[1:])

    simulator = CustomsSimulator(SimulatorConfig(tax_function=shifted))
    with use_gateway(InProcessGateway(simulator)):
        _package, declaration = declared(simulator)
        poll_receipts()

    items = {item.tax: item.difference for item in ReconciliationItem.objects.filter(declaration=declaration)}
    assert items == {"value_added_tax": Decimal("-1.00"), "consumption_tax": Decimal("1.00")}
    declaration.refresh_from_db()
    assert declaration.clearance == Clearance.RELEASED


def test_a_second_buyer_is_not_affected_by_the_first_buyers_quota():
    simulator = CustomsSimulator(SimulatorConfig(annual_limit=Decimal("150.00")))
    with use_gateway(InProcessGateway(simulator)):
        declared(simulator, buyer=buyer_with_identity(id_number="11010519491231002X"), lines=(("100.00", 1),))
        _, declaration = declared(simulator, buyer=buyer_with_identity(id_number="440305198502141230"),
                                       lines=(("100.00", 1),))  # fmt: skip
        poll_receipts()
    declaration.refresh_from_db()
    assert declaration.clearance == Clearance.RELEASED


def test_a_message_customs_cannot_read_shows_a_format_error_and_a_resend_clears_the_package():
    stranger = TestKeyPair.generate()
    simulator = CustomsSimulator(SimulatorConfig(verifier=XmlDsigVerifier(stranger.certificate_pem)))
    with use_gateway(InProcessGateway(simulator)):
        package, declaration = declared(simulator)
        declaration.refresh_from_db()
        assert declaration.clearance == Clearance.FORMAT_ERROR
        error = declaration.receipts.get(message_type="CEB900")
        assert error.message.message_type == "CEB621" and error.return_status < 0

        simulator.config.verifier = XmlDsigVerifier()
        declare_package(package=package)
        assert deliver_due() == 4
        poll_receipts()

    declaration.refresh_from_db()
    package.refresh_from_db()
    assert declaration.clearance == Clearance.RELEASED
    assert declaration.messages.filter(state=MessageState.SUPERSEDED).count() == 4
    assert package.status == Status.FULFILLING


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("annual_limit", [Decimal("26000.00"), Decimal("50.00")], ids=["released", "rejected"])
def test_the_same_receipts_pushed_and_polled_at_once_are_applied_once(annual_limit, monkeypatch):
    import threading

    from django.db import connection

    from xborder.duties.models import QuotaEntry
    from xborder.payments.models import Refund

    monkeypatch.setattr("xborder.customs.services._request_poll", lambda: None)  # the threads bring the receipts
    simulator = CustomsSimulator(SimulatorConfig(annual_limit=annual_limit))
    with use_gateway(InProcessGateway(simulator)):
        package = paid_package(lines=(("100.00", 1),))
        declaration = declare_package(package=package)  # committed: the eager outbox delivers at once
    receipts = simulator.receipts()
    assert len(receipts) >= 4 and not declaration.receipts.exists()
    barrier = threading.Barrier(3)
    failures = []

    def deliver_all():
        try:
            barrier.wait()
            for receipt in receipts:
                record_receipt(xml=receipt.xml, source="push")
        except Exception as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver_all) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert declaration.receipts.count() == len(receipts)
    package.refresh_from_db()
    assert package.status in (Status.FULFILLING, Status.REFUNDED)
    assert QuotaEntry.objects.filter(package_ref=package.number).count() == 2  # reserved + committed or released
    assert Refund.objects.filter(payment__orders=package.order).count() == (package.status == Status.REFUNDED)
