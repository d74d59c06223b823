"""Fixtures shared by the whole suite: tenants, members of each role and API clients for their keys."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest

# `--database-only`: CI's PostgreSQL pass keeps only the tests that touch a database (tests/database_pass.py).
from tests.database_pass import (  # noqa: F401 - hooks: pytest calls them
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_runtest_setup,
)

# Skips for a missing service (PostgreSQL, Redis, Chromium) are listed loudly at the end of the run,
# and fail it where ASSAY_REQUIRE_SERVICES names the service (CI): tests/missing_services.py.
from tests.missing_services import pytest_configure  # noqa: F401 - a hook: pytest calls it

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with the sessions other threads still hold on it ended before it
    is dropped: a sync wait's listener (generation/settled.py) stays in LISTEN for the life of the
    process, and PostgreSQL refuses to drop a database in use (the run left `test_test` behind). The
    listener is told first that the process is done (`drain`), so it does not reconnect and log."""
    yield
    from django.db import connection

    from generation import settled

    settled.drain()  # its listener ends with its session below, rather than reconnecting
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        connection.close()


@pytest.fixture(autouse=True)
def forget_admission_caches():
    """Admission remembers keys, limits, enabled models and active policy versions per process for a
    few seconds (tenants.services, quotas.in_force, generation.catalog, policy.services); a test starts
    with none of another test's rows remembered."""
    from controlplane.quotas import in_force
    from controlplane.tenants import services
    from generation import catalog
    from policy import services as policy_services

    def forget() -> None:
        services.principal_cache_clear()
        in_force._tenants.clear()
        catalog.model_cache_clear()
        policy_services.active_version_cache_clear()

    forget()
    yield
    forget()


@pytest.fixture(autouse=True)
def reproducible_seed_draws(monkeypatch):
    """Admission draws a seed for a request that gives none. In tests the draws come from a generator
    seeded per test, so a test that leaves the seed out sees the same tiny-model pictures every run:
    that model's noise scores anywhere up to ~0.6 in Open NSFW, and a random draw held one run in N."""
    import random

    import generation.params
    import generation.services

    draws = random.Random(0)
    monkeypatch.setattr(
        generation.services,
        "draw_seed",
        lambda: draws.randrange(generation.params.MAX_SEED - generation.params.MAX_N + 2),
    )


@dataclass
class KeyClient:
    """An API client authenticated with a real key of a member (or of the operator when role is None)."""

    client: object
    key: str
    api_key: object
    tenant: object
    user: object | None


@pytest.fixture
def make_tenant(db) -> Callable[..., object]:
    from controlplane.tenants.services import tenant_create
    from foundation.cli import cli_actor

    counter = iter(range(1, 10_000))

    def make(slug: str | None = None) -> object:
        slug = slug or f"tenant-{next(counter)}"
        return tenant_create(slug=slug, name=slug.title(), actor=cli_actor())

    return make


@pytest.fixture
def tenant(make_tenant):
    return make_tenant("acme")


@pytest.fixture
def other_tenant(make_tenant):
    return make_tenant("globex")


@pytest.fixture
def make_member(db) -> Callable[..., object]:
    from controlplane.tenants.services import membership_create, user_get_or_create
    from foundation.cli import cli_actor

    def make(tenant, role: str, email: str | None = None):
        user = user_get_or_create(email=email or f"{role}@{tenant.slug}.example")
        membership_create(tenant=tenant, user=user, role=role, actor=cli_actor())
        return user

    return make


@pytest.fixture
def key_client(make_member) -> Callable[..., KeyClient]:
    """`key_client(tenant, "developer")`: a client whose key carries everything that role may hold."""
    from rest_framework.test import APIClient

    from controlplane.tenants.scopes import ALL_SCOPES, ROLE_SCOPES
    from controlplane.tenants.services import api_key_create
    from foundation.cli import cli_actor

    def make(
        tenant, role: str | None, *, scopes: list[str] | None = None, email: str | None = None
    ) -> KeyClient:
        user = make_member(tenant, role, email) if role else None
        granted = scopes if scopes is not None else sorted(ROLE_SCOPES[role] if role else ALL_SCOPES)
        api_key, secret = api_key_create(
            tenant=tenant,
            name=f"{role or 'operator'} key",
            scopes=granted,
            created_by=user,
            actor=cli_actor(),
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return KeyClient(client=client, key=secret, api_key=api_key, tenant=tenant, user=user)

    return make


@pytest.fixture
def developer(tenant, key_client) -> KeyClient:
    """A developer's key client in `tenant` (a test module may define its own)."""
    return key_client(tenant, "developer")


@pytest.fixture
def auditor(tenant, key_client) -> KeyClient:
    """An auditor's key client in `tenant`."""
    return key_client(tenant, "auditor")


@pytest.fixture
def people(tenant, key_client):
    """The members of a review: a developer who asks, two reviewers (four-eyes), an auditor and an admin,
    each with a key client in `tenant` (a test module may define its own)."""

    class People:
        developer = key_client(tenant, "developer", email="dev@acme.example")
        reviewer = key_client(tenant, "reviewer", email="rita@acme.example")
        second = key_client(tenant, "reviewer", email="sam@acme.example")
        auditor = key_client(tenant, "auditor", email="audrey@acme.example")
        admin = key_client(tenant, "admin", email="ada@acme.example")

    return People


@pytest.fixture(scope="session")
def tiny_model_folder(tmp_path_factory):
    """The tiny random diffusers model, built once per test session."""
    from generation.tiny_model import build_tiny_pipeline

    folder = tmp_path_factory.mktemp("models") / "assay-tiny"
    build_tiny_pipeline(folder, seed=0)
    return folder


@pytest.fixture
def tiny_model(db, tiny_model_folder):
    """The tiny model in the catalog, as `assay model make-tiny` registers it (plus a 64x72 size)."""
    from audit.events import Actor
    from generation.catalog import TINY_MODEL_SIZES, model_register
    from generation.models import Mode

    return model_register(
        name="assay-tiny",
        backend="diffusers",
        family="sd15",
        license="test",
        capabilities=list(Mode.values),
        sizes=[*TINY_MODEL_SIZES, "64x72"],
        folder=str(tiny_model_folder),
        default_steps=3,
        default_guidance=5.0,
        actor=Actor.system("tests"),
    )


@pytest.fixture
def eager_pipeline(settings, tmp_path):
    """Run the pipeline's Celery tasks in-process, in order, as a worker would (real code, no broker)."""
    from controlplane.celery import app

    settings.MEDIA_ROOT = tmp_path / "media"
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous
