"""`assay worker` stops cleanly on SIGTERM, whether it reaches the main process only (Kubernetes,
Docker) or the whole process group (systemd's default, a terminal's Ctrl-C, `make run`): the task it
runs finishes, then it exits 0, well within the grace period. (Celery run bare, a TERM to the group
killed the pool mid-task and left the main process hung in the pool's join.) Real processes.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.live import BIN, make_stack, release_noise, wait_until

# Its live stacks run on SQLite whatever DATABASE_URL says, so it skips on the PostgreSQL pass; the
# `database` mark is the one every test that starts a live stack carries (tests/live.py).
pytestmark = [
    pytest.mark.database,
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs its own SQLite stack"
    ),
]

SLOW = {
    "model": "assay-tiny",
    "prompt": "a red circle",
    "size": "128x128",
    "steps": 60,
    "seed": 1,
    "async": True,
}


def status_of(root: Path, job_id: str) -> str:
    with sqlite3.connect(root / "assay.sqlite3", timeout=30) as db:
        return db.execute(
            "SELECT status FROM generation_generationjob WHERE public_id = ?", (job_id,)
        ).fetchone()[0]


def submit(base: str, key: str) -> str:
    request = urllib.request.Request(  # noqa: S310 - our own http URL
        f"{base}/v1/images/generations",
        data=json.dumps(SLOW).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return json.loads(response.read())["id"]


def start_worker(stack, queues: str) -> subprocess.Popen:
    log = open(stack.root / f"worker-{queues}.log", "a")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [BIN / "assay", "worker", "--queues", queues, "--concurrency", "1", "--grace", "60"],
        env=stack.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, which the test signals as a whole
    )
    stack.processes.append(process)
    return process


def ended_within(process: subprocess.Popen, seconds: float) -> float:
    started = time.monotonic()
    process.wait(timeout=seconds)
    return time.monotonic() - started


@pytest.mark.parametrize("target", ["group", "main"])
def test_sigterm_lets_the_running_generation_finish_then_the_worker_exits(
    tmp_path, tiny_model_folder, target
):
    stack = make_stack(tmp_path, tiny_model_dir=tiny_model_folder)
    try:
        base = stack.start_server()
        release_noise(base, stack.operator_key)
        stack.start_worker("control", queues="control")
        gpu = start_worker(stack, "gpu")
        job_id = submit(base, stack.credentials()["api_key"])
        wait_until(
            lambda: status_of(tmp_path, job_id) == "generating", timeout=120, what="the job generating"
        )

        celery = subprocess.run(["pgrep", "-P", str(gpu.pid)], capture_output=True, text=True, check=True)
        (celery_pid,) = celery.stdout.split()  # Celery's main process, in a session of its own
        if target == "group":
            os.killpg(gpu.pid, signal.SIGTERM)
        else:
            os.kill(gpu.pid, signal.SIGTERM)
        took = ended_within(gpu, 90)

        assert gpu.returncode == 0, (stack.root / "worker-gpu.log").read_text()[-3000:]
        # The generation it was running finished and went on to the control queue, which completes it.
        wait_until(lambda: status_of(tmp_path, job_id) == "completed", timeout=120, what="the job completed")
        print(f"TERM to the {target}: the worker finished its generation and exited in {took:.1f} s")
        leftover = subprocess.run(["pgrep", "-s", celery_pid], capture_output=True, text=True, check=False)
        assert leftover.stdout == "", "processes of Celery's session outlived the worker"
    finally:
        stack.stop_all()
