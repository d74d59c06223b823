"""Console fixtures: a tenant with a member of each role (signed in with Django's test client), another
tenant's admin, and rows for every page to show (jobs, an open review item, a policy version)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from audit.events import Actor
from controlplane.console import throttle

ROLES = ("admin", "developer", "reviewer", "auditor")
PASSWORD = "a-long-console-passphrase-1"
TESTS = Actor.system("tests")


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch):
    """Empty counts, and the database windows' clock held in the middle of a window: on the real clock
    a window that began between a test's first and last attempt reset its count (about 1% of runs)."""
    throttle.limiter().storage.reset()
    monkeypatch.setattr(throttle, "_now", lambda: 1_764_000_450.0)  # 450 s into a 15-minute window
    yield
    throttle.limiter().storage.reset()


@pytest.fixture
def catalog_model(db):
    from generation.models import ImageModel

    return ImageModel.objects.get_or_create(
        name="assay-tiny",
        defaults={
            "backend": "diffusers",
            "family": "sd15",
            "license": "test",
            "sizes": ["64x64"],
            "capabilities": ["text2img"],
        },
    )[0]


def make_jobs(
    tenant: Any, model: Any, count: int, *, api_key: Any = None, status: str = "completed"
) -> list[Any]:
    """Jobs as the pipeline leaves them, written in bulk: the pages read rows, not the pipeline."""
    from django.utils import timezone

    from generation.models import GenerationJob
    from policy.services import policy_ensure_active

    version = policy_ensure_active(tenant=tenant)
    now = timezone.now()
    statuses = (
        ["completed", "completed", "completed", "rejected", "held_for_review"]
        if status == "mixed"
        else [status]
    )
    jobs = [
        GenerationJob(
            tenant=tenant,
            api_key=api_key,
            model=model,
            mode="text2img",
            status=statuses[i % len(statuses)],
            prompt=f"a lighthouse at dusk number {i}",
            params={"n": 1, "size": "64x64", "seed": i},
            policy_version=version,
            policy_name=version.label,
            created_at=now - timedelta(minutes=7 * i),
            decisions=[
                {
                    "stage": "prompt",
                    "decision": "block",
                    "policy_name": version.label,
                    "policy_version": None,
                    "reasons": [{"category": "violence", "source": "rules", "score": 0.95, "threshold": 0.9}],
                }
            ]
            if statuses[i % len(statuses)] == "rejected"
            else [],
        )
        for i in range(count)
    ]
    return GenerationJob.objects.bulk_create(jobs, batch_size=1000)


@dataclass
class Team:
    tenant: Any
    users: dict[str, Any]
    clients: dict[str, Client]
    outsider: Client
    job: Any
    review: Any
    policy: Any
    api_key: Any

    def client(self, role: str) -> Client:
        return self.clients[role]


@pytest.fixture
def team(db, tenant, other_tenant, make_member, catalog_model) -> Team:
    from controlplane.review.models import ReviewItem
    from controlplane.tenants.services import api_key_create
    from policy.services import policy_ensure_active

    users = {role: make_member(tenant, role) for role in ROLES}
    for user in users.values():
        user.set_password(PASSWORD)
        user.save()
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    outsider = Client()
    outsider.force_login(make_member(other_tenant, "admin"))
    api_key, _ = api_key_create(
        tenant=tenant,
        name="dev key",
        scopes=["images:write", "images:read"],
        created_by=users["developer"],
        actor=TESTS,
    )
    (job,) = make_jobs(tenant, catalog_model, 1, api_key=api_key, status="held_for_review")
    version = policy_ensure_active(tenant=tenant)
    review = ReviewItem.objects.create(
        tenant=tenant,
        job=job,
        kind="prompt",
        policy_version=version,
        policy_name=version.label,
        reasons=[
            {"category": "sexual", "source": "rules", "score": 0.6, "threshold": 0.5, "stage": "prompt"}
        ],
        categories=["sexual"],
    )
    return Team(tenant, users, clients, outsider, job, review, version, api_key)
