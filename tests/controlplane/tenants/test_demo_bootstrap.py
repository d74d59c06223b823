"""`make run` bootstraps a demo tenant with one member per role, each with a key of their own, once; every
later run prints the same, working keys, and puts right what no longer works."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from audit.models import AuditEvent
from controlplane.tenants.demo import DEMO_ROLES, LEGACY_KEY_NAME
from controlplane.tenants.models import ApiKey, Membership, Tenant
from controlplane.tenants.scopes import ALL_SCOPES, ROLE_SCOPES
from controlplane.tenants.services import (
    api_key_create,
    api_key_revoke,
    membership_change_role,
    tenant_create,
)
from foundation.cli import cli_actor

pytestmark = pytest.mark.django_db

ROLES = ("admin", "developer", "reviewer", "auditor")


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    # Each run checks four passwords: the default hasher's cost is for real passwords, not this test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return tmp_path


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def printed_keys(output: str) -> dict[str, str]:
    """role -> key, from the one line per role."""
    return dict(re.findall(r"^  (\w+):\s+\S+@demo\.local\s+(ask_\S+)", output, re.MULTILINE))


def saved(var_dir) -> dict:
    return json.loads((var_dir / "demo-credentials.json").read_text())


def me(key: str) -> dict:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.get("/v1/me")
    assert response.status_code == 200, response.content
    return response.json()


def counts() -> tuple[int, ...]:
    return (
        Tenant.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        ApiKey.objects.count(),
        AuditEvent.objects.count(),
    )


def test_one_member_per_role_each_with_a_key_of_that_roles_scopes(var_dir):
    output = run_demo()
    keys = printed_keys(output)
    assert list(keys) == list(ROLES)  # one line per role, in this order
    for role, key in keys.items():
        principal = me(key)
        assert principal["tenant"]["slug"] == "demo" and principal["role"] == role
        assert principal["scopes"] == sorted(ROLE_SCOPES[role])
    assert "audit:read" not in me(keys["admin"])["scopes"]
    assert "images:write" in me(keys["developer"])["scopes"]
    users = get_user_model().objects.all()
    assert users.count() == 4 and not users.filter(is_superuser=True).exists()
    assert not users.filter(is_staff=True).exists()

    file = saved(var_dir)
    assert file["api_key"] == keys["developer"]  # what single-key readers used: it generates images
    assert {role: m["api_key"] for role, m in file["members"].items()} == keys
    for spec in DEMO_ROLES:
        entry = file["members"][spec.role]
        assert get_user_model().objects.get(username=entry["email"]).check_password(entry["password"])
        assert entry["password"] not in output  # never printed: run logs travel further than the file
        assert spec.purpose in output
    assert (var_dir / "demo-credentials.json").stat().st_mode & 0o077 == 0
    assert AuditEvent.objects.filter(event_type="user.password_set").count() == 4


def test_second_run_creates_nothing_and_prints_the_same_working_keys():
    first = run_demo()
    after_first = counts()
    assert after_first[:4] == (1, 4, 4, 4)
    second = run_demo()
    assert counts() == after_first
    assert "created: nothing" in second
    assert printed_keys(first) == printed_keys(second)


def test_lost_credentials_file_reissues_every_key_and_password(var_dir):
    old = printed_keys(run_demo())
    (var_dir / "demo-credentials.json").unlink()
    output = run_demo()
    new = printed_keys(output)
    assert all(new[role] != old[role] for role in ROLES)
    assert "developer key" in output and "reviewer password" in output
    assert ApiKey.objects.filter(revoked_at__isnull=True).count() == 4
    assert Tenant.objects.count() == 1 and Membership.objects.count() == 4
    for entry in saved(var_dir)["members"].values():
        assert get_user_model().objects.get(username=entry["email"]).check_password(entry["password"])


def test_only_what_broke_is_put_right(var_dir):
    keys = printed_keys(run_demo())
    reviewer_key = ApiKey.objects.get(name="demo reviewer key", revoked_at__isnull=True)
    api_key_revoke(api_key=reviewer_key, actor=cli_actor())
    auditor = Membership.objects.get(user__username="auditor@demo.local")
    membership_change_role(membership=auditor, role="developer", actor=cli_actor())
    output = run_demo()
    assert "reviewer key" in output and "auditor role restored" in output
    assert "developer key" not in output and "admin key" not in output
    fixed = printed_keys(output)
    assert fixed["reviewer"] != keys["reviewer"] and fixed["admin"] == keys["admin"]
    assert me(fixed["auditor"])["role"] == "auditor"
    assert "created: nothing" in run_demo()


def test_a_first_format_file_and_its_superuser_are_upgraded(var_dir):
    """The single-key demo: an all-scopes operator key and a superuser admin, and a file without members."""
    tenant = tenant_create(slug="demo", name="Demo tenant", actor=cli_actor())
    admin = get_user_model().objects.create_superuser(
        username="admin@demo.local", email="admin@demo.local", password="old-Password-1"
    )
    Membership.objects.create(tenant=tenant, user=admin, role="admin")
    _, legacy = api_key_create(
        tenant=tenant, name=LEGACY_KEY_NAME, scopes=sorted(ALL_SCOPES), created_by=None, actor=cli_actor()
    )
    first_format = {
        "tenant": "demo",
        "username": admin.username,
        "password": "old-Password-1",
        "api_key": legacy,
    }
    (var_dir / "demo-credentials.json").write_text(json.dumps(first_format))
    output = run_demo()
    assert "old demo key revoked" in output and "admin no longer superuser" in output
    assert ApiKey.objects.get(name=LEGACY_KEY_NAME).revoked_at is not None
    admin.refresh_from_db()
    assert not admin.is_superuser and not admin.is_staff
    file = saved(var_dir)
    assert set(file["members"]) == set(ROLES) and file["api_key"] != legacy
    assert me(file["api_key"])["role"] == "developer"
    (change,) = AuditEvent.objects.filter(event_type="user.privileges_changed")
    assert change.tenant is None and change.payload["changed"] == {
        "is_staff": [True, False],
        "is_superuser": [True, False],
    }


def test_superuser_only_when_asked_for_and_only_the_admin(var_dir):
    output = run_demo("--superuser")
    assert "admin made superuser" in output and "/admin/" in output
    superusers = get_user_model().objects.filter(is_superuser=True, is_staff=True)
    assert list(superusers.values_list("username", flat=True)) == ["admin@demo.local"]
    assert "created: nothing" in run_demo("--superuser")
    # A plain run (make run) takes it away again: no demo user is a superuser unless asked for.
    assert "admin no longer superuser" in run_demo()
    assert not get_user_model().objects.filter(is_superuser=True).exists()
    assert AuditEvent.objects.filter(event_type="user.privileges_changed").count() == 2
