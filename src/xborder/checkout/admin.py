from django.contrib import admin

from xborder.checkout.models import Cart, CartLine, Checkout, ShippingRule


class CartLineInline(admin.TabularInline):
    model = CartLine
    extra = 0
    raw_id_fields = ["offer"]


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "created_at", "updated_at"]
    list_filter = ["created_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    exclude = ["token"]
    inlines = [CartLineInline]


@admin.register(CartLine)
class CartLineAdmin(admin.ModelAdmin):
    list_display = ["cart", "offer", "quantity", "added_at"]
    list_filter = ["added_at"]
    search_fields = ["cart__user__email", "offer__variant__sku"]
    raw_id_fields = ["cart", "offer"]


@admin.register(ShippingRule)
class ShippingRuleAdmin(admin.ModelAdmin):
    list_display = ["store", "warehouse", "first_kg", "extra_kg", "insurance_rate"]
    list_filter = ["store", "warehouse"]
    search_fields = ["store__name", "warehouse__code"]
    list_select_related = ["store", "warehouse"]


@admin.register(Checkout)
class CheckoutAdmin(admin.ModelAdmin):
    list_display = ["number", "buyer", "total", "payment", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["number", "buyer__email", "idempotency_key"]
    list_select_related = ["buyer", "payment"]
    raw_id_fields = ["orders", "address", "payment"]
