from django.contrib import admin

from xborder.catalog.models import Brand, Category, Offer, Product, ProductImage, Variant


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "country"]
    list_filter = ["country"]
    search_fields = ["name", "name_zh"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["path", "name", "name_zh", "position"]
    search_fields = ["name", "name_zh", "path"]
    prepopulated_fields = {"slug": ["name"]}


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0


class ImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "brand", "category", "min_price_cny", "is_active"]
    list_filter = ["is_active", "category", "brand__country"]
    search_fields = ["name", "name_zh", "variants__sku"]
    list_select_related = ["brand", "category"]
    autocomplete_fields = ["brand"]
    inlines = [VariantInline, ImageInline]


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    list_display = ["sku", "product", "hs_code", "origin_country", "legal_quantity", "legal_unit", "barcode"]
    list_filter = ["origin_country", "legal_unit"]
    search_fields = ["sku", "hs_code", "barcode", "product__name"]
    list_select_related = ["product"]
    raw_id_fields = ["product"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["variant", "store", "price", "currency", "price_cny", "fulfilment_mode", "warehouse", "is_active"]
    list_filter = ["fulfilment_mode", "is_active", "store__kind", "currency"]
    search_fields = ["variant__sku", "store__name", "product__name"]
    list_select_related = ["variant", "store", "warehouse"]
    raw_id_fields = ["variant"]
