"""Factories of orders, packages, lines, carts and payments, and the duties data a checkout needs."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories.accounts import UserFactory
from tests.factories.catalog import OfferFactory, VariantFactory
from tests.factories.inventory import BondedWarehouseFactory, StockItemFactory, WarehouseFactory
from tests.factories.sellers import StoreFactory
from xborder.duties.models import HsRate, PositiveListEntry
from xborder.orders.models import CustomsMode, Order, OrderLine, Package
from xborder.orders.states import Status

COSMETICS_HS = "3304990099"


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"XBT{n:010d}")
    buyer = factory.SubFactory(UserFactory)
    store = factory.SubFactory(StoreFactory)
    status = Status.PENDING_PAYMENT
    goods_total = Decimal("100.00")
    total = Decimal("100.00")
    shipping_address = '{"recipient": "王小明"}'
    district_code = "310115"
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=30))


class PackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Package

    number = factory.Sequence(lambda n: f"PKT{n:010d}")
    order = factory.SubFactory(OrderFactory)
    store = factory.LazyAttribute(lambda o: o.order.store)
    warehouse = factory.SubFactory(WarehouseFactory)
    regime = "china_cbec"
    customs_mode = CustomsMode.DIRECT_MAIL
    status = factory.LazyAttribute(lambda o: o.order.status)
    treatment = "cbec"
    goods_value = Decimal("100.00")
    dutiable_value = Decimal("100.00")
    total = Decimal("100.00")


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    package = factory.SubFactory(PackageFactory)
    order = factory.LazyAttribute(lambda o: o.package.order)
    offer = factory.SubFactory(
        OfferFactory,
        store=factory.SelfAttribute("..package.store"),
        warehouse=factory.SelfAttribute("..package.warehouse"),
    )
    variant = factory.LazyAttribute(lambda o: o.offer.variant)
    description = "Face cream 50 ml"
    quantity = 1
    currency = "CNY"
    unit_price = Decimal("100.00")
    fx_rate = Decimal("1")
    unit_price_cny = Decimal("100.00")
    line_total_cny = Decimal("100.00")
    hs_code = COSMETICS_HS


def hs_rate(
    hs_code: str = COSMETICS_HS, *, vat="0.13", ct="0", tariff="0.05", postal="0.20", thresholds="", listed=True
):
    """Put ``hs_code`` in the rate table (and on the positive list unless ``listed=False``)."""
    HsRate.objects.get_or_create(
        hs_code=hs_code,
        valid_from=date(2020, 1, 1),
        defaults={
            "description": f"goods {hs_code}",
            "tariff_rate": Decimal(tariff),
            "vat_rate": Decimal(vat),
            "ct_rate": Decimal(ct),
            "ct_thresholds": thresholds,
            "postal_rate": Decimal(postal),
        },
    )
    if listed:
        PositiveListEntry.objects.get_or_create(
            version="2022", tariff_line=hs_code[:8], defaults={"effective_from": date(2022, 3, 1), "description": "x"}
        )


def stocked_offer(*, price="100.00", quantity=100, mode="direct_mail", store=None, warehouse=None, hs_code=COSMETICS_HS,
                  listed=True, **variant):  # fmt: skip
    """An active CNY offer with ``quantity`` units in stock and its HS code rated (and listed unless not)."""
    hs_rate(hs_code, listed=listed)
    store = store or StoreFactory(currency_id="CNY", country="JP")
    if warehouse is None:
        warehouse = BondedWarehouseFactory() if mode == "bonded" else WarehouseFactory()
    offer = OfferFactory(
        store=store,
        variant=VariantFactory(hs_code=hs_code, **variant),
        price=Decimal(price),
        currency_id=store.currency_id,
        fulfilment_mode=mode,
        warehouse=warehouse,
    )
    StockItemFactory(variant=offer.variant, warehouse=warehouse, quantity=quantity)
    return offer


def shopper(**identity):
    """A buyer with a verified real-name identity and a default address."""
    from tests.factories.accounts import AddressFactory, IdentityFactory

    buyer = UserFactory()
    IdentityFactory(user=buyer, **identity)
    AddressFactory(user=buyer)
    return buyer


def cart_with(buyer, *offers_and_quantities):
    """The buyer's cart holding ``(offer, quantity)`` pairs."""
    from xborder.checkout.models import CartLine
    from xborder.checkout.services import buyer_cart

    cart = buyer_cart(user=buyer)
    for offer, quantity in offers_and_quantities:
        CartLine.objects.create(cart=cart, offer=offer, quantity=quantity)
    return cart


def free_shipping(store):
    """A zero freight rule for ``store``, so a test's dutiable value is its goods value."""
    from xborder.checkout.models import ShippingRule

    return ShippingRule.objects.create(store=store, first_kg=Decimal("0"), extra_kg=Decimal("0"))
