"""Admin of the customs pipeline: declarations with their messages, receipts, reconciliation and timeline."""

from django.contrib import admin

from xborder.customs.models import (
    Declaration,
    DeclarationEvent,
    DeclarationMessage,
    Receipt,
    ReceiptCursor,
    ReconciliationItem,
)


class MessageInline(admin.TabularInline):
    model = DeclarationMessage
    fields = ["message_type", "guid", "state", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class EventInline(admin.TabularInline):
    model = DeclarationEvent
    fields = ["created_at", "from_status", "to_status", "reason", "actor", "actor_label"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = ["package", "clearance", "clearance_changed_at", "error_code", "clearance_reason"]
    list_filter = ["clearance", "package__customs_mode", "error_code"]
    search_fields = ["package__number", "clearance_reason"]
    list_select_related = ["package"]
    raw_id_fields = ["package"]
    readonly_fields = ["clearance", "clearance_reason", "clearance_changed_at", "error_code", "error_details"]
    inlines = [MessageInline, EventInline]


@admin.register(DeclarationMessage)
class DeclarationMessageAdmin(admin.ModelAdmin):
    list_display = ["guid", "message_type", "state", "declaration", "created_at", "sent_at"]
    list_filter = ["message_type", "state"]
    search_fields = ["guid", "head_guid", "declaration__package__number"]
    raw_id_fields = ["declaration", "outbox"]


@admin.register(Receipt)
class ReceiptAdmin(admin.ModelAdmin):
    list_display = [
        "receipt_guid",
        "message_type",
        "return_status",
        "reason_code",
        "declaration",
        "source",
        "received_at",
    ]
    list_filter = ["message_type", "return_status", "source"]
    search_fields = ["receipt_guid", "invt_no", "declaration__package__number", "return_info"]
    raw_id_fields = ["declaration", "message"]


@admin.register(ReconciliationItem)
class ReconciliationItemAdmin(admin.ModelAdmin):
    list_display = ["declaration", "tax", "expected", "billed", "difference", "resolved_at", "created_at"]
    list_filter = ["tax", "resolved_at"]
    search_fields = ["declaration__package__number"]
    raw_id_fields = ["declaration", "receipt"]


@admin.register(DeclarationEvent)
class DeclarationEventAdmin(admin.ModelAdmin):
    list_display = ["declaration", "from_status", "to_status", "actor_label", "reason", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["declaration__package__number", "reason"]
    raw_id_fields = ["declaration", "actor"]


@admin.register(ReceiptCursor)
class ReceiptCursorAdmin(admin.ModelAdmin):
    list_display = ["gateway", "epoch", "last_seq", "updated_at"]
    search_fields = ["gateway"]
