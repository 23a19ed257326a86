"""Buyer payments, refunds, the return-window release and payouts in the seller's currency."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import CategoryFactory, FxRateFactory
from tests.factories.fulfilment import CommissionRuleFactory, SelfOperatedStoreFactory
from tests.settlement.conftest import T0
from xborder.core.errors import DomainError
from xborder.settlement import selectors, services
from xborder.settlement.errors import SettlementError
from xborder.settlement.models import AccountCode as A
from xborder.settlement.models import PayoutStatus

pytestmark = pytest.mark.django_db
D = Decimal


def pay(store, ref="O1", goods="300.00", freight="20.00", tax="27.30", fee="2.08", **kw):
    return services.record_buyer_payment(
        store=store, order_reference=ref, goods=goods, freight=freight, tax=tax, fee=fee, occurred_at=T0, **kw
    )


def owed(account, store=None, currency=None):
    return selectors.owed_balance(account, store=store, currency=currency)


# --- payment -----------------------------------------------------------------------------------------------


def test_a_payment_splits_into_tax_commission_seller_payable_and_fee(m2c_store):
    pay(m2c_store)

    assert owed(A.TAX_WITHHELD) == D("27.30")
    assert owed(A.PLATFORM_COMMISSION) == D("15.00")  # 5% of goods, not of freight or tax
    assert owed(A.SELLER_PAYABLE, m2c_store) == D("305.00")
    assert selectors.balance(A.PAYMENT_FEE) == D("2.08")
    assert selectors.balance(A.GATEWAY_RECEIVABLE) == D("345.22")
    assert selectors.balance(A.BUYER_CLEARING) == 0


def test_the_category_rule_of_the_store_sets_the_commission(m2c_store):
    category = CategoryFactory()
    CommissionRuleFactory(store=m2c_store, category=category, rate=D("0.0200"))

    pay(m2c_store, category=category)

    assert owed(A.PLATFORM_COMMISSION) == D("6.00")


def test_commission_rounds_half_up_to_the_fen(m2c_store):
    pay(m2c_store, goods="10.10", freight="0", tax="0", fee="0")  # 5% = 0.505

    assert owed(A.PLATFORM_COMMISSION) == D("0.51")


def test_self_operated_sales_are_platform_revenue_with_no_seller_payable():
    store = SelfOperatedStoreFactory()

    pay(store)

    assert owed(A.SELF_OPERATED_SALES) == D("320.00")
    assert owed(A.SELLER_PAYABLE, store) == 0
    assert owed(A.PLATFORM_COMMISSION) == 0


def test_a_payment_is_recorded_once_per_order(m2c_store):
    pay(m2c_store)

    with pytest.raises(SettlementError) as error:
        pay(m2c_store)

    assert error.value.code == "already_recorded"
    assert owed(A.SELLER_PAYABLE, m2c_store) == D("305.00")


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"goods": "-1.00"}, id="negative"),
        pytest.param({"goods": "1.005"}, id="finer-than-fen"),
        pytest.param({"goods": "abc"}, id="not-a-number"),
        pytest.param({"goods": "NaN"}, id="nan"),
        pytest.param({"goods": "0", "freight": "0", "tax": "0", "fee": "0"}, id="zero"),
        pytest.param({"fee": "400.00"}, id="fee-over-payment"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(m2c_store, fields):
    with pytest.raises(SettlementError) as error:
        pay(m2c_store, **fields)

    assert error.value.code == "amount_invalid"
    assert selectors.trial_balance() == {}


# --- refunds -----------------------------------------------------------------------------------------------


def test_a_partial_refund_reverses_tax_commission_and_seller_share_of_those_goods(m2c_store):
    pay(m2c_store)

    services.record_refund(
        store=m2c_store, order_reference="O1", refund_reference="RF1", goods="100.00", tax="9.10", occurred_at=T0
    )

    assert owed(A.TAX_WITHHELD) == D("18.20")
    assert owed(A.PLATFORM_COMMISSION) == D("10.00")
    assert owed(A.SELLER_PAYABLE, m2c_store) == D("210.00")
    assert selectors.balance(A.GATEWAY_RECEIVABLE) == D("236.12")


def test_refunding_everything_in_parts_leaves_no_commission_residue(m2c_store):
    pay(m2c_store, goods="100.00", freight="0", tax="0", fee="0")  # commission 5.00
    for number in range(3):
        services.record_refund(
            store=m2c_store, order_reference="O1", refund_reference=f"RF{number}", goods="33.33", occurred_at=T0
        )  # 1.67 each would reverse 5.01
    services.record_refund(store=m2c_store, order_reference="O1", refund_reference="RF3", goods="0.01", occurred_at=T0)

    assert owed(A.PLATFORM_COMMISSION) == 0
    assert owed(A.SELLER_PAYABLE, m2c_store) == 0


@pytest.mark.parametrize(
    ("goods", "tax", "code"),
    [
        pytest.param("320.01", "0", "refund_exceeds_payment", id="more-goods-and-freight-than-paid"),
        pytest.param("0", "27.31", "refund_exceeds_tax", id="more-tax-than-withheld"),
    ],
)
def test_a_refund_cannot_exceed_what_is_left_of_the_order(m2c_store, goods, tax, code):
    pay(m2c_store)

    with pytest.raises(SettlementError) as error:
        services.record_refund(store=m2c_store, order_reference="O1", refund_reference="RF1", goods=goods, tax=tax)

    assert error.value.code == code


def test_a_refund_of_an_unpaid_order_is_refused(m2c_store):
    with pytest.raises(SettlementError) as error:
        services.record_refund(store=m2c_store, order_reference="NOPE", refund_reference="RF1", goods="1.00")

    assert error.value.code == "payment_not_recorded"


def test_a_refund_after_payout_is_booked_to_recover_from_the_seller(m2c_store, cny_to_jpy):
    pay(m2c_store)
    services.hold_until_return_window(store=m2c_store, order_reference="O1", delivered_at=T0)
    services.release_seller_payable(order_reference="O1", now=T0 + dt.timedelta(days=7))
    services.pay_out_store(store=m2c_store, at=T0 + dt.timedelta(days=7))

    services.record_refund(store=m2c_store, order_reference="O1", refund_reference="RF1", goods="100.00")

    assert selectors.balance(A.REFUNDS, store=m2c_store) == D("95.00")
    assert owed(A.SELLER_PAYABLE_AVAILABLE, m2c_store) == 0


# --- return window -----------------------------------------------------------------------------------------


def test_no_payout_before_the_return_window_has_ended(m2c_store, cny_to_jpy):
    pay(m2c_store)
    services.hold_until_return_window(store=m2c_store, order_reference="O1", delivered_at=T0)

    released = services.release_due_payables(now=T0 + dt.timedelta(days=7) - dt.timedelta(seconds=1))
    payouts = services.run_payouts(at=T0 + dt.timedelta(days=7) - dt.timedelta(seconds=1))

    assert released == [] and payouts == []
    assert owed(A.SELLER_PAYABLE, m2c_store) == D("305.00")
    with pytest.raises(SettlementError) as error:
        services.release_seller_payable(order_reference="O1", now=T0 + dt.timedelta(days=6, hours=23))
    assert error.value.code == "return_window_open"


def test_the_payable_becomes_available_when_the_window_ends(m2c_store):
    pay(m2c_store)
    services.hold_until_return_window(store=m2c_store, order_reference="O1", delivered_at=T0)

    released = services.release_due_payables(now=T0 + dt.timedelta(days=7))

    assert [hold.order_reference for hold in released] == ["O1"]
    assert owed(A.SELLER_PAYABLE, m2c_store) == 0
    assert owed(A.SELLER_PAYABLE_AVAILABLE, m2c_store) == D("305.00")


def test_the_window_is_the_stores_setting(m2c_store):
    m2c_store.return_window_days = 30
    m2c_store.save()

    hold = services.hold_until_return_window(store=m2c_store, order_reference="O1", delivered_at=T0)

    assert hold.release_after == T0 + dt.timedelta(days=30)


def test_an_undelivered_order_is_never_released(m2c_store):
    pay(m2c_store)

    with pytest.raises(SettlementError) as error:
        services.release_seller_payable(order_reference="O1", now=T0 + dt.timedelta(days=365))

    assert error.value.code == "hold_not_found"


def test_releasing_twice_moves_the_money_once(m2c_store):
    pay(m2c_store)
    services.hold_until_return_window(store=m2c_store, order_reference="O1", delivered_at=T0)
    services.release_seller_payable(order_reference="O1", now=T0 + dt.timedelta(days=8))

    services.release_seller_payable(order_reference="O1", now=T0 + dt.timedelta(days=9))

    assert owed(A.SELLER_PAYABLE_AVAILABLE, m2c_store) == D("305.00")


def test_a_fully_refunded_order_is_released_without_an_entry(m2c_store):
    pay(m2c_store)
    services.record_refund(
        store=m2c_store, order_reference="O1", refund_reference="RF1", goods="300.00", freight="20.00"
    )
    services.hold_until_return_window(store=m2c_store, order_reference="O1", delivered_at=T0)

    hold = services.release_seller_payable(order_reference="O1", now=T0 + dt.timedelta(days=8))

    assert hold.released_at is not None and hold.release_entry is None


# --- payouts -----------------------------------------------------------------------------------------------


def released(store, ref="O1"):
    pay(store, ref=ref)
    services.hold_until_return_window(store=store, order_reference=ref, delivered_at=T0)
    services.release_seller_payable(order_reference=ref, now=T0 + dt.timedelta(days=7))


def test_a_payout_is_made_in_the_sellers_currency_at_the_recorded_rate(m2c_store, cny_to_jpy):
    released(m2c_store)

    payout = services.pay_out_store(store=m2c_store, at=T0 + dt.timedelta(days=8))

    # 305.00 × 20.5 = 6252.5 JPY, rounded half-up to the yen
    assert (payout.home_amount, payout.currency_id, payout.fx_rate, payout.amount) == (
        D("305.00"),
        "JPY",
        D("20.5000"),
        D("6253"),
    )
    assert payout.fx_rate_at == T0 + dt.timedelta(days=8)
    assert owed(A.SELLER_PAYABLE_AVAILABLE, m2c_store) == 0
    assert owed(A.PAYOUTS_IN_TRANSIT, m2c_store, "JPY") == D("6253")


def test_a_later_rate_change_does_not_change_a_recorded_payout(m2c_store, cny_to_jpy):
    released(m2c_store)
    payout = services.pay_out_store(store=m2c_store, at=T0 + dt.timedelta(days=8))

    FxRateFactory(base_id="CNY", quote_id="JPY", rate=D("19.0000"), valid_from=T0 + dt.timedelta(days=9))
    payout.refresh_from_db()

    assert payout.fx_rate == D("20.5000") and payout.amount == D("6253")


def test_settling_a_payout_books_the_realised_fx_difference(m2c_store, cny_to_jpy):
    released(m2c_store)
    payout = services.pay_out_store(store=m2c_store, at=T0 + dt.timedelta(days=8))

    services.settle_payout(payout=payout, settled_home_amount="306.10")

    payout.refresh_from_db()
    assert payout.status == PayoutStatus.SETTLED
    assert owed(A.PAYOUTS_IN_TRANSIT, m2c_store, "JPY") == 0
    assert selectors.balance(A.FX_DIFFERENCE, currency="JPY") == 0
    assert selectors.balance(A.FX_DIFFERENCE, currency="CNY") == D("1.10")  # cost 306.10 for 305.00 owed
    with pytest.raises(SettlementError) as error:
        services.settle_payout(payout=payout, settled_home_amount="306.10")
    assert error.value.code == "payout_already_settled"


def test_a_home_currency_seller_is_paid_without_fx(cny_store):
    released(cny_store)

    payout = services.pay_out_store(store=cny_store, at=T0 + dt.timedelta(days=8))

    assert (payout.currency_id, payout.fx_rate, payout.amount) == ("CNY", D("1"), D("305.00"))


def test_a_payout_without_an_fx_rate_is_refused_and_nothing_moves(m2c_store):
    released(m2c_store)

    with pytest.raises(DomainError) as error:
        services.pay_out_store(store=m2c_store, at=T0 + dt.timedelta(days=8))

    assert error.value.code == "no_fx_rate"
    assert owed(A.SELLER_PAYABLE_AVAILABLE, m2c_store) == D("305.00")


def test_run_payouts_pays_each_store_with_an_available_balance_once(m2c_store, cny_store, cny_to_jpy):
    released(m2c_store, "O1")
    released(cny_store, "O2")

    first = services.run_payouts(at=T0 + dt.timedelta(days=8))
    second = services.run_payouts(at=T0 + dt.timedelta(days=9))

    assert sorted(p.store_id for p in first) == sorted([m2c_store.pk, cny_store.pk])
    assert second == []


def test_celery_tasks_release_and_pay_out(m2c_store, cny_to_jpy, monkeypatch):
    from django.utils import timezone

    from xborder.settlement import tasks

    released_later = T0 + dt.timedelta(days=8)
    pay(m2c_store)
    services.hold_until_return_window(store=m2c_store, order_reference="O1", delivered_at=T0)
    monkeypatch.setattr(timezone, "now", lambda: released_later)

    assert tasks.release_due_payables.delay().get() == 1
    assert len(tasks.run_payouts.delay().get()) == 1


def test_an_open_return_keeps_the_payable_held_past_the_window(m2c_store):
    pay(m2c_store)
    services.hold_until_return_window(store=m2c_store, order_reference="O1", delivered_at=T0)
    services.set_return_hold(order_reference="O1", until=T0 + dt.timedelta(days=45))

    assert services.release_due_payables(now=T0 + dt.timedelta(days=8)) == []
    with pytest.raises(SettlementError) as error:
        services.release_seller_payable(order_reference="O1", now=T0 + dt.timedelta(days=8))
    assert error.value.code == "return_window_open"

    services.set_return_hold(order_reference="O1", until=None)
    assert len(services.release_due_payables(now=T0 + dt.timedelta(days=8))) == 1


def test_a_delivered_order_whose_payment_is_not_yet_recorded_stays_held(m2c_store):
    services.hold_until_return_window(store=m2c_store, order_reference="O1", delivered_at=T0)

    assert services.release_due_payables(now=T0 + dt.timedelta(days=8)) == []
    pay(m2c_store)
    assert len(services.release_due_payables(now=T0 + dt.timedelta(days=8))) == 1
    assert owed(A.SELLER_PAYABLE_AVAILABLE, m2c_store) == D("305.00")
