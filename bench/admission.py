"""Admission throughput with and without quota and rate-limit checks, served as production serves it.

A fresh PostgreSQL database, Redis as broker and rate-limit store, the web server (`assay web`, or
gunicorn's gthread workers over WSGI with `--server gthread`, for comparison), and locust
(bench/locust_admission.py) submitting async image requests; no worker consumes the queue, so only
admission is measured. Two runs: no limits, then limits at every level (tenant, key, each end user,
requests per minute). Prints submissions per second, p50/p99 latency and the ratio of the two runs.

    .venv/bin/python bench/admission.py [--seconds 30] [--users 32] [--web-workers 2]
        [--server asgi|gthread] [--threads 8]

locust comes with the `bench` extra, which `make install` leaves out: `.venv/bin/pip install -e '.[bench]'`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]

from tests.live import BIN, claim_redis_db, free_port, release_redis_db, stop, wait_until  # noqa: E402


def _ready(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:  # noqa: S310 - our server
            return answer.status == 200
    except OSError:
        return False


def _database(name: str, *, drop: bool = False) -> None:
    import psycopg

    with psycopg.connect("postgresql://127.0.0.1:5432/test", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop:
            connection.execute(f'CREATE DATABASE "{name}"')


def _locust(url: str, key: str, *, seconds: int, users: int, out: Path) -> dict[str, float]:
    prefix = out / "run"
    subprocess.run(  # noqa: S603 - our own command
        [BIN / "locust", "-f", str(ROOT / "bench" / "locust_admission.py"), "--headless", "-u", str(users),
         "-r", str(users), "-t", f"{seconds}s", "--host", url, "--csv", str(prefix), "--only-summary"],
        env=os.environ | {"ASSAY_BENCH_KEY": key},
        check=False,
        capture_output=True,
        timeout=seconds + 120,
    )  # fmt: skip
    with open(f"{prefix}_stats.csv") as stats:
        row = next(r for r in csv.DictReader(stats) if r["Name"] == "Aggregated")
    return {
        "requests": float(row["Request Count"]),
        "failures": float(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50_ms": float(row["50%"]),
        "p99_ms": float(row["99%"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--server", choices=["asgi", "gthread"], default="asgi")
    parser.add_argument("--threads", type=int, default=8, help="gthread only")
    options = parser.parse_args()

    database = f"assay_bench_{os.getpid()}"
    broker, claim = claim_redis_db()
    root = Path(tempfile.mkdtemp(prefix="assay-admission-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "ASSAY_"))} | {
        "DATABASE_URL": f"postgres://127.0.0.1:5432/{database}",
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": "disabled://",
        "ASSAY_RATELIMIT_STORAGE_URL": broker,
        "ASSAY_VAR_DIR": str(root / "var"),
        "HF_HUB_OFFLINE": "1",
    }

    def assay(*args: str) -> str:
        command = [BIN / "assay", *args]
        return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603

    _database(database)
    server = None
    try:
        assay("migrate", "--no-input")
        assay("model", "ensure-shipped")
        assay("demo")
        credentials = json.loads((root / "var" / "demo-credentials.json").read_text())
        key = credentials["api_key"]  # the developer's
        port = free_port()
        command = (
            [BIN / "assay", "web", "--bind", f"127.0.0.1:{port}", "--workers", str(options.web_workers)]
            if options.server == "asgi"
            else [BIN / "gunicorn", "controlplane.wsgi", "-b", f"127.0.0.1:{port}", "-k", "gthread",
                  "-w", str(options.web_workers), "--threads", str(options.threads), "--log-level", "warning"]
        )  # fmt: skip
        server = subprocess.Popen(command, env=env | {"LOG_LEVEL": "WARNING"}, start_new_session=True)  # noqa: S603
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: _ready(url), timeout=60, what="gunicorn", process=server)
        _locust(url, key, seconds=5, users=options.users, out=root)  # warm-up: connections, imports
        off = _locust(url, key, seconds=options.seconds, users=options.users, out=root)
        prefix = key.split("_")[1]
        big = "1000000000"
        assay("quotas", "set", "--tenant", "demo", "--images-per-day", big, "--images-per-month", big,
              "--concurrent-jobs", big, "--requests-per-minute", big)  # fmt: skip
        assay("quotas", "set", "--tenant", "demo", "--key", f"ask_{prefix}", "--images-per-day", big,
              "--requests-per-minute", big)  # fmt: skip
        assay("quotas", "set", "--tenant", "demo", "--user", "*", "--images-per-day", big)
        on = _locust(url, key, seconds=options.seconds, users=options.users, out=root)
    finally:
        if server is not None:
            stop(server)
        release_redis_db(claim)
        _database(database, drop=True)
    served = "assay web (uvicorn)" if options.server == "asgi" else f"gthread x{options.threads}"
    print(f"admission on PostgreSQL + Redis, {options.web_workers} web processes, {served}, "
          f"{options.users} locust users, {options.seconds} s per run")  # fmt: skip
    print(f"{'run':<22}{'requests':>10}{'failures':>10}{'per s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for name, run in (("no limits", off), ("limits at every level", on)):
        print(f"{name:<22}{run['requests']:>10.0f}{run['failures']:>10.0f}{run['rps']:>9.1f}"
              f"{run['p50_ms']:>9.0f}{run['p99_ms']:>9.0f}")  # fmt: skip
    print(f"throughput with limits / without: {on['rps'] / off['rps']:.2f}")


if __name__ == "__main__":
    main()
