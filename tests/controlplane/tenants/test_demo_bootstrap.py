"""`make run` bootstraps a demo tenant, admin and key once; every later run prints the same, working ones."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from audit.models import AuditEvent
from controlplane.tenants.models import ApiKey, Membership, Tenant

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def printed_key(output: str) -> str:
    return re.search(r"API key:\s+(ask_\S+)", output).group(1)


def counts() -> tuple[int, ...]:
    return (
        Tenant.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        ApiKey.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_second_run_creates_nothing_and_prints_the_same_working_key():
    first = run_demo()
    after_first = counts()
    assert after_first[:4] == (1, 1, 1, 1)
    second = run_demo()
    assert counts() == after_first
    assert "created: nothing" in second
    assert printed_key(first) == printed_key(second)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {printed_key(second)}")
    response = client.get("/v1/me")
    assert response.status_code == 200
    assert response.json()["tenant"]["slug"] == "demo"


def test_lost_credentials_file_reissues_a_working_key(var_dir):
    old_key = printed_key(run_demo())
    (var_dir / "demo-credentials.json").unlink()
    output = run_demo()
    new_key = printed_key(output)
    assert new_key != old_key
    assert "api key" in output and "password reset" in output
    assert ApiKey.objects.filter(revoked_at__isnull=True).count() == 1
    assert Tenant.objects.count() == 1 and Membership.objects.count() == 1
    user = get_user_model().objects.get()
    saved = json.loads((var_dir / "demo-credentials.json").read_text())
    assert user.check_password(saved["password"])
    assert saved["password"] not in output  # never printed: run logs travel further than the file


def test_credentials_file_is_private(var_dir):
    run_demo()
    assert (var_dir / "demo-credentials.json").stat().st_mode & 0o077 == 0
