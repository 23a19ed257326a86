"""Property: any sequence of payments, partial refunds, releases, payouts and settlements keeps the ledger
balanced (every entry, every currency) and no protected account ever owes less than zero."""

import contextlib
import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.factories import FxRateFactory
from tests.factories.fulfilment import CnyStoreFactory, SelfOperatedStoreFactory
from tests.factories.sellers import StoreFactory
from tests.settlement.conftest import T0
from xborder.settlement import selectors, services
from xborder.settlement.errors import SettlementError
from xborder.settlement.models import Account, Payout, PayoutStatus

cents = st.integers(min_value=0, max_value=500_000).map(lambda n: Decimal(n) / 100)
positive_cents = st.integers(min_value=1, max_value=500_000).map(lambda n: Decimal(n) / 100)
fraction = st.integers(min_value=1, max_value=100).map(lambda n: Decimal(n) / 100)

operation = st.one_of(
    st.tuples(st.just("pay"), st.integers(0, 2), positive_cents, cents, cents, st.integers(0, 300)),
    st.tuples(st.just("refund"), st.integers(0, 5), fraction, fraction),
    st.tuples(st.just("deliver"), st.integers(0, 5)),
    st.tuples(st.just("days"), st.integers(1, 10)),
    st.tuples(st.just("payout")),
    st.tuples(st.just("settle"), st.integers(-300, 300)),
)


class LedgerProperties(TestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(operation, min_size=1, max_size=25))
    def test_the_ledger_always_balances_and_protected_accounts_never_go_negative(self, operations):
        stores = [StoreFactory(return_window_days=3), CnyStoreFactory(return_window_days=5), SelfOperatedStoreFactory()]
        FxRateFactory(base_id="CNY", quote_id="JPY", rate=Decimal("20.4731"), valid_from=T0 - dt.timedelta(days=1))
        state = {"now": T0, "orders": []}
        for op in operations:
            # a refused operation changes nothing; the invariants below must still hold
            with contextlib.suppress(SettlementError):
                getattr(self, f"_{op[0]}")(state, stores, *op[1:])
            self._assert_invariants(stores)

    def _pay(self, state, stores, store_index, goods, freight, tax, fee_bp):
        store = stores[store_index]
        reference = f"O{len(state['orders'])}"
        fee = min((goods + freight + tax) * fee_bp / 10000, goods + freight + tax).quantize(Decimal("0.01"))
        services.record_buyer_payment(
            store=store, order_reference=reference, goods=goods, freight=freight, tax=tax, fee=fee,
            occurred_at=state["now"],
        )  # fmt: skip
        state["orders"].append((reference, store, goods, freight, tax))

    def _refund(self, state, stores, order_index, share, tax_share):
        if not state["orders"]:
            return
        reference, store, goods, freight, tax = state["orders"][order_index % len(state["orders"])]
        services.record_refund(
            store=store, order_reference=reference, refund_reference=f"RF{state['now']:%j%H%M%S}-{order_index}",
            goods=(goods * share).quantize(Decimal("0.01")), freight=(freight * share).quantize(Decimal("0.01")),
            tax=(tax * tax_share).quantize(Decimal("0.01")),
            occurred_at=state["now"],
        )  # fmt: skip
        state["now"] += dt.timedelta(seconds=1)

    def _deliver(self, state, stores, order_index):
        if state["orders"]:
            reference, store, *_ = state["orders"][order_index % len(state["orders"])]
            services.hold_until_return_window(store=store, order_reference=reference, delivered_at=state["now"])

    def _days(self, state, stores, days):
        state["now"] += dt.timedelta(days=days)
        services.release_due_payables(now=state["now"])

    def _payout(self, state, stores):
        services.run_payouts(at=state["now"])

    def _settle(self, state, stores, cost_delta):
        for payout in Payout.objects.filter(status=PayoutStatus.IN_TRANSIT):
            cost = max(payout.home_amount + Decimal(cost_delta) / 100, Decimal("0.01"))
            services.settle_payout(payout=payout, settled_home_amount=cost, settled_at=state["now"])

    def _assert_invariants(self, stores):
        assert selectors.unbalanced_entries() == []
        assert all(total == 0 for total in selectors.trial_balance().values())
        for account in Account.objects.filter(never_negative=True):
            scopes = stores if account.per_store else [None]
            for store in scopes:
                for currency in ("CNY", "JPY"):
                    assert selectors.owed_balance(account.code, store=store, currency=currency) >= 0, (
                        account.code,
                        store,
                        currency,
                    )
