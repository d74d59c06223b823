"""Writes of tenant policies: create an immutable version, activate one, make the default lazily.

Each writes its audit event in its own transaction, so a version or an activation never exists
without the event that records it.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from audit.events import Actor, EventType
from audit.services import record_event
from foundation.errors import ServiceError
from foundation.tenancy import Tenant
from policy import schema
from policy.models import PolicyVersion, TenantPolicy
from policy.selectors import active_policy_version
from policy.templates import DEFAULT_TEMPLATE, template

POLICY_SYSTEM = Actor.system("policy")


class PolicyRuleError(ServiceError):
    """A policy change that cannot be made."""


def _lock_tenant(tenant: Tenant) -> None:
    # Serialises version numbering and activation per tenant (PostgreSQL; SQLite locks the database).
    type(tenant).objects.select_for_update().filter(pk=tenant.pk).first()


@transaction.atomic
def policy_version_create(
    *, tenant: Tenant, document: dict[str, Any] | schema.PolicyDocument, actor: Actor, activate: bool = False
) -> PolicyVersion:
    """Validate `document` (PolicyDocumentError naming the field) and store it as the next version."""
    raw = document.model_dump(mode="json") if isinstance(document, schema.PolicyDocument) else document
    validated = schema.validate_document(raw)
    _lock_tenant(tenant)
    last = PolicyVersion.objects.filter(tenant=tenant).aggregate(last=Max("version"))["last"] or 0
    version = PolicyVersion(
        tenant=tenant,
        version=last + 1,
        name=validated.name,
        document=schema.canonical_document(validated),
        sha256=schema.document_sha256(validated),
        created_by_kind=str(actor.kind),
        created_by_id=actor.id,
        created_by_label=actor.label,
    )
    version.full_clean()
    version.save()
    record_event(
        tenant=tenant,
        event_type=EventType.POLICY_VERSION_CREATED,
        actor=actor,
        subjects={"policy_version": version.public_id},
        payload={"label": version.label, "version": version.version, "sha256": version.sha256},
    )
    if activate:
        policy_activate(tenant=tenant, version=version, actor=actor)
    return version


@transaction.atomic
def policy_activate(*, tenant: Tenant, version: PolicyVersion, actor: Actor) -> PolicyVersion:
    """Point the tenant's policy at `version` (one of its own)."""
    if version.tenant_id != tenant.pk:
        raise PolicyRuleError("That policy version belongs to another tenant.", code="not_found", status=404)
    _lock_tenant(tenant)
    previous = active_policy_version(tenant)
    TenantPolicy.objects.update_or_create(tenant=tenant, defaults={"active": version})
    record_event(
        tenant=tenant,
        event_type=EventType.POLICY_ACTIVATED,
        actor=actor,
        subjects={"policy_version": version.public_id},
        payload={
            "label": version.label,
            "sha256": version.sha256,
            "previous": previous.label if previous is not None else None,
        },
    )
    return version


def policy_ensure_active(*, tenant: Tenant) -> PolicyVersion:
    """The tenant's active version; a tenant without one gets the `standard` template, audited.

    Admission calls this once per job and the job keeps the version (`GenerationJob.policy_version`)."""
    active = active_policy_version(tenant)
    if active is not None:
        return active
    try:
        with transaction.atomic():
            _lock_tenant(tenant)
            active = active_policy_version(tenant)
            if active is not None:
                return active
            return policy_version_create(
                tenant=tenant, document=template(DEFAULT_TEMPLATE), actor=POLICY_SYSTEM, activate=True
            )
    except IntegrityError:
        # Another request made it first (SQLite has no row lock to wait on): use theirs.
        active = active_policy_version(tenant)
        if active is None:
            raise
        return active
