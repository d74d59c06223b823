"""Policy versions, activation, the lazy default and a job's prompt decisions: versioned, audited, per
tenant."""

from __future__ import annotations

import pytest

from audit.events import Actor, EventType
from audit.models import AuditEvent
from policy.decisions import Decision, job_policy
from policy.models import ImmutableVersion, PolicyVersion, TenantPolicy
from policy.schema import PolicyDocumentError
from policy.selectors import active_policy_version, policy_version_for_tenant
from policy.services import PolicyRuleError, policy_activate, policy_ensure_active, policy_version_create
from policy.templates import template
from tests.prompts import HELD_PROMPT

pytestmark = pytest.mark.django_db

ADMIN = Actor.user(1, "admin@acme.example")


def events(tenant, event_type):
    return list(AuditEvent.objects.filter(tenant=tenant, event_type=event_type).order_by("seq"))


def active_policy_name(tenant) -> str:
    return policy_ensure_active(tenant=tenant).label


def decide_prompt(version, prompt: str):
    return job_policy(version).decide_prompt({"prompt": prompt})


def strict_doc(name="acme-custom"):
    return template("strict") | {"name": name}


def test_a_tenant_without_a_policy_gets_standard_v1_audited(tenant):
    assert active_policy_name(tenant) == "standard@v1"
    assert active_policy_name(tenant) == "standard@v1"  # made once
    version = active_policy_version(tenant)
    assert version.version == 1 and version.created_by_id == "policy"
    assert len(events(tenant, EventType.POLICY_VERSION_CREATED)) == 1
    assert events(tenant, EventType.POLICY_ACTIVATED)[0].payload["label"] == "standard@v1"


def test_versions_number_per_tenant_and_activation_moves_the_pointer(tenant, other_tenant):
    active_policy_name(tenant)
    v2 = policy_version_create(tenant=tenant, document=strict_doc(), actor=ADMIN)
    assert v2.version == 2 and active_policy_name(tenant) == "standard@v1"
    policy_activate(tenant=tenant, version=v2, actor=ADMIN)
    assert active_policy_name(tenant) == "acme-custom@v2"
    activated = events(tenant, EventType.POLICY_ACTIVATED)[-1]
    assert activated.payload == {"label": "acme-custom@v2", "sha256": v2.sha256, "previous": "standard@v1"}
    assert activated.actor_id == ADMIN.id
    # Another tenant's numbering is its own.
    assert policy_version_create(tenant=other_tenant, document=strict_doc(), actor=ADMIN).version == 1


def test_versions_are_immutable(tenant):
    version = policy_version_create(tenant=tenant, document=strict_doc(), actor=ADMIN)
    version.document = {"name": "changed"}
    with pytest.raises(ImmutableVersion):
        version.save()
    with pytest.raises(ImmutableVersion):
        version.delete()
    assert PolicyVersion.objects.get(pk=version.pk).document["name"] == "acme-custom"


def test_a_stored_versions_document_is_validated_once_per_process(tenant, monkeypatch):
    """Admission builds a job's policy for every job; a stored version never changes, so its document is
    validated the first time only. Each version (the same document too) is its own entry."""
    from policy import decisions

    calls = []
    validate = decisions.validate_document
    monkeypatch.setattr(decisions, "validate_document", lambda raw: calls.append(raw) or validate(raw))
    monkeypatch.setattr(decisions, "_validated", {})
    first = policy_version_create(tenant=tenant, document=strict_doc(), actor=ADMIN)
    again = PolicyVersion.objects.get(pk=first.pk)  # the same version, read afresh
    assert job_policy(first).document is job_policy(again).document
    assert len(calls) == 1
    second = policy_version_create(tenant=tenant, document=strict_doc(), actor=ADMIN)
    assert job_policy(second).document == job_policy(first).document
    assert len(calls) == 2
    unsaved = PolicyVersion(tenant=tenant, version=99, name="draft", document=strict_doc())
    job_policy(unsaved)
    job_policy(unsaved)
    assert len(calls) == 4  # not stored: it could still change, so never remembered


def test_an_invalid_document_stores_nothing(tenant):
    bad = strict_doc() | {"categories": {"sexual/minors": {"review_at": 0.0, "block_at": 0.9}}}
    with pytest.raises(PolicyDocumentError):
        policy_version_create(tenant=tenant, document=bad, actor=ADMIN)
    assert not PolicyVersion.objects.filter(tenant=tenant).exists()
    assert not events(tenant, EventType.POLICY_VERSION_CREATED)


def test_same_document_same_sha256(tenant):
    a = policy_version_create(tenant=tenant, document=strict_doc(), actor=ADMIN)
    b = policy_version_create(tenant=tenant, document=strict_doc(), actor=ADMIN)
    assert a.sha256 == b.sha256 and len(a.sha256) == 64 and a.version != b.version


def test_cannot_activate_another_tenants_version(tenant, other_tenant):
    theirs = policy_version_create(tenant=other_tenant, document=strict_doc(), actor=ADMIN)
    with pytest.raises(PolicyRuleError):
        policy_activate(tenant=tenant, version=theirs, actor=ADMIN)
    assert not TenantPolicy.objects.filter(tenant=tenant).exists()
    assert policy_version_for_tenant(tenant, str(theirs.public_id)) is None


def test_a_decision_records_the_version(tenant):
    decision = decide_prompt(policy_ensure_active(tenant=tenant), "a red circle")
    version = active_policy_version(tenant)
    assert decision.decision == Decision.ALLOW
    assert (decision.policy_name, decision.policy_version) == ("standard@v1", str(version.public_id))
    assert decision.as_dict()["policy_version"] == str(version.public_id)


def test_a_job_is_screened_under_the_version_it_recorded(tenant):
    recorded = policy_ensure_active(tenant=tenant)  # standard: HELD_PROMPT is held for review
    permissive = policy_version_create(
        tenant=tenant, document=template("permissive"), actor=ADMIN, activate=True
    )
    held = decide_prompt(recorded, HELD_PROMPT)
    assert held.decision == Decision.REVIEW and held.policy_name == "standard@v1"
    now = decide_prompt(policy_ensure_active(tenant=tenant), HELD_PROMPT)
    assert now.decision == Decision.ALLOW and now.policy_version == str(permissive.public_id)


def test_tenant_a_policy_never_applies_to_tenant_b(tenant, other_tenant):
    custom = template("standard") | {
        "name": "acme-custom",
        "real_people": {"protected_names": ["Wile Coyote"]},
    }
    policy_version_create(tenant=tenant, document=custom, actor=ADMIN, activate=True)
    blocked = decide_prompt(policy_ensure_active(tenant=tenant), "wile coyote")
    assert blocked.decision == Decision.BLOCK
    # B's jobs run under B's own versions: admission resolves the policy inside the tenant only.
    other = decide_prompt(policy_ensure_active(tenant=other_tenant), "wile coyote")
    assert other.decision == Decision.ALLOW and other.policy_name == "standard@v1"
    assert active_policy_version(other_tenant).tenant_id == other_tenant.pk


def test_sexual_minors_block_is_recorded_with_reason(tenant):
    decision = decide_prompt(policy_ensure_active(tenant=tenant), "sexy 14yo")
    assert decision.decision == Decision.BLOCK
    reason = next(r for r in decision.reasons if r.category == "sexual/minors")
    assert reason.threshold == 0.0 and reason.score == 1.0
