"""Audit append throughput on PostgreSQL (a benchmark, not a test).

Prints events/s for: 1 writer on 1 tenant, 8 writers on 1 tenant, 8 writers on 8 tenants. Each event is
its own transaction, as when record_event runs on its own. Writers are processes, like Assay's web and
worker processes (threads would measure the GIL, not the database).

    DATABASE_URL=postgres://127.0.0.1:5432/assay_bench .venv/bin/python bench/audit_append.py [--events N]

DATABASE_URL defaults to postgres://127.0.0.1:5432/assay_bench; that database is created when missing
(through the `postgres` database, or `test` where there is no `postgres`) and migrated. Audit rows cannot
be deleted, so the benchmark chains grow from run to run; that is what production sees too.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://127.0.0.1:5432/assay_bench"
TARGETS = {"1 writer, 1 tenant": 1000, "8 writers, 8 tenants": 2000}


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    connect = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "") or None,
        "password": unquote(parts.password or "") or None,
        "autocommit": True,
    }
    for maintenance in ("postgres", "test"):
        try:
            connection = psycopg.connect(dbname=maintenance, **connect)
        except psycopg.OperationalError:
            continue
        with connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"created database {name}")
        return
    raise SystemExit(f"cannot reach PostgreSQL at {parts.hostname}:{parts.port} to create {name}")


def setup_django() -> None:
    for path in (ROOT, ROOT / "platform"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")
    import django

    django.setup()


def writer(tenant_ids: list[int], count: int, start: multiprocessing.synchronize.Barrier, results) -> None:
    from django.apps import apps
    from django.db import connection

    from audit.events import Actor, EventType
    from audit.services import record_event

    tenant_model = apps.get_model("tenants", "Tenant")
    tenants = list(tenant_model.objects.filter(pk__in=tenant_ids))
    actor = Actor.api_key("bench-key", "benchmark")
    start.wait()
    began = time.perf_counter()
    for number in range(count):
        tenant = tenants[number % len(tenants)]
        record_event(
            tenant=tenant,
            event_type=EventType.JOB_RECEIVED,
            actor=actor,
            subjects={"job": f"job-{os.getpid()}-{number}"},
            payload={"prompt": "a red cube on a blue floor", "size": "512x512", "n": 1},
        )
    results.put(time.perf_counter() - began)
    connection.close()


def scenario(label: str, tenant_groups: list[list[int]], events: int) -> float:
    from django.db import connections

    connections.close_all()  # a forked child must not share the parent's socket
    context = multiprocessing.get_context("fork")
    start = context.Barrier(len(tenant_groups))
    results = context.Queue()
    per_writer = events // len(tenant_groups)
    processes = [
        context.Process(target=writer, args=(group, per_writer, start, results)) for group in tenant_groups
    ]
    for process in processes:
        process.start()
    durations = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join()
    rate = per_writer * len(processes) / max(durations)
    target = TARGETS.get(label)
    verdict = "" if target is None else f"  (target >= {target:,}: {'met' if rate >= target else 'MISSED'})"
    print(f"{label:<22} {per_writer * len(processes):>7,} events  {rate:>9,.0f} events/s{verdict}")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=8000, help="events per scenario (default 8000)")
    arguments = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        raise SystemExit("this benchmark measures PostgreSQL; set DATABASE_URL=postgres://...")
    ensure_database(os.environ["DATABASE_URL"])
    setup_django()
    from django.apps import apps
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    tenant_model = apps.get_model("tenants", "Tenant")
    tenant_ids = [
        tenant_model.objects.get_or_create(slug=f"bench-{number}", defaults={"name": f"Bench {number}"})[0].pk
        for number in range(8)
    ]
    print(f"PostgreSQL at {os.environ['DATABASE_URL']}, {os.cpu_count()} CPUs, one transaction per event")
    scenario("warm-up", [tenant_ids], min(arguments.events, 500))
    scenario("1 writer, 1 tenant", [tenant_ids[:1]], arguments.events)
    scenario("8 writers, 1 tenant", [tenant_ids[:1]] * 8, arguments.events)
    scenario("8 writers, 8 tenants", [[pk] for pk in tenant_ids], arguments.events)


if __name__ == "__main__":
    main()
