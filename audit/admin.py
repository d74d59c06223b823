"""Read-only admin pages: the audit log is written by record_event and never edited."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditChainHead, AuditEvent, Checkpoint


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("tenant", "seq", "time", "event_type", "actor_kind", "actor_label")
    list_filter = ("event_type", "actor_kind")
    list_select_related = ("tenant",)
    search_fields = ("actor_id", "actor_label")
    ordering = ("tenant", "-seq")


@admin.register(AuditChainHead)
class AuditChainHeadAdmin(ReadOnlyAdmin):
    list_display = ("chain_key", "tenant", "last_seq", "last_hash")
    list_select_related = ("tenant",)


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ("number", "public_id", "created_at", "tenant", "public_key_fingerprint")
    list_select_related = ("tenant",)
