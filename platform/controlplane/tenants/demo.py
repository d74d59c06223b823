"""The laptop demo: one tenant with one member per role, each with a password and a key of their own.

Each key holds its member's role's scopes and nothing more (the admin's lacks `audit:read`), so the demo
shows the separation of duties the roles describe. No demo user is a platform superuser unless asked
for (`assay demo --superuser`, for /admin); without it, one left from an earlier run is demoted.

Secrets can only be shown when created, so the first run keeps them in `var/demo-credentials.json`
(mode 0600, development only) and later runs print the keys from there. What no longer works (a lost
or older file, a revoked key, a changed password, a changed role) is put right: stale demo keys are
revoked and new ones issued, so that what is printed always works.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from audit.events import Actor
from controlplane.tenants import selectors, services
from controlplane.tenants.models import ApiKey, Role, Tenant
from controlplane.tenants.scopes import ROLE_SCOPES

DEMO_SLUG = "demo"
LEGACY_KEY_NAME = "demo key"  # the single all-scopes operator key of the first demo format


@dataclass(frozen=True)
class DemoRole:
    role: str
    email: str
    purpose: str  # what the printed line says the key is for


# Admin first: the tenant has an admin before any role is put right (membership_change_role's rule).
DEMO_ROLES: tuple[DemoRole, ...] = (
    DemoRole(
        Role.ADMIN, "admin@demo.local", "runs the tenant: members, keys, policies, gallery; not the audit log"
    ),
    DemoRole(Role.DEVELOPER, "developer@demo.local", "generates images (the SDK's key), reads policies"),
    DemoRole(Role.REVIEWER, "reviewer@demo.local", "approves or rejects held jobs, sees quarantined images"),
    DemoRole(Role.AUDITOR, "auditor@demo.local", "reads the audit log, members, keys and policies"),
)


def key_name(role: str) -> str:
    return f"demo {role} key"


@dataclass(frozen=True)
class DemoMember:
    role: str
    email: str
    password: str
    api_key: str
    scopes: list[str]


@dataclass(frozen=True)
class DemoCredentials:
    tenant: str
    members: dict[str, DemoMember]  # by role, in DEMO_ROLES' order

    @property
    def api_key(self) -> str:
        """The key that generates images (the developer's): what the single-key demo file offered."""
        return self.members[Role.DEVELOPER].api_key

    def as_json(self) -> dict[str, Any]:
        # `api_key` stays at the top for the readers of the first format (tests/live.py, bench/).
        return {
            "tenant": self.tenant,
            "api_key": self.api_key,
            "members": {role: asdict(member) for role, member in self.members.items()},
        }


@dataclass(frozen=True)
class DemoResult:
    credentials: DemoCredentials
    created: list[str] = field(default_factory=list)


def _saved(path: Path) -> dict[str, dict[str, Any]]:
    """The saved members by role; {} for a missing, unreadable or first-format (single-key) file."""
    try:
        members = json.loads(path.read_text()).get("members")
    except (OSError, ValueError, AttributeError):
        return {}
    return {role: saved for role, saved in members.items() if isinstance(saved, dict)} if members else {}


def _key_works_for(raw_key: str, user: Any, role: str) -> bool:
    try:
        principal = services.api_key_authenticate(raw_key)
    except services.ApiKeyRejected:
        return False
    return (
        principal.tenant.slug == DEMO_SLUG
        and principal.user == user
        and principal.scopes == ROLE_SCOPES[role]
    )


@transaction.atomic
def demo_bootstrap(*, credentials_path: Path, actor: Actor, superuser: bool = False) -> DemoResult:
    created: list[str] = []
    tenant = Tenant.objects.filter(slug=DEMO_SLUG).first()
    if tenant is None:
        tenant = services.tenant_create(slug=DEMO_SLUG, name="Demo tenant", actor=actor)
        created.append("tenant")
    # The first format's all-scopes operator key would undo the point of the roles.
    for legacy in ApiKey.objects.filter(tenant=tenant, name=LEGACY_KEY_NAME, revoked_at__isnull=True):
        services.api_key_revoke(api_key=legacy, actor=actor, reason="demo credentials re-issued per role")
        created.append("old demo key revoked")

    saved = _saved(credentials_path)
    members = {
        spec.role: _ensure_member(tenant, spec, saved.get(spec.role, {}), actor=actor, created=created)
        for spec in DEMO_ROLES
    }
    for spec in DEMO_ROLES:  # the admin alone, and only when asked: /admin bypasses every tenant rule
        user = get_user_model().objects.get(username=spec.email)
        wanted = superuser and spec.role == Role.ADMIN
        if services.user_set_superuser(user=user, is_superuser=wanted, actor=actor, via="demo"):
            created.append(f"{spec.role} {'made' if wanted else 'no longer'} superuser")

    credentials = DemoCredentials(tenant=tenant.slug, members=members)
    if created:
        credentials_path.parent.mkdir(parents=True, exist_ok=True)
        credentials_path.touch(mode=0o600)
        credentials_path.chmod(0o600)  # before the secrets go in, and for a file an older run left
        credentials_path.write_text(json.dumps(credentials.as_json(), indent=2))
    return DemoResult(credentials=credentials, created=created)


def _ensure_member(
    tenant: Tenant, spec: DemoRole, saved: dict[str, Any], *, actor: Actor, created: list[str]
) -> DemoMember:
    """One demo member as it should be, repaired where it is not; `created` says what was done."""
    user = services.user_get_or_create(email=spec.email)
    membership = selectors.membership_for_user(tenant, user)
    if membership is None:
        membership = services.membership_create(tenant=tenant, user=user, role=spec.role, actor=actor)
        created.append(f"{spec.role} member")
    elif membership.role != spec.role:
        membership = services.membership_change_role(membership=membership, role=spec.role, actor=actor)
        created.append(f"{spec.role} role restored")

    password = saved.get("password") or ""
    if not password or not user.check_password(password):
        password = secrets.token_urlsafe(12)
        services.demo_member_set_password(membership=membership, password=password, actor=actor)
        created.append(f"{spec.role} password")

    api_key = saved.get("api_key") or ""
    if not api_key or not _key_works_for(api_key, user, spec.role):
        stale = ApiKey.objects.filter(tenant=tenant, name=key_name(spec.role), revoked_at__isnull=True)
        for key in stale:
            services.api_key_revoke(api_key=key, actor=actor, reason="demo credentials re-issued")
        _, api_key = services.api_key_create_for_member(
            membership=membership, name=key_name(spec.role), scopes=None, actor=actor
        )
        created.append(f"{spec.role} key")
    return DemoMember(
        role=spec.role,
        email=spec.email,
        password=password,
        api_key=api_key,
        scopes=sorted(ROLE_SCOPES[spec.role]),
    )
