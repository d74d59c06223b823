"""Admission's cost in the web process, measured in-process: CPU time, SQL statements and Redis round
trips per submission, and where the CPU goes (cProfile).

The load-robust companion of bench/admission.py: throughput on a shared machine says little, but the
CPU one request costs the web process, and the statements and round trips it makes, do not depend on
what else runs. Each submission goes through the real URL and the whole stack production serves (the
ASGI application: middleware, DRF, the key, the rate limiter, quotas, the job and its audit events, the
message to the broker), on PostgreSQL and Redis (the broker and the rate limiter's store); nothing
consumes the queue. `--client wsgi` drives the same URL through Django's test client instead (one
thread, no ASGI).

    .venv/bin/python bench/admission_profile.py --database assay_admission_profile \\
        --redis-url redis://127.0.0.1:6379/15 [--requests 300] [--limits] [--client asgi|wsgi] [--top 25]

The database is created (dropped first if it exists) and dropped at the end; the Redis database is
emptied at the start and the end, so give one nothing else uses.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]

BIG = 1_000_000_000


class Counts:
    """SQL statements and Redis round trips, over every thread (ASGI runs views in threads of its own),
    and the hops from the event loop to a thread and back (asgiref's `sync_to_async` calls)."""

    def __init__(self) -> None:
        self.statements = 0
        self.redis = 0
        self.hops = 0
        self.shown: list[str] | None = None  # the statements themselves, while a caller wants them
        self._lock = threading.Lock()

    def statement(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        with self._lock:
            self.statements += 1
            if self.shown is not None:
                self.shown.append(sql)
        return execute(sql, params, many, context)

    def redis_round_trip(self) -> None:
        with self._lock:
            self.redis += 1

    def hop(self) -> None:
        with self._lock:
            self.hops += 1


def _backends_cpu(database: str) -> float:
    """CPU seconds the database's PostgreSQL backends (this process's connections) have used so far,
    from /proc: PostgreSQL runs on this machine in the benches here."""
    import psycopg

    with psycopg.connect("postgresql://127.0.0.1:5432/postgres", autocommit=True) as connection:
        query = "SELECT pid FROM pg_stat_activity WHERE datname = %s"
        pids = connection.execute(query, [database]).fetchall()
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for (pid,) in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _database(name: str, *, drop: bool = False) -> None:
    import psycopg

    with psycopg.connect("postgresql://127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            connection.execute(f'CREATE DATABASE "{name}"')


def _setup(*, limits: bool) -> str:
    """Migrate, register the shipped model, and make a tenant with a developer and their key; with
    `limits`, limits at every level as bench/admission.py sets them (high enough never to refuse)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from audit.events import Actor
    from controlplane.quotas.services import limit_set
    from controlplane.tenants.scopes import ROLE_SCOPES
    from controlplane.tenants.services import (
        api_key_create,
        membership_create,
        tenant_create,
        user_get_or_create,
    )
    from generation.catalog import shipped_model_ensure

    actor = Actor.system("bench")
    shipped_model_ensure(actor=actor)
    tenant = tenant_create(slug="bench", name="Bench", actor=actor)
    user = user_get_or_create(email="developer@bench.example")
    membership_create(tenant=tenant, user=user, role="developer", actor=actor)
    api_key, raw = api_key_create(
        tenant=tenant, name="bench", scopes=sorted(ROLE_SCOPES["developer"]), created_by=user, actor=actor
    )
    if limits:
        every = {"images_per_day": BIG, "images_per_month": BIG, "concurrent_jobs": BIG}
        limit_set(tenant=tenant, values=every | {"requests_per_minute": BIG}, actor=actor)
        limit_set(
            tenant=tenant,
            api_key=api_key,
            values={"images_per_day": BIG, "requests_per_minute": BIG},
            actor=actor,
        )
        limit_set(tenant=tenant, end_user="*", values={"images_per_day": BIG}, actor=actor)
    return raw


def _body(seed: int) -> bytes:
    """What bench/locust_admission.py sends."""
    return json.dumps(
        {
            "model": "assay-shapes-1",
            "prompt": "a red circle on a white background",
            "size": "256x256",
            "seed": seed,
            "user": f"user-{seed % 50}",
            "async": True,
        }
    ).encode()


def _asgi_submitter(key: str) -> Callable[[int], int]:
    """One request through the ASGI application, as uvicorn calls it; returns the status."""
    from controlplane.asgi import application

    loop = asyncio.new_event_loop()

    async def submit(seed: int) -> int:
        body = _body(seed)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/v1/images/generations",
            "raw_path": b"/v1/images/generations",
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"host", b"127.0.0.1"),
                (b"authorization", f"Bearer {key}".encode()),
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
            "client": ("127.0.0.1", 40000),
            "server": ("127.0.0.1", 8000),
        }
        sent: list[dict[str, Any]] = []
        delivered = False

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if delivered:
                await asyncio.Event().wait()  # the request is whole: wait for the disconnect nobody sends
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await application(scope, receive, send)
        return next(m["status"] for m in sent if m["type"] == "http.response.start")

    return lambda seed: loop.run_until_complete(submit(seed))


def _wsgi_submitter(key: str) -> Callable[[int], int]:
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    def submit(seed: int) -> int:
        return client.post("/v1/images/generations", _body(seed), content_type="application/json").status_code

    return submit


class ThreadProfiles:
    """cProfile, in CPU time, in every thread started while it is on (ASGI's per-request threads too)."""

    def __init__(self) -> None:
        self.profiles: list[cProfile.Profile] = []

    def _start_in_thread(self, *args: Any) -> None:
        sys.setprofile(None)
        profile = cProfile.Profile(time.thread_time)
        self.profiles.append(profile)
        profile.enable()

    def __enter__(self) -> ThreadProfiles:
        main = cProfile.Profile(time.thread_time)
        self.profiles.append(main)
        threading.setprofile(self._start_in_thread)
        main.enable()
        return self

    def __exit__(self, *exc: object) -> None:
        self.profiles[0].disable()
        threading.setprofile(None)  # type: ignore[arg-type] - None removes the hook

    def save(self, path: str) -> None:
        stats = pstats.Stats(self.profiles[0])
        for profile in self.profiles[1:]:
            stats.add(profile)
        stats.dump_stats(path)

    def top(self, count: int) -> str:
        out = io.StringIO()
        stats = pstats.Stats(self.profiles[0], stream=out)
        for profile in self.profiles[1:]:
            stats.add(profile)
        stats.sort_stats("tottime").print_stats(count)
        stats.sort_stats("cumulative").print_stats(count)
        return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="assay_admission_profile", help="PostgreSQL database to make")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("ASSAY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
        help="broker and rate-limit store; emptied",
    )
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warm-up", type=int, default=50)
    parser.add_argument("--limits", action="store_true", help="limits at every level, as bench/admission.py")
    parser.add_argument("--client", choices=["asgi", "wsgi"], default="asgi")
    parser.add_argument("--top", type=int, default=25, help="cProfile lines (0: no profile)")
    parser.add_argument("--show-sql", action="store_true", help="print the statements of one request")
    parser.add_argument("--save", metavar="PATH", help="write the profile there (pstats), for a closer look")
    options = parser.parse_args()

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "controlplane.settings",
            "DATABASE_URL": f"postgres://127.0.0.1:5432/{options.database}",
            "CELERY_BROKER_URL": options.redis_url,
            "CELERY_RESULT_BACKEND": "disabled://",
            "ASSAY_RATELIMIT_STORAGE_URL": options.redis_url,
            "ASSAY_VAR_DIR": tempfile.mkdtemp(prefix="assay-admission-profile-"),
            "HF_HUB_OFFLINE": "1",
            "LOG_LEVEL": "WARNING",
        }
    )
    if options.client == "asgi":
        os.environ["ASSAY_ASGI"] = "1"  # the settings then pool connections, as `assay web` runs
    import django
    import redis

    django.setup()
    from django.db.backends.signals import connection_created

    redis.Redis.from_url(options.redis_url).flushdb()
    _database(options.database)
    try:
        key = _setup(limits=options.limits)
        counts = Counts()

        def count_statements(sender: Any, connection: Any, **kwargs: Any) -> None:
            if counts.statement not in connection.execute_wrappers:
                connection.execute_wrappers.append(counts.statement)

        connection_created.connect(count_statements, weak=False)
        send_packed = redis.connection.AbstractConnection.send_packed_command

        def counted_send(self: Any, command: Any, check_health: bool = True) -> None:
            counts.redis_round_trip()
            send_packed(self, command, check_health)

        redis.connection.AbstractConnection.send_packed_command = counted_send  # type: ignore[method-assign]
        from asgiref.sync import SyncToAsync

        hop = SyncToAsync.__call__

        async def counted_hop(self: Any, *args: Any, **kwargs: Any) -> Any:
            counts.hop()
            return await hop(self, *args, **kwargs)

        SyncToAsync.__call__ = counted_hop  # type: ignore[method-assign]
        submit = _asgi_submitter(key) if options.client == "asgi" else _wsgi_submitter(key)
        for seed in range(options.warm_up):
            status = submit(seed)
            if status != 202:
                raise SystemExit(f"warm-up request {seed} answered {status}")
        if options.show_sql:
            counts.shown = []
            submit(options.warm_up + 2 * options.requests)
            print("\n".join(counts.shown), end="\n\n")
            counts.shown = None
        counts.statements = counts.redis = counts.hops = 0
        backends = _backends_cpu(options.database)
        started = time.process_time()
        for seed in range(options.warm_up, options.warm_up + options.requests):
            submit(seed)
        cpu = time.process_time() - started
        backends = _backends_cpu(options.database) - backends
        statements, round_trips, hops = counts.statements, counts.redis, counts.hops
        profile_text = ""
        if options.top:
            with ThreadProfiles() as profiles:
                for seed in range(options.warm_up + options.requests, options.warm_up + 2 * options.requests):
                    submit(seed)
            profile_text = profiles.top(options.top)
            if options.save:
                profiles.save(options.save)
    finally:
        from django.db import connections

        connections.close_all()
        _database(options.database, drop=True)
        redis.Redis.from_url(options.redis_url).flushdb()
    print(profile_text)
    per = options.requests
    limits = "on" if options.limits else "off"
    print(
        f"admission in-process ({options.client}, PostgreSQL + Redis, limits {limits}, {per} requests): "
        f"{cpu / per * 1000:.2f} ms CPU/request (PostgreSQL: {backends / per * 1000:.2f} ms), "
        f"{statements / per:.1f} SQL statements/request, "
        f"{round_trips / per:.1f} Redis round trips/request, {hops / per:.1f} thread hops/request"
    )


if __name__ == "__main__":
    main()
