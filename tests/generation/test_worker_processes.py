"""The pipeline on real Celery worker processes with a Redis broker, driven through the HTTP API."""

from __future__ import annotations

import math
import time

import kombu
import openai
import pytest
import redis

from tests.live import make_stack, release_noise, stop, wait_until

# Its stacks run on DATABASE_URL: the PostgreSQL pass keeps it (tests/database_pass.py).
pytestmark = pytest.mark.database


class Api:
    """The official openai SDK's generic calls, for Assay's own endpoints."""

    def __init__(self, stack, key: str) -> None:
        self.sdk = openai.OpenAI(base_url=f"{stack.base_url}/v1", api_key=key, max_retries=0, timeout=120)

    def get(self, path: str, **query) -> dict:
        return self.sdk.get(path, cast_to=object, options={"params": query})

    def post(self, path: str, body: dict) -> dict:
        return self.sdk.post(path, body=body, cast_to=object)


def api(stack, key: str) -> Api:
    return Api(stack, key)


def events_for(client: Api, job_id: str) -> list[dict]:
    return client.get("/audit/events", subject=f"job:{job_id}", limit=1000)["data"]


RERUN_STEPS = 150  # the most a request may ask for


def images_lasting(seconds: float, model_folder) -> int:
    """How many 256x256 images of RERUN_STEPS steps the tiny model takes at least `seconds` to make on
    this machine (2 to 10): a job that must outlast a timeout is sized by this machine's speed, not by a
    guess that a faster machine proves wrong (40 steps x 2 images once took 1.4 s)."""
    from generation.backends import get_backend
    from generation.backends.base import GenerationSpec, ModelSpec

    model = ModelSpec(name="assay-tiny", backend="diffusers", family="sd15", path=str(model_folder))
    spec = GenerationSpec(
        model=model, mode="text2img", prompt="a star", width=256, height=256, seed=1, steps=20
    )
    get_backend("diffusers").generate(spec)  # loads the model
    started = time.perf_counter()
    get_backend("diffusers").generate(spec)
    per_image = (time.perf_counter() - started) * RERUN_STEPS / 20
    return max(2, min(10, math.ceil(seconds / per_image)))


def test_a_worker_process_runs_a_job_end_to_end(tmp_path, tiny_model_folder):
    stack = make_stack(tmp_path, tiny_model_dir=tiny_model_folder)
    try:
        stack.start_server()
        stack.start_worker()
        client = api(stack, stack.operator_key)  # it reads the audit log too
        body = {"model": "assay-tiny", "prompt": "a yellow star", "size": "64x64", "n": 2, "seed": 5}
        data = client.post("/images/generations", body)
        assert len(data["data"]) == 2 and all(item["b64_json"] for item in data["data"])
        job = client.get(f"/jobs/{data['job_id']}")
        assert job["status"] == "completed" and job["attempts"] == 1
        types = [e["event_type"] for e in events_for(client, data["job_id"])]
        assert types.count("image.generated") == 2 and types[-1] == "job.completed"
        assert (tmp_path / "worker.log").read_text().count("screening models loaded in") == 1  # at start
    finally:
        stack.stop_all()


def test_a_gpu_worker_finishes_its_jobs_in_place_and_control_only_moderates(tmp_path, tiny_model_folder):
    """The production layout (ASSAY_FINISH_IN_PLACE on by default): the gpu worker loads the screening
    models at start and screens, signs and releases the job it generated; `control` never gets a
    finish message. The job's trail is the pipeline's whole trail."""
    stack = make_stack(tmp_path, tiny_model_dir=tiny_model_folder)
    try:
        stack.start_server()
        release_noise(stack.base_url, stack.operator_key)
        stack.start_worker("control", queues="control")
        stack.start_worker("gpu", queues="gpu")
        client = api(stack, stack.operator_key)
        body = {"model": "assay-tiny", "prompt": "a yellow star", "size": "64x64", "n": 2, "seed": 5}
        job_id = client.post("/images/generations", body | {"async": True})["id"]
        done = wait_until(
            lambda: (job := client.get(f"/jobs/{job_id}"))["status"] in ("completed", "failed") and job,
            timeout=240,
            what="the job to end",
            every=0.5,
        )
        assert done["status"] == "completed" and len(done["images"]) == 2, done
        types = [e["event_type"] for e in events_for(client, job_id)]
        assert types == [
            "job.received",
            "policy.prompt_decided",
            "image.generated",
            "image.generated",
            "policy.output_decided",
            "policy.output_decided",
            "provenance.signed",
            "provenance.signed",
            "job.completed",
        ]
    finally:
        stack.stop_all()
    gpu_log, control_log = (tmp_path / "gpu.log").read_text(), (tmp_path / "control.log").read_text()
    assert gpu_log.count("screening models loaded in") == 1
    assert gpu_log.count("screens, signs and releases the jobs it generates") == 1
    assert "generation.finish_job_task[" not in gpu_log + control_log  # never received by either


@pytest.mark.parametrize(
    ("moderate_in_place", "task"),
    [
        # The default: the gpu queue's worker moderates the job and generates it in the same task, so the
        # message that dies with the worker, comes back and is duplicated is the moderation's own.
        ("gpu", "generation.moderate_generate_job_task"),
        ("none", "generation.generate_job_task"),  # moderation on `control`, then a generation message
    ],
)
def test_a_worker_killed_mid_job_leaves_it_rerun_to_completion_exactly_once(
    tmp_path, tiny_model_folder, moderate_in_place, task
):
    stack = make_stack(
        tmp_path,
        tiny_model_dir=tiny_model_folder,
        extra_env={
            "CELERY_VISIBILITY_TIMEOUT_SECONDS": "5",
            "ASSAY_JOB_LEASE_SECONDS": "5",
            "ASSAY_MODERATE_IN_PLACE_QUEUES": moderate_in_place,
        },
    )
    # Long enough to see it start, kill it, and see the re-run still going 6 s later: 15 s or more of
    # denoising on this machine (the stack's worker is no faster than this process).
    n = images_lasting(15, tiny_model_folder)
    try:
        stack.start_server()
        first = stack.start_worker("first")
        client = api(stack, stack.operator_key)  # it reads the audit log too
        body = {
            "model": "assay-tiny",
            "prompt": "a yellow star on a blue background",
            "size": "256x256",
            "n": n,
            "steps": RERUN_STEPS,
            "seed": 1,
            "async": True,
        }
        job_id = client.post("/images/generations", body)["id"]

        def denoising() -> bool:
            job = client.get(f"/jobs/{job_id}")
            return job["status"] == "generating" and job["progress"]["step"] > 0

        wait_until(denoising, timeout=120, what="denoising to start", process=first)
        stop(first, kill=True)  # SIGKILL the whole worker: no chance to ack, fail or clean up
        assert client.get(f"/jobs/{job_id}")["status"] == "generating"

        # Past the visibility timeout before the second worker starts: kombu's Redis transport restores
        # unacked messages at a consumer's start, and after that only every ~100 s.
        time.sleep(6)
        second = stack.start_worker("second")

        # A late duplicate: while the second worker still runs the job, its own delivery passes the
        # visibility timeout (5 s here) and is redelivered. kombu scans for such messages at a consumer's
        # start and then every 10 s through a counter that scans only each tenth time. The count is per
        # channel, and the start-up scan and the periodic one may pick different channels of the worker
        # (kombu's MultiChannelPoller), so the first periodic tick may scan too: the worker's own scan
        # may or may not come while the job runs. The test runs that scan itself when the worker has not.
        broker = redis.Redis.from_url(stack.env["CELERY_BROKER_URL"])

        def rerunning() -> bool:
            job = client.get(f"/jobs/{job_id}")
            return job["status"] == "generating" and job["attempts"] == 2 and job["progress"]["step"] > 0

        wait_until(rerunning, timeout=120, what="the second attempt to start", process=second)
        time.sleep(6)  # the second delivery is now older than the visibility timeout
        assert broker.hlen("unacked") + broker.llen("gpu") == 1  # one message: unacked, or already restored
        if broker.hlen("unacked"):
            restore_overdue_messages(stack.env["CELERY_BROKER_URL"])
        assert broker.hlen("unacked") == 0 and broker.llen("gpu") == 1  # the duplicate waits (prefetch 1)
        done = wait_until(
            lambda: (job := client.get(f"/jobs/{job_id}"))["status"] in ("completed", "failed") and job,
            timeout=240,
            what="the job to be re-run",
            process=second,
            every=0.5,
        )
        assert done["status"] == "completed", done
        assert done["attempts"] == 2
        assert len(done["images"]) == n
        events = events_for(client, job_id)
        generated = [e for e in events if e["event_type"] == "image.generated"]
        assert len(generated) == n and {e["payload"]["attempt"] for e in generated} == {2}
        assert [e["event_type"] for e in events].count("job.completed") == 1
        assert [e["event_type"] for e in events].count("policy.prompt_decided") == 1  # decided once

        # The duplicate is delivered once the job is done, finds nothing to do, and is acknowledged:
        # nothing is left that any later scan could bring back.
        wait_until(
            lambda: broker.llen("gpu") == 0 and broker.llen("control") == 0 and broker.hlen("unacked") == 0,
            timeout=60,
            what="the duplicate to be consumed and acknowledged",
            process=second,
        )
        first_log, log = (tmp_path / "first.log").read_text(), (tmp_path / "second.log").read_text()
        assert f"{task}[" in first_log  # the task the worker died in
        received = [line for line in log.splitlines() if "received" in line and "generation." in line]
        # the restored message, then its duplicate: the same task, and no other generation task
        assert len(received) == 2 and all(f" {task}[" in line for line in received), received
        final = client.get(f"/jobs/{job_id}")
        assert final["status"] == "completed" and final["attempts"] == 2 and len(final["images"]) == n
        assert [e["event_type"] for e in events_for(client, job_id)].count("job.completed") == 1
    finally:
        stack.stop_all()


def restore_overdue_messages(broker_url: str) -> None:
    """What kombu's Redis transport does at a consumer's start (and every ~100 s after): put every message
    delivered longer ago than the visibility timeout, and not acknowledged, back on its queue."""
    with kombu.Connection(broker_url, transport_options={"visibility_timeout": 5}) as connection:
        connection.default_channel.qos.restore_visible(num=100, interval=1)
