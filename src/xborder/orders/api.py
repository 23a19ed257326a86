"""Orders API: the caller's orders and one order with its packages (each with its tax and status), lines
and timeline; a store member's view of the store's orders. Others' orders are 404, never 403."""

from datetime import datetime
from decimal import Decimal

from ninja import Path, Query, Router, Schema

from xborder.accounts.api_auth import token_or_session
from xborder.core.api_schemas import MAX_ID, PageQuery, error_responses, paginate
from xborder.orders import selectors

router = Router(tags=["orders"], auth=token_or_session)
StoreId = Path(..., ge=1, le=MAX_ID)


class OrderSummaryOut(Schema):
    number: str
    store_id: int
    store_name: str
    status: str
    total: Decimal
    placed_at: datetime

    @staticmethod
    def of(order) -> "OrderSummaryOut":
        return OrderSummaryOut(
            number=order.number,
            store_id=order.store_id,
            store_name=order.store.name,
            status=order.status,
            total=order.total,
            placed_at=order.placed_at,
        )


class OrderPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[OrderSummaryOut]


class LineOut(Schema):
    description: str
    quantity: int
    currency: str
    unit_price: Decimal
    fx_rate: Decimal
    unit_price_cny: Decimal
    hs_code: str
    tariff: Decimal
    consumption_tax: Decimal
    vat: Decimal
    postal_tax: Decimal


class PackageOut(Schema):
    number: str
    status: str
    regime: str
    customs_mode: str
    treatment: str
    goods_value: Decimal
    freight: Decimal
    insurance: Decimal
    dutiable_value: Decimal
    tariff: Decimal
    consumption_tax: Decimal
    vat: Decimal
    postal_tax: Decimal
    total_tax: Decimal
    total: Decimal
    lines: list[LineOut]


class EventOut(Schema):
    at: datetime
    package: str | None
    from_status: str
    to_status: str
    who: str
    reason: str


class OrderOut(OrderSummaryOut):
    goods_total: Decimal
    freight_total: Decimal
    insurance_total: Decimal
    tax_total: Decimal
    discount_total: Decimal
    fx_rates: dict[str, Decimal]
    expires_at: datetime
    packages: list[PackageOut]
    timeline: list[EventOut]

    @staticmethod
    def of(order) -> "OrderOut":
        lines: dict[int, list] = {}
        for line in order.lines.all():
            lines.setdefault(line.package_id, []).append(LineOut.model_validate(line, from_attributes=True))
        packages = [
            PackageOut.model_validate(
                {**{name: getattr(p, name) for name in PackageOut.model_fields if name != "lines"},
                 "lines": lines.get(p.pk, [])}
            )
            for p in order.packages.all()
        ]  # fmt: skip
        timeline = [
            EventOut(
                at=event.created_at,
                package=event.package.number if event.package_id else None,
                from_status=event.from_status,
                to_status=event.to_status,
                who=event.who,
                reason=event.reason,
            )
            for event in order.timeline.all()
        ]
        summary = OrderSummaryOut.of(order).model_dump()
        money = {name: getattr(order, name) for name in ("goods_total", "freight_total", "insurance_total")}
        return OrderOut(
            **summary,
            **money,
            tax_total=order.tax_total,
            discount_total=order.discount_total,
            fx_rates=order.fx_rates,
            expires_at=order.expires_at,
            packages=packages,
            timeline=timeline,
        )


@router.get("", response={200: OrderPageOut, **error_responses(401)}, summary="My orders, newest first")
def my_orders(request, page: Query[PageQuery]):
    result = paginate(selectors.orders_of_buyer(request.auth), page)
    return {**result, "items": [OrderSummaryOut.of(order) for order in result["items"]]}


@router.get(
    "/store/{store_id}",
    response={200: OrderPageOut, **error_responses(401, 403, 404)},
    summary="A store's orders (its members, agencies with the `orders` scope, operators)",
    description="404 `order_not_found` without the store or any tie to it; 403 `permission_denied` with a tie "
    "but without the right (an agency whose mandate lacks the `orders` scope).",
)
def store_orders(request, page: Query[PageQuery], store_id: int = StoreId):
    result = paginate(selectors.orders_of_store(user=request.auth, store_id=store_id), page)
    return {**result, "items": [OrderSummaryOut.of(order) for order in result["items"]]}


@router.get(
    "/{number}",
    response={200: OrderOut, **error_responses(401, 404)},
    summary="One of my orders with packages, taxes, lines and timeline (404 `order_not_found` otherwise)",
)
def my_order(request, number: str = Path(..., max_length=24)):
    return OrderOut.of(selectors.order_for_buyer(buyer=request.auth, number=number))
