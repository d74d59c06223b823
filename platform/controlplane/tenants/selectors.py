"""Reads of tenants, members and keys. Every function takes the tenant first: nothing crosses tenants."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser
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


def membership_for_user(tenant: Tenant, user: AbstractBaseUser | None) -> Membership | None:
    return memberships_for_tenant(tenant).filter(user=user).first() if user is not None else None


def membership_by_email(tenant: Tenant, email: str) -> Membership | None:
    return memberships_for_tenant(tenant).filter(user__username__iexact=email.strip()).first()


def membership_by_reference(tenant: Tenant, reference: str) -> Membership | None:
    """A member named by membership id (GET /v1/members) or by e-mail, as people name them."""
    member_id = _as_uuid(reference)
    if member_id is not None:
        return memberships_for_tenant(tenant).filter(public_id=member_id).first()
    return membership_by_email(tenant, reference)


def tenant_by_slug(slug: str) -> Tenant | None:
    return Tenant.objects.filter(slug=slug).first()
