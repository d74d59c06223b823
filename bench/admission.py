"""Admission throughput with and without quota and rate-limit checks, served as production serves it.

A fresh PostgreSQL database, Redis as broker and rate-limit store, the web server (`assay web`, or
gunicorn's gthread workers over WSGI with `--server gthread`, for comparison), and locust
(bench/locust_admission.py) submitting async image requests; no worker consumes the queue, so only
admission is measured. Two runs: no limits, then limits at every level (tenant, key, each end user,
requests per minute). Prints submissions per second, p50/p99 latency and the ratio of the two runs.

    .venv/bin/python bench/admission.py [--seconds 30] [--users 32] [--rate 0] [--web-workers 2]
        [--server asgi|gthread] [--threads 8] [--database assay_bench] [--redis-db N]
        [--locust PATH] [--waits]

Closed loop by default: each locust user sends its next request as soon as the last is answered, so
throughput is what the server can do and p99 is mostly the users queueing (users / throughput).
`--rate R` offers a fixed R submissions per second instead (each of the users at R / users per second,
64 users unless `--users` says), the way to judge latency at a given load: p99 is then the server's
own. Each run also reports CPU per submission, by component, from /proc: the web processes (gunicorn's
master and workers), the bench database's PostgreSQL backends, the Redis server (shared: others' load
counts too) and locust itself; on a shared machine these say more than throughput does.

locust comes with the `bench` extra, which `make install` leaves out: `.venv/bin/pip install -e '.[bench]'`
(or any locust 2.x: `--locust`, BENCH_LOCUST). The Redis database is the first free index, or
`--redis-db` (BENCH_REDIS_DB): on a Redis shared with others, keep to your own index. `--waits` samples
the bench database's sessions (pg_stat_activity, every 10 ms) during each run and prints, per
submission, how long sessions spent waiting on row locks (and on which statement) and idle inside a
transaction: where concurrent submissions queue behind each other. The sampler costs CPU: compare
throughput from runs without it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]

from tests.live import BIN, claim_redis_db, free_port, release_redis_db, stop, wait_until  # noqa: E402

_TICKS = os.sysconf("SC_CLK_TCK")


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


def _claim_redis_db(index: int | None) -> tuple[str, str]:
    """The given Redis database, claimed as tests.live claims its own (two runs on one index refuse
    rather than flush each other's broker), or the first free one."""
    if index is None:
        return claim_redis_db()
    import redis

    from tests import live

    key = live.CLAIM_KEY.format(index)
    if not redis.Redis.from_url(f"{live.REDIS_URL}/0").set(key, os.getpid(), nx=True, ex=live.CLAIM_SECONDS):
        raise SystemExit(f"Redis database {index} is claimed by another run ({key})")
    url = f"{live.REDIS_URL}/{index}"
    redis.Redis.from_url(url).flushdb()
    return url, key


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime (fields 14 and 15 of stat)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


def _redis_pid() -> int | None:
    import redis

    from tests import live

    try:
        return int(redis.Redis.from_url(f"{live.REDIS_URL}/0").info("server")["process_id"])
    except (redis.RedisError, KeyError, ValueError):
        return None


class CpuMeter:
    """CPU seconds each component spent between `start` and `stop`: the web processes, the database's
    PostgreSQL backends (the connections the web processes keep), and the Redis server."""

    def __init__(self, database: str, server_pid: int) -> None:
        self.database, self.server_pid = database, server_pid
        self.redis_pid = _redis_pid()
        self._before: dict[str, dict[int, float]] = {}
        self.spent: dict[str, float] = {}

    def _pids(self) -> dict[str, list[int]]:
        import psycopg

        with psycopg.connect("postgresql://127.0.0.1:5432/test", autocommit=True) as connection:
            rows = connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database]
            ).fetchall()
        return {
            "web": [self.server_pid, *_children(self.server_pid)],
            "postgres": [pid for (pid,) in rows],
            "redis": [self.redis_pid] if self.redis_pid else [],
        }

    def start(self) -> None:
        self._before = {name: {pid: _cpu_seconds(pid) for pid in pids} for name, pids in self._pids().items()}

    def stop(self) -> None:
        # A backend that began during the run counts from 0; one that ended during it is lost (the web
        # processes keep their connections, so neither happens once the warm-up has opened them).
        self.spent = {
            name: sum(_cpu_seconds(pid) - self._before[name].get(pid, 0.0) for pid in pids)
            for name, pids in self._pids().items()
        }


class WaitSampler:
    """Samples the sessions of one database while a run goes: what each active session waits on, and
    the statement it waits in. With throughput X, a state seen on n sessions on average costs n / X
    session-seconds per submission (Little's law)."""

    def __init__(self, database: str, every: float = 0.01) -> None:
        self.database, self.every = database, every
        self.samples = 0
        self.states: Counter[str] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> WaitSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psycopg

        query = (
            "SELECT state, wait_event_type, wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 60) "
            "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
            "AND state IN ('active', 'idle in transaction')"
        )
        with psycopg.connect("postgresql://127.0.0.1:5432/test", autocommit=True) as connection:
            while not self._stop.wait(self.every):
                rows = connection.execute(query, [self.database]).fetchall()
                self.samples += 1
                for state, kind, event, statement in rows:
                    if state == "idle in transaction":
                        self.states["idle in transaction (the client's turn)"] += 1
                    elif kind == "Lock":
                        self.states[f"Lock:{event} in {statement}"] += 1
                    else:
                        self.states[f"{kind or 'CPU'}:{event or '-'}"] += 1

    def report(self, rps: float) -> list[str]:
        lines = []
        for state, seen in self.states.most_common(12):
            sessions = seen / max(self.samples, 1)
            lines.append(f"  {sessions / rps * 1000:8.2f} ms/submission  ({sessions:5.2f} sessions)  {state}")
        return lines


def _locust(
    locust: str, url: str, key: str, *, seconds: int, users: int, rate: float, out: Path
) -> dict[str, float]:
    prefix = out / "run"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    pace = {"ASSAY_BENCH_USER_RATE": str(rate / users)} if rate else {}
    subprocess.run(  # noqa: S603 - our own command
        [locust, "-f", str(ROOT / "bench" / "locust_admission.py"), "--headless", "-u", str(users),
         "-r", str(users), "-t", f"{seconds}s", "--host", url, "--csv", str(prefix), "--only-summary"],
        env=os.environ | {"ASSAY_BENCH_KEY": key} | pace,
        check=False,
        capture_output=True,
        timeout=seconds + 120,
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(f"{prefix}_stats.csv") as stats:
        row = next(r for r in csv.DictReader(stats) if r["Name"] == "Aggregated")
    return {
        "requests": float(row["Request Count"]),
        "failures": float(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50_ms": float(row["50%"]),
        "p99_ms": float(row["99%"]),
        "locust_cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--users", type=int, help="locust users: 32, or 64 with --rate")
    parser.add_argument("--rate", type=float, default=0, help="offered submissions/s (0: closed loop)")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--server", choices=["asgi", "gthread"], default="asgi")
    parser.add_argument("--threads", type=int, default=8, help="gthread only")
    parser.add_argument("--database", default=f"assay_bench_{os.getpid()}", help="database to make")
    default_db = os.environ.get("BENCH_REDIS_DB")
    parser.add_argument("--redis-db", type=int, default=int(default_db) if default_db else None)
    parser.add_argument("--locust", default=os.environ.get("BENCH_LOCUST", str(BIN / "locust")))
    parser.add_argument("--waits", action="store_true", help="sample lock waits (costs CPU)")
    options = parser.parse_args()

    database = options.database
    broker, claim = _claim_redis_db(options.redis_db)
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

        def measured() -> dict[str, float]:
            meter = CpuMeter(database, server.pid)
            meter.start()
            result = _locust(
                options.locust, url, key, seconds=options.seconds, users=users, rate=options.rate, out=root
            )
            meter.stop()
            return result | {f"{name}_cpu": spent for name, spent in meter.spent.items()}

        def run() -> tuple[dict[str, float], list[str]]:
            if not options.waits:
                return measured(), []
            with WaitSampler(database) as sampler:
                result = measured()
            return result, sampler.report(result["rps"])

        users = options.users or (64 if options.rate else 32)
        # Warm-up (connections, imports), closed loop: every web process opens its pool's connections.
        _locust(options.locust, url, key, seconds=5, users=users, rate=0, out=root)
        started = time.monotonic()
        off, off_waits = run()
        prefix = key.split("_")[1]
        big = "1000000000"
        assay("quotas", "set", "--tenant", "demo", "--images-per-day", big, "--images-per-month", big,
              "--concurrent-jobs", big, "--requests-per-minute", big)  # fmt: skip
        assay("quotas", "set", "--tenant", "demo", "--key", f"ask_{prefix}", "--images-per-day", big,
              "--requests-per-minute", big)  # fmt: skip
        assay("quotas", "set", "--tenant", "demo", "--user", "*", "--images-per-day", big)
        on, on_waits = run()
    finally:
        if server is not None:
            stop(server)
        release_redis_db(claim)
        _database(database, drop=True)
    served = "assay web (uvicorn)" if options.server == "asgi" else f"gthread x{options.threads}"
    load = f"{options.rate:g}/s offered by {users} locust users" if options.rate else f"{users} locust users"
    print(f"admission on PostgreSQL + Redis, {options.web_workers} web processes, {served}, "
          f"{load}, {options.seconds} s per run")  # fmt: skip
    print(f"{'run':<22}{'requests':>10}{'failures':>10}{'per s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for name, run in (("no limits", off), ("limits at every level", on)):
        print(f"{name:<22}{run['requests']:>10.0f}{run['failures']:>10.0f}{run['rps']:>9.1f}"
              f"{run['p50_ms']:>9.0f}{run['p99_ms']:>9.0f}")  # fmt: skip
    print(f"throughput with limits / without: {on['rps'] / off['rps']:.2f}")
    print(f"CPU ms per submission{'':<1}{'web':>9}{'postgres':>10}{'redis*':>9}{'locust':>9}")
    for name, run in (("no limits", off), ("limits at every level", on)):
        per = 1000 / max(run["requests"], 1)
        print(f"{name:<22}" + "".join(
            f"{run[f'{part}_cpu'] * per:>{width}.2f}"
            for part, width in (("web", 9), ("postgres", 10), ("redis", 9), ("locust", 9))
        ))  # fmt: skip
    print("(*: the whole Redis server, whoever else uses it)")
    for name, waits in (("no limits", off_waits), ("limits at every level", on_waits)):
        if waits:
            print(f"sessions of {name}, per submission:", *waits, sep="\n")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} ({time.monotonic() - started:.0f} s of runs)")


if __name__ == "__main__":
    main()
