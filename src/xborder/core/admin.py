"""Admin of the core tables: the outbox, with a "retry now" action for operators."""

from django.contrib import admin

from xborder.core.models import OutboxMessage
from xborder.core.outbox import retry_now


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "handler", "key", "status", "attempts", "next_attempt_at", "last_error", "created_at"]
    list_filter = ["status", "handler"]
    search_fields = ["key", "last_error"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    actions = ["retry_selected_now"]

    @admin.action(description="Retry the selected pending messages now")
    def retry_selected_now(self, request, queryset):
        for message in queryset:
            retry_now(message=message)
