"""Writes of tenant policies: create an immutable version, activate one, make the default lazily.

Each writes its audit event in its own transaction, so a version or an activation never exists
without the event that records it.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from audit.events import Actor, EventType
from audit.services import record_event
from foundation import network, typeface
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


def _refuse_internal_urls(document: schema.PolicyDocument) -> None:
    """A version that names an internal address for its moderation service or escalation webhook is
    refused at the field: calling it would be refused anyway (every prompt then held, failing closed).
    A draft that is only simulated is not stored, and is not refused: its call fails closed and says why."""
    urls = {
        "moderation.http.url": document.moderation.http.url if document.moderation.http else None,
        "review.escalation_webhook_url": document.review.escalation_webhook_url,
    }
    for field, url in urls.items():
        if url:
            try:
                network.refuse_internal_address(url, what=field)
            except network.UnsafeUrl as exc:
                raise schema.PolicyDocumentError(str(exc), param=field) from exc


def _refuse_undrawable_label(document: schema.PolicyDocument) -> None:
    """Label text the label's typeface cannot draw would show empty boxes where the AI disclosure must be
    legible: refused at the field. (A version stored before this check is drawn with the default text.)"""
    if missing := typeface.undrawable(document.provenance.label_text):
        raise schema.PolicyDocumentError(
            f"provenance.label_text: the label's typeface cannot draw {''.join(missing)!r}; use letters of "
            "the Latin, Greek or Cyrillic alphabets, digits and punctuation",
            param="provenance.label_text",
        )


@transaction.atomic
def policy_version_create(
    *, tenant: Tenant, document: dict[str, Any] | schema.PolicyDocument, actor: Actor, activate: bool = False
) -> PolicyVersion:
    """Validate `document` (PolicyDocumentError naming the field) and store it as the next version."""
    raw = document.model_dump(mode="json") if isinstance(document, schema.PolicyDocument) else document
    validated = schema.validate_document(raw)
    _refuse_internal_urls(validated)
    _refuse_undrawable_label(validated)
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
    _forget_active_versions()
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


# Admission's active versions, remembered per process ----------------------------------------------

# Every submission needs its tenant's active version; it changes when someone activates another, a few
# times a month. Each web process keeps it for this long: an activation in this process applies to the
# next submission (`policy_activate` forgets them all), one in another process within this long. A job
# records the version it was admitted under either way (`GenerationJob.policy_version`).
ACTIVE_VERSION_CACHE_SECONDS = 5.0
_ACTIVE_VERSION_CACHE_MAX = 10_000  # tenants remembered; past it the memory starts over


@dataclass(frozen=True)
class _RememberedVersion:
    loaded_at: float  # time.monotonic()
    version: PolicyVersion  # shared by the requests of this process: versions are immutable


# Keyed by the tenant's public id rather than its primary key: a primary key can come back after a
# rolled-back transaction (SQLite reuses them), a UUID4 does not.
_active_versions: dict[uuid.UUID, _RememberedVersion] = {}


def active_version_cache_clear() -> None:
    _active_versions.clear()


def _forget_active_versions() -> None:
    """Forget now, and again once the activation commits, so that a request that read the old pointer
    in between does not keep it."""
    _active_versions.clear()
    transaction.on_commit(_active_versions.clear)


def _remember_active_version(tenant_id: uuid.UUID, remembered: _RememberedVersion) -> None:
    if len(_active_versions) >= _ACTIVE_VERSION_CACHE_MAX:
        _active_versions.clear()
    _active_versions[tenant_id] = remembered


def policy_ensure_active_for_admission(*, tenant: Tenant) -> PolicyVersion:
    """`policy_ensure_active`, remembered per process for ACTIVE_VERSION_CACHE_SECONDS: what admission
    calls for every job (the pages and endpoints that show the active policy read it fresh)."""
    remembered = _active_versions.get(tenant.public_id)
    if remembered is not None and time.monotonic() - remembered.loaded_at < ACTIVE_VERSION_CACHE_SECONDS:
        return remembered.version
    loaded_at = time.monotonic()
    version = policy_ensure_active(tenant=tenant)
    # Once the reading transaction commits (at once outside one): a version made in a transaction that
    # rolls back is never remembered.
    remembered = _RememberedVersion(loaded_at, version)
    transaction.on_commit(partial(_remember_active_version, tenant.public_id, remembered))
    return version


def policy_ensure_active(*, tenant: Tenant) -> PolicyVersion:
    """The tenant's active version; a tenant without one gets the `standard` template, audited.

    Admission calls this once per job (through `policy_ensure_active_for_admission`) and the job keeps
    the version (`GenerationJob.policy_version`)."""
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


def moderator_warm_up() -> None:
    """Load the prompt encoder (ONNX, ~0.5 s), the semantic heads and their exemplar search (~0.3 s), the
    words split words are joined into (~0.4 s) and the language identifier (langid's model, 1-2 s, asked only
    about prompts with an unfamiliar word) now, so that a worker process's first such prompt does not
    wait for them. Raises what loading raises; moderation itself fails closed per prompt without it."""
    from policy import encoder, language, normalise
    from policy.moderators import semantic

    encoder.load()
    semantic.head().search.load()
    if (packaged := semantic.packaged_head()) is not None:
        packaged.search.load()
    normalise.load_words()
    language.load()
    semantic.short_head().search.load()
