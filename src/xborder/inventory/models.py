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


# --- stock movements: the append-only ledger of every change of quantity or reservation --------------------


class MovementReason(models.TextChoices):
    RECEIVED = "received", _("Received (inbound)")
    RESERVED = "reserved", _("Reserved for an order")
    RELEASED = "released", _("Reservation released")
    COMMITTED = "committed", _("Shipped (reservation committed)")
    RETURNED = "returned", _("Returned to stock")
    ADJUSTED = "adjusted", _("Adjusted")


class StockMovement(models.Model):
    """One change of a stock item; a stock item's quantity and reserved are the sums of its movements."""

    stock_item = models.ForeignKey(StockItem, on_delete=models.PROTECT, related_name="movements")
    delta_quantity = models.IntegerField(default=0)
    delta_reserved = models.IntegerField(default=0)
    reason = models.CharField(max_length=10, choices=MovementReason.choices)
    reference = models.CharField(max_length=60, blank=True)
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["stock_item", "at", "id"]
        indexes = [models.Index(fields=["stock_item", "at"]), models.Index(fields=["reference"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(delta_quantity=0, delta_reserved=0), name="stock_movement_moves_something"
            )
        ]

    def __str__(self):
        return f"{self.reason} {self.delta_quantity:+d}/{self.delta_reserved:+d} ({self.reference})"


# --- inbound for the self-operated store: suppliers, purchase orders, inbound shipments, receiving -------------


class Supplier(models.Model):
    name = models.CharField(max_length=120)
    country = CountryField()
    currency = models.ForeignKey("pricing.Currency", on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PurchaseOrderStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    PARTLY_RECEIVED = "partly_received", _("Partly received")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


class PurchaseOrder(models.Model):
    """Goods the self-operated store buys from a supplier, in the supplier's currency, for a bonded warehouse."""

    number = models.CharField(max_length=30, unique=True)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="purchase_orders")
    store = models.ForeignKey("sellers.Store", on_delete=models.PROTECT, related_name="purchase_orders")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="purchase_orders")
    currency = models.ForeignKey("pricing.Currency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=PurchaseOrderStatus.choices, default=PurchaseOrderStatus.ORDERED)
    expected_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.number


class PurchaseOrderLine(models.Model):
    purchase_order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    quantity_ordered = models.PositiveIntegerField()
    unit_cost = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["purchase_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["purchase_order", "variant"], name="po_line_variant_once"),
            models.CheckConstraint(condition=models.Q(quantity_ordered__gte=1), name="po_line_quantity_positive"),
            models.CheckConstraint(condition=models.Q(unit_cost__gte=0), name="po_line_cost_not_negative"),
        ]

    def __str__(self):
        return f"{self.purchase_order} {self.variant} x{self.quantity_ordered}"


class InboundStatus(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    RECEIVED = "received", _("Received")


class InboundShipment(models.Model):
    """A delivery of purchase-order goods into the bonded warehouse, counted on receipt."""

    number = models.CharField(max_length=30, unique=True)
    purchase_order = models.ForeignKey(PurchaseOrder, on_delete=models.PROTECT, related_name="shipments")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="inbound_shipments")
    carrier_reference = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=10, choices=InboundStatus.choices, default=InboundStatus.EXPECTED)
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.number


class InboundLine(models.Model):
    """Expected units of one purchase-order line in a shipment; counted and damaged units once received."""

    shipment = models.ForeignKey(InboundShipment, on_delete=models.CASCADE, related_name="lines")
    purchase_order_line = models.ForeignKey(PurchaseOrderLine, on_delete=models.PROTECT, related_name="inbound_lines")
    quantity_expected = models.PositiveIntegerField()
    quantity_counted = models.PositiveIntegerField(null=True, blank=True)
    quantity_damaged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["shipment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "purchase_order_line"], name="inbound_line_once"),
        ]

    def __str__(self):
        return f"{self.shipment} line {self.purchase_order_line_id}"

    @property
    def quantity_accepted(self) -> int:
        return (self.quantity_counted or 0) - self.quantity_damaged


class DiscrepancyKind(models.TextChoices):
    SHORT = "short", _("Short (fewer than expected)")
    OVER = "over", _("Over (more than expected)")
    DAMAGED = "damaged", _("Damaged")


class InboundDiscrepancy(models.Model):
    line = models.ForeignKey(InboundLine, on_delete=models.CASCADE, related_name="discrepancies")
    kind = models.CharField(max_length=8, choices=DiscrepancyKind.choices)
    quantity = models.PositiveIntegerField()
    note = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["line", "id"]
        constraints = [models.UniqueConstraint(fields=["line", "kind"], name="inbound_discrepancy_once")]

    def __str__(self):
        return f"{self.kind} {self.quantity} on {self.line}"
