"""Reads of tenant policies. Every selector takes the tenant first: another tenant's version is None."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from foundation.tenancy import Tenant
from policy.models import PolicyVersion, TenantPolicy


def policy_versions_for_tenant(tenant: Tenant) -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.filter(tenant=tenant).order_by("-version")


def policy_version_for_tenant(tenant: Tenant, public_id: str) -> PolicyVersion | None:
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return PolicyVersion.objects.filter(tenant=tenant, public_id=key).first()


def active_policy_version(tenant: Tenant) -> PolicyVersion | None:
    pointer = TenantPolicy.objects.filter(tenant=tenant).select_related("active").first()
    return pointer.active if pointer is not None else None
