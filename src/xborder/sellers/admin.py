from django.contrib import admin

from xborder.sellers.models import Agency, AgencyMember, Store, StoreMember


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


class AgencyMemberInline(admin.TabularInline):
    model = AgencyMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "created_at"]
    search_fields = ["name", "slug"]
    inlines = [AgencyMemberInline]
