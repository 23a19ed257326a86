from django.contrib import admin

from xborder.sellerportal.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "store", "file_format", "mode", "status", "total_rows", "rejected_count", "created_at"]
    list_filter = ["status", "mode", "file_format"]
    search_fields = ["store__name", "created_by__email"]
    raw_id_fields = ["store", "created_by"]
    exclude = ["errors"]
