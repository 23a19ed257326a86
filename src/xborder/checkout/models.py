"""Carts (a guest's by session token, a buyer's by user), shipping rules, and checkouts: the record of
one placed cart with its idempotency key, its orders and its one payment."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

MONEY = {"max_digits": 14, "decimal_places": 2}


class Cart(models.Model):
    """A buyer has one cart; a guest's cart is found by the token kept in the session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="cart"
    )
    token = models.CharField(max_length=43, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"cart of {self.user or 'guest'}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    offer = models.ForeignKey("catalog.Offer", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "offer"], name="cartline_offer_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cartline_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} x offer {self.offer_id}"


class ShippingRule(models.Model):
    """Freight in CNY by gross weight: ``first_kg`` for the first (started) kilogram, ``extra_kg`` for each
    further one. The most specific rule wins: store + warehouse, then warehouse, then store, then the default
    (``XBORDER["DEFAULT_FREIGHT"]``). ``insurance_rate`` is a fraction of the goods value (0 by default)."""

    store = models.ForeignKey("sellers.Store", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    warehouse = models.ForeignKey(
        "inventory.Warehouse", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    first_kg = models.DecimalField(**MONEY)
    extra_kg = models.DecimalField(**MONEY)
    insurance_rate = models.DecimalField(max_digits=6, decimal_places=4, default=Decimal("0"))

    class Meta:
        constraints = [
            # One rule per scope; partial constraints because SQLite cannot make NULLs equal in a unique index.
            models.UniqueConstraint(fields=["store", "warehouse"], name="shippingrule_once"),
            models.UniqueConstraint(
                fields=["store"], condition=Q(warehouse__isnull=True), name="shippingrule_once_per_store"
            ),
            models.UniqueConstraint(
                fields=["warehouse"], condition=Q(store__isnull=True), name="shippingrule_once_per_warehouse"
            ),
            models.CheckConstraint(condition=Q(first_kg__gte=0) & Q(extra_kg__gte=0), name="shippingrule_non_negative"),
            models.CheckConstraint(
                condition=Q(insurance_rate__gte=0) & Q(insurance_rate__lt=1), name="shippingrule_insurance_range"
            ),
            models.CheckConstraint(
                condition=Q(store__isnull=False) | Q(warehouse__isnull=False), name="shippingrule_has_scope"
            ),
        ]

    def __str__(self):
        return f"{self.store or '*'} / {self.warehouse or '*'}: {self.first_kg} + {self.extra_kg}/kg"


class Checkout(models.Model):
    """One placement of a cart: its orders (one per store) and the one payment for all of them.
    ``(buyer, idempotency_key)`` is unique, so a retried request finds this row instead of a second order;
    ``request_hash`` tells a retry from a different cart sent under the same key."""

    number = models.CharField(max_length=24, unique=True)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="checkouts")
    idempotency_key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    address = models.ForeignKey("accounts.Address", null=True, on_delete=models.SET_NULL, related_name="+")
    orders = models.ManyToManyField("orders.Order", related_name="checkouts")
    payment = models.OneToOneField("payments.Payment", null=True, on_delete=models.PROTECT, related_name="checkout")
    total = models.DecimalField(default=0, **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)

    # Set on the checkout that ``place_order`` found under a repeated Idempotency-Key (the API answers 200).
    replayed = False

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["buyer", "idempotency_key"], name="checkout_idempotency_key_once"),
        ]

    def __str__(self):
        return self.number
