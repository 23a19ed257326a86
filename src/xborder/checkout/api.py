"""Checkout API: the buyer's cart, the quote (every package with duty and tax) and placing the order.

``POST /place`` needs an ``Idempotency-Key`` header: the same key returns the same checkout (200) instead of
a second order; a key reused for a different cart is ``409 idempotency_key_reused``. Quote and place take optional
``lines`` to buy now without the cart ("buy now"), leaving the cart as it is.
"""

from ninja import Header, Path, Router, Status

from xborder.accounts.api_auth import token_or_session
from xborder.accounts.models import Address
from xborder.checkout import services
from xborder.checkout.models import CartLine
from xborder.checkout.schemas import CartLineIn, CartOut, CheckoutOut, PlaceIn, QuantityIn, QuoteIn, QuoteOut
from xborder.core.api_schemas import COMMON_ERRORS, describe_errors, error_responses

router = Router(tags=["checkout"], auth=token_or_session)
LineId = Path(..., ge=1, le=2**63 - 1)

CART_ERRORS = {
    400: "`invalid_quantity`, `offer_unavailable`",
    404: "`offer_not_found`, `line_not_found`",
    409: "`insufficient_stock`",
    **{status: COMMON_ERRORS[status] for status in (401, 403, 422)},
}
PLACE_ERRORS = {
    400: "`idempotency_key_required`, `cart_empty`, `identity_required`, `offer_unavailable`, "
    "`over_transaction_limit` (fields.split = available: retry with split), `not_on_positive_list`, "
    "`trade_mode_not_allowed`, `quantity_cap_exceeded`, `postal_parcel_over_limit`, `hs_code_not_found`",
    404: "`address_not_found`",
    409: "`idempotency_key_reused`, `out_of_stock`, `insufficient_stock`, `over_annual_limit`, `no_fx_rate`",
    **{status: COMMON_ERRORS[status] for status in (401, 403, 422)},
}


def _cart_out(cart) -> CartOut:
    lines = CartLine.objects.filter(cart=cart).values("id", "offer_id", "quantity")
    return CartOut(lines=list(lines))


@router.get("/cart", response={200: CartOut, **error_responses(401)}, summary="My cart")
def get_cart(request):
    return _cart_out(services.buyer_cart(user=request.auth))


@router.post(
    "/cart/lines",
    response={201: CartOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Add an offer to my cart",
    description=describe_errors(CART_ERRORS),
)
def add_line(request, payload: CartLineIn):
    cart = services.buyer_cart(user=request.auth)
    services.add_to_cart(cart=cart, offer_id=payload.offer_id, quantity=payload.quantity)
    return Status(201, _cart_out(cart))


@router.patch(
    "/cart/lines/{line_id}",
    response={200: CartOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Change a line's quantity",
    description=describe_errors(CART_ERRORS),
)
def change_line(request, payload: QuantityIn, line_id: int = LineId):
    cart = services.buyer_cart(user=request.auth)
    services.change_quantity(cart=cart, line_id=line_id, quantity=payload.quantity)
    return _cart_out(cart)


@router.delete(
    "/cart/lines/{line_id}",
    response={200: CartOut, **error_responses(401, 403, 404)},
    summary="Remove a line",
    description=describe_errors(CART_ERRORS),
)
def remove_line(request, line_id: int = LineId):
    cart = services.buyer_cart(user=request.auth)
    services.remove_from_cart(cart=cart, line_id=line_id)
    return _cart_out(cart)


@router.post(
    "/quote",
    response={200: QuoteOut, **error_responses(401, 403, 409, 422)},
    summary="Quote my cart (or lines bought now)",
    description="Every package (store, warehouse, regime) with goods, freight, insurance, tariff, consumption "
    "tax, VAT, treatment, delivery estimate, violations and split proposal.",
)
def quote(request, payload: QuoteIn):
    cart = services.buyer_cart(user=request.auth) if payload.lines is None else None
    return QuoteOut.of(services.quote_cart(cart=cart, buyer=request.auth, split=payload.split, items=payload.items()))


@router.post(
    "/place",
    response={201: CheckoutOut, 200: CheckoutOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Place my cart (or lines bought now) as orders and open the payment",
    description=describe_errors(PLACE_ERRORS),
)
def place(request, payload: PlaceIn, idempotency_key: str = Header("", alias="Idempotency-Key")):
    buyer = request.auth
    address = Address.objects.filter(user=buyer, pk=payload.address_id).first()
    checkout = services.place_order(
        buyer=buyer,
        cart=services.buyer_cart(user=buyer) if payload.lines is None else None,
        address=address,
        idempotency_key=idempotency_key,
        split=payload.split,
        items=payload.items(),
    )
    return Status(200 if checkout.replayed else 201, CheckoutOut.of(checkout))
