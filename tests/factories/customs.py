"""Paid packages ready to declare, built directly (no checkout): order, package, lines, captured payment with its
sandbox charge, reserved stock and reserved annual quota, with taxes at the simulator's default 9.1 %."""

import json
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from tests.factories.accounts import IdentityFactory, UserFactory
from tests.factories.catalog import OfferFactory, VariantFactory
from tests.factories.inventory import BondedWarehouseFactory, StockItemFactory, WarehouseFactory
from tests.factories.orders import OrderFactory, OrderLineFactory, PackageFactory
from tests.factories.sellers import StoreFactory
from xborder.duties.services import reserve_quota
from xborder.orders.models import CustomsMode
from xborder.orders.states import Status
from xborder.payments.models import Payment, SandboxCharge
from xborder.payments.states import ChargeStatus, PaymentStatus

CBEC_RATE = Decimal("0.091")
ADDRESS = {"recipient": "王小明", "phone": "+8613812345678", "address": "上海市上海市浦东新区世纪大道100号 8楼"}


def buyer_with_identity(**identity):
    buyer = UserFactory()
    IdentityFactory(user=buyer, **identity)
    return buyer


def paid_package(*, buyer=None, lines=(("100.00", 1),), mode=CustomsMode.BONDED, stock=10, tax=None, total=None,
                 reserve=True, warehouse=None, order=None):  # fmt: skip
    """A paid CBEC package of ``lines`` (``(unit price CNY, quantity)``), declared nowhere yet. ``tax`` and
    ``total`` override the consistent 9.1 % snapshot (to build broken declarations). With ``order`` the package
    joins that order (and its payment) instead of a new one."""
    joining = order is not None
    buyer = buyer or (order.buyer if joining else buyer_with_identity())
    identity = buyer.identity
    store = order.store if joining else StoreFactory(currency_id="CNY", customs_code="3105960STO")
    if warehouse is None:
        warehouse = BondedWarehouseFactory() if mode == CustomsMode.BONDED else WarehouseFactory()
    goods = sum((Decimal(price) * quantity for price, quantity in lines), start=Decimal("0.00"))
    vat = (goods * CBEC_RATE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if tax is None else Decimal(tax)
    paid = goods + vat if total is None else Decimal(total)
    order = order or OrderFactory(
        buyer=buyer, store=store, status=Status.PAID, goods_total=goods, tax_total=vat, total=paid,
        shipping_address=json.dumps(ADDRESS, ensure_ascii=False), paid_at=timezone.now(),
    )  # fmt: skip
    package = PackageFactory(
        order=order, store=store, warehouse=warehouse, customs_mode=mode, status=Status.PAID, goods_value=goods,
        dutiable_value=goods, vat=vat, total_tax=vat, total=paid, quota_reserved=goods if reserve else 0,
        quota_id_hash=identity.id_hash if reserve else "",
    )  # fmt: skip
    for price, quantity in lines:
        variant = VariantFactory()
        offer = OfferFactory(store=store, variant=variant, price=Decimal(price), currency_id="CNY", warehouse=warehouse)
        StockItemFactory(variant=variant, warehouse=warehouse, quantity=stock, reserved=quantity)
        OrderLineFactory(
            package=package, order=order, offer=offer, variant=variant, quantity=quantity,
            unit_price=Decimal(price), unit_price_cny=Decimal(price), line_total_cny=Decimal(price) * quantity,
            dutiable_value=Decimal(price) * quantity, vat=(Decimal(price) * quantity * CBEC_RATE).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP),
        )  # fmt: skip
    if reserve:
        reserve_quota(id_hash=identity.id_hash, package_ref=package.number, amount=goods)
    if joining:
        return package
    payment = Payment.objects.create(
        number=f"PY{package.number}"[:24], buyer=buyer, gateway="sandbox", status=PaymentStatus.PAID, amount=paid,
        captured_amount=paid, payer_name=identity.name, payer_id_hash=identity.id_hash, buyer_id_hash=identity.id_hash,
        requires_identity=True, provider_ref=f"SB{package.number}", paid_at=timezone.now(),
    )  # fmt: skip
    payment.orders.add(order)
    SandboxCharge.objects.create(
        token=f"tok-{payment.number}", transaction_id=payment.provider_ref, merchant_ref=payment.number, amount=paid,
        currency="CNY", status=ChargeStatus.CAPTURED, requires_identity=True,
    )  # fmt: skip
    return package
