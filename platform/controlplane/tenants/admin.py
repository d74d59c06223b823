from django.contrib import admin

from controlplane.tenants.models import ApiKey, Membership, Tenant


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    readonly_fields = ["user", "role", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # memberships change through services (audited): the API or `assay member`


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "is_active", "created_at"]
    search_fields = ["slug", "name"]
    readonly_fields = ["public_id", "slug", "name", "is_active", "created_at"]
    inlines = [MembershipInline]

    def has_add_permission(self, request) -> bool:
        return False  # tenants are created by `assay tenant create`, which audits it

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Read-only: keys are created and revoked through audited services, never edited here."""

    list_display = ["display_prefix", "name", "tenant", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["tenant"]
    exclude = ["secret_hash"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
