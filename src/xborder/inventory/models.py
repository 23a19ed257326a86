"""Warehouses and stock per variant and warehouse."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class WarehouseKind(models.TextChoices):
    BONDED = "bonded", _("Bonded (under customs supervision)")
    OVERSEAS = "overseas", _("Overseas")
    DOMESTIC = "domestic", _("Domestic")


class Warehouse(models.Model):
    code = models.SlugField(unique=True, max_length=40)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=WarehouseKind.choices)
    country = CountryField()
    city = models.CharField(max_length=60)
    address = models.CharField(max_length=200, blank=True)
    operator = models.ForeignKey("sellers.Store", null=True, blank=True, on_delete=models.SET_NULL)
    customs_code = models.CharField(_("customs district code"), max_length=4, blank=True)
    area_code = models.CharField(_("bonded area code"), max_length=10, blank=True)
    ems_no = models.CharField(_("bonded account book"), max_length=30, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class StockItem(models.Model):
    """On-hand and reserved units of one variant in one warehouse; available = quantity - reserved."""

    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="stock_items")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="stock_items")
    quantity = models.PositiveIntegerField(default=0)
    reserved = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "warehouse"], name="stock_item_once"),
            models.CheckConstraint(
                condition=models.Q(reserved__lte=models.F("quantity")), name="stock_reserved_lte_qty"
            ),
        ]

    def __str__(self):
        return f"{self.variant} @ {self.warehouse.code}: {self.available}"

    @property
    def available(self) -> int:
        return self.quantity - self.reserved
