"""Writes of checkout: the cart (add, change, remove, merge at log-in) and placing the order.

``place_order`` is one transaction: claim the idempotency key, re-quote, refuse any violation, reserve stock
(conditional UPDATE), create orders / packages / lines with the FX and tax snapshot, reserve the buyer's
annual quota, open one payment, empty the cart. Any failure raises ``CheckoutError`` and leaves nothing.
"""

import hashlib
import json
import secrets
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from xborder.accounts.models import Address
from xborder.accounts.selectors import verified_identity
from xborder.catalog.models import Offer
from xborder.checkout import errors
from xborder.checkout.errors import CheckoutError
from xborder.checkout.models import Cart, CartLine, Checkout
from xborder.checkout.quoting import (
    LineDraft,
    PackageQuote,
    Quote,
    build_quote,
    cart_lines,
    direct_lines,
    line_drafts,
)
from xborder.duties.errors import DutiesError
from xborder.duties.services import QuotaReservation, reserve_quotas
from xborder.inventory.selectors import available_units
from xborder.inventory.services import StockError, StockRequest, reserve_stock
from xborder.orders.models import Order, OrderLine, TimelineEvent
from xborder.orders.models import Package as OrderPackage
from xborder.orders.services import new_number, unpaid_timeout
from xborder.orders.states import Status
from xborder.payments.services import create_payment
from xborder.sellers.models import StoreStatus

MAX_LINE_QUANTITY = 99


# --- cart -------------------------------------------------------------------------------------------


def guest_cart() -> Cart:
    """A new cart for a visitor who is not logged in; its token goes in the session."""
    return Cart.objects.create(token=secrets.token_urlsafe(32))


def buyer_cart(*, user) -> Cart:
    cart, _ = Cart.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return cart


def _checked_quantity(quantity) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_LINE_QUANTITY:
        raise CheckoutError(
            errors.INVALID_QUANTITY,
            f"A quantity is a whole number from 1 to {MAX_LINE_QUANTITY}.",
            fields={"quantity": "out of range"},
        )
    return quantity


def _orderable_offer(offer_id) -> Offer:
    offer = Offer.objects.select_related("store", "variant__product").filter(pk=offer_id).first()
    if offer is None:
        raise CheckoutError(errors.OFFER_NOT_FOUND, "No such offer.", fields={"offer_id": "unknown"})
    if not (offer.is_active and offer.variant.product.is_active and offer.store.status == StoreStatus.APPROVED):
        raise CheckoutError(
            errors.OFFER_UNAVAILABLE, "This offer is not sold any more.", fields={"offer_id": "inactive"}
        )
    return offer


def _require_stock(offer: Offer, quantity: int) -> None:
    available = available_units([(offer.variant_id, offer.warehouse_id)]).get((offer.variant_id, offer.warehouse_id), 0)
    if quantity > available:
        raise CheckoutError(
            errors.INSUFFICIENT_STOCK,
            f"Only {available} in stock.",
            fields={"quantity": f"at most {available}"},
        )


def add_to_cart(*, cart: Cart, offer_id: int, quantity: int = 1) -> CartLine:
    """Add ``quantity`` of an active offer (added to what the cart already holds), within stock."""
    quantity = _checked_quantity(quantity)
    offer = _orderable_offer(offer_id)
    with transaction.atomic():
        line = CartLine.objects.select_for_update().filter(cart=cart, offer=offer).first()
        total = _checked_quantity(quantity + (line.quantity if line else 0))
        _require_stock(offer, total)
        if line is None:
            line = CartLine.objects.create(cart=cart, offer=offer, quantity=total)
        else:
            line.quantity = total
            line.save(update_fields=["quantity"])
    return line


def _line_of(cart: Cart, line_id) -> CartLine:
    line = CartLine.objects.filter(cart=cart, pk=line_id).first()
    if line is None:
        raise CheckoutError(errors.LINE_NOT_FOUND, "No such line in your cart.", fields={"line_id": "unknown"})
    return line


def change_quantity(*, cart: Cart, line_id: int, quantity: int) -> CartLine:
    """Set a line's quantity (1 to 99, within stock); removing is ``remove_from_cart``."""
    quantity = _checked_quantity(quantity)
    line = _line_of(cart, line_id)
    offer = _orderable_offer(line.offer_id)
    _require_stock(offer, quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    return line


def remove_from_cart(*, cart: Cart, line_id: int) -> None:
    _line_of(cart, line_id).delete()


def merge_carts(*, guest: Cart | None, user) -> Cart:
    """At log-in: move the guest cart's lines into the buyer's cart (quantities added, capped at what is in
    stock and at 99) and delete the guest cart."""
    cart = buyer_cart(user=user)
    if guest is None or guest.pk == cart.pk:
        return cart
    with transaction.atomic():
        guest_lines = list(guest.lines.select_related("offer"))
        stock = available_units((line.offer.variant_id, line.offer.warehouse_id) for line in guest_lines)
        held = dict(CartLine.objects.filter(cart=cart).values_list("offer_id", "quantity"))
        for line in guest_lines:
            key = (line.offer.variant_id, line.offer.warehouse_id)
            wanted = min(held.get(line.offer_id, 0) + line.quantity, MAX_LINE_QUANTITY, max(stock.get(key, 0), 1))
            CartLine.objects.update_or_create(cart=cart, offer_id=line.offer_id, defaults={"quantity": wanted})
        guest.delete()
    return cart


# --- quote ------------------------------------------------------------------------------------------


def quote_cart(
    *, cart: Cart | None, buyer=None, split: bool = False, items: list[tuple[int, int]] | None = None
) -> Quote:
    """The checkout page's quote: every package with its landed cost, violations and split proposal; of
    ``items`` (``(offer id, quantity)`` bought now, without the cart) when given, else of the cart."""
    drafts, fx = line_drafts(_lines_to_buy(cart, items))
    identity = _verified_identity(buyer)
    return build_quote(drafts, fx, identity=identity, buyer_known=buyer is not None, split=split)


def _lines_to_buy(cart: Cart | None, items: list[tuple[int, int]] | None) -> list[CartLine]:
    if items is None:
        return cart_lines(cart)
    for _, quantity in items:
        _checked_quantity(quantity)
    lines = direct_lines(items)
    for line in lines:  # lines of one offer are merged, and the sum must be within limits too
        _checked_quantity(line.quantity)
    return lines


def _verified_identity(buyer):
    if buyer is None or not getattr(buyer, "is_authenticated", False):
        return None
    return verified_identity(buyer)


# --- place order ------------------------------------------------------------------------------------


def _request_hash(drafts: list[LineDraft], address_id: int, split: bool) -> str:
    content = {"address": address_id, "split": split, "lines": sorted((d.offer_id, d.quantity) for d in drafts)}
    return hashlib.sha256(json.dumps(content).encode()).hexdigest()


def _replay(buyer, key: str, request_hash: str, cart_is_empty: bool, address_id: int) -> Checkout | None:
    """The checkout already placed under ``key``: returned for the same request (or the now empty cart it
    emptied), refused with ``idempotency_key_reused`` for a different one."""
    existing = Checkout.objects.filter(buyer=buyer, idempotency_key=key).select_related("payment").first()
    if existing is None:
        return None
    same = existing.request_hash == request_hash or (cart_is_empty and existing.address_id == address_id)
    if not same:
        raise CheckoutError(
            errors.IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was used for a different order; send a new key.",
            fields={"idempotency_key": "reused"},
        )
    existing.replayed = True
    return existing


def place_order(
    *, buyer, cart: Cart | None, address: Address | None, idempotency_key: str, split: bool = False,
    items: list[tuple[int, int]] | None = None,
) -> Checkout:  # fmt: skip
    """Place the cart, or ``items`` (``(offer id, quantity)`` bought now, the cart left as it is): orders
    (one per store), packages, lines, stock and quota reservations and one payment, all or nothing. The
    same key returns the same checkout, never a second order."""
    key = (idempotency_key or "").strip()
    if not 8 <= len(key) <= 100:
        raise CheckoutError(
            errors.IDEMPOTENCY_KEY_REQUIRED,
            "Send an Idempotency-Key of 8 to 100 characters.",
            fields={"idempotency_key": "required"},
        )
    address_id = address.pk if address is not None else 0
    drafts, fx = line_drafts(_lines_to_buy(cart, items))
    request_hash = _request_hash(drafts, address_id, split)
    existing = _replay(buyer, key, request_hash, not drafts, address_id)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            checkout = Checkout.objects.create(
                number=new_number("CO"), buyer=buyer, idempotency_key=key, request_hash=request_hash, address=address
            )
            _place(checkout, buyer=buyer, address=address, drafts=drafts, fx=fx, split=split)
            if items is None:
                CartLine.objects.filter(cart=cart).delete()
            return checkout
    except IntegrityError:
        # A concurrent request with the same key won the unique constraint: answer with its checkout.
        existing = _replay(buyer, key, request_hash, True, address_id)
        if existing is None:
            raise
        return existing


def _place(checkout: Checkout, *, buyer, address, drafts, fx, split: bool) -> None:
    if address is None or address.user_id != buyer.pk:
        raise CheckoutError(errors.ADDRESS_NOT_FOUND, "Choose one of your addresses.", fields={"address_id": "unknown"})
    if not drafts:
        raise CheckoutError(errors.CART_EMPTY, "Your cart is empty.")
    identity = _verified_identity(buyer)
    quote = build_quote(drafts, fx, identity=identity, buyer_known=True, split=split)
    _refuse_violations(quote)
    try:
        reserve_stock(
            StockRequest(variant_id=d.variant_id, warehouse_id=d.warehouse_id, quantity=d.quantity) for d in drafts
        )
    except StockError as error:
        raise CheckoutError(errors.OUT_OF_STOCK, error.message, fields=error.fields) from None
    orders = _create_orders(buyer, address, quote, identity)
    total = sum((order.total for order in orders), Decimal("0.00"))
    payment = create_payment(
        buyer=buyer,
        orders=orders,
        amount=total,
        requires_identity=quote.needs_identity,
        buyer_id_hash=identity.id_hash if identity else "",
        return_url=reverse("checkout:done", kwargs={"number": checkout.number}),
    )
    checkout.payment, checkout.total = payment, total
    checkout.save(update_fields=["payment", "total"])
    Checkout.orders.through.objects.bulk_create(
        Checkout.orders.through(checkout_id=checkout.pk, order_id=order.pk) for order in orders
    )


def _refuse_violations(quote: Quote) -> None:
    for package in quote.packages:
        for violation in package.violations:
            fields = {"package": f"{package.store_name} / {package.warehouse_name}"}
            if violation.code == "over_transaction_limit" and package.split_proposal:
                fields["split"] = "available"
            raise CheckoutError(violation.code, violation.message, fields=fields)


def _create_orders(buyer, address: Address, quote: Quote, identity) -> list[Order]:
    """Orders (one per store), their packages, lines and first timeline rows: one bulk INSERT per table;
    then the annual quota of the CBEC packages."""
    by_store: dict[int, list[PackageQuote]] = defaultdict(list)
    for package in quote.packages:
        by_store[package.store_id].append(package)
    expires_at = timezone.now() + unpaid_timeout()
    snapshot = json.dumps(
        {"recipient": address.recipient, "phone": address.phone, "address": address.one_line}, ensure_ascii=False
    )
    orders = Order.objects.bulk_create(
        _order(buyer, store_id, packages, snapshot, address.district_code, expires_at)
        for store_id, packages in by_store.items()
    )
    TimelineEvent.objects.bulk_create(
        TimelineEvent(order=order, to_status=Status.PENDING_PAYMENT, actor=buyer, reason="order placed")
        for order in orders
    )
    drafts = [(order, quote) for order, packages in zip(orders, by_store.values(), strict=True) for quote in packages]
    packages = OrderPackage.objects.bulk_create(_package(order, quote, identity) for order, quote in drafts)
    OrderLine.objects.bulk_create(
        line for package, (_, quote) in zip(packages, drafts, strict=True) for line in _lines(package, quote)
    )
    _reserve_quota(identity, [(package, quote) for package, (_, quote) in zip(packages, drafts, strict=True)], buyer)
    return orders


def _sum(packages: list[PackageQuote], name: str) -> Decimal:
    return sum((getattr(package, name) for package in packages), Decimal("0.00"))


def _order(buyer, store_id: int, packages: list[PackageQuote], snapshot: str, district_code: str, expires_at):
    return Order(
        number=new_number("XB"),
        buyer=buyer,
        store_id=store_id,
        goods_total=_sum(packages, "goods"),
        freight_total=_sum(packages, "freight"),
        insurance_total=_sum(packages, "insurance"),
        tax_total=_sum(packages, "tax"),
        total=_sum(packages, "total"),
        fx_rates={line.currency: str(line.fx_rate) for p in packages for line in p.lines},
        shipping_address=snapshot,
        district_code=district_code,
        expires_at=expires_at,
    )


def _package(order: Order, quote: PackageQuote, identity) -> OrderPackage:
    landed = quote.landed
    reserve = quote.is_cbec
    return OrderPackage(
        number=new_number("PK"),
        order=order,
        store_id=quote.store_id,
        warehouse_id=quote.warehouse_id,
        regime=quote.regime,
        customs_mode=quote.customs_mode,
        treatment=quote.treatment,
        goods_value=quote.goods,
        freight=quote.freight,
        insurance=quote.insurance,
        dutiable_value=quote.dutiable_value,
        tariff=landed.tariff,
        consumption_tax=landed.consumption_tax,
        vat=landed.vat,
        postal_tax=landed.postal_tax if not landed.exempt else Decimal("0.00"),
        total_tax=landed.total_tax,
        total=quote.total,
        quota_reserved=quote.dutiable_value if reserve else Decimal("0.00"),
        quota_id_hash=identity.id_hash if reserve else "",
        landed_cost=_landed_snapshot(quote),
        delivery_min_days=quote.delivery_days[0],
        delivery_max_days=quote.delivery_days[1],
    )


def _lines(package: OrderPackage, quote: PackageQuote) -> list[OrderLine]:
    exempt = quote.landed.exempt
    return [
        OrderLine(
            order_id=package.order_id,
            package=package,
            offer_id=draft.offer_id,
            variant_id=draft.variant_id,
            description=draft.description,
            quantity=draft.quantity,
            currency=draft.currency,
            unit_price=draft.unit_price,
            fx_rate=draft.fx_rate,
            unit_price_cny=draft.unit_price_cny,
            line_total_cny=draft.total_cny,
            hs_code=draft.hs_code,
            dutiable_value=cost.dutiable_value,
            tariff=cost.tariff,
            consumption_tax=cost.consumption_tax,
            vat=cost.vat,
            postal_tax=Decimal("0.00") if exempt else cost.postal_tax,
        )
        for draft, cost in zip(quote.lines, quote.landed.lines, strict=True)
    ]


def _reserve_quota(identity, packages: list[tuple[OrderPackage, PackageQuote]], buyer) -> None:
    """The annual allowance of every CBEC package, under one lock of the buyer's year."""
    reservations = [
        QuotaReservation(package_ref=package.number, amount=quote.dutiable_value, quantities=quote.capped_quantities)
        for package, quote in packages
        if quote.is_cbec
    ]
    if not reservations:
        return
    try:
        reserve_quotas(id_hash=identity.id_hash, reservations=reservations, actor=f"buyer {buyer.pk}")
    except DutiesError as error:
        raise CheckoutError(error.code, error.message, fields=error.fields, status=error.status) from None


def _landed_snapshot(quote: PackageQuote) -> dict:
    landed = quote.landed
    return {
        "regime": landed.regime,
        "treatment": landed.treatment,
        "currency": landed.currency,
        "goods_value": str(landed.goods_value),
        "freight": str(landed.freight),
        "insurance": str(landed.insurance),
        "dutiable_value": str(landed.dutiable_value),
        "total_tax": str(landed.total_tax),
        "exempt": landed.exempt,
        "annual_used_after": None if landed.annual_used_after is None else str(landed.annual_used_after),
        "lines": [
            {
                "hs_code": draft.hs_code,
                "quantity": draft.quantity,
                "dutiable_value": str(cost.dutiable_value),
                "tariff": str(cost.tariff),
                "consumption_tax": str(cost.consumption_tax),
                "vat": str(cost.vat),
                "postal_tax": str(cost.postal_tax),
                "tariff_exact": str(cost.tariff_exact),
                "consumption_tax_exact": str(cost.consumption_tax_exact),
                "vat_exact": str(cost.vat_exact),
            }
            for draft, cost in zip(quote.lines, landed.lines, strict=True)
        ],
    }
