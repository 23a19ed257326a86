"""Orders (one per store per checkout), their packages (the unit of customs and shipment), lines with
the prices, FX rates and taxes used, and the timeline of every state change."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xborder.core.pii import EncryptedTextField
from xborder.orders.states import Status

MONEY = {"max_digits": 14, "decimal_places": 2, "default": 0}
FX = {"max_digits": 20, "decimal_places": 10}


class CustomsMode(models.TextChoices):
    BONDED = "1210", _("Bonded import (1210)")
    DIRECT_MAIL = "9610", _("Direct mail (9610)")
    POSTAL = "postal", _("Personal postal parcel")
    GENERAL = "general", _("General trade (0110)")


class Order(models.Model):
    """What a buyer placed with one store in one checkout. Amounts are CNY; ``fx_rates`` keeps the rates
    used (``{"JPY": "0.048"}``), so the order never changes when a rate does."""

    number = models.CharField(max_length=24, unique=True)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    store = models.ForeignKey("sellers.Store", on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING_PAYMENT)
    currency = models.CharField(max_length=3, default="CNY")
    goods_total = models.DecimalField(**MONEY)
    freight_total = models.DecimalField(**MONEY)
    insurance_total = models.DecimalField(**MONEY)
    tax_total = models.DecimalField(**MONEY)
    discount_total = models.DecimalField(**MONEY)
    total = models.DecimalField(**MONEY)
    fx_rates = models.JSONField(default=dict, blank=True)
    # Snapshot of the delivery address (recipient, phone, address) as encrypted JSON: edits never move an order.
    shipping_address = EncryptedTextField()
    district_code = models.CharField(max_length=6)
    placed_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        indexes = [
            models.Index(fields=["buyer", "-placed_at"], name="order_buyer_newest"),
            models.Index(fields=["store", "status", "-placed_at"], name="order_store_status"),
            models.Index(fields=["status", "expires_at"], name="order_status_expiry"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_non_negative"),
        ]

    def __str__(self):
        return self.number


class Package(models.Model):
    """Lines of one order from one warehouse under one regime: declared and shipped together.
    ``landed_cost`` is the engine's result when placed (per-line taxes included)."""

    number = models.CharField(max_length=28, unique=True)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="packages")
    store = models.ForeignKey("sellers.Store", on_delete=models.PROTECT, related_name="+")
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="packages")
    regime = models.CharField(max_length=30)
    customs_mode = models.CharField(max_length=8, choices=CustomsMode.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING_PAYMENT)
    treatment = models.CharField(max_length=20)
    goods_value = models.DecimalField(**MONEY)
    freight = models.DecimalField(**MONEY)
    insurance = models.DecimalField(**MONEY)
    dutiable_value = models.DecimalField(**MONEY)
    tariff = models.DecimalField(**MONEY)
    consumption_tax = models.DecimalField(**MONEY)
    vat = models.DecimalField(**MONEY)
    postal_tax = models.DecimalField(**MONEY)
    total_tax = models.DecimalField(**MONEY)
    total = models.DecimalField(**MONEY)
    quota_reserved = models.DecimalField(**MONEY)
    # Keyed hash of the buyer's ID number whose annual quota holds ``quota_reserved``.
    quota_id_hash = models.CharField(max_length=64, blank=True)
    landed_cost = models.JSONField(default=dict)
    delivery_min_days = models.PositiveSmallIntegerField(default=0)
    delivery_max_days = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["store", "status"], name="package_store_status")]
        constraints = [
            models.CheckConstraint(condition=Q(quota_reserved__gte=0), name="package_quota_non_negative"),
        ]

    def __str__(self):
        return self.number


class OrderLine(models.Model):
    """A variant bought at a price in the store's currency, converted at ``fx_rate`` to CNY, with its taxes."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="lines")
    offer = models.ForeignKey("catalog.Offer", on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=250)
    quantity = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    unit_price = models.DecimalField(max_digits=14, decimal_places=2)
    fx_rate = models.DecimalField(**FX)
    unit_price_cny = models.DecimalField(max_digits=14, decimal_places=2)
    line_total_cny = models.DecimalField(max_digits=14, decimal_places=2)
    hs_code = models.CharField(max_length=10)
    dutiable_value = models.DecimalField(**MONEY)
    tariff = models.DecimalField(**MONEY)
    consumption_tax = models.DecimalField(**MONEY)
    vat = models.DecimalField(**MONEY)
    postal_tax = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["package", "id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="orderline_quantity_positive")]

    def __str__(self):
        return f"{self.quantity} x {self.description}"

    @property
    def total_tax(self):
        return self.tariff + self.consumption_tax + self.vat + self.postal_tax


class TimelineEvent(models.Model):
    """One state change of an order or a package: who, when, from, to, why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="timeline")
    package = models.ForeignKey(Package, null=True, blank=True, on_delete=models.CASCADE, related_name="timeline")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    reason = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=60, blank=True, help_text=_("system actor, e.g. expiry task"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["order", "created_at"], name="timeline_order")]

    def __str__(self):
        subject = self.package or self.order
        return f"{subject}: {self.from_status or '-'} -> {self.to_status}"

    @property
    def who(self) -> str:
        return str(self.actor) if self.actor_id else self.actor_label
