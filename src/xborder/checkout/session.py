"""Which cart a request works on. A guest's cart is found by a token in the session; on the first cart
access after log-in the guest cart is merged into the buyer's (explicitly, not through a signal)."""

from xborder.checkout.models import Cart
from xborder.checkout.services import buyer_cart, guest_cart, merge_carts

SESSION_KEY = "cart_token"


def current_cart(request, *, create: bool = False) -> Cart | None:
    token = request.session.get(SESSION_KEY)
    if request.user.is_authenticated:
        if token:
            guest = Cart.objects.filter(token=token, user__isnull=True).first()
            request.session.pop(SESSION_KEY, None)
            return merge_carts(guest=guest, user=request.user)
        if create:
            return buyer_cart(user=request.user)
        return Cart.objects.filter(user=request.user).first()
    cart = Cart.objects.filter(token=token, user__isnull=True).first() if token else None
    if cart is None and create:
        cart = guest_cart()
        request.session[SESSION_KEY] = cart.token
    return cart
