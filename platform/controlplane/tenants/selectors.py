"""Reads of tenants, members and keys. Every function takes the tenant first: nothing crosses tenants."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from controlplane.tenants.models import ApiKey, Membership, Tenant


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def api_keys_for_tenant(tenant: Tenant) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(tenant=tenant).select_related("created_by").order_by("-created_at", "-pk")


def api_key_for_tenant(tenant: Tenant, public_id: str) -> ApiKey | None:
    key_id = _as_uuid(public_id)
    return api_keys_for_tenant(tenant).filter(public_id=key_id).first() if key_id else None


def memberships_for_tenant(tenant: Tenant) -> QuerySet[Membership]:
    return Membership.objects.filter(tenant=tenant).select_related("user").order_by("created_at", "pk")


def membership_for_tenant(tenant: Tenant, public_id: str) -> Membership | None:
    member_id = _as_uuid(public_id)
    return memberships_for_tenant(tenant).filter(public_id=member_id).first() if member_id else None


def tenant_by_slug(slug: str) -> Tenant | None:
    return Tenant.objects.filter(slug=slug).first()
