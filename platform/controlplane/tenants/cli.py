"""Shared bits of the tenant management commands."""

from __future__ import annotations

import getpass

from django.core.management.base import CommandError

from audit.events import Actor
from controlplane.tenants.models import Tenant
from controlplane.tenants.selectors import tenant_by_slug


def cli_actor() -> Actor:
    """Operator actions from the shell are audited under the OS account that ran them."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    return Actor.system(f"cli:{who}")


def require_tenant(slug: str) -> Tenant:
    tenant = tenant_by_slug(slug)
    if tenant is None:
        raise CommandError(f"No tenant with slug {slug!r}; `assay tenant list` shows them.")
    return tenant
