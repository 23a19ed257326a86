"""Template helpers of the buyer pages: money in CNY and in the original currency, names in the active
language, image sources of listing rows."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django_countries import countries

from xborder.core.money import MINOR_UNITS

register = template.Library()

CURRENCY_SIGNS = {"CNY": "¥"}


@register.simple_tag
def asset(path: str) -> str:
    """``{% static %}`` that falls back to the unhashed name when collectstatic has not run (tests, a fresh
    checkout): the manifest storage would raise, and the file is still served from the app's static dir."""
    try:
        return static(path)
    except ValueError:
        return f"{settings.STATIC_URL}{path}"


@register.filter
def money(amount, currency="CNY"):
    """``¥1,234.50`` for CNY, ``JPY 3,000`` / ``USD 12.50`` otherwise; empty for no amount."""
    if amount in (None, ""):
        return ""
    digits = MINOR_UNITS.get(str(currency), 2)
    text = f"{Decimal(amount):,.{digits}f}"
    sign = CURRENCY_SIGNS.get(str(currency))
    return f"{sign}{text}" if sign else f"{currency} {text}"


@register.filter
def localised(obj, field="name"):
    """``obj.<field>_zh`` when the page is in Chinese and it is filled in, ``obj.<field>`` otherwise."""
    if obj is None:
        return ""
    if (get_language() or "").startswith("zh"):
        chinese = getattr(obj, f"{field}_zh", "")
        if chinese:
            return chinese
    return getattr(obj, field, "")


@register.filter
def country_name(code):
    return countries.name(str(code)) if code else ""


@register.simple_tag
def listing_image(product, placeholder=""):
    """The primary image of a listing row (annotated ``image_file`` / ``image_url``) or the placeholder
    (resolved once per grid by the caller)."""
    if getattr(product, "image_file", ""):
        return f"{settings.MEDIA_URL}{product.image_file}"
    return getattr(product, "image_url", "") or placeholder or asset("storefront/placeholder.svg")


@register.filter
def image_src(image):
    return image.src or asset("storefront/placeholder.svg")


@register.simple_tag
def options(choices, selected):
    """``<option>`` elements of ``(value, label)`` pairs, ``selected`` marked: built in one call because a
    template loop over a long facet list (brands, categories) costs more than the rest of the page."""
    selected = "" if selected is None else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if str(value) == selected else "", label) for value, label in choices),
    )
