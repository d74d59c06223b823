"""API key scopes and the most each role may grant. One place for the rule."""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    IMAGES_WRITE = "images:write"
    IMAGES_READ = "images:read"
    AUDIT_READ = "audit:read"
    KEYS_READ = "keys:read"
    KEYS_WRITE = "keys:write"
    MEMBERS_READ = "members:read"
    MEMBERS_WRITE = "members:write"
    POLICY_READ = "policy:read"
    POLICY_WRITE = "policy:write"
    REVIEW_WRITE = "review:write"
    LIKENESS_READ = "likeness:read"
    LIKENESS_WRITE = "likeness:write"
    USAGE_READ = "usage:read"
    QUOTAS_WRITE = "quotas:write"


ALL_SCOPES: frozenset[str] = frozenset(scope.value for scope in Scope)

# A key never carries more than its creator's role allows; the check repeats at every request, so a
# demoted member's keys lose what the new role lacks.
ROLE_SCOPES: dict[str, frozenset[str]] = {
    # Admins run the tenant but do not read its audit log: that is the auditors' job (separation of
    # duties); an admin who needs it grants the auditor role to someone, which is itself audited.
    "admin": ALL_SCOPES - {Scope.AUDIT_READ},
    "developer": frozenset(
        {Scope.IMAGES_WRITE, Scope.IMAGES_READ, Scope.KEYS_READ, Scope.KEYS_WRITE, Scope.POLICY_READ}
    ),
    "reviewer": frozenset({Scope.IMAGES_READ, Scope.REVIEW_WRITE}),
    "auditor": frozenset(
        {
            Scope.AUDIT_READ,
            Scope.IMAGES_READ,
            Scope.KEYS_READ,
            Scope.MEMBERS_READ,
            Scope.POLICY_READ,
            Scope.LIKENESS_READ,
            Scope.USAGE_READ,
        }
    ),
}

DEFAULT_KEY_SCOPES: tuple[str, ...] = (Scope.IMAGES_WRITE.value, Scope.IMAGES_READ.value)
