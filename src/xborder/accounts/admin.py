from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from xborder.accounts.models import Address, ApiToken, Identity, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_creator", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_creator", "is_active", "groups"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name", "phone", "preferred_language"]}),
        ("Roles", {"fields": ["is_active", "is_staff", "is_creator", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["user", "masked_recipient", "masked_phone", "province", "city", "district", "is_default"]
    list_filter = ["province", "is_default"]
    search_fields = ["user__email", "city", "district", "district_code"]
    exclude = ["recipient", "phone", "detail"]
    readonly_fields = ["masked_recipient", "masked_phone"]
    list_select_related = ["user"]


@admin.register(Identity)
class IdentityAdmin(admin.ModelAdmin):
    """Operators see identities masked only; the clear ID number is never shown in the admin."""

    list_display = ["user", "masked_name", "masked_id_number", "status", "verified_by", "verified_at"]
    list_filter = ["status", "verified_by"]
    search_fields = ["user__email"]
    fields = ["user", "masked_name", "masked_id_number", "status", "verified_by", "verified_at"]
    readonly_fields = ["user", "masked_name", "masked_id_number", "verified_by", "verified_at"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__email", "name", "prefix"]
    readonly_fields = ["digest", "prefix"]
