"""The buy-now line of the checkout page ("Buy now" on a product page): read from the page's query string and
again from the place-order form's hidden fields, and checked on every request, never trusted from the page."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from xborder.checkout import errors
from xborder.checkout.errors import CheckoutError
from xborder.checkout.services import MAX_LINE_QUANTITY

FIELDS = ("offer_id", "quantity")
MAX_ID = 2**63 - 1  # the largest primary key the database can hold: a larger number is no offer, not an error
_WHOLE_NUMBER = re.compile(r"[0-9]{1,19}")


@dataclass(frozen=True, slots=True)
class BuyNow:
    offer_id: int
    quantity: int

    @property
    def items(self) -> list[tuple[int, int]]:
        """The ``items`` of ``quote_cart`` and ``place_order``."""
        return [(self.offer_id, self.quantity)]

    def query(self, *, split: bool = False) -> str:
        """The checkout page's query string for this line (``?offer_id=..&quantity=..``)."""
        params = {"offer_id": self.offer_id, "quantity": self.quantity}
        if split:
            params["split"] = 1
        return "?" + urlencode(params)


def is_buy_now(data) -> bool:
    """Whether a request asks to buy a line now (any buy-now field present) rather than the cart."""
    return any(name in data for name in FIELDS)


def buy_now_line(data) -> BuyNow:
    """The line of ``data`` (a QueryDict): one offer id, a whole number, and one quantity from 1 to 99.
    Raises ``CheckoutError`` ``offer_not_found`` or ``invalid_quantity`` with a message for the page."""
    offer_id = _whole_number(data, "offer_id")
    if offer_id is None or not 1 <= offer_id <= MAX_ID:
        raise CheckoutError(
            errors.OFFER_NOT_FOUND, page_message(errors.OFFER_NOT_FOUND), fields={"offer_id": "unknown"}
        )
    quantity = _whole_number(data, "quantity")
    if quantity is None or not 1 <= quantity <= MAX_LINE_QUANTITY:
        raise CheckoutError(
            errors.INVALID_QUANTITY, page_message(errors.INVALID_QUANTITY), fields={"quantity": "out of range"}
        )
    return BuyNow(offer_id, quantity)


def _whole_number(data, name: str) -> int | None:
    values = data.getlist(name)
    if len(values) != 1 or not _WHOLE_NUMBER.fullmatch(values[0].strip()):
        return None
    return int(values[0])


def page_message(code: str, default: str = "") -> str:
    """The buyer's words for a refused buy-now line, in the page's language (the services speak English)."""
    if code == errors.OFFER_NOT_FOUND:
        return _("This offer does not exist. Go back to the product page and choose one of its offers.")
    if code == errors.INVALID_QUANTITY:
        return _("The quantity must be a whole number from 1 to %(max)d.") % {"max": MAX_LINE_QUANTITY}
    return default
