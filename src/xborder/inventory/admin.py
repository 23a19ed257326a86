from django.contrib import admin

from xborder.core.admin import AppendOnlyAdmin
from xborder.inventory.models import (
    InboundDiscrepancy,
    InboundLine,
    InboundShipment,
    PurchaseOrder,
    PurchaseOrderLine,
    StockItem,
    StockMovement,
    Supplier,
    Warehouse,
)


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "country", "city", "operator"]
    list_filter = ["kind", "country"]
    search_fields = ["code", "name", "city"]


@admin.register(StockItem)
class StockItemAdmin(admin.ModelAdmin):
    list_display = ["variant", "warehouse", "quantity", "reserved", "updated_at"]
    list_filter = ["warehouse"]
    search_fields = ["variant__sku"]
    list_select_related = ["variant", "warehouse"]
    raw_id_fields = ["variant"]


class _ReadOnlyAdmin(AppendOnlyAdmin):
    """Rows written by services only (the movement ledger, inbound records): no add, change or delete here."""


@admin.register(StockMovement)
class StockMovementAdmin(_ReadOnlyAdmin):
    list_display = ["at", "stock_item", "reason", "delta_quantity", "delta_reserved", "reference", "actor"]
    list_filter = ["reason", "stock_item__warehouse"]
    search_fields = ["reference", "stock_item__variant__sku"]
    list_select_related = ["stock_item__variant", "stock_item__warehouse", "actor"]
    date_hierarchy = "at"


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "currency", "email", "created_at"]
    list_filter = ["country", "currency"]
    search_fields = ["name", "email"]


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PurchaseOrderLineInline(_ReadOnlyInline):
    model = PurchaseOrderLine


# Purchase orders and shipments are placed, announced and received on the inbound pages (services check the
# rules there); the admin only shows them.
@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(_ReadOnlyAdmin):
    list_display = ["number", "supplier", "store", "warehouse", "currency", "status", "expected_on", "created_at"]
    list_filter = ["status", "warehouse", "currency"]
    search_fields = ["number", "supplier__name"]
    list_select_related = ["supplier", "store", "warehouse"]
    inlines = [PurchaseOrderLineInline]


class InboundLineInline(_ReadOnlyInline):
    model = InboundLine


@admin.register(InboundShipment)
class InboundShipmentAdmin(_ReadOnlyAdmin):
    list_display = ["number", "purchase_order", "warehouse", "status", "received_at", "received_by"]
    list_filter = ["status", "warehouse"]
    search_fields = ["number", "purchase_order__number", "carrier_reference"]
    list_select_related = ["purchase_order", "warehouse", "received_by"]
    inlines = [InboundLineInline]


@admin.register(InboundDiscrepancy)
class InboundDiscrepancyAdmin(_ReadOnlyAdmin):
    list_display = ["line", "kind", "quantity", "note", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["line__shipment__number"]
    list_select_related = ["line__shipment"]
