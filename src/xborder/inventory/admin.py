from django.contrib import admin

from xborder.inventory.models import StockItem, Warehouse


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
