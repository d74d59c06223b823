"""Soak: N jobs through `assay serve` (what `make run` starts) on the tiny model with 2 worker processes.

Checks that none is lost or duplicated (jobs = `job.received` = `job.completed` events = images) and
that the audit log verifies, and prints throughput and latency (request to completion, from the job's
own timestamps). Real processes on a fresh SQLite database; the embedded broker unless --redis.

    .venv/bin/python bench/soak.py --jobs 1000 [--redis] [--concurrency 2] [--clients 16]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path[:0] = [
    str(Path(__file__).resolve().parents[1]),
    str(Path(__file__).resolve().parents[1] / "platform"),
]

from tests.live import BIN, free_port, make_stack, release_noise, wait_until  # noqa: E402 - after the path set-up


def submit(base: str, key: str, seed: int) -> int:
    body = {
        "model": "assay-tiny",
        "prompt": "a red circle",
        "size": "64x64",
        "steps": 2,
        "seed": seed,
        "async": True,
    }
    request = urllib.request.Request(  # noqa: S310 - our own http URL
        f"{base}/v1/images/generations",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        return response.status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--redis", action="store_true")
    options = parser.parse_args()

    import os
    import subprocess

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")
    from generation.tiny_model import build_tiny_pipeline

    root = Path(tempfile.mkdtemp(prefix="assay-soak-"))
    build_tiny_pipeline(root / "tiny", seed=0)
    env = {} if options.redis else {"CELERY_BROKER_URL": "filesystem://"}
    stack = make_stack(
        root, tiny_model_dir=root / "tiny", extra_env=env | {"ASSAY_HEARTBEAT_INTERVAL_SECONDS": "2"}
    )
    port = free_port()
    with open(root / "serve.log", "w") as log:
        serve = subprocess.Popen(  # noqa: S603 - our own command
            [BIN / "assay", "serve", "--port", str(port), "--concurrency", str(options.concurrency)],
            env=stack.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    stack.processes.append(serve)
    base = f"http://127.0.0.1:{port}"
    db = root / "assay.sqlite3"

    def count(sql: str) -> int:
        with sqlite3.connect(db, timeout=30) as connection:
            return connection.execute(sql).fetchone()[0]

    try:
        wait_until(lambda: _worker_ok(base), timeout=120, what="assay serve", process=serve)
        key = stack.credentials()["api_key"]
        release_noise(base, stack.operator_key)  # the soak counts jobs, not reviews of noise
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=options.clients) as pool:
            statuses = list(pool.map(lambda seed: submit(base, key, seed), range(options.jobs)))
        submitted = time.monotonic() - started
        done = (
            "SELECT COUNT(*) FROM generation_generationjob WHERE status IN ('completed','failed','rejected')"
        )
        wait_until(lambda: count(done) == options.jobs, timeout=7200, what="every job to end", every=1)
        elapsed = time.monotonic() - started
        with sqlite3.connect(db, timeout=30) as connection:
            latencies = [
                row[0]
                for row in connection.execute(
                    "SELECT (julianday(finished_at) - julianday(created_at)) * 86400.0 "
                    "FROM generation_generationjob WHERE status = 'completed'"
                )
            ]
        figures = {
            "jobs": options.jobs,
            "accepted": statuses.count(202),
            "completed": count("SELECT COUNT(*) FROM generation_generationjob WHERE status = 'completed'"),
            "received events": count(
                "SELECT COUNT(*) FROM audit_auditevent WHERE event_type = 'job.received'"
            ),
            "completed events": count(
                "SELECT COUNT(*) FROM audit_auditevent WHERE event_type = 'job.completed'"
            ),
            "images": count("SELECT COUNT(*) FROM generation_generatedimage"),
            "requeued": count("SELECT COUNT(*) FROM audit_auditevent WHERE event_type = 'job.requeued'"),
            "submit s": round(submitted, 1),
            "total s": round(elapsed, 1),
            "jobs/s": round(options.jobs / elapsed, 2),
            "latency p50 s": round(statistics.median(latencies), 2),
            "latency p99 s": round(statistics.quantiles(latencies, n=100)[98], 2),
        }
        # A fresh log has no checkpoint before the schedule's first (ten minutes): take one, as an operator
        # does after installing; verify then checks every chain against it.
        subprocess.run([BIN / "assay", "audit", "checkpoint"], env=stack.env, capture_output=True, check=True)  # noqa: S603
        verify = subprocess.run(  # noqa: S603 - our own command
            [BIN / "assay", "audit", "verify"], env=stack.env, capture_output=True, text=True, check=False
        )
        figures["audit verify"] = (
            "ok" if verify.returncode == 0 else verify.stdout[-300:] + verify.stderr[-300:]
        )
        print(json.dumps(figures, indent=2))
        lost = figures["completed"] != options.jobs or figures["completed events"] != options.jobs
        sys.exit(1 if lost or figures["images"] != options.jobs or verify.returncode else 0)
    finally:
        stack.stop_all()


def _worker_ok(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:  # noqa: S310 - our own URL
            return json.loads(response.read())["checks"]["worker"] == "ok"
    except OSError:
        return False


if __name__ == "__main__":
    main()
