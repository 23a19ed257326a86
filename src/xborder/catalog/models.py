"""Brands, the category tree, products, variants (SKUs with customs data), images and offers."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from xborder.sellers.models import StoreStatus


class LocalisedName:
    """``display_name`` picks the Simplified Chinese name when the active language is Chinese."""

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("zh") and getattr(self, "name_zh", ""):
            return self.name_zh
        return self.name


class Brand(LocalisedName, models.Model):
    name = models.CharField(max_length=100, unique=True)
    name_zh = models.CharField(max_length=100, blank=True)
    slug = models.SlugField(unique=True, max_length=100)
    country = CountryField()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Category(LocalisedName, models.Model):
    """A node of the category tree; ``path`` (``beauty/skincare``) makes subtree queries one indexed prefix."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField(max_length=80)
    name_zh = models.CharField(max_length=80, blank=True)
    slug = models.SlugField(max_length=80)
    path = models.CharField(max_length=255, unique=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["path"]

    def __str__(self):
        return self.path

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug
        super().save(*args, **kwargs)

    @property
    def depth(self) -> int:
        return self.path.count("/")


class Product(LocalisedName, models.Model):
    name = models.CharField(max_length=200)
    name_zh = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(unique=True, max_length=220)
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    description = models.TextField(blank=True)
    description_zh = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    # Cheapest active offer in the home currency; refreshed when offers or FX rates change (sort and filter).
    min_price_cny = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["is_active", "min_price_cny"], name="product_active_price"),
            models.Index(fields=["is_active", "-created_at"], name="product_active_newest"),
            models.Index(fields=["category", "is_active"], name="product_category_active"),
            models.Index(fields=["brand", "is_active"], name="product_brand_active"),
        ]

    def __str__(self):
        return self.name

    @property
    def display_description(self) -> str:
        if (get_language() or "").startswith("zh") and self.description_zh:
            return self.description_zh
        return self.description


class LegalUnit(models.TextChoices):
    MILLILITRE = "ml", _("millilitre")
    LITRE = "l", _("litre")
    GRAM = "g", _("gram")
    KILOGRAM = "kg", _("kilogram")
    PIECE = "piece", _("piece")
    PAIR = "pair", _("pair")
    SET = "set", _("set")
    SHEET = "sheet", _("sheet")


class Variant(LocalisedName, models.Model):
    """One SKU with what customs needs: HS code, origin, weights, legal unit and quantity, barcode."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=120, blank=True)
    name_zh = models.CharField(max_length=120, blank=True)
    hs_code = models.CharField(_("HS code"), max_length=10, db_index=True)
    origin_country = CountryField(_("origin country"))
    net_weight_kg = models.DecimalField(max_digits=10, decimal_places=3)
    gross_weight_kg = models.DecimalField(max_digits=10, decimal_places=3)
    legal_unit = models.CharField(max_length=6, choices=LegalUnit.choices)
    legal_quantity = models.DecimalField(max_digits=12, decimal_places=3)
    barcode = models.CharField(max_length=14, blank=True)

    class Meta:
        ordering = ["product", "id"]
        indexes = [models.Index(fields=["origin_country", "product"], name="variant_origin_product")]
        constraints = [
            models.CheckConstraint(condition=models.Q(hs_code__regex=r"^[0-9]{10}$"), name="variant_hs_code_10_digits"),
            models.CheckConstraint(
                condition=models.Q(gross_weight_kg__gte=models.F("net_weight_kg")), name="variant_gross_gte_net"
            ),
            models.CheckConstraint(condition=models.Q(legal_quantity__gt=0), name="variant_legal_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.product.name} {self.name}".strip() if self.name else self.sku


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to="products/", blank=True)
    url = models.CharField(max_length=300, blank=True)
    alt = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["product", "position", "id"]

    def __str__(self):
        return self.alt or self.src

    @property
    def src(self) -> str:
        return self.file.url if self.file else self.url


class FulfilmentMode(models.TextChoices):
    BONDED = "bonded", _("Bonded warehouse (1210)")
    DIRECT_MAIL = "direct_mail", _("Direct mail (9610)")
    GENERAL_TRADE = "general_trade", _("General trade (0110)")
    POSTAL = "postal", _("Personal postal parcel")


class OfferQuerySet(models.QuerySet):
    def sellable(self) -> "OfferQuerySet":
        """Offers buyers may see and buy: active, from a store that is approved (not pending or suspended)."""
        return self.filter(is_active=True, store__status=StoreStatus.APPROVED)


class Offer(models.Model):
    """A store's price for a variant, in the store's currency, shipped one way from one warehouse."""

    store = models.ForeignKey("sellers.Store", on_delete=models.CASCADE, related_name="offers")
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="offers")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="offers", editable=False)
    price = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.ForeignKey("pricing.Currency", on_delete=models.PROTECT, related_name="+")
    fulfilment_mode = models.CharField(max_length=14, choices=FulfilmentMode.choices)
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="offers")
    is_active = models.BooleanField(default=True)
    price_cny = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["price_cny", "id"]
        indexes = [
            models.Index(fields=["product", "is_active"], name="offer_product_active"),
            models.Index(fields=["fulfilment_mode", "product"], name="offer_mode_product"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "variant", "warehouse", "fulfilment_mode"], name="offer_once_per_route"
            ),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="offer_price_positive"),
        ]

    def __str__(self):
        return f"{self.store} {self.variant.sku} {self.price} {self.currency_id}"

    def save(self, *args, **kwargs):
        self.product_id = self.variant.product_id
        super().save(*args, **kwargs)
