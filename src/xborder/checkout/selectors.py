"""Reads of the checkout pages that the quote does not carry."""

from xborder.catalog.models import Product


def product_slug_of_offer(offer_id: int) -> str | None:
    """The slug of the active product an offer sells (the buy-now page's link back), in one query."""
    return Product.objects.filter(offers__pk=offer_id, is_active=True).values_list("slug", flat=True).first()
