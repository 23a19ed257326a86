from django.contrib import admin

from xborder.orders.models import Order, OrderLine, Package, TimelineEvent


class PackageInline(admin.TabularInline):
    model = Package
    extra = 0
    fields = ["number", "warehouse", "regime", "customs_mode", "status", "treatment", "dutiable_value", "total_tax"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "buyer", "store", "status", "total", "placed_at", "paid_at"]
    list_filter = ["status", "store"]
    search_fields = ["number", "buyer__email", "store__name"]
    list_select_related = ["buyer", "store"]
    exclude = ["shipping_address"]
    inlines = [PackageInline]


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "order",
        "store",
        "warehouse",
        "regime",
        "customs_mode",
        "status",
        "treatment",
        "total_tax",
    ]
    list_filter = ["status", "regime", "customs_mode", "treatment"]
    search_fields = ["number", "order__number"]
    list_select_related = ["order", "store", "warehouse"]


@admin.register(OrderLine)
class OrderLineAdmin(admin.ModelAdmin):
    list_display = ["order", "package", "description", "quantity", "unit_price", "currency", "unit_price_cny"]
    list_filter = ["currency"]
    search_fields = ["order__number", "description", "hs_code"]
    list_select_related = ["order", "package"]


@admin.register(TimelineEvent)
class TimelineEventAdmin(admin.ModelAdmin):
    list_display = ["order", "package", "from_status", "to_status", "reason", "who", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["order__number", "reason"]
    list_select_related = ["order", "package", "actor"]
