"""Shared steps of the quota and rate-limit tests."""

from __future__ import annotations

import threading

from django.db import connection

from audit.events import Actor
from controlplane.quotas import ratelimit, services

TESTS = Actor.system("tests")


def limit(tenant, api_key=None, end_user="", **values):
    return services.limit_set(tenant=tenant, api_key=api_key, end_user=end_user, values=values, actor=TESTS)


def generate(client, prompt: str = "a red circle", headers: dict | None = None, **body):
    """POST /v1/images/generations with the tiny model's small, quick settings under `body`'s."""
    body = {"model": "assay-tiny", "prompt": prompt, "size": "64x64", "steps": 2, "seed": 0} | body
    return client.post("/v1/images/generations", body, format="json", headers=headers or {})


def hits_at_once(*, tenant, api_key_id: int, count: int) -> list[str]:
    """`count` threads call the rate limiter at the same moment; each outcome, "admitted" or "refused".
    Each thread closes its own database connection (a kept one would count against the server's limit)."""
    start = threading.Barrier(count)
    outcomes: list[str] = []

    def request() -> None:
        start.wait()
        try:
            ratelimit.hit(tenant=tenant, api_key_id=api_key_id)
            outcomes.append("admitted")
        except ratelimit.RateLimited:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def admitted(tenant, model, **params):
    """A job admitted (its quota reserved) and not run: the test moves it step by step. `params` over
    the tiny model's 64x64."""
    from celery.app.task import Task

    from generation.models import Mode
    from generation.params import GenerationParams
    from generation.services import JobRequest, job_create

    request = JobRequest(
        model=model,
        mode=Mode.TEXT2IMG,
        prompt="a square",
        params=GenerationParams(**({"size": "64x64"} | params)),
    )
    original = Task.apply_async
    Task.apply_async = lambda task, args=None, **kwargs: None
    try:
        job, _ = job_create(tenant=tenant, api_key=None, actor=TESTS, request=request)
    finally:
        Task.apply_async = original
    return job
