"""Shared bits of the tenant management commands."""

from __future__ import annotations

from django.core.management.base import CommandError

from controlplane.tenants.models import Tenant
from controlplane.tenants.selectors import tenant_by_slug


def require_tenant(slug: str) -> Tenant:
    tenant = tenant_by_slug(slug)
    if tenant is None:
        raise CommandError(f"No tenant with slug {slug!r}; `assay tenant list` shows them.")
    return tenant
