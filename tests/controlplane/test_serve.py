"""`assay serve` (what `make run` starts) under a burst and a killed worker: no job lost or duplicated.

Real processes: the supervisor, gunicorn and a Celery worker with beat, on the embedded file-system
broker and on Redis, with the reconciler's deadlines shortened so that recovery fits in a test.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live import BIN, free_port, make_stack, release_noise, wait_until
from tests.live import generate as post

FAST_RECOVERY = {
    "ASSAY_RECONCILE_AFTER_SECONDS": "4",
    "ASSAY_RECONCILE_INTERVAL_SECONDS": "1",
    "ASSAY_JOB_LEASE_SECONDS": "3",
    "ASSAY_HEARTBEAT_INTERVAL_SECONDS": "1",
    "ASSAY_SYNC_TIMEOUT_SECONDS": "90",
}


def serve(stack, *, concurrency: int = 2):
    """Start `assay serve` on the stack; returns (base URL, the supervisor's log path)."""
    import subprocess

    port = free_port()
    log_path = stack.root / "serve.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [
            BIN / "assay",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--concurrency",
            str(concurrency),
        ],
        env=stack.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stack.processes.append(process)
    base = f"http://127.0.0.1:{port}"

    def worker_ready() -> bool:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:  # noqa: S310 - our own URL
                return json.loads(response.read())["checks"]["worker"] == "ok"
        except OSError:
            return False

    wait_until(worker_ready, timeout=120, what="assay serve (web and worker)", process=process)
    release_noise(base, stack.operator_key)  # these tests count jobs, not reviews of noise
    return base, log_path


def rows(stack, sql: str) -> list[tuple]:
    with sqlite3.connect(stack.root / "assay.sqlite3", timeout=30) as db:
        return db.execute(sql).fetchall()


def tally(stack) -> dict[str, int]:
    def count(event: str) -> int:
        return rows(stack, f"SELECT COUNT(*) FROM audit_auditevent WHERE event_type = '{event}'")[0][0]  # noqa: S608

    return {
        "jobs": rows(stack, "SELECT COUNT(*) FROM generation_generationjob")[0][0],
        "received": count("job.received"),
        "completed": count("job.completed"),
        "completed_jobs": rows(
            stack, "SELECT COUNT(*) FROM generation_generationjob WHERE status = 'completed'"
        )[0][0],
        "images": rows(stack, "SELECT COUNT(*) FROM generation_generatedimage")[0][0],
        "generated": count("image.generated"),
    }


# These tests run their own SQLite stacks whatever DATABASE_URL says: once per CI run is enough. They
# carry the `database` mark all the same, as every test that starts a live stack does (tests/live.py).
pytestmark = [
    pytest.mark.database,
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs its own SQLite stack"
    ),
]

BODY = {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "steps": 2, "seed": 0}


@pytest.fixture
def stack_factory(tmp_path, tiny_model_folder):
    made = []

    def make(**env):
        stack = make_stack(tmp_path / f"stack{len(made)}", tiny_model_dir=tiny_model_folder, extra_env=env)
        made.append(stack)
        return stack

    yield make
    for stack in made:
        stack.stop_all()


def test_a_burst_of_50_requests_on_the_default_stack_loses_nothing(stack_factory):
    stack = stack_factory(CELERY_BROKER_URL="filesystem://", **FAST_RECOVERY)
    base, _log = serve(stack)
    key = stack.credentials()["api_key"]
    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(lambda i: post(base, key, BODY | {"seed": i}), range(50)))
    statuses = sorted({status for status, _ in answers})
    assert set(statuses) <= {200, 202}, answers[:3]
    wait_until(lambda: tally(stack)["completed_jobs"] == 50, timeout=240, what="50 completed jobs")
    assert tally(stack) == {
        "jobs": 50, "received": 50, "completed": 50, "completed_jobs": 50, "images": 50, "generated": 50,
    }  # fmt: skip


def _worker_pid(log_path) -> int:
    pids = re.findall(r"started worker \(pid (\d+)\)", log_path.read_text())
    assert pids, log_path.read_text()[-2000:]
    return int(pids[-1])


@pytest.mark.parametrize("broker", ["filesystem", "redis"])
@pytest.mark.parametrize("stage", ["generating", "screening"])
def test_a_worker_killed_mid_job_loses_nothing(stack_factory, broker, stage):
    env = dict(FAST_RECOVERY)
    if broker == "filesystem":
        env["CELERY_BROKER_URL"] = "filesystem://"
    else:
        env["CELERY_VISIBILITY_TIMEOUT_SECONDS"] = "30"
    stack = stack_factory(**env)
    base, log_path = serve(stack, concurrency=1)
    key = stack.credentials()["api_key"]
    # Slow enough generations (many steps) that the kill lands while jobs are in flight.
    body = BODY | {"steps": 40, "size": "128x128", "async": True}
    ids = [post(base, key, body | {"seed": i})[1]["id"] for i in range(8)]
    wait_until(
        lambda: rows(stack, f"SELECT 1 FROM generation_generationjob WHERE status = '{stage}'"),  # noqa: S608
        timeout=120,
        what=f"a job in {stage}",
        every=0.02,
    )
    os.killpg(_worker_pid(log_path), signal.SIGKILL)
    started = time.monotonic()
    wait_until(lambda: tally(stack)["completed_jobs"] == len(ids), timeout=240, what="every job completed")
    recovery = time.monotonic() - started
    counts = tally(stack)
    assert counts == {
        "jobs": 8, "received": 8, "completed": 8, "completed_jobs": 8, "images": 8, "generated": 8,
    }, counts  # fmt: skip
    assert "exited with -9" in log_path.read_text()  # the supervisor saw the kill and restarted it
    print(f"recovered from kill -9 ({broker}, {stage}) in {recovery:.1f} s")
