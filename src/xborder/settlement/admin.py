from django.contrib import admin

from xborder.core.admin import AppendOnlyAdmin
from xborder.settlement.models import Account, CommissionRule, JournalEntry, PayableHold, Payout, Posting


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "per_store", "never_negative"]
    list_filter = ["kind", "per_store", "never_negative"]
    search_fields = ["code", "name"]


class PostingInline(admin.TabularInline):
    model = Posting
    extra = 0
    can_delete = False
    readonly_fields = ["account", "store", "currency", "amount"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(AppendOnlyAdmin):
    """Read-only: the ledger is written by the settlement services only."""

    list_display = ["id", "kind", "reference", "order_reference", "occurred_at", "created_by"]
    list_filter = ["kind"]
    search_fields = ["reference", "order_reference", "memo"]
    date_hierarchy = "occurred_at"
    inlines = [PostingInline]


@admin.register(Posting)
class PostingAdmin(AppendOnlyAdmin):
    list_display = ["entry", "account", "store", "currency", "amount"]
    list_filter = ["account", "currency"]
    search_fields = ["entry__reference", "entry__order_reference", "store__name"]
    list_select_related = ["entry", "store"]


@admin.register(CommissionRule)
class CommissionRuleAdmin(admin.ModelAdmin):
    list_display = ["store_kind", "store", "category", "rate", "note"]
    list_filter = ["store_kind"]
    search_fields = ["store__name", "category__path", "note"]
    autocomplete_fields = ["store", "category"]


@admin.register(PayableHold)
class PayableHoldAdmin(admin.ModelAdmin):
    list_display = ["order_reference", "store", "delivered_at", "release_after", "released_at"]
    list_filter = ["released_at"]
    search_fields = ["order_reference", "store__name"]


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    list_display = ["reference", "store", "home_amount", "amount", "currency", "fx_rate", "status", "created_at"]
    list_filter = ["status", "currency"]
    search_fields = ["reference", "store__name"]
    readonly_fields = [f.name for f in Payout._meta.fields]
