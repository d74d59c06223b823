"""Audit append throughput on PostgreSQL (a benchmark, not a test).

Prints events/s for: 1 writer on 1 tenant, 8 writers on 1 tenant, 8 writers on 8 tenants. Each event is
its own transaction, as when record_event runs on its own. Writers are processes, like Assay's web and
worker processes (threads would measure the GIL, not the database). It also prints the commit floor:
how many one-row transactions a single connection commits per second on this server (each waits for
its WAL flush, as every append does), which bounds what one writer can reach whatever the code does.

    DATABASE_URL=postgres://127.0.0.1:5432/assay_bench .venv/bin/python bench/audit_append.py [--events N]
    DATABASE_URL='postgres://127.0.0.1:5432/assay_bench?prepare_threshold=2' ...   # prepared statements
    ... bench/audit_append.py --merkle-cost [--samples N]
    ... bench/audit_append.py --per-append [--code DIR] [--samples N]

The code before the Merkle log ("off", d464b2d^) is measured from a copy of that commit, on its own
database, with the same Python environment (without touching the checkout's git state):

    mkdir /tmp/assay_off && git archive d464b2d^ | tar -x -C /tmp/assay_off
    cd /tmp/assay_off && DATABASE_URL=postgres://127.0.0.1:5432/assay_off_bench \
        /path/to/checkout/.venv/bin/python bench/audit_append.py          # its throughput bench
    cd /path/to/checkout && DATABASE_URL=postgres://127.0.0.1:5432/assay_off_bench \
        .venv/bin/python bench/audit_append.py --per-append --code /tmp/assay_off   # its costs per append

`--merkle-cost` measures what the Merkle log adds to one append, in ways a busy machine inflates
little: statements per append; PostgreSQL's own planning and execution time of the append's write
statement with and without the Merkle parts (EXPLAIN ANALYZE, constraints checked at once so that
deferred checks count, alternating, each in a transaction rolled back: nothing is written); and the CPU
time of the Merkle work in Python (the leaf hash and the right edge).

`--per-append` runs --samples appends (record_event on its own, one writer) and prints per append: the
round trips to PostgreSQL (from a libpq trace of one append), the client's CPU time and the CPU time of
its PostgreSQL backend process (read from /proc, so PostgreSQL must run on this machine). CPU time is
what a shared machine inflates least; on 2 CPUs it also bounds the 8-writer rate. `--code DIR` imports
the audit app and settings from another checkout (the "off" copy above) instead of this one.

DATABASE_URL defaults to postgres://127.0.0.1:5432/assay_bench; that database is created when missing
(through the `postgres` database, or `test` where there is no `postgres`) and migrated. Audit rows cannot
be deleted, so the benchmark chains grow from run to run; that is what production sees too.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
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


def setup_django(root: Path = ROOT) -> None:
    """Django with the apps of the checkout at `root` (this one by default) first on the path."""
    if root != ROOT:
        # Celery's Django fix-up puts the working directory first on sys.path when the app loads.
        os.chdir(root)
    for path in (root, root / "platform"):
        if str(path) in sys.path:
            sys.path.remove(str(path))
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


def run_once(tenant_groups: list[list[int]], events: int, *, vacuum: bool) -> float:
    """events/s of one run: every writer appends events // writers events, timed from a common start."""
    from django.db import connection, connections

    if vacuum:
        # This server runs with autovacuum off; without it the head rows' dead versions pile up (each
        # append updates one) and every run gets slower than the last. Do what autovacuum would.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM audit_auditchainhead")
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
    return per_writer * len(processes) / max(durations)


def scenario(label: str, tenant_groups: list[list[int]], events: int, *, repeat: int, vacuum: bool) -> None:
    rates = sorted(run_once(tenant_groups, events, vacuum=vacuum) for _ in range(repeat))
    target = TARGETS.get(label)
    verdict = "" if target is None else f"target >= {target:,}: {'met' if rates[-1] >= target else 'MISSED'}"
    print(
        f"{label:<22} {events:>7,} events x {repeat}  best {rates[-1]:>6,.0f}/s  "
        f"median {rates[len(rates) // 2]:>6,.0f}/s  {verdict}",
        flush=True,
    )


def _write_without_merkle() -> str:
    """audit.appending's write statement without the Merkle log's edge and hashes."""
    from audit import appending

    sql = appending._write_at_head(1)
    head = sql[: sql.index("), hashes AS (")].replace(", merkle_edge = %s", "")
    event = sql[sql.index(") INSERT INTO ") + 2 :]
    return f"{head}) {event}"


class _RolledBack(Exception):
    """Raised to roll back an EXPLAIN ANALYZE of an append, carrying the plan out."""


def merkle_cost(tenant, samples: int) -> None:
    """What the Merkle log adds to an append (see the module's docstring)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from audit import appending
    from audit.chain import chain_key
    from audit.events import Actor, EventType
    from audit.merkle import Edge, leaf_hash
    from audit.models import AuditEvent
    from audit.selectors import tenant_public_id
    from audit.services import record_event

    actor = Actor.api_key("bench-key", "benchmark")
    payload = {"prompt": "a red cube on a blue floor", "size": "512x512", "n": 1}
    # The chain's first append also creates its head: count a later one. (Both are real appends.)
    record_event(tenant=tenant, event_type=EventType.JOB_RECEIVED, actor=actor, payload=payload)
    with CaptureQueriesContext(connection) as captured:
        record_event(tenant=tenant, event_type=EventType.JOB_RECEIVED, actor=actor, payload=payload)
    statements = len(captured.captured_queries)

    def explain(merkle: bool) -> tuple[float, float]:
        """(planning, execution) ms of the append's statement, with or without the Merkle parts."""
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                event = AuditEvent(
                    tenant=tenant,
                    actor_kind=str(actor.kind),
                    actor_id=actor.id,
                    actor_label=actor.label,
                    event_type=EventType.JOB_RECEIVED.value,
                    subjects={},
                    payload=payload,
                )
                head = appending.lock_chain_head(cursor, chain_key(tenant_public_id(tenant)), tenant)
                entry = appending._place(event, head)
                row = appending._row_values(event)
                read = [head.pk, head.seq, head.hash]
                if merkle:
                    edge = Edge.from_bytes(head.seq, head.edge)
                    hashes = [value for stored in edge.append(leaf_hash(entry)) for value in stored]
                    sql = appending._write_at_head(len(hashes) // 3)
                    params = [event.seq, event.hash, edge.to_bytes(), *read, *hashes, *row]
                else:
                    # The same write without the Merkle parts: no edge, no hashes.
                    sql = _write_without_merkle()
                    params = [event.seq, event.hash, *read, *row]
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
                raise _RolledBack(cursor.fetchone()[0])
        except _RolledBack as plan:
            top = (json.loads(plan.args[0]) if isinstance(plan.args[0], str) else plan.args[0])[0]
            return top["Planning Time"], top["Execution Time"]

    timings: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    for _ in range(samples):
        for merkle in (True, False):
            timings[merkle].append(explain(merkle))
    with connection.cursor() as cursor:
        head = appending.lock_chain_head(cursor, chain_key(tenant_public_id(tenant)), tenant)
    entry = b"x" * 444
    began = time.process_time()
    for _ in range(samples * 20):
        edge = Edge.from_bytes(head.seq, head.edge)
        edge.append(leaf_hash(entry))
        edge.to_bytes()
    python_us = (time.process_time() - began) / (samples * 20) * 1e6
    print(
        f"{statements} statements per append (BEGIN and COMMIT included where there are any; the same "
        "without the Merkle log on PostgreSQL, where the hashes go in with the event)"
    )
    for merkle, label in ((False, "without the Merkle log"), (True, "with the Merkle log")):
        planning = statistics.median(row[0] for row in timings[merkle]) * 1000
        execution = statistics.median(row[1] for row in timings[merkle]) * 1000
        print(f"append statement {label:<23} planning {planning:5.0f} us  execution {execution:5.0f} us")
    print(f"the Merkle work in Python (leaf hash, right edge): {python_us:.0f} us CPU per append")


def _backend_cpu_seconds(pid: int) -> float | None:
    """utime + stime of a PostgreSQL backend process on this machine (None where /proc cannot tell)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _round_trips(append) -> int:
    """Messages of one `append()` that wait for PostgreSQL's answer (Query, Sync), from a libpq trace."""
    import tempfile

    from django.db import connection

    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    with tempfile.TemporaryFile("w+") as trace:
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(0)
        try:
            append()
        finally:
            pgconn.untrace()
        trace.seek(0)
        messages = [line.split("\t") for line in trace]
    return sum(
        1 for line in messages if len(line) > 3 and line[1] == "F" and line[3].strip() in ("Query", "Sync")
    )


def per_append(tenant, samples: int) -> None:
    """Round trips, client CPU and backend CPU per append (see the module's docstring)."""
    from django.db import connection

    from audit.events import Actor, EventType
    from audit.services import record_event

    actor = Actor.api_key("bench-key", "benchmark")
    payload = {"prompt": "a red cube on a blue floor", "size": "512x512", "n": 1}

    def append(number: int = 0) -> None:
        record_event(
            tenant=tenant,
            event_type=EventType.JOB_RECEIVED,
            actor=actor,
            subjects={"job": f"job-{os.getpid()}-{number}"},
            payload=payload,
        )

    for number in range(20):  # the head exists, statements are prepared where they will be
        append(number)
    round_trips = _round_trips(append)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    backend = _backend_cpu_seconds(pid)
    client, began = time.process_time(), time.perf_counter()
    for number in range(samples):
        append(number)
    wall = (time.perf_counter() - began) / samples
    client = (time.process_time() - client) / samples
    backend_after = _backend_cpu_seconds(pid)
    backend_us = (
        "n/a"
        if backend is None or backend_after is None
        else f"{(backend_after - backend) / samples * 1e6:.0f} us"
    )
    print(
        f"per append ({samples} appends, one writer, each its own transaction): {round_trips} round trips, "
        f"client CPU {client * 1e6:.0f} us, PostgreSQL backend CPU {backend_us}, wall {wall * 1e6:.0f} us"
    )


def commit_floor(seconds: float = 2.0) -> float:
    """One-row transactions a single connection commits per second (each waits for its WAL flush)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_commit_floor (id int PRIMARY KEY, n bigint)")
        cursor.execute("INSERT INTO bench_commit_floor VALUES (1, 0) ON CONFLICT DO NOTHING")
        count, began = 0, time.perf_counter()
        while time.perf_counter() - began < seconds:
            cursor.execute("UPDATE bench_commit_floor SET n = n + 1 WHERE id = 1")  # autocommit: one commit
            count += 1
    return count / (time.perf_counter() - began)


def configuration() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), current_setting('synchronous_commit')")
        version, synchronous_commit = cursor.fetchone()
    threshold = connection.connection.prepare_threshold
    prepared = "off" if threshold is None else f"on (prepare_threshold={threshold})"
    return f"PostgreSQL {version}, synchronous_commit {synchronous_commit}, prepared statements {prepared}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=8000, help="events per run (default 8000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario (default 3)")
    parser.add_argument(
        "--merkle-cost", action="store_true", help="measure what the Merkle log adds to one append"
    )
    parser.add_argument(
        "--per-append", action="store_true", help="round trips, client and backend CPU per append"
    )
    parser.add_argument(
        "--code", type=Path, default=ROOT, help="--per-append: the checkout whose audit app to run"
    )
    parser.add_argument(
        "--samples", type=int, default=200, help="appends for --merkle-cost (explained) or --per-append"
    )
    arguments = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        raise SystemExit("this benchmark measures PostgreSQL; set DATABASE_URL=postgres://...")
    ensure_database(os.environ["DATABASE_URL"])
    setup_django(arguments.code.resolve())
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        vacuum = cursor.fetchone()[0] != "on"
    tenant_model = apps.get_model("tenants", "Tenant")
    tenant_ids = [
        tenant_model.objects.get_or_create(slug=f"bench-{number}", defaults={"name": f"Bench {number}"})[0].pk
        for number in range(8)
    ]
    print(f"{configuration()}; code from {arguments.code.resolve()}", flush=True)
    if arguments.merkle_cost:
        merkle_cost(tenant_model.objects.get(pk=tenant_ids[0]), arguments.samples)
        return
    if arguments.per_append:
        if vacuum:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM audit_auditchainhead")
        per_append(tenant_model.objects.get(pk=tenant_ids[0]), arguments.samples)
        return
    print(
        f"PostgreSQL at {os.environ['DATABASE_URL']}; {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f} at start; "
        f"autovacuum {'off (so the head table is vacuumed before each run)' if vacuum else 'on'}; "
        "one transaction per event"
    )
    print(f"commit floor: {commit_floor():,.0f} one-row transactions/s on one connection", flush=True)
    run_once([tenant_ids], min(arguments.events, 500), vacuum=vacuum)  # warm-up: caches, head rows
    options = {"repeat": arguments.repeat, "vacuum": vacuum}
    scenario("1 writer, 1 tenant", [tenant_ids[:1]], arguments.events, **options)
    scenario("8 writers, 1 tenant", [tenant_ids[:1]] * 8, arguments.events, **options)
    scenario("8 writers, 8 tenants", [[pk] for pk in tenant_ids], arguments.events, **options)
    print(f"commit floor: {commit_floor():,.0f}/s at the end; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
