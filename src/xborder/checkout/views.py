"""Cart and checkout pages. Views translate HTTP to a service call and a domain error to a message."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xborder.accounts.models import Address
from xborder.accounts.selectors import addresses_of
from xborder.checkout import services
from xborder.checkout.errors import CheckoutError
from xborder.checkout.models import Checkout
from xborder.checkout.quoting import cart_lines
from xborder.checkout.session import current_cart
from xborder.core.errors import DomainError


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
    and the split offer, before the buyer pays."""
    split = request.GET.get("split") == "1"
    quote = services.quote_cart(cart=current_cart(request), buyer=request.user, split=split)
    context = {
        "quote": quote,
        "split": split,
        "addresses": addresses_of(request.user),
        "idempotency_key": secrets.token_urlsafe(24),
    }
    return render(request, "checkout/checkout.html", context)


@login_required
@require_POST
def place(request):
    address = Address.objects.filter(user=request.user, pk=_int(request.POST.get("address_id"))).first()
    try:
        placed = services.place_order(
            buyer=request.user,
            cart=current_cart(request, create=True),
            address=address,
            idempotency_key=request.POST.get("idempotency_key", ""),
            split=request.POST.get("split") == "1",
        )
    except DomainError as error:
        messages.error(request, f"{error.message} ({error.code})")
        return redirect("checkout:checkout")
    if placed.payment.status == "pending":
        return redirect(placed.payment.redirect_url)
    return redirect("checkout:done", number=placed.number)


@login_required
def done(request, number: str):
    placed = get_object_or_404(
        Checkout.objects.select_related("payment").prefetch_related("orders"), buyer=request.user, number=number
    )
    return render(request, "checkout/done.html", {"checkout": placed})
