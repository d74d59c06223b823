"""Reads of tenant policies. Every selector takes the tenant first: another tenant's version is None."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.db.models import QuerySet

from policy.models import PolicyVersion, TenantPolicy
from policy.schema import PolicyDocument, validate_document

_LABEL = re.compile(r"\A(?P<name>[a-z0-9][a-z0-9_-]{0,59})@v(?P<version>[1-9][0-9]{0,8})\Z")


def policy_versions_for_tenant(tenant: Any) -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.filter(tenant=tenant).order_by("-version")


def policy_version_for_tenant(tenant: Any, public_id: str) -> PolicyVersion | None:
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return PolicyVersion.objects.filter(tenant=tenant, public_id=key).first()


def active_policy_version(tenant: Any) -> PolicyVersion | None:
    pointer = TenantPolicy.objects.filter(tenant=tenant).select_related("active").first()
    return pointer.active if pointer is not None else None


def policy_version_by_label(tenant: Any, label: str) -> PolicyVersion | None:
    """The version a job recorded at admission (`standard@v1`), or None for another kind of name."""
    match = _LABEL.match(label or "")
    if match is None:
        return None
    return PolicyVersion.objects.filter(
        tenant=tenant, version=int(match["version"]), name=match["name"]
    ).first()


def policy_document_for_job(tenant: Any, policy_name: str) -> PolicyDocument:
    """The validated document of the version a job recorded (its label), else the tenant's active one."""
    from policy.services import policy_ensure_active

    version = policy_version_by_label(tenant, policy_name) or policy_ensure_active(tenant=tenant)
    return validate_document(version.document)
