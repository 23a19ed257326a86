"""Polling customs receipts survives restarts: of the platform (the cursor is in the database), of a simulator
with its ledger file (its numbering goes on) and of a simulator without one (a new epoch, read from its start).
A receipt read twice is applied once."""

import pytest

from tests.factories.customs import paid_package
from xborder.core.outbox import deliver_due
from xborder.customs.errors import GatewayUnavailable
from xborder.customs.gateway import InProcessGateway, ReceiptBatch, use_gateway
from xborder.customs.models import DeclarationEvent, Receipt, ReceiptCursor
from xborder.customs.services import declare_package, poll_receipts
from xborder.customs.simulator import CustomsSimulator, SimulatorConfig

pytestmark = pytest.mark.django_db


class WatchedGateway(InProcessGateway):
    """The in-process gateway, noting the ``seq`` of every receipt it hands out."""

    def __init__(self, simulator: CustomsSimulator) -> None:
        super().__init__(simulator)
        self.handed_out: list[int] = []

    def receipts(self, *, after: int) -> ReceiptBatch:
        batch = super().receipts(after=after)
        self.handed_out += [incoming.seq for incoming in batch.receipts]
        return batch


def declare_and_poll(simulator: CustomsSimulator) -> WatchedGateway:
    """One platform process: a fresh gateway object, a package declared and sent, receipts polled."""
    gateway = WatchedGateway(simulator)
    with use_gateway(gateway):
        declare_package(package=paid_package())
        deliver_due()
        poll_receipts()
    return gateway


def all_seqs(simulator: CustomsSimulator) -> list[int]:
    return [receipt.seq for receipt in simulator.receipts()]


def test_a_restarted_platform_fetches_only_the_receipts_after_its_cursor():
    simulator = CustomsSimulator(SimulatorConfig())
    declare_and_poll(simulator)
    seen = all_seqs(simulator)

    restarted = declare_and_poll(simulator)

    new = [seq for seq in all_seqs(simulator) if seq not in seen]
    assert new
    assert restarted.handed_out == new
    assert Receipt.objects.count() == len(simulator.receipts())
    assert ReceiptCursor.objects.get().last_seq == max(new)


def test_an_unreachable_gateway_leaves_the_cursor_where_it_was():
    simulator = CustomsSimulator(SimulatorConfig())
    gateway = WatchedGateway(simulator)
    with use_gateway(gateway):
        declare_package(package=paid_package())
        deliver_due()
        simulator.config.faults.down = True
        with pytest.raises(GatewayUnavailable):
            poll_receipts()
        assert ReceiptCursor.objects.filter(last_seq__gt=0).count() == 0
        simulator.config.faults.down = False
        poll_receipts()

    cursor = ReceiptCursor.objects.get()
    assert (cursor.epoch, cursor.last_seq) == (simulator.epoch, max(all_seqs(simulator)))


def test_a_simulator_restarted_with_its_ledger_file_continues_its_numbering(tmp_path):
    ledger = tmp_path / "customs-sim.sqlite3"
    before = CustomsSimulator(SimulatorConfig(ledger_path=ledger))
    declare_and_poll(before)
    last_before = max(all_seqs(before))

    after = CustomsSimulator(SimulatorConfig(ledger_path=ledger))
    polled = declare_and_poll(after)

    assert after.epoch == before.epoch
    assert min(all_seqs(after)) == last_before + 1
    assert polled.handed_out == all_seqs(after)
    assert Receipt.objects.count() == len(before.receipts()) + len(after.receipts())


def test_a_simulator_restarted_without_a_ledger_file_is_noticed_and_read_from_its_start():
    before = CustomsSimulator(SimulatorConfig())
    declare_and_poll(before)
    declare_and_poll(before)  # the cursor is now ahead of everything the next simulator will number at first

    after = CustomsSimulator(SimulatorConfig())
    polled = declare_and_poll(after)

    assert after.epoch != before.epoch
    assert min(all_seqs(after)) == 1
    assert polled.handed_out[-len(all_seqs(after)) :] == all_seqs(after)
    assert Receipt.objects.count() == len(before.receipts()) + len(after.receipts())
    cursor = ReceiptCursor.objects.get()
    assert (cursor.epoch, cursor.last_seq) == (after.epoch, max(all_seqs(after)))


def test_receipts_read_again_are_not_applied_twice():
    simulator = CustomsSimulator(SimulatorConfig())
    declare_and_poll(simulator)
    receipts, events = Receipt.objects.count(), DeclarationEvent.objects.count()
    ReceiptCursor.objects.update(last_seq=0)  # as if the cursor had been lost

    with use_gateway(InProcessGateway(simulator)):
        recorded = poll_receipts()

    assert recorded == 0
    assert (Receipt.objects.count(), DeclarationEvent.objects.count()) == (receipts, events)
    assert ReceiptCursor.objects.get().last_seq == max(all_seqs(simulator))
