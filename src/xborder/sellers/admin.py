from django.contrib import admin

from xborder.core.admin import AppendOnlyAdmin
from xborder.sellers import services
from xborder.sellers.models import (
    Agency,
    AgencyLogEntry,
    AgencyMember,
    ApplicationDocument,
    ApplicationEvent,
    AuditEntry,
    Mandate,
    Store,
    StoreApplication,
    StoreMember,
)


class StoreMemberInline(admin.TabularInline):
    model = StoreMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "currency", "status", "created_at"]
    list_filter = ["kind", "status", "country", "currency"]
    search_fields = ["name", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [StoreMemberInline]

    def save_model(self, request, obj, form, change):
        """A status changed here moves the cheapest prices of the store's products too (same transaction)."""
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data:
            services.refresh_cheapest_prices_of_store(obj)


class AgencyMemberInline(admin.TabularInline):
    model = AgencyMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "created_at"]
    search_fields = ["name", "slug"]
    inlines = [AgencyMemberInline]


class ApplicationDocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    raw_id_fields = ["uploaded_by"]
    readonly_fields = ["content_type", "size", "uploaded_at", "expiry_flagged_at"]


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "from_status", "to_status", "reason", "at"]


@admin.register(StoreApplication)
class StoreApplicationAdmin(admin.ModelAdmin):
    list_display = ["store_name", "kind", "country", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "kind", "country"]
    search_fields = ["store_name", "company_name", "registration_number", "applicant__email"]
    raw_id_fields = ["applicant", "store", "decided_by"]
    exclude = ["legal_name", "identity_number"]
    inlines = [ApplicationDocumentInline, ApplicationEventInline]


@admin.register(ApplicationDocument)
class ApplicationDocumentAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "original_name", "expires_on", "expiry_flagged_at"]
    list_filter = ["kind", "expires_on"]
    search_fields = ["original_name", "brand_name", "application__store_name"]
    raw_id_fields = ["application", "uploaded_by"]


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["agency", "store", "starts_on", "ends_on", "revoked_at", "fee_kind"]
    list_filter = ["fee_kind", "ends_on"]
    search_fields = ["agency__name", "store__name"]
    raw_id_fields = ["store", "agency", "granted_by", "revoked_by"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "agency", "store", "action", "object_repr"]
    list_filter = ["action", "agency"]
    search_fields = ["store__name", "agency__name", "actor__email", "object_repr"]
    raw_id_fields = ["actor", "agency", "store", "mandate"]


@admin.register(AgencyLogEntry)
class AgencyLogEntryAdmin(AppendOnlyAdmin):
    """Read only: the log is written by ``sellers.agency_services``, never edited."""

    list_display = ["at", "agency", "actor", "action", "member_email", "from_role", "to_role"]
    list_filter = ["action", "agency"]
    search_fields = ["agency__name", "actor__email", "member_email"]
