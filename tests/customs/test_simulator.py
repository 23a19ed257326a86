"""The customs simulator in process: matching, tax, quota, holds, faults, cancel and return."""

import time
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from tests.customs import samples
from tests.customs.simulation import (
    FakeClock,
    declaration_worth,
    last_inventory_receipt,
    outcome,
    submit_package,
)
from tests.customs.xmlutil import find, root_of, text, to_bytes
from xborder.customs import errors
from xborder.customs.errors import GatewayUnavailable
from xborder.customs.messages import (
    AppStatus,
    CancelDraft,
    RefundDraft,
    RefundLineDraft,
    TaxBill,
    build_cancel_message,
    build_inventory_message,
    build_order_message,
    build_payment_message,
    build_refund_message,
    build_waybill_message,
    parse_receipt,
)
from xborder.customs.simulator import CaseState, CustomsSimulator, SimulatorConfig
from xborder.customs.simulator.engine import OVER_ANNUAL_LIMIT, OVER_TRANSACTION_LIMIT, TAX_MISMATCH
from xborder.customs.simulator.tax import cbec_combined_rate_tax

ORDER_NO = "XB2026031400001"
RELEASED_FLOW = [
    ("CEB312", 120),
    ("CEB412", 120),
    ("CEB512", 120),
    ("CEB622", 120),
    ("CEB622", 800),
    ("CEB816", None),
]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def simulator(clock) -> CustomsSimulator:
    return CustomsSimulator(clock=clock)


def _released(simulator, signer, declaration) -> str:
    submit_package(simulator, declaration, signer)
    return last_inventory_receipt(simulator, declaration.order_no).invt_no


@pytest.mark.parametrize(
    "declaration",
    [pytest.param(samples.bonded_declaration(), id="1210"), pytest.param(samples.direct_mail_declaration(), id="9610")],
)
def test_a_consistent_package_is_accepted_released_and_taxed(simulator, signer, declaration):
    submissions = submit_package(simulator, declaration, signer)

    assert all(submission.accepted for submission in submissions)
    assert outcome(simulator, declaration.order_no) == RELEASED_FLOW
    assert simulator.state_of(declaration.order_no) is CaseState.RELEASED


def test_tax_bill_carries_the_recomputed_taxes_per_line(simulator, signer):
    submit_package(simulator, samples.bonded_declaration(), signer)

    bill = parse_receipt(simulator.receipts(order_no=ORDER_NO)[-1].xml)

    assert isinstance(bill, TaxBill)
    assert bill.total_tax == samples.TAX_TOTAL
    assert [(line.gnum, line.tax_price, line.value_added_tax) for line in bill.lines] == [
        (1, Decimal("411.07"), Decimal("37.41")),
        (2, Decimal("134.43"), Decimal("12.23")),
    ]
    assert bill.invt_no == last_inventory_receipt(simulator, ORDER_NO).invt_no


def test_released_package_counts_its_dutiable_value_in_the_buyers_year(simulator, signer):
    submit_package(simulator, samples.bonded_declaration(), signer)

    assert simulator.quota_used(samples.BUYER_ID, 2026) == Decimal("545.50")
    assert simulator.quota_used(samples.OTHER_ID, 2026) == 0


def test_receipts_echo_the_declared_documents_guid_and_numbers(simulator, signer):
    built = build_order_message(samples.order(), context=samples.context())
    simulator.submit(built.xml)

    receipt = parse_receipt(simulator.receipts()[0].xml)

    assert receipt.guid == text(root_of(built.xml), "ceb:Order/ceb:OrderHead/ceb:guid")
    assert receipt.order_no == ORDER_NO


def test_inventory_receipt_carries_assigned_numbers_and_the_platform_reference(simulator, signer):
    submit_package(simulator, samples.bonded_declaration(), signer)

    receipt = last_inventory_receipt(simulator, ORDER_NO)

    assert receipt.cop_no == "PKG000000001"
    assert len(receipt.invt_no) == 18 and receipt.invt_no.startswith("29242026I")
    assert len(receipt.pre_no) == 18


def test_inventory_before_the_three_documents_waits_then_releases(simulator, signer):
    declaration = samples.bonded_declaration()
    context = samples.context()
    simulator.submit(build_inventory_message(declaration.inventory, context=context, signer=signer).xml)

    assert outcome(simulator, ORDER_NO) == [("CEB622", 2)]
    assert simulator.state_of(ORDER_NO) is CaseState.WAITING

    simulator.submit(build_waybill_message(declaration.waybill, context=context).xml)
    simulator.submit(build_payment_message(declaration.payment, context=context).xml)
    simulator.submit(build_order_message(declaration.order, context=context).xml)

    assert outcome(simulator, ORDER_NO)[-3:] == [("CEB622", 120), ("CEB622", 800), ("CEB816", None)]


def test_quota_exceeded_rejects_the_package_that_would_pass_26000(simulator, signer):
    for n in range(5):
        submit_package(simulator, declaration_worth(f"XB-Q-{n}", Decimal("5000.00")), signer)
    assert simulator.quota_used(samples.BUYER_ID, 2026) == Decimal("25000.00")

    submit_package(simulator, declaration_worth("XB-Q-5", Decimal("1000.01")), signer)

    receipt = last_inventory_receipt(simulator, "XB-Q-5")
    assert receipt.is_rejected
    assert receipt.return_info.startswith(OVER_ANNUAL_LIMIT)
    assert simulator.quota_used(samples.BUYER_ID, 2026) == Decimal("25000.00")


def test_annual_use_of_exactly_26000_is_within_the_limit(simulator, signer):
    for n in range(5):
        submit_package(simulator, declaration_worth(f"XB-E-{n}", Decimal("5000.00")), signer)

    submit_package(simulator, declaration_worth("XB-E-5", Decimal("1000.00")), signer)

    assert last_inventory_receipt(simulator, "XB-E-5").is_released
    assert simulator.quota_used(samples.BUYER_ID, 2026) == Decimal("26000.00")


def test_quota_is_per_person(simulator, signer):
    for n in range(5):
        submit_package(simulator, declaration_worth(f"XB-P-{n}", Decimal("5000.00")), signer)

    submit_package(simulator, declaration_worth("XB-P-5", Decimal("2000.00"), buyer_id=samples.OTHER_ID), signer)

    assert last_inventory_receipt(simulator, "XB-P-5").is_released


def test_declared_tax_that_differs_from_customs_tax_is_rejected(simulator, signer):
    declaration = samples.bonded_declaration()
    declaration = replace(
        declaration,
        order=replace(declaration.order, tax_total=Decimal("49.65"), actural_paid=Decimal("585.15")),
        payment=replace(declaration.payment, amount_paid=Decimal("585.15")),
    )

    submit_package(simulator, declaration, signer)

    receipt = last_inventory_receipt(simulator, ORDER_NO)
    assert receipt.is_rejected
    assert receipt.reason_code == TAX_MISMATCH
    assert receipt.return_info == f"{TAX_MISMATCH}: declared taxTotal 49.65, customs computes 49.64"
    assert simulator.quota_used(samples.BUYER_ID, 2026) == 0


def test_a_plugged_tax_function_decides_the_tax(clock, signer):
    def no_tax(inventory):
        return tuple(replace(line, value_added_tax=Decimal("0.00")) for line in cbec_combined_rate_tax(inventory))

    simulator = CustomsSimulator(SimulatorConfig(tax_function=no_tax), clock=clock)

    submit_package(simulator, samples.bonded_declaration(), signer)

    assert last_inventory_receipt(simulator, ORDER_NO).return_info.startswith(TAX_MISMATCH)


def test_mismatched_documents_are_rejected_with_the_broken_rules(simulator, signer):
    declaration = samples.bonded_declaration()
    context = samples.context()
    simulator.submit(build_order_message(declaration.order, context=context).xml)
    simulator.submit(build_payment_message(replace(declaration.payment, payer_name="王小川"), context=context).xml)
    simulator.submit(build_waybill_message(declaration.waybill, context=context).xml)
    simulator.submit(build_inventory_message(declaration.inventory, context=context, signer=signer).xml)

    receipt = last_inventory_receipt(simulator, ORDER_NO)
    assert receipt.is_rejected
    assert receipt.return_info == "documents_mismatched: buyer_not_payer"


def test_a_corrected_document_after_rejection_releases_the_package(simulator, signer):
    declaration = samples.bonded_declaration()
    context = samples.context()
    simulator.submit(build_order_message(declaration.order, context=context).xml)
    simulator.submit(build_payment_message(replace(declaration.payment, payer_name="王小川"), context=context).xml)
    simulator.submit(build_waybill_message(declaration.waybill, context=context).xml)
    simulator.submit(build_inventory_message(declaration.inventory, context=context, signer=signer).xml)

    simulator.submit(build_payment_message(declaration.payment, context=context).xml)

    assert last_inventory_receipt(simulator, ORDER_NO).is_released


def test_several_pieces_over_5000_are_rejected(simulator, signer):
    declaration = declaration_worth("XB-T-1", Decimal("2600.00"))
    doubled = replace(
        declaration,
        order=replace(
            declaration.order,
            lines=(replace(declaration.order.lines[0], qty=Decimal("2"), total_price=Decimal("5200.00")),),
            goods_value=Decimal("5200.00"),
            tax_total=Decimal("473.20"),
            actural_paid=Decimal("5673.20"),
        ),
        payment=replace(declaration.payment, amount_paid=Decimal("5673.20")),
        inventory=replace(
            declaration.inventory,
            lines=(replace(declaration.inventory.lines[0], qty=Decimal("2"), total_price=Decimal("5200.00")),),
        ),
    )

    submit_package(simulator, doubled, signer)

    assert last_inventory_receipt(simulator, "XB-T-1").return_info.startswith(OVER_TRANSACTION_LIMIT)


@pytest.mark.parametrize("hold", [pytest.param(300, id="manual-review"), pytest.param(500, id="inspection")])
def test_a_held_package_is_released_when_customs_lets_it_go(clock, signer, hold):
    simulator = CustomsSimulator(SimulatorConfig(hold_status=hold), clock=clock)
    submit_package(simulator, samples.bonded_declaration(), signer)

    assert outcome(simulator, ORDER_NO)[-2:] == [("CEB622", 120), ("CEB622", hold)]
    assert simulator.state_of(ORDER_NO) is CaseState.HELD

    assert simulator.release(ORDER_NO) is True

    assert outcome(simulator, ORDER_NO)[-2:] == [("CEB622", 800), ("CEB816", None)]
    assert simulator.release(ORDER_NO) is False


def test_receipts_appear_only_after_the_configured_delay(clock, signer):
    simulator = CustomsSimulator(SimulatorConfig(receipt_delay=timedelta(seconds=30)), clock=clock)
    submit_package(simulator, samples.bonded_declaration(), signer)

    assert simulator.receipts() == []
    clock.advance(30)
    assert outcome(simulator, ORDER_NO) == RELEASED_FLOW[:4]
    clock.advance(30)
    assert outcome(simulator, ORDER_NO) == RELEASED_FLOW


def test_polling_after_a_sequence_number_returns_only_newer_receipts(simulator, signer):
    submit_package(simulator, samples.bonded_declaration(), signer)
    seen = simulator.receipts()[2].seq

    assert [receipt.seq for receipt in simulator.receipts(after=seen)] == [4, 5, 6]


@pytest.mark.parametrize(
    ("data", "status"),
    [
        pytest.param(b"\x00garbage", -1, id="garbage"),
        pytest.param(b"<Order><orderNo>1</orderNo></Order>", -2, id="foreign-root"),
    ],
)
def test_garbage_gets_a_ceb900_error_receipt(simulator, data, status):
    submission = simulator.submit(data)

    assert not submission.accepted
    error = parse_receipt(submission.error_receipt)
    assert error.return_status == status
    assert parse_receipt(simulator.receipts()[0].xml) == error


def test_a_schema_invalid_message_gets_a_ceb900_naming_the_message(simulator):
    built = build_order_message(samples.order(), context=samples.context())
    root = root_of(built.xml)
    find(root, "ceb:Order/ceb:OrderHead/ceb:currency").text = "840"

    error = parse_receipt(simulator.submit(to_bytes(root)).error_receipt)

    assert error.return_status == -3
    assert error.ori_message_type == "CEB311"
    assert error.ori_cop_msg_id == built.guid
    assert error.return_info.startswith(errors.XML_SCHEMA_INVALID)


def test_an_unsigned_declared_inventory_gets_a_ceb900(simulator, signer):
    built = build_inventory_message(samples.inventory(), context=samples.context(), signer=signer)
    root = root_of(built.xml)
    signature = find(root, "ds:Signature")
    root.remove(signature)

    error = parse_receipt(simulator.submit(to_bytes(root)).error_receipt)

    assert error.return_status == -4
    assert error.return_info.startswith(errors.SIGNATURE_MISSING)


def test_a_tampered_inventory_gets_a_ceb900(simulator, signer):
    root = root_of(build_inventory_message(samples.inventory(), context=samples.context(), signer=signer).xml)
    find(root, "ceb:Inventory/ceb:InventoryList/ceb:price").text = "1.00"

    error = parse_receipt(simulator.submit(to_bytes(root)).error_receipt)

    assert error.return_info.startswith(errors.SIGNATURE_INVALID)
    assert simulator.state_of(ORDER_NO) is None


def test_a_stored_draft_is_acknowledged_but_not_declared(simulator):
    context = samples.context(app_status=AppStatus.STORED)
    simulator.submit(build_inventory_message(samples.inventory(), context=context, signer=None).xml)

    assert outcome(simulator, ORDER_NO) == [("CEB622", 1)]
    assert simulator.state_of(ORDER_NO) is None


def test_down_simulator_refuses_messages(simulator):
    simulator.config.faults.down = True

    with pytest.raises(GatewayUnavailable) as caught:
        simulator.submit(build_order_message(samples.order(), context=samples.context()).xml)

    assert caught.value.code == errors.GATEWAY_UNAVAILABLE
    assert simulator.receipts() == []


def test_reject_everything_fault_rejects_with_the_given_reason(simulator, signer):
    simulator.config.faults.reject_reason = "system_maintenance: 海关系统维护"

    submit_package(simulator, samples.bonded_declaration(), signer)

    assert last_inventory_receipt(simulator, ORDER_NO).return_info == "system_maintenance: 海关系统维护"


def test_slow_fault_delays_the_answer(simulator):
    simulator.config.faults.slow_seconds = 0.2
    started = time.monotonic()

    simulator.submit(build_order_message(samples.order(), context=samples.context()).xml)

    assert time.monotonic() - started >= 0.2


def test_cancelling_a_released_inventory_gives_the_quota_back(simulator, signer):
    invt_no = _released(simulator, signer, samples.bonded_declaration())
    cancel = CancelDraft.for_inventory(samples.inventory(), invt_no=invt_no, reason="买家取消")

    simulator.submit(build_cancel_message(cancel, context=samples.context(), signer=signer).xml)

    assert outcome(simulator, ORDER_NO)[-1] == ("CEB624", 399)
    assert simulator.state_of(ORDER_NO) is CaseState.CANCELLED
    assert simulator.quota_used(samples.BUYER_ID, 2026) == 0


def test_cancelling_an_unknown_inventory_is_rejected(simulator, signer):
    cancel = CancelDraft.for_inventory(samples.inventory(), invt_no="29242026I999999999", reason="买家取消")

    simulator.submit(build_cancel_message(cancel, context=samples.context(), signer=signer).xml)

    receipt = parse_receipt(simulator.receipts()[-1].xml)
    assert receipt.is_rejected and receipt.return_info.startswith("inventory_not_found")


def test_a_full_return_releases_the_whole_dutiable_value(simulator, signer):
    invt_no = _released(simulator, signer, samples.bonded_declaration())
    refund = RefundDraft.for_inventory(samples.inventory(), invt_no=invt_no, reason="七天无理由退货")

    simulator.submit(build_refund_message(refund, context=samples.context(), signer=signer).xml)

    assert outcome(simulator, ORDER_NO)[-1] == ("CEB626", 399)
    assert simulator.quota_used(samples.BUYER_ID, 2026) == 0


def test_a_partial_return_releases_only_its_lines(simulator, signer):
    invt_no = _released(simulator, signer, samples.bonded_declaration())
    one_can = (RefundLineDraft(gnum=1, gcode="1901101010", gname="婴儿配方奶粉3段", qty=Decimal("1"), unit="122"),)
    refund = RefundDraft.for_inventory(samples.inventory(), invt_no=invt_no, reason="破损", lines=one_can)

    simulator.submit(build_refund_message(refund, context=samples.context(), signer=signer).xml)

    assert simulator.quota_used(samples.BUYER_ID, 2026) == Decimal("545.50") - Decimal("205.54")


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(
            (RefundLineDraft(gnum=1, gcode="1901101010", gname="婴儿配方奶粉3段", qty=Decimal("3"), unit="122"),),
            id="more-than-declared",
        ),
        pytest.param(
            (RefundLineDraft(gnum=9, gcode="1901101010", gname="婴儿配方奶粉3段", qty=Decimal("1"), unit="122"),),
            id="unknown-line",
        ),
    ],
)
def test_a_return_beyond_the_inventory_is_rejected(simulator, signer, lines):
    invt_no = _released(simulator, signer, samples.bonded_declaration())
    refund = RefundDraft.for_inventory(samples.inventory(), invt_no=invt_no, reason="退货", lines=lines)

    simulator.submit(build_refund_message(refund, context=samples.context(), signer=signer).xml)

    assert outcome(simulator, ORDER_NO)[-1] == ("CEB626", 100)
    assert simulator.quota_used(samples.BUYER_ID, 2026) == Decimal("545.50")


def test_a_return_before_release_is_rejected(clock, signer):
    simulator = CustomsSimulator(SimulatorConfig(hold_status=500), clock=clock)
    submit_package(simulator, samples.bonded_declaration(), signer)
    invt_no = last_inventory_receipt(simulator, ORDER_NO).invt_no
    refund = RefundDraft.for_inventory(samples.inventory(), invt_no=invt_no, reason="退货")

    simulator.submit(build_refund_message(refund, context=samples.context(), signer=signer).xml)

    assert parse_receipt(simulator.receipts()[-1].xml).return_info.startswith("not_released")


def test_due_receipts_are_pushed_once(simulator, signer):
    pushed = []
    submit_package(simulator, samples.bonded_declaration(), signer)

    assert simulator.deliver_due(lambda receipt: pushed.append(receipt.seq) or True) == 6
    assert simulator.deliver_due(lambda receipt: pushed.append(receipt.seq) or True) == 0
    assert pushed == [1, 2, 3, 4, 5, 6]


def test_a_failing_push_is_retried_a_bounded_number_of_times(simulator):
    attempts = []
    simulator.submit(build_order_message(samples.order(), context=samples.context()).xml)

    for _ in range(7):
        simulator.deliver_due(lambda receipt: attempts.append(receipt.seq) and False, max_attempts=3)

    assert attempts == [1, 1, 1]
    assert len(simulator.receipts()) == 1


def test_the_sqlite_ledger_survives_a_restart(tmp_path, clock, signer):
    config = SimulatorConfig(ledger_path=tmp_path / "quota.sqlite3")
    submit_package(CustomsSimulator(config, clock=clock), samples.bonded_declaration(), signer)

    restarted = CustomsSimulator(SimulatorConfig(ledger_path=tmp_path / "quota.sqlite3"), clock=clock)

    assert restarted.quota_used(samples.BUYER_ID, 2026) == Decimal("545.50")
    assert samples.BUYER_ID.encode() not in (tmp_path / "quota.sqlite3").read_bytes()


def test_with_a_ledger_file_the_receipt_numbering_survives_a_restart(tmp_path, clock, verifier, signer):
    ledger = tmp_path / "quota.sqlite3"
    first = CustomsSimulator(SimulatorConfig(ledger_path=ledger, verifier=verifier), clock=clock)
    submit_package(first, samples.bonded_declaration(), signer)
    assert [receipt.seq for receipt in first.receipts()] == [1, 2, 3, 4, 5, 6]

    restarted = CustomsSimulator(SimulatorConfig(ledger_path=ledger, verifier=verifier), clock=clock)
    submit_package(restarted, samples.bonded_declaration("XB2026031400002"), signer)

    assert restarted.epoch == first.epoch
    assert [receipt.seq for receipt in restarted.receipts()] == [7, 8, 9, 10, 11, 12]


def test_without_a_ledger_file_a_restarted_simulator_numbers_from_1_in_a_new_epoch(clock, verifier, signer):
    first = CustomsSimulator(SimulatorConfig(verifier=verifier), clock=clock)
    submit_package(first, samples.bonded_declaration(), signer)

    restarted = CustomsSimulator(SimulatorConfig(verifier=verifier), clock=clock)
    submit_package(restarted, samples.bonded_declaration(), signer)

    assert restarted.epoch != first.epoch
    assert [receipt.seq for receipt in restarted.receipts()] == [1, 2, 3, 4, 5, 6]


def test_resending_the_same_message_is_idempotent(simulator, signer):
    built = build_order_message(samples.order(), context=samples.context())

    first = simulator.submit(built.xml)
    again = simulator.submit(built.xml)

    assert first.accepted and not first.duplicate
    assert again.accepted and again.duplicate
    assert outcome(simulator, ORDER_NO) == [("CEB312", 120)]


def test_a_new_declaration_of_a_released_order_is_turned_back(simulator, signer):
    submit_package(simulator, samples.bonded_declaration(), signer)

    simulator.submit(build_order_message(samples.order(), context=samples.context()).xml)

    receipt = parse_receipt(simulator.receipts()[-1].xml)
    assert receipt.is_rejected and receipt.return_info.startswith("duplicate_declaration")
    assert simulator.state_of(ORDER_NO) is CaseState.RELEASED


def test_a_cancelled_order_can_be_declared_again(simulator, signer):
    invt_no = _released(simulator, signer, samples.bonded_declaration())
    cancel = CancelDraft.for_inventory(samples.inventory(), invt_no=invt_no, reason="改单重报")
    simulator.submit(build_cancel_message(cancel, context=samples.context(), signer=signer).xml)

    submit_package(simulator, samples.bonded_declaration(), signer)

    assert simulator.state_of(ORDER_NO) is CaseState.RELEASED
    assert simulator.quota_used(samples.BUYER_ID, 2026) == Decimal("545.50")


@pytest.mark.parametrize(
    ("days_after_release", "status"),
    [pytest.param(30, 399, id="day-30-within"), pytest.param(31, 100, id="day-31-closed")],
)
def test_a_return_must_be_applied_for_within_30_days_of_release(simulator, signer, days_after_release, status):
    invt_no = _released(simulator, signer, samples.bonded_declaration())
    refund = RefundDraft.for_inventory(samples.inventory(), invt_no=invt_no, reason="退货")
    context = samples.context(app_time=samples.APP_TIME + timedelta(days=days_after_release))

    simulator.submit(build_refund_message(refund, context=context, signer=signer).xml)

    assert outcome(simulator, ORDER_NO)[-1] == ("CEB626", status)


def test_a_poller_following_seq_misses_no_receipt_when_receipts_are_delayed(clock, verifier, signer):
    simulator = CustomsSimulator(SimulatorConfig(receipt_delay=timedelta(seconds=30), verifier=verifier), clock=clock)
    submit_package(simulator, samples.bonded_declaration(), signer)
    clock.advance(10)
    submit_package(simulator, samples.bonded_declaration("XB2026031400002"), signer)
    taken: list[int] = []

    for _ in range(10):
        clock.advance(15)
        taken += [receipt.seq for receipt in simulator.receipts(after=max(taken, default=0))]

    assert taken == list(range(1, 13))
