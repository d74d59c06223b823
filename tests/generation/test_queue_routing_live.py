"""Queue routing on real worker pools: four Celery workers, one per queue (`-Q gpu`, `-Q api`,
`-Q control`, `-Q webhooks`), as the Helm chart runs them. A local model's job and a licensed API model's
job each run their steps on the right pool only, read from what each worker logged. The gpu pool
moderates its own jobs (ASSAY_MODERATE_IN_PLACE_QUEUES, `gpu` by default); the api pool's are moderated
on `control`; their webhooks are delivered on `webhooks` only."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from tests.fakes.openai_server import FakeOpenAI
from tests.generation.test_pipeline import Receiver
from tests.live import generate, make_stack, release_noise, wait_until

# Its stacks run on DATABASE_URL: the PostgreSQL pass keeps it (tests/database_pass.py).
pytestmark = pytest.mark.database

# Celery's own lines, through Assay's plain log format: a delivery when the worker's main process takes
# it, and the outcome in the pool process, which carries the job's public id (controlplane.celery).
RECEIVED = re.compile(r"Task (?P<task>[\w.]+)\[(?P<id>[0-9a-f-]+)\] received")
SUCCEEDED = re.compile(r"Task (?P<task>[\w.]+)\[[0-9a-f-]+\] succeeded in .*job_id=(?P<job>job_\w+)\]")

MODERATE = "generation.moderate_job_task"
MODERATE_GENERATE = "generation.moderate_generate_job_task"
GENERATE = "generation.generate_job_task"
FINISH = "generation.finish_job_task"
NOTIFY = "generation.deliver_webhook_task"


def get_job(base_url: str, key: str, job_id: str) -> dict:
    request = urllib.request.Request(  # noqa: S310 - our own http URL
        f"{base_url}/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {key}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def worker_log(stack, name: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The task names a worker received, and the (task, job) pairs it ran to success."""
    text = (stack.root / f"{name}.log").read_text()
    received = {match["task"] for match in RECEIVED.finditer(text)}
    ran = {(match["task"], match["job"]) for match in SUCCEEDED.finditer(text)}
    return received, ran


def test_each_pool_runs_only_the_work_routed_to_its_queue(tmp_path, tiny_model_folder):
    with FakeOpenAI() as provider:
        stack = make_stack(
            tmp_path,
            tiny_model_dir=tiny_model_folder,
            extra_env={
                "ASSAY_OPENAI_BASE_URL": provider.base_url,
                "ASSAY_OPENAI_API_KEY": provider.api_key,
                # The layout where `control` finishes every job (gpu workers without the screening
                # models); test_worker_processes covers a gpu worker finishing its own.
                "ASSAY_FINISH_IN_PLACE": "false",
            },
        )
        hook = Receiver([])
        try:
            stack.assay("model", "register", "--name", "gpt-image-1", "--backend", "openai", "--family",
                        "openai", "--license", "OpenAI terms", "--provider-model", "gpt-image-1",
                        "--sizes", "1024x1024")  # fmt: skip
            stack.start_server()
            release_noise(stack.base_url, stack.operator_key)  # no tiny-model noise held for review
            workers = {
                queue: stack.start_worker(queue, queues=queue)
                for queue in ("gpu", "api", "control", "webhooks")
            }
            key = stack.credentials()["api_key"]

            jobs = {}
            for pool, body in (
                ("gpu", {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "seed": 3}),
                ("api", {"model": "gpt-image-1", "prompt": "a lighthouse", "size": "1024x1024"}),
            ):
                status, answer = generate(
                    stack.base_url, key, {**body, "async": True, "webhook_url": hook.url}
                )
                assert status == 202, answer
                jobs[pool] = answer["id"]

            for pool, job_id in jobs.items():
                done = wait_until(
                    lambda job_id=job_id: (
                        (job := get_job(stack.base_url, key, job_id))["status"]
                        in ("completed", "failed", "rejected", "held_for_review")
                        and job
                    ),
                    timeout=240,
                    what=f"the {pool} job to end",
                    process=workers[pool],
                )
                assert done["status"] == "completed", done
            wait_until(lambda: len(hook.received) == 2, timeout=60, what="both webhooks")
            # The receiver answers before the task that called it logs its success.
            wait_until(
                lambda: {(NOTIFY, job) for job in jobs.values()} <= worker_log(stack, "webhooks")[1],
                timeout=30,
                what="both webhook tasks to end",
            )
            assert len(provider.requests_to("images/generations")) == 1  # the API job's call, made once
        finally:
            stack.stop_all()
            hook.close()

    received = {pool: worker_log(stack, pool)[0] for pool in workers}
    ran = {pool: worker_log(stack, pool)[1] for pool in workers}
    # Moderation and denoising in one task on the gpu pool, the provider's call on the api pool,
    # nothing else on either.
    assert received["gpu"] == {MODERATE_GENERATE} and ran["gpu"] == {(MODERATE_GENERATE, jobs["gpu"])}
    assert received["api"] == {GENERATE} and ran["api"] == {(GENERATE, jobs["api"])}
    # The api job's moderation, and both jobs' screening, signing and release, on the control pool; no
    # generation, no moderation of the gpu job, no webhook.
    assert not {GENERATE, MODERATE_GENERATE, NOTIFY} & received["control"]
    assert (MODERATE, jobs["api"]) in ran["control"] and (MODERATE, jobs["gpu"]) not in ran["control"]
    assert {(FINISH, job) for job in jobs.values()} <= ran["control"]
    # Both webhooks on the webhooks pool, and nothing else there.
    assert received["webhooks"] == {NOTIFY}
    assert ran["webhooks"] == {(NOTIFY, job) for job in jobs.values()}
    # Only the pool that screens loads the screening models.
    assert [
        (tmp_path / f"{pool}.log").read_text().count("screening models loaded in") for pool in workers
    ] == [
        0,
        0,
        1,
        0,
    ]
