"""The home page's entries, one per business model, each leading to the listing filtered for it.

Rebates and content have their own apps in later issues; until their URLs exist the entries lead to the
closest listing (overseas merchants by price, newest arrivals), and switch over once they are mounted.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class BusinessModelEntry:
    key: str
    title: str
    tagline: str
    params: dict
    url_name: str = ""

    @property
    def url(self) -> str:
        if self.url_name:
            try:
                return reverse(self.url_name)
            except NoReverseMatch:
                pass
        return f"{reverse('storefront:product_list')}?{urlencode(self.params)}"


ENTRIES = (
    BusinessModelEntry(
        "m2c",
        _("Overseas brand stores"),
        _("Bought straight from brands and retailers abroad (M2C)."),
        {"store_kind": "overseas_merchant"},
    ),
    BusinessModelEntry(
        "b2c",
        _("Bonded fast delivery"),
        _("Self-operated stock in a bonded warehouse in China: delivered in 1-3 days (B2C)."),
        {"store_kind": "self_operated", "fulfilment": "bonded"},
    ),
    BusinessModelEntry(
        "c2c",
        _("Personal shoppers"),
        _("People living abroad buy in local shops for you and post the parcel (C2C)."),
        {"store_kind": "personal_shopper"},
    ),
    BusinessModelEntry(
        "b2b",
        _("Wholesale (B2B)"),
        _("Bulk purchases from overseas suppliers under general trade."),
        {"store_kind": "b2b_supplier"},
    ),
    BusinessModelEntry(
        "direct_mail",
        _("Direct mail from abroad"),
        _("Shipped from overseas warehouses to your door, cleared at the port."),
        {"fulfilment": "direct_mail"},
    ),
    BusinessModelEntry(
        "rebates",
        _("Deals and cashback"),
        _("The lowest prices from overseas partner stores."),
        {"store_kind": "overseas_merchant", "sort": "price_asc"},
        url_name="rebates:home",
    ),
    BusinessModelEntry(
        "content",
        _("Discover"),
        _("New arrivals and what buyers are talking about."),
        {"sort": "newest"},
        url_name="content:feed",
    ),
)


def business_model_entries() -> tuple[BusinessModelEntry, ...]:
    return ENTRIES
