"""Admin of the core tables: the outbox, with a "retry now" action for operators; and ``AppendOnlyAdmin``, the
base of every ledger's admin."""

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


class AppendOnlyAdmin(admin.ModelAdmin):
    """A ledger in the admin: listed and opened, never added, changed or deleted by hand (its services write it)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
