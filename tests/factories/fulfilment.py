"""Factories of fulfilment, returns and settlement (logistics, returns, settlement apps)."""

from decimal import Decimal

import factory

from tests.factories.accounts import UserFactory
from tests.factories.inventory import BondedWarehouseFactory, StockItemFactory, WarehouseFactory
from tests.factories.orders import OrderFactory, OrderLineFactory, PackageFactory
from tests.factories.sellers import StoreFactory
from xborder.logistics.models import Carrier, CarrierClientKind
from xborder.orders.models import CustomsMode
from xborder.orders.states import Status
from xborder.sellers.models import StoreKind
from xborder.settlement.models import CommissionRule


class CnyStoreFactory(StoreFactory):
    """A seller paid in the home currency."""

    country = "CN"
    currency_id = "CNY"


class SelfOperatedStoreFactory(CnyStoreFactory):
    kind = StoreKind.SELF_OPERATED


class CommissionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissionRule

    store_kind = ""
    store = None
    category = None
    rate = Decimal("0.0400")


class CarrierFactory(factory.django.DjangoModelFactory):
    """A domestic carrier polled through the sandbox client."""

    class Meta:
        model = Carrier
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"carrier-{n}")
    name = factory.Sequence(lambda n: f"Carrier {n}")
    client = CarrierClientKind.SANDBOX


class InternationalCarrierFactory(CarrierFactory):
    international = True


class WebhookCarrierFactory(CarrierFactory):
    """A carrier that pushes signed webhooks (and is not polled)."""

    client = ""
    webhook_secret = "whsec-test-0123456789"


def cleared_package(*, buyer=None, warehouse=None, mode=CustomsMode.DIRECT_MAIL, quantity=1, store=None):
    """A package cleared by customs with its stock reserved: ready to pick and ship."""
    if warehouse is None:
        warehouse = BondedWarehouseFactory() if mode == CustomsMode.BONDED else WarehouseFactory()
    order = OrderFactory(buyer=buyer or UserFactory(), store=store or CnyStoreFactory(), status=Status.CLEARED)
    package = PackageFactory(order=order, warehouse=warehouse, customs_mode=mode, status=Status.CLEARED)
    line = OrderLineFactory(package=package, quantity=quantity)
    StockItemFactory(variant=line.variant, warehouse=warehouse, quantity=quantity + 5, reserved=quantity)
    return package


def paid_through_sandbox(order):
    """A captured sandbox payment of the whole order (what the gateway refunds from)."""
    from xborder.payments.models import Payment, SandboxCharge
    from xborder.payments.states import ChargeStatus, PaymentStatus

    number = f"PY{order.number}"
    payment = Payment.objects.create(
        number=number, buyer=order.buyer, gateway="sandbox", status=PaymentStatus.PAID, amount=order.total,
        captured_amount=order.total, paid_at=order.paid_at,
    )  # fmt: skip
    payment.orders.add(order)
    SandboxCharge.objects.create(
        token=f"tok-{number}", transaction_id=f"SBT{number}", merchant_ref=number, amount=order.total,
        currency="CNY", status=ChargeStatus.CAPTURED,
    )  # fmt: skip
    return payment


def at(event_queryset, moment) -> None:
    """Timeline rows are stamped ``auto_now_add``; tests move them to the moment the story needs."""
    event_queryset.update(created_at=moment)


def delivered_cbec_package(*, released_at, delivered_at, store=None, buyer=None, window_days=40):
    """A bonded CBEC package, released by customs at ``released_at`` and delivered at ``delivered_at``, paid,
    recorded in the ledger, with the buyer's quota committed. Two lines:

    - A: 2 units, goods 200.00, DV 206.67, VAT 18.81
    - B: 1 unit, goods 100.00, DV 103.33, VAT 9.40
    Package: goods 300.00, freight 10.00, DV 310.00, tax 28.21, total 338.21.
    """
    from decimal import Decimal as D

    from xborder.duties.services import commit_quota, reserve_quota
    from xborder.orders.models import TimelineEvent
    from xborder.orders.services import record_event
    from xborder.settlement.from_orders import record_order_payment

    store = store or CnyStoreFactory(return_window_days=window_days)
    order = OrderFactory(
        store=store, buyer=buyer or UserFactory(), status=Status.DELIVERED, paid_at=released_at,
        goods_total=D("300.00"), freight_total=D("10.00"), tax_total=D("28.21"), total=D("338.21"),
    )  # fmt: skip
    package = PackageFactory(
        order=order, warehouse=BondedWarehouseFactory(), customs_mode=CustomsMode.BONDED, status=Status.DELIVERED,
        goods_value=D("300.00"), freight=D("10.00"), dutiable_value=D("310.00"), vat=D("28.21"),
        total_tax=D("28.21"), total=D("338.21"), quota_reserved=D("310.00"), quota_id_hash="h" * 64,
    )  # fmt: skip
    for quantity, goods, dv, vat in ((2, "200.00", "206.67", "18.81"), (1, "100.00", "103.33", "9.40")):
        OrderLineFactory(
            package=package, quantity=quantity, unit_price=D(goods) / quantity, unit_price_cny=D(goods) / quantity,
            line_total_cny=D(goods), dutiable_value=D(dv), vat=D(vat),
        )  # fmt: skip
    reserve_quota(id_hash="h" * 64, package_ref=package.number, amount=D("310.00"), at=released_at)
    commit_quota(package_ref=package.number)
    for status, moment in ((Status.CLEARED, released_at), (Status.DELIVERED, delivered_at)):
        event = record_event(order=order, package=package, to_status=status)
        at(TimelineEvent.objects.filter(pk=event.pk), moment)
    paid_through_sandbox(order)
    record_order_payment(order=order)
    return package
