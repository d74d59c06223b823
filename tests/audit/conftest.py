"""Fixtures for the audit tests: tenants made straight through the ORM, so their chains start empty."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from controlplane.tenants.models import Tenant


@pytest.fixture(autouse=True)
def _audit_keys_in_tmp(settings, tmp_path: Path) -> None:
    """A development key of each test's own under tmp_path, never the checkout's var/."""
    settings.VAR_DIR = tmp_path / "var"
    settings.ASSAY_AUDIT_SIGNING_KEY_FILE = None


@pytest.fixture
def make_tenant() -> Callable[[str], object]:
    # Not the suite-wide fixture of the same name: that one goes through tenant_create, which writes
    # audit events of its own; these tests count seqs from an empty chain.

    def make(slug: str) -> object:
        return Tenant.objects.create(slug=slug, name=slug.title())

    return make


@pytest.fixture
def tenant(make_tenant) -> object:
    return make_tenant("acme")


@pytest.fixture
def other_tenant(make_tenant) -> object:
    return make_tenant("globex")
