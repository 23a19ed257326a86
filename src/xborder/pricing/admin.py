from django.contrib import admin

from xborder.pricing.models import Currency, FxRate


@admin.register(Currency)
class CurrencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "minor_unit", "symbol"]
    search_fields = ["code", "name"]


@admin.register(FxRate)
class FxRateAdmin(admin.ModelAdmin):
    list_display = ["base", "quote", "rate", "source", "valid_from"]
    list_filter = ["base", "quote", "source"]
    date_hierarchy = "valid_from"
