"""The posting primitive: every entry balances per currency, and the ledger in the database proves it."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.settlement.conftest import T0
from xborder.settlement import selectors, services
from xborder.settlement.errors import SettlementError
from xborder.settlement.models import AccountCode as A
from xborder.settlement.models import EntryKind, JournalEntry, Posting
from xborder.settlement.services import credit, debit

pytestmark = pytest.mark.django_db


def post(lines, reference="R1", kind=EntryKind.TAX_REMITTED):
    return services.post_entry(kind=kind, reference=reference, lines=lines, occurred_at=T0)


def test_a_balanced_entry_is_written_with_its_postings():
    entry = post(
        [debit(A.GATEWAY_RECEIVABLE, Decimal("10.00"), "CNY"), credit(A.BUYER_CLEARING, Decimal("10.00"), "CNY")]
    )

    assert [p.amount for p in entry.postings.order_by("id")] == [Decimal("10.00"), Decimal("-10.00")]
    assert selectors.balance(A.GATEWAY_RECEIVABLE) == Decimal("10.00")


def test_an_unbalanced_entry_is_refused_and_nothing_is_written():
    with pytest.raises(SettlementError) as error:
        post([debit(A.GATEWAY_RECEIVABLE, Decimal("10.00"), "CNY"), credit(A.BUYER_CLEARING, Decimal("9.99"), "CNY")])

    assert error.value.code == "entry_unbalanced"
    assert not JournalEntry.objects.exists()


def test_each_currency_must_balance_on_its_own():
    with pytest.raises(SettlementError) as error:
        post([debit(A.FX_DIFFERENCE, Decimal("100"), "JPY"), credit(A.FX_DIFFERENCE, Decimal("100"), "CNY")])

    assert error.value.code == "entry_unbalanced"
    assert set(error.value.fields) == {"JPY", "CNY"}


def test_an_entry_of_only_zero_legs_is_refused():
    with pytest.raises(SettlementError) as error:
        post([debit(A.GATEWAY_RECEIVABLE, Decimal("0"), "CNY")])

    assert error.value.code == "entry_empty"


def test_seller_accounts_need_a_store():
    with pytest.raises(SettlementError) as error:
        post([debit(A.GATEWAY_RECEIVABLE, Decimal("1.00"), "CNY"), credit(A.SELLER_PAYABLE, Decimal("1.00"), "CNY")])

    assert error.value.code == "store_required"


def test_amounts_finer_than_the_minor_unit_are_refused():
    with pytest.raises(SettlementError) as error:
        post([debit(A.FX_DIFFERENCE, Decimal("1.5"), "JPY"), credit(A.FX_DIFFERENCE, Decimal("1.5"), "JPY")])

    assert error.value.code == "amount_invalid"


def test_the_same_reference_of_a_kind_is_recorded_once():
    lines = [debit(A.GATEWAY_RECEIVABLE, Decimal("1.00"), "CNY"), credit(A.BUYER_CLEARING, Decimal("1.00"), "CNY")]
    post(lines)

    with pytest.raises(SettlementError) as error:
        post(lines)

    assert error.value.code == "already_recorded"
    assert JournalEntry.objects.count() == 1


def test_a_protected_liability_cannot_be_overdrawn():
    with pytest.raises(SettlementError) as error:
        post([debit(A.TAX_WITHHELD, Decimal("5.00"), "CNY"), credit(A.GATEWAY_RECEIVABLE, Decimal("5.00"), "CNY")])

    assert error.value.code == "account_overdrawn"
    assert not Posting.objects.exists()


def test_tax_cannot_be_remitted_beyond_what_is_withheld(m2c_store):
    services.record_buyer_payment(store=m2c_store, order_reference="O1", goods="100.00", tax="9.10", occurred_at=T0)
    services.remit_tax(reference="TAX-2026-03", tax="9.10", occurred_at=T0)

    with pytest.raises(SettlementError) as error:
        services.remit_tax(reference="TAX-2026-03b", tax="0.01", occurred_at=T0)

    assert error.value.code == "account_overdrawn"
    assert selectors.owed_balance(A.TAX_WITHHELD) == Decimal("0")


def test_a_full_flow_leaves_every_entry_and_the_trial_balance_at_zero_in_the_database(m2c_store, cny_to_jpy):
    services.record_buyer_payment(
        store=m2c_store, order_reference="O1", goods="300.00", freight="20.00", tax="27.30", fee="2.08", occurred_at=T0
    )
    services.record_refund(
        store=m2c_store, order_reference="O1", refund_reference="RF1", goods="100.00", tax="9.10", occurred_at=T0
    )
    services.hold_until_return_window(store=m2c_store, order_reference="O1", delivered_at=T0)
    services.release_due_payables(now=T0 + dt.timedelta(days=8))
    payout = services.run_payouts(at=T0 + dt.timedelta(days=8))[0]
    services.settle_payout(payout=payout, settled_home_amount="210.50")

    assert selectors.unbalanced_entries() == []
    assert all(total == 0 for total in selectors.trial_balance().values())
    assert set(selectors.trial_balance()) == {"CNY", "JPY"}
