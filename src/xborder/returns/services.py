"""Writes of returns: request (by line, with reason and photos), ship back, receive, inspect and refund.

Rules: a return is asked for within the store's window after delivery. Bonded CBEC goods applied for within 30
days of customs release go back to the bonded warehouse; if they are back within 45 days their tax is not
levied (refunded to the buyer) and the buyer's annual quota for those lines is released (REGULATION.md D10).
Other goods go to the store's local return address (M2C) or abroad. The refund goes back through the payment
gateway, and the ledger reverses the seller's payable, the commission and the tax of the returned lines.
"""

import datetime as dt
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from xborder.checkout import services as checkout
from xborder.checkout.models import Checkout
from xborder.core.money import round_money
from xborder.duties.services import release_quota
from xborder.inventory.services import restock_return
from xborder.orders.models import CustomsMode, Order, OrderLine, Package
from xborder.orders.services import transition_order, transition_package
from xborder.orders.states import Status, can_move
from xborder.payments.models import Payment
from xborder.payments.services import refund_payment
from xborder.payments.states import REFUNDABLE
from xborder.returns import selectors
from xborder.returns.errors import ReturnError
from xborder.returns.models import (
    OPEN_STATUSES,
    SELLER_FAULT,
    FreightPayer,
    ReturnDestination,
    ReturnEvent,
    ReturnLine,
    ReturnPhoto,
    ReturnPolicy,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
)
from xborder.sellers.models import StoreKind
from xborder.settlement import from_orders
from xborder.settlement import services as settlement
from xborder.settlement.models import EntryKind, JournalEntry

APPLY_WITHIN = dt.timedelta(days=30)
BACK_WITHIN = dt.timedelta(days=45)
# An abandoned return must not hold the seller's money for ever.
PAYABLE_HOLD = dt.timedelta(days=60)
MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
)
TRACKING_NUMBER = re.compile(r"^[A-Za-z0-9-]{4,40}$")
CBEC_MODES = (CustomsMode.BONDED,)
# Goods returned for these reasons are not put back on sale unless inspection says so.
NOT_RESELLABLE = frozenset({ReturnReason.DEFECTIVE, ReturnReason.DAMAGED})
ZERO = Decimal("0.00")


def _event(request: ReturnRequest, to: str, *, from_status: str = "", actor=None, reason: str = "") -> None:
    ReturnEvent.objects.create(
        request=request, from_status=from_status, to_status=to, reason=reason[:200],
        actor=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip


def _move(request: ReturnRequest, to: str, *, expected: Sequence[str], actor=None, reason: str = "", **changes):
    """Conditional status change (``UPDATE ... WHERE status IN expected``) plus its timeline row."""
    current = request.status
    if current not in expected:
        raise ReturnError("return_not_open", f"{request} is {current}.", fields={"status": current}, status=409)
    updated = ReturnRequest.objects.filter(pk=request.pk, status=current).update(
        status=to, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise ReturnError("return_not_open", f"{request} was changed meanwhile.", status=409)
    request.status = to
    for name, value in changes.items():
        setattr(request, name, value)
    _event(request, to, from_status=current, actor=actor, reason=reason)


# --- request ------------------------------------------------------------------------------------------------


def request_return(
    *,
    buyer,
    package: Package,
    lines: Mapping[int, int],
    reason: str,
    description: str = "",
    photos: Sequence = (),
    now: dt.datetime | None = None,
) -> ReturnRequest:
    """The buyer asks to return ``lines`` (``{order line id: quantity}``) of a delivered package. Approved at
    once when the rules are met, with where to send the goods; the seller's payable stays held meanwhile."""
    now = now or timezone.now()
    if reason not in ReturnReason.values:
        raise ReturnError("reason_invalid", "Choose a reason.", fields={"reason": "invalid"})
    checked_photos = [_checked_photo(photo) for photo in photos]
    if len(checked_photos) > MAX_PHOTOS:
        raise ReturnError("too_many_photos", f"At most {MAX_PHOTOS} photos.", fields={"photos": "too_many"})
    if reason in SELLER_FAULT and not checked_photos:
        raise ReturnError("photos_required", "Show the problem with a photo.", fields={"photos": "required"})
    with transaction.atomic():
        package = (
            Package.objects.select_for_update()
            .select_related("order", "order__store", "warehouse")
            .filter(pk=package.pk, order__buyer=buyer)
            .first()
        )
        if package is None:
            raise ReturnError("not_found", "No such package.", status=404)
        delivered = _checked_delivered(package, now)
        wanted = _checked_lines(package, lines)
        request = _create_request(buyer, package, reason, description, delivered, now)
        ReturnLine.objects.bulk_create(ReturnLine(request=request, order_line=line, quantity=q) for line, q in wanted)
        for upload, content_type in checked_photos:
            ReturnPhoto.objects.create(request=request, file=upload, content_type=content_type)
        _event(request, ReturnStatus.APPROVED, actor=buyer, reason=f"requested: {reason}")
        settlement.set_return_hold(order_reference=package.order.number, until=now + PAYABLE_HOLD)
    return request


def _checked_photo(upload) -> tuple:
    size = getattr(upload, "size", 0) or 0
    if not 0 < size <= MAX_PHOTO_BYTES:
        raise ReturnError("photo_invalid", "A photo is a JPEG or PNG of at most 5 MB.", fields={"photos": "size"})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    name = (getattr(upload, "name", "") or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    for magic, content_type, extensions in PHOTO_SIGNATURES:
        if head.startswith(magic) and extension in extensions:
            return upload, content_type
    raise ReturnError("photo_invalid", "A photo is a JPEG or PNG of at most 5 MB.", fields={"photos": "type"})


def _checked_delivered(package: Package, now: dt.datetime) -> dt.datetime:
    delivered = selectors.delivered_at(package)
    if package.status not in (Status.DELIVERED, Status.COMPLETED) or delivered is None:
        raise ReturnError("not_delivered", "Goods can be returned once delivered.", status=409)
    closes = delivered + dt.timedelta(days=package.order.store.return_window_days)
    if now > closes:
        raise ReturnError(
            "return_window_closed", f"Returns closed on {timezone.localtime(closes):%Y-%m-%d %H:%M}.", status=409
        )
    return delivered


def _checked_lines(package: Package, lines: Mapping[int, int]) -> list[tuple[OrderLine, int]]:
    if not lines:
        raise ReturnError("no_lines", "Choose what to return.", fields={"lines": "required"})
    order_lines = {line.pk: line for line in package.lines.all()}
    claimed = selectors.claimed_quantities(package)
    wanted = []
    for line_id, quantity in sorted(lines.items()):
        line = order_lines.get(_int(line_id))
        if line is None:
            raise ReturnError("line_not_in_package", "That line is not in this package.", fields={str(line_id): "x"})
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise ReturnError("quantity_invalid", "Return at least one unit.", fields={str(line_id): "invalid"})
        if quantity > line.quantity - claimed.get(line.pk, 0):
            raise ReturnError(
                "quantity_exceeds", "More units than are left to return.", fields={str(line_id): "too_many"}, status=409
            )
        wanted.append((line, quantity))
    return wanted


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _create_request(buyer, package: Package, reason: str, description: str, delivered, now) -> ReturnRequest:
    store = package.order.store
    released = selectors.released_at(package)
    bonded = package.customs_mode in CBEC_MODES and released is not None
    apply_by = released + APPLY_WITHIN if bonded else None
    back_by = released + BACK_WITHIN if bonded else None
    to_bonded = bonded and now <= apply_by
    destination, address = _destination(package, store, to_bonded)
    policy = ReturnPolicy.objects.filter(store=store).first()
    payer = FreightPayer.SELLER if reason in SELLER_FAULT else (policy.return_freight_paid_by if policy else "buyer")
    return ReturnRequest.objects.create(
        number=f"RT{now:%Y%m%d}{secrets.token_hex(5).upper()}",
        order=package.order,
        package=package,
        buyer=buyer,
        reason=reason,
        description=description[:2000],
        destination=destination,
        destination_address=address,
        return_freight_paid_by=payer,
        applied_at=now,
        delivered_at=delivered,
        released_at=released,
        legal_apply_by=apply_by,
        legal_back_by=back_by,
    )


def _destination(package: Package, store, to_bonded: bool) -> tuple[str, str]:
    warehouse = package.warehouse
    warehouse_address = ", ".join(part for part in (warehouse.name, warehouse.address, warehouse.city) if part)
    if to_bonded:
        return ReturnDestination.BONDED_WAREHOUSE, warehouse_address
    local = _local_return_address(store)
    if local and store.kind != StoreKind.PERSONAL_SHOPPER:
        return ReturnDestination.LOCAL_ADDRESS, local
    if warehouse.country != "CN":
        return ReturnDestination.ABROAD, f"{warehouse_address}, {warehouse.country}"
    return ReturnDestination.LOCAL_ADDRESS, warehouse_address


def _local_return_address(store) -> str:
    """The home-country return address the merchant gave when applying (M2C local returns)."""
    application = getattr(store, "application", None)
    if application is None or not application.return_detail:
        return ""
    parts = (application.return_recipient, application.return_phone, application.return_province,
             application.return_city, application.return_district, application.return_detail,
             application.return_postal_code)  # fmt: skip
    return " ".join(part for part in parts if part)


# --- exchange: a return plus a new order for the replacement ----------------------------------------------


@dataclass(frozen=True)
class Exchange:
    return_request: ReturnRequest
    checkout: Checkout


def exchange(
    *,
    buyer,
    package: Package,
    lines: Mapping[int, int],
    reason: str,
    replacement_offer_id: int,
    quantity: int,
    address,
    idempotency_key: str,
    description: str = "",
    photos: Sequence = (),
    now: dt.datetime | None = None,
) -> Exchange:
    """Exchange as return + new order, all or nothing: the return of ``lines`` is requested under the usual
    rules and the replacement (an offer of the same store) is placed as a new order through checkout, on a
    cart of its own so the buyer's cart is left alone. The new order is paid as usual; the returned goods are
    refunded on inspection."""
    with transaction.atomic():
        request = request_return(buyer=buyer, package=package, lines=lines, reason=reason, description=description,
                                 photos=photos, now=now)  # fmt: skip
        store_id = request.order.store_id
        if not request.order.store.offers.filter(pk=_int(replacement_offer_id)).exists():
            raise ReturnError("replacement_not_in_store", "Exchange for an offer of the same store.",
                              fields={"replacement_offer_id": "unknown"})  # fmt: skip
        cart = checkout.guest_cart()
        checkout.add_to_cart(cart=cart, offer_id=_int(replacement_offer_id), quantity=quantity)
        placed = checkout.place_order(buyer=buyer, cart=cart, address=address, idempotency_key=idempotency_key)
        cart.delete()
        numbers = ", ".join(placed.orders.filter(store_id=store_id).values_list("number", flat=True))
        _event(request, request.status, from_status=request.status, actor=buyer, reason=f"exchange: order {numbers}")
    return Exchange(return_request=request, checkout=placed)


# --- buyer sends back, warehouse receives ------------------------------------------------------------------


def mark_sent_back(*, request: ReturnRequest, buyer, carrier: str, tracking_number: str) -> ReturnRequest:
    """The buyer handed the goods to a carrier."""
    if request.buyer_id != buyer.pk:
        raise ReturnError("not_found", "No such return.", status=404)
    if not TRACKING_NUMBER.match(tracking_number or "") or not (carrier or "").strip():
        raise ReturnError("tracking_number_invalid", "Give the carrier and its tracking number.",
                          fields={"tracking_number": "invalid"})  # fmt: skip
    with transaction.atomic():
        _move(request, ReturnStatus.IN_TRANSIT, expected=[ReturnStatus.APPROVED], actor=buyer,
              reason=f"{carrier} {tracking_number}", return_carrier=carrier.strip()[:60],
              return_tracking_number=tracking_number)  # fmt: skip
    return request


def cancel_return(*, request: ReturnRequest, buyer) -> ReturnRequest:
    if request.buyer_id != buyer.pk:
        raise ReturnError("not_found", "No such return.", status=404)
    with transaction.atomic():
        _move(request, ReturnStatus.CANCELLED, expected=[ReturnStatus.APPROVED], actor=buyer, reason="cancelled")
        _lift_payable_hold(request.order)
    return request


def receive_return(*, request: ReturnRequest, actor=None, received_at: dt.datetime | None = None) -> ReturnRequest:
    """The goods arrived at the destination. Bonded goods applied for within 30 days of release and back
    within 45 are marked tax-not-levied (D10)."""
    received_at = received_at or timezone.now()
    relief = bool(
        request.destination == ReturnDestination.BONDED_WAREHOUSE
        and request.legal_apply_by
        and request.applied_at <= request.legal_apply_by
        and received_at <= request.legal_back_by
    )
    why = "back in the bonded warehouse within 45 days" if relief else "received"
    with transaction.atomic():
        _move(request, ReturnStatus.RECEIVED, expected=[ReturnStatus.APPROVED, ReturnStatus.IN_TRANSIT],
              actor=actor, reason=why, received_at=received_at, tax_not_levied=relief)  # fmt: skip
    return request


# --- inspection and refund ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefundAmounts:
    goods: Decimal
    freight: Decimal
    tax: Decimal
    quota: Decimal
    whole_package: bool
    goods_by_category: tuple

    @property
    def total(self) -> Decimal:
        return self.goods + self.freight + self.tax


def inspect_return(
    *, request: ReturnRequest, accepted: Mapping[int, int] | None = None, note: str = "", actor=None,
    now: dt.datetime | None = None, resellable: Mapping[int, int] | None = None,
) -> ReturnRequest:  # fmt: skip
    """Inspect received goods: accept all (``accepted=None``) or ``{order line id: units}``. Accepted units are
    refunded through the gateway (goods, freight where due, tax when not levied), the buyer's quota for them
    released, and the ledger reversed; nothing accepted rejects the return. Goods back in the bonded warehouse
    that are resellable (``{order line id: units}``; by default every accepted unit unless returned as
    defective or damaged) go back on its stock with ``returned`` movements."""
    now = now or timezone.now()
    with transaction.atomic():
        request = ReturnRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != ReturnStatus.RECEIVED:
            raise ReturnError("return_not_open", f"{request} is {request.status}.", status=409)
        lines = list(request.lines.select_related("order_line__variant__product__category"))
        _accept(lines, accepted)
        if not any(line.accepted_quantity for line in lines):
            _move(request, ReturnStatus.REJECTED, expected=[ReturnStatus.RECEIVED], actor=actor,
                  reason=note or "nothing accepted", inspection_note=note)  # fmt: skip
            _lift_payable_hold(request.order)
            return request
        package = Package.objects.select_related("order", "order__store").get(pk=request.package_id)
        _restock(request, package, lines, resellable, actor)
        amounts = refund_amounts(request, package, lines)
        quota = _release_quota(request, package, amounts)
        refund_reference = _refund(request, package.order, amounts, actor, now)
        _move(request, ReturnStatus.REFUNDED, expected=[ReturnStatus.RECEIVED], actor=actor,
              reason=f"refund {refund_reference} of {amounts.total}", inspection_note=note,
              goods_refund=amounts.goods, freight_refund=amounts.freight, tax_refund=amounts.tax,
              quota_released=quota, refund_reference=refund_reference, refunded_at=now)  # fmt: skip
        if amounts.whole_package:
            _close_package(package, actor, request.number)
        _lift_payable_hold(package.order)
    return request


def _accept(lines: list[ReturnLine], accepted: Mapping[int, int] | None) -> None:
    by_line = {line.order_line_id: line for line in lines}
    wanted = None if accepted is None else {_int(key): units for key, units in accepted.items()}
    if wanted is not None and set(wanted) - set(by_line):
        raise ReturnError("line_not_in_package", "Accept only lines of this return.", fields={"accepted": "unknown"})
    for line in lines:
        units = line.quantity if wanted is None else wanted.get(line.order_line_id, 0)
        if not isinstance(units, int) or isinstance(units, bool) or not 0 <= units <= line.quantity:
            raise ReturnError("quantity_invalid", "Accept between none and all units.", fields={"accepted": "invalid"})
        line.accepted_quantity = units
    ReturnLine.objects.bulk_update(lines, ["accepted_quantity"])


def _restock(request: ReturnRequest, package: Package, lines: list[ReturnLine], resellable, actor) -> None:
    """Bonded goods come back to the bonded warehouse they left; goods sent to a merchant's own address are
    not platform stock."""
    wanted = None if resellable is None else {_int(key): units for key, units in resellable.items()}
    by_line = {line.order_line_id: line for line in lines}
    if wanted is not None and set(wanted) - set(by_line):
        raise ReturnError("line_not_in_package", "Restock only lines of this return.", fields={"resellable": "x"})
    restocked = []
    for line in lines:
        accepted = line.accepted_quantity or 0
        default = 0 if request.reason in NOT_RESELLABLE else accepted
        units = default if wanted is None else wanted.get(line.order_line_id, 0)
        if not isinstance(units, int) or isinstance(units, bool) or not 0 <= units <= accepted:
            raise ReturnError("quantity_invalid", "Restock between none and the accepted units.",
                              fields={"resellable": "invalid"})  # fmt: skip
        if units:
            restocked.append((line.order_line.variant_id, units))
    if request.destination != ReturnDestination.BONDED_WAREHOUSE or not restocked:
        return
    restock_return(warehouse_id=package.warehouse_id, lines=restocked, reference=request.number, actor=actor)


def refund_amounts(request: ReturnRequest, package: Package, lines: list[ReturnLine]) -> RefundAmounts:
    """Per line, the accepted units' share of its goods, tax and dutiable value; computed cumulatively (share
    of all refunded units minus share of those refunded before) so partial returns add up to the whole line.
    Freight comes back when the whole package is returned and the seller is at fault or the store says so."""
    before = selectors.refunded_quantities(package, exclude_request=request)
    goods = tax = quota = ZERO
    by_category: dict = {}
    for line in lines:
        order_line, units = line.order_line, line.accepted_quantity or 0
        if not units:
            continue
        done = before.get(order_line.pk, 0)
        line_goods = _share(order_line.line_total_cny, order_line.quantity, done, units)
        goods += line_goods
        category = order_line.variant.product.category
        by_category[category] = by_category.get(category, ZERO) + line_goods
        if request.tax_not_levied:
            cbec_tax = order_line.tariff + order_line.consumption_tax + order_line.vat
            tax += _share(cbec_tax, order_line.quantity, done, units)
            quota += _share(order_line.dutiable_value, order_line.quantity, done, units)
    accepted = {line.order_line_id: line.accepted_quantity or 0 for line in lines}
    whole = all(before.get(line.pk, 0) + accepted.get(line.pk, 0) >= line.quantity for line in package.lines.all())
    policy = ReturnPolicy.objects.filter(store_id=package.store_id).first()
    freight_due = whole and (request.reason in SELLER_FAULT or bool(policy and policy.refund_outbound_freight))
    freight = package.freight + package.insurance if freight_due else ZERO
    parts = tuple((category, value) for category, value in by_category.items() if value)
    return RefundAmounts(goods, freight, tax, quota, whole, parts)


def _share(total: Decimal, quantity: int, done: int, units: int) -> Decimal:
    """The share of ``units`` after ``done`` units of a line worth ``total`` for ``quantity`` units."""
    upto = round_money(total * (done + units) / quantity, "CNY")
    already = round_money(total * done / quantity, "CNY")
    return upto - already


def _refund(request: ReturnRequest, order: Order, amounts: RefundAmounts, actor, now) -> str:
    """The ledger first (the order's payment recorded if the sweep has not yet done it; the entry's reference
    is the return number), the gateway last: a ledger refusal then stops before any money moves."""
    payment = order.payments.filter(status__in=REFUNDABLE).order_by("pk").first()
    if payment is None:
        raise ReturnError("payment_not_found", f"{order} has no refundable payment.", status=409)
    if not JournalEntry.objects.filter(kind=EntryKind.BUYER_PAYMENT, reference=order.number).exists():
        from_orders.record_order_payment(order=order)
    settlement.record_refund(
        store=order.store, order_reference=order.number, refund_reference=request.number, goods=amounts.goods,
        freight=amounts.freight, tax=amounts.tax, goods_by_category=amounts.goods_by_category, occurred_at=now,
        created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    refund = refund_payment(
        payment=Payment.objects.get(pk=payment.pk), amount=amounts.total, reason=f"return {request.number}",
        actor=actor, actor_label="returns",
    )  # fmt: skip
    return refund.number


def _release_quota(request: ReturnRequest, package: Package, amounts: RefundAmounts) -> Decimal:
    """Give back the buyer's annual quota for the returned lines (all that is left on a whole package)."""
    if not request.tax_not_levied or package.quota_reserved <= 0 or amounts.quota <= 0:
        return ZERO
    entry = release_quota(
        package_ref=package.number, reason=f"return {request.number}",
        amount=None if amounts.whole_package else amounts.quota, actor="returns",
    )  # fmt: skip
    return -entry.amount


def _close_package(package: Package, actor, number: str) -> None:
    if can_move(package.status, Status.REFUNDED):
        transition_package(package=package, to=Status.REFUNDED, actor=actor, actor_label="returns", reason=number)
    order = package.order
    order.refresh_from_db(fields=["status"])
    live = set(order.packages.exclude(status=Status.CANCELLED).values_list("status", flat=True))
    if live == {Status.REFUNDED} and can_move(order.status, Status.REFUNDED):
        transition_order(order=order, to=Status.REFUNDED, actor=actor, actor_label="returns", reason=number)


def _lift_payable_hold(order: Order) -> None:
    """Let the seller's payable go once no return of the order is open."""
    if not ReturnRequest.objects.filter(order=order, status__in=OPEN_STATUSES).exists():
        settlement.set_return_hold(order_reference=order.number, until=None)
