from django.contrib import admin

from xborder.core.admin import AppendOnlyAdmin
from xborder.duties.models import HsRate, PositiveListEntry, QuotaEntry, QuotaYear


@admin.register(HsRate)
class HsRateAdmin(admin.ModelAdmin):
    list_display = [
        "hs_code",
        "description",
        "valid_from",
        "valid_to",
        "tariff_rate",
        "vat_rate",
        "ct_rate",
        "ct_rule",
        "ct_thresholds",
        "postal_rate",
    ]
    list_filter = ["vat_rate", "ct_rate", "postal_rate", "valid_from"]
    search_fields = ["hs_code", "description"]
    date_hierarchy = "valid_from"


@admin.register(PositiveListEntry)
class PositiveListEntryAdmin(admin.ModelAdmin):
    list_display = ["tariff_line", "description", "version", "effective_from", "trade_modes", "annual_cap", "cap_unit"]
    list_filter = ["version", "trade_modes", "cap_unit"]
    search_fields = ["tariff_line", "description", "note"]


class QuotaEntryInline(admin.TabularInline):
    model = QuotaEntry
    extra = 0
    can_delete = False
    readonly_fields = ["package_ref", "kind", "amount", "quantities", "reason", "actor", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(QuotaYear)
class QuotaYearAdmin(admin.ModelAdmin):
    """The ledger is written only by the quota services; the admin reads it as an audit trail."""

    list_display = ["id_hash", "year", "created_at"]
    list_filter = ["year"]
    search_fields = ["=id_hash"]
    readonly_fields = ["id_hash", "year", "created_at"]
    inlines = [QuotaEntryInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QuotaEntry)
class QuotaEntryAdmin(AppendOnlyAdmin):
    list_display = ["package_ref", "kind", "amount", "quota_year", "actor", "created_at"]
    list_filter = ["kind", "quota_year__year"]
    search_fields = ["=package_ref", "=quota_year__id_hash"]
    list_select_related = ["quota_year"]
