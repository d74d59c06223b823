"""The laptop demo: one tenant, one admin user and one API key, created once and reused after.

Secrets can only be shown when created, so the first run keeps them in `var/demo-credentials.json`
(mode 0600, development only) and later runs print them from there. If that file is lost, the old
demo key is revoked and the password reset, so that what is printed always works.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from audit.events import Actor
from controlplane.tenants import services
from controlplane.tenants.models import ApiKey, Membership, Role, Tenant
from controlplane.tenants.scopes import ALL_SCOPES

DEMO_SLUG = "demo"
DEMO_EMAIL = "admin@demo.local"
DEMO_KEY_NAME = "demo key"


@dataclass(frozen=True)
class DemoCredentials:
    tenant: str
    username: str
    password: str
    api_key: str


@dataclass(frozen=True)
class DemoResult:
    credentials: DemoCredentials
    created: list[str]


def _saved(path: Path) -> DemoCredentials | None:
    try:
        return DemoCredentials(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _key_still_works(raw_key: str) -> bool:
    try:
        services.api_key_authenticate(raw_key)
    except services.ApiKeyRejected:
        return False
    return True


@transaction.atomic
def demo_bootstrap(*, credentials_path: Path, actor: Actor) -> DemoResult:
    created: list[str] = []
    tenant = Tenant.objects.filter(slug=DEMO_SLUG).first()
    if tenant is None:
        tenant = services.tenant_create(slug=DEMO_SLUG, name="Demo tenant", actor=actor)
        created.append("tenant")

    user_model = get_user_model()
    user = user_model.objects.filter(username=DEMO_EMAIL).first()
    saved = _saved(credentials_path)
    password = saved.password if saved and user else secrets.token_urlsafe(12)
    if user is None:
        # A platform superadmin too, so the demo user can open /admin on a laptop.
        user = user_model.objects.create_superuser(username=DEMO_EMAIL, email=DEMO_EMAIL, password=password)
        created.append("user")
    elif saved is None or not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
        created.append("password reset")
    if not Membership.objects.filter(tenant=tenant, user=user).exists():
        services.membership_create(tenant=tenant, user=user, role=Role.ADMIN, actor=actor)
        created.append("membership")

    api_key = saved.api_key if saved else ""
    if not api_key or not _key_still_works(api_key):
        for stale in ApiKey.objects.filter(tenant=tenant, name=DEMO_KEY_NAME, revoked_at__isnull=True):
            services.api_key_revoke(api_key=stale, actor=actor, reason="demo credentials re-issued")
        _, api_key = services.api_key_create(
            tenant=tenant, name=DEMO_KEY_NAME, scopes=sorted(ALL_SCOPES), created_by=None, actor=actor
        )
        created.append("api key")

    credentials = DemoCredentials(tenant=tenant.slug, username=DEMO_EMAIL, password=password, api_key=api_key)
    if created:
        credentials_path.parent.mkdir(parents=True, exist_ok=True)
        credentials_path.write_text(json.dumps(asdict(credentials), indent=2))
        credentials_path.chmod(0o600)
    return DemoResult(credentials=credentials, created=created)
