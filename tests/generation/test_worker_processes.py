"""The pipeline on real Celery worker processes with a Redis broker, driven through the HTTP API."""

from __future__ import annotations

import time

import openai

from tests.live import make_stack, stop, wait_until


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


def test_a_worker_killed_mid_job_leaves_it_rerun_to_completion_exactly_once(tmp_path, tiny_model_folder):
    stack = make_stack(
        tmp_path,
        tiny_model_dir=tiny_model_folder,
        extra_env={"CELERY_VISIBILITY_TIMEOUT_SECONDS": "5", "ASSAY_JOB_LEASE_SECONDS": "5"},
    )
    try:
        stack.start_server()
        first = stack.start_worker("first")
        client = api(stack, stack.operator_key)  # it reads the audit log too
        body = {
            "model": "assay-tiny",
            "prompt": "a yellow star on a blue background",
            "size": "256x256",
            "n": 2,
            "steps": 20,  # ~25 s of denoising here: time to see it start and kill it, little to re-run
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
        done = wait_until(
            lambda: (job := client.get(f"/jobs/{job_id}"))["status"] in ("completed", "failed") and job,
            timeout=240,
            what="the job to be re-run",
            process=second,
            every=0.5,
        )
        assert done["status"] == "completed", done
        assert done["attempts"] == 2
        assert len(done["images"]) == 2
        events = events_for(client, job_id)
        generated = [e for e in events if e["event_type"] == "image.generated"]
        assert len(generated) == 2 and {e["payload"]["attempt"] for e in generated} == {2}
        assert [e["event_type"] for e in events].count("job.completed") == 1
        time.sleep(2)  # a late duplicate delivery, if any, would show up now
        assert len(client.get(f"/jobs/{job_id}")["images"]) == 2
    finally:
        stack.stop_all()
