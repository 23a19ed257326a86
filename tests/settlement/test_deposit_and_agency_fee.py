"""The security deposit and the agency's service fee are balanced ledger entries: the deposit held per store in
its own currency, the fee (percentage of GMV or monthly, pro rata) taken from the store's available payable."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories.marketplace import MandateFactory
from tests.factories.orders import OrderFactory
from tests.factories.sellers import StoreFactory
from xborder.settlement import fees, selectors
from xborder.settlement.errors import SettlementError
from xborder.settlement.models import AccountCode as A
from xborder.settlement.models import JournalEntry
from xborder.settlement.services import credit, debit, post_entry

pytestmark = pytest.mark.django_db
D = Decimal
MARCH = dt.date(2026, 3, 1)


def balanced() -> bool:
    return all(total == 0 for total in selectors.trial_balance().values()) and selectors.unbalanced_entries() == []


def available_payable(store, value: str) -> None:
    """Give the store ``value`` CNY of available payable (as a released sale would)."""
    post_entry(kind="release", reference=f"seed-{store.pk}-{value}", occurred_at=timezone.now(),
               lines=[debit(A.GATEWAY_RECEIVABLE, D(value), "CNY"),
                      credit(A.SELLER_PAYABLE_AVAILABLE, D(value), "CNY", store)])  # fmt: skip


def paid_order(store, goods: str, day: dt.date) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    OrderFactory(store=store, goods_total=D(goods), total=D(goods), paid_at=moment, status="paid")


# --- security deposit ----------------------------------------------------------------------------------------


def test_a_deposit_is_held_for_the_store_in_its_own_currency_and_the_ledger_balances():
    store = StoreFactory(currency_id="JPY")

    entry = fees.record_security_deposit(store=store, amount="100000", currency="JPY")

    assert entry.kind == "security_deposit"
    assert fees.security_deposit_held(store, "JPY") == D("100000")
    assert set(entry.postings.values_list("account_id", "currency_id", "amount")) == {
        ("gateway_receivable", "JPY", D("100000")), ("security_deposits", "JPY", D("-100000")),
    }  # fmt: skip
    assert balanced()


def test_the_same_deposit_is_recorded_once():
    store = StoreFactory()
    fees.record_security_deposit(store=store, amount="5000", currency="JPY", reference="application-1")

    with pytest.raises(SettlementError) as error:
        fees.record_security_deposit(store=store, amount="5000", currency="JPY", reference="application-1")

    assert error.value.code == "already_recorded"
    assert fees.security_deposit_held(store, "JPY") == D("5000")


@pytest.mark.parametrize(("value", "currency"), [("0", "JPY"), ("-1", "EUR"), ("10.5", "JPY"), ("1.001", "EUR"),
                                                 ("abc", "EUR"), ("100", "XXX")],
                         ids=["zero", "negative", "fraction-of-a-yen", "fraction-of-a-cent", "not-a-number",
                              "unknown-currency"])  # fmt: skip
def test_a_bad_deposit_is_refused_and_nothing_is_written(value, currency):
    with pytest.raises(SettlementError) as error:
        fees.record_security_deposit(store=StoreFactory(), amount=value, currency=currency)

    assert error.value.code == "amount_invalid"
    assert not JournalEntry.objects.exists()


# --- agency fee ----------------------------------------------------------------------------------------------


def test_a_percentage_fee_is_charged_on_the_months_gmv_from_the_stores_available_payable():
    store = StoreFactory()
    mandate = MandateFactory(store=store, fee_kind="percent_gmv", fee_percent=D("5.00"),
                             starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))  # fmt: skip
    paid_order(store, "1000.00", dt.date(2026, 3, 3))
    paid_order(store, "234.50", dt.date(2026, 3, 31))
    paid_order(store, "9999.00", dt.date(2026, 4, 1))  # next month
    paid_order(StoreFactory(), "9999.00", dt.date(2026, 3, 5))  # another store
    available_payable(store, "500.00")

    entry = fees.record_agency_fee(mandate=mandate, month=dt.date(2026, 3, 15))

    assert entry.reference == f"mandate-{mandate.pk}-2026-03"
    assert selectors.owed_balance(A.AGENCY_FEES) == D("61.73")  # 5% of 1234.50
    assert selectors.owed_balance(A.SELLER_PAYABLE_AVAILABLE, store=store) == D("438.27")
    assert balanced()


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "fee"),
    [(dt.date(2026, 1, 1), dt.date(2026, 12, 31), D("3100.00")), (dt.date(2026, 3, 11), dt.date(2026, 12, 31),
     D("2100.00")), (dt.date(2026, 1, 1), dt.date(2026, 3, 10), D("1000.00"))],
    ids=["whole-month", "started-on-the-11th", "ended-on-the-10th"],
)  # fmt: skip
def test_a_monthly_fee_is_charged_pro_rata_to_the_days_the_mandate_was_in_force(starts_on, ends_on, fee):
    store = StoreFactory()
    mandate = MandateFactory(store=store, fee_kind="monthly", fee_monthly=D("3100.00"), starts_on=starts_on,
                             ends_on=ends_on)  # fmt: skip
    available_payable(store, "5000.00")

    fees.record_agency_fee(mandate=mandate, month=MARCH)

    assert selectors.owed_balance(A.AGENCY_FEES) == fee
    assert balanced()


def test_no_fee_no_gmv_or_a_month_outside_the_mandate_records_nothing():
    store = StoreFactory()
    none = MandateFactory(store=store, fee_kind="none")
    idle = MandateFactory(store=store, fee_kind="percent_gmv", fee_percent=D("5"))
    outside = MandateFactory(store=store, fee_kind="monthly", fee_monthly=D("100"), starts_on=dt.date(2026, 4, 1),
                             ends_on=dt.date(2026, 5, 1))  # fmt: skip

    assert [fees.record_agency_fee(mandate=m, month=MARCH) for m in (none, idle, outside)] == [None, None, None]
    assert not JournalEntry.objects.exists()


def test_a_month_is_charged_once():
    store = StoreFactory()
    mandate = MandateFactory(store=store, fee_kind="monthly", fee_monthly=D("100.00"), starts_on=dt.date(2026, 1, 1),
                             ends_on=dt.date(2026, 12, 31))  # fmt: skip
    available_payable(store, "500.00")
    fees.record_agency_fee(mandate=mandate, month=MARCH)

    with pytest.raises(SettlementError) as error:
        fees.record_agency_fee(mandate=mandate, month=dt.date(2026, 3, 20))

    assert error.value.code == "already_recorded"
    assert selectors.owed_balance(A.AGENCY_FEES) == D("100.00")


def test_a_fee_larger_than_the_available_payable_is_refused_and_nothing_is_written():
    store = StoreFactory()
    mandate = MandateFactory(store=store, fee_kind="monthly", fee_monthly=D("100.00"), starts_on=dt.date(2026, 1, 1),
                             ends_on=dt.date(2026, 12, 31))  # fmt: skip
    available_payable(store, "99.99")

    with pytest.raises(SettlementError) as error:
        fees.record_agency_fee(mandate=mandate, month=MARCH)

    assert error.value.code == "account_overdrawn"
    assert not JournalEntry.objects.filter(kind="agency_fee").exists()
    assert selectors.owed_balance(A.SELLER_PAYABLE_AVAILABLE, store=store) == D("99.99")


amounts = st.integers(min_value=1, max_value=1_000_000)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("deposit"), st.sampled_from(["JPY", "EUR", "CNY"]), amounts),
        st.tuples(st.just("sale"), st.integers(0, 1), amounts),
        st.tuples(st.just("fee"), st.integers(0, 1), st.integers(1, 12)),
    ),
    max_size=15,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_deposits_and_fees_in_any_order_keep_the_ledger_balanced_and_never_overdraw(steps):
    stores = [StoreFactory(), StoreFactory()]
    mandates = [
        MandateFactory(store=stores[0], fee_kind="percent_gmv", fee_percent=D("7.5"), starts_on=dt.date(2026, 1, 1),
                       ends_on=dt.date(2026, 12, 31)),
        MandateFactory(store=stores[1], fee_kind="monthly", fee_monthly=D("250.00"), starts_on=dt.date(2026, 2, 14),
                       ends_on=dt.date(2026, 9, 30)),
    ]  # fmt: skip
    for index, step in enumerate(steps):
        name, which, value = step
        try:
            if name == "deposit":
                fees.record_security_deposit(store=stores[0], amount=value, currency=which, reference=f"d{index}")
            elif name == "sale":
                paid_order(stores[which], f"{value / 100:.2f}", dt.date(2026, 1 + value % 12, 10))
                available_payable(stores[which], f"{value / 100:.2f}")
            else:
                fees.record_agency_fee(mandate=mandates[which], month=dt.date(2026, value, 1))
        except SettlementError as error:
            assert error.code in {"already_recorded", "account_overdrawn"}

    assert balanced()
    for store in stores:
        assert selectors.owed_balance(A.SELLER_PAYABLE_AVAILABLE, store=store) >= 0


def test_the_monthly_run_charges_every_mandate_once_and_reports_the_refused():
    paying, short = StoreFactory(), StoreFactory()
    year = {"starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2026, 12, 31)}
    charged = MandateFactory(store=paying, fee_kind="monthly", fee_monthly=D("100.00"), **year)
    refused = MandateFactory(store=short, fee_kind="monthly", fee_monthly=D("100.00"), **year)
    MandateFactory(store=paying, fee_kind="none", **year)
    available_payable(paying, "500.00")

    first = fees.record_agency_fees(month=MARCH)
    again = fees.record_agency_fees(month=MARCH)

    assert [entry.reference for entry in first.charged] == [f"mandate-{charged.pk}-2026-03"]
    assert first.refused == again.refused == [(refused.pk, "account_overdrawn")]
    assert again.charged == []
    assert selectors.owed_balance(A.AGENCY_FEES) == D("100.00")
    assert balanced()
