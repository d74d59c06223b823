from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.http import HttpRequest

from audit.events import Actor, EventType
from audit.services import record_event
from controlplane.tenants import freshness
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


# Platform users ---------------------------------------------------------------------------------------
# The Django admin is the one place outside the services where accounts change: whoever can log in
# there and what they may do (staff, superuser, active) is recorded in the platform's audit chain.

_PRIVILEGES = ("is_active", "is_staff", "is_superuser")
User = get_user_model()


class AuditedUserAdmin(UserAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = User.objects.filter(pk=obj.pk).values(*_PRIVILEGES).first() if change and obj.pk else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = {name: getattr(obj, name) for name in _PRIVILEGES}
            actor = Actor.user(request.user.pk, request.user.get_username())
            subjects = {"user": str(obj.pk)}
            if before is None:
                record_event(
                    tenant=None,
                    event_type=EventType.USER_CREATED,
                    actor=actor,
                    subjects=subjects,
                    payload={"username": obj.get_username(), **after, "via": "admin"},
                )
            elif before != after:
                freshness.bump()  # an account switched off: its keys stop at the next request
                changed = {
                    name: [before[name], after[name]] for name in _PRIVILEGES if before[name] != after[name]
                }
                record_event(
                    tenant=None,
                    event_type=EventType.USER_PRIVILEGES_CHANGED,
                    actor=actor,
                    subjects=subjects,
                    payload={"username": obj.get_username(), "changed": changed, "via": "admin"},
                )


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
