from django.contrib import admin

from xborder.returns.models import ReturnEvent, ReturnLine, ReturnPhoto, ReturnPolicy, ReturnRequest


@admin.register(ReturnPolicy)
class ReturnPolicyAdmin(admin.ModelAdmin):
    list_display = ["store", "return_freight_paid_by", "refund_outbound_freight", "updated_at"]
    list_filter = ["return_freight_paid_by", "refund_outbound_freight"]
    search_fields = ["store__name"]


class ReturnLineInline(admin.TabularInline):
    model = ReturnLine
    extra = 0
    raw_id_fields = ["order_line"]


class ReturnEventInline(admin.TabularInline):
    model = ReturnEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "reason", "actor", "created_at"]


@admin.register(ReturnRequest)
class ReturnRequestAdmin(admin.ModelAdmin):
    list_display = ["number", "order", "buyer", "reason", "status", "destination", "tax_not_levied", "applied_at"]
    list_filter = ["status", "reason", "destination", "tax_not_levied"]
    search_fields = ["number", "order__number", "package__number", "return_tracking_number"]
    raw_id_fields = ["order", "package", "buyer"]
    inlines = [ReturnLineInline, ReturnEventInline]


@admin.register(ReturnPhoto)
class ReturnPhotoAdmin(admin.ModelAdmin):
    list_display = ["request", "file", "content_type", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["request__number"]


@admin.register(ReturnEvent)
class ReturnEventAdmin(admin.ModelAdmin):
    list_display = ["request", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["request__number", "reason"]
