"""Cart and checkout pages. Views translate HTTP to a service call and a domain error to a message."""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xborder.accounts.models import Address
from xborder.accounts.selectors import addresses_of
from xborder.checkout import errors, services
from xborder.checkout.errors import CheckoutError
from xborder.checkout.forms import FIELDS, BuyNow, buy_now_line, is_buy_now, page_message
from xborder.checkout.models import Checkout
from xborder.checkout.quoting import cart_lines
from xborder.checkout.selectors import product_slug_of_offer
from xborder.checkout.session import current_cart
from xborder.core.errors import DomainError

# The errors of a buy-now line itself: refused on the page, not by a redirect back to the same bad line.
LINE_ERRORS = {errors.OFFER_NOT_FOUND, errors.INVALID_QUANTITY}


def _int(value, default=0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def cart(request):
    """The cart with a quantity form per line; the quote itself is on the checkout page."""
    cart = current_cart(request)
    quote = services.quote_cart(cart=cart, buyer=request.user if request.user.is_authenticated else None)
    return render(request, "checkout/cart.html", {"lines": cart_lines(cart), "quote": quote})


@require_POST
def cart_add(request):
    try:
        services.add_to_cart(
            cart=current_cart(request, create=True),
            offer_id=_int(request.POST.get("offer_id")),
            quantity=_int(request.POST.get("quantity", 1)),
        )
        messages.success(request, _("Added to your cart."))
    except CheckoutError as error:
        messages.error(request, error.message)
    return redirect("checkout:cart")


@require_POST
def cart_line(request, line_id: int):
    """Change a line's quantity, or remove it (``action=remove``)."""
    cart = current_cart(request)
    try:
        if cart is None:
            raise CheckoutError("line_not_found", "Your cart is empty.")
        if request.POST.get("action") == "remove":
            services.remove_from_cart(cart=cart, line_id=line_id)
        else:
            services.change_quantity(cart=cart, line_id=line_id, quantity=_int(request.POST.get("quantity")))
    except CheckoutError as error:
        messages.error(request, error.message)
    return redirect("checkout:cart")


@login_required
def checkout(request):
    """Every package with goods, freight, tariff, consumption tax, VAT, total tax, treatment, violations
    and the split offer, before the buyer pays. With ``?offer_id=..&quantity=..`` ("Buy now" on a product
    page) the quote is of that one line and the cart is neither read nor changed."""
    split = request.GET.get("split") == "1"
    if is_buy_now(request.GET):
        try:
            line = buy_now_line(request.GET)
            quote = services.quote_cart(cart=None, buyer=request.user, split=split, items=line.items)
        except CheckoutError as error:
            return _buy_now_refused(request, error)
        return _checkout_page(request, quote, split, line)
    quote = services.quote_cart(cart=current_cart(request), buyer=request.user, split=split)
    return _checkout_page(request, quote, split)


def _checkout_page(request, quote, split: bool, line: BuyNow | None = None):
    context = {
        "quote": quote,
        "split": split,
        "split_url": line.query(split=True) if line else "?split=1",
        "addresses": addresses_of(request.user),
        "idempotency_key": secrets.token_urlsafe(24),
        "buying_now": line is not None,
        "buy_now": line,
        "product_slug": product_slug_of_offer(line.offer_id) if line else None,
    }
    return render(request, "checkout/checkout.html", context)


def _buy_now_refused(request, error: DomainError):
    """A buy-now line that cannot be quoted or placed as sent (offer id, quantity): the page says why and
    offers the way back; nothing was changed."""
    context = {
        "quote": None,
        "buying_now": True,
        "buy_now_error": {"code": error.code, "message": page_message(error.code, error.message)},
    }
    return render(request, "checkout/checkout.html", context, status=400)


@require_POST
def buy_now(request):
    """A product page's "Buy now": on to the checkout page of that offer and quantity, which checks them
    (a visitor logs in first and comes back to it). A POST with the add-to-cart form's CSRF token, answered
    with a redirect, so that the token never ends up in a URL."""
    line = {name: request.POST.get(name, "") for name in FIELDS}
    return redirect(reverse("checkout:checkout") + "?" + urlencode(line))


@login_required
@require_POST
def place(request):
    """Place the cart, or the buy-now line of the form's hidden fields (checked again here; a bad one is
    refused before anything is written)."""
    split = request.POST.get("split") == "1"
    line = None
    if is_buy_now(request.POST):
        try:
            line = buy_now_line(request.POST)
        except CheckoutError as error:
            return _buy_now_refused(request, error)
    address = Address.objects.filter(user=request.user, pk=_int(request.POST.get("address_id"))).first()
    try:
        placed = services.place_order(
            buyer=request.user,
            cart=None if line else current_cart(request, create=True),
            address=address,
            idempotency_key=request.POST.get("idempotency_key", ""),
            split=split,
            items=line.items if line else None,
        )
    except DomainError as error:
        if line and error.code in LINE_ERRORS:
            return _buy_now_refused(request, error)
        messages.error(request, f"{error.message} ({error.code})")
        return redirect(reverse("checkout:checkout") + (line.query(split=split) if line else ""))
    if placed.payment.status == "pending":
        return redirect(placed.payment.redirect_url)
    return redirect("checkout:done", number=placed.number)


@login_required
def done(request, number: str):
    placed = get_object_or_404(
        Checkout.objects.select_related("payment").prefetch_related("orders"), buyer=request.user, number=number
    )
    return render(request, "checkout/done.html", {"checkout": placed})
