"""Inclusion proofs at 100,000 events per tenant, and what the Merkle log stores (a benchmark, not a test).

Fills one tenant's chain to --events events (appending only what is missing: audit rows cannot be
deleted, so a second run reuses the first's), takes a checkpoint, then times over --samples random
events:

- proof generation: `audit.log.prove_event` (two statements: the newest log checkpoint with its
  cosignatures, the proof's tiles; the checkpoint's signature, the event's leaf, the proof checked
  before it is returned): wall time, and what the load of a shared machine inflates least: the
  process's CPU time per proof, the statements per proof and their execution time inside PostgreSQL
  (EXPLAIN ANALYZE of the very statements, captured), and the hashing alone (tiles already read);
- offline verification: parse the tlog-proof file, verify the checkpoint's signature and the inclusion
  (what `assay audit verify-proof` does after the C2PA check), with no database.

and prints the storage of the Merkle log: the AuditLogHash table (rows, heap and index bytes, from
PostgreSQL's own sizes) per event and per million events (extrapolated linearly: one leaf row per
event plus one per 256 at each higher tile level), and the static tlog-tiles files per million events
(hash tiles exactly; entry bundles from this chain's mean entry size).

    DATABASE_URL=postgres://127.0.0.1:5432/assay_bench .venv/bin/python bench/audit_proofs.py [--events N]

Target (issue 22): generation and verification < 5 ms each at 100,000 events.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

# The bench folder, for audit_append's database and Django set-up.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from audit_append import DEFAULT_URL, ensure_database, setup_django

TARGET_MS = 5.0


def fill(tenant, events: int) -> None:
    from django.db import transaction

    from audit.events import Actor, EventType
    from audit.selectors import chain_head
    from audit.services import record_event

    head = chain_head(tenant)
    have = head.last_seq if head else 0
    actor = Actor.api_key("bench-key", "benchmark")
    began = time.perf_counter()
    # A thousand appends per transaction: the fill is set-up, not what is measured (bench/audit_append.py
    # measures appends), and one commit per event would take many minutes on a busy machine.
    for first in range(have, events, 1000):
        with transaction.atomic():
            for number in range(first, min(first + 1000, events)):
                record_event(
                    tenant=tenant,
                    event_type=EventType.JOB_RECEIVED,
                    actor=actor,
                    subjects={"job": f"job-{number}"},
                    payload={"prompt": "a red cube on a blue floor", "size": "512x512", "n": 1},
                )
    if events > have:
        print(f"appended {events - have:,} events in {time.perf_counter() - began:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="events in the tenant's chain")
    parser.add_argument("--samples", type=int, default=500, help="proofs timed")
    arguments = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    ensure_database(os.environ["DATABASE_URL"])
    setup_django()
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from audit.events import Actor
    from audit.keys import platform_signing_key
    from audit.log import log_hashes, log_origin, log_position, proof_tiles, prove_event
    from audit.merkle import entry_bytes, verify_inclusion
    from audit.models import AuditEvent, AuditLogHash
    from audit.notes import parse_proof, verify_checkpoint
    from audit.selectors import chain_head, event_to_dict
    from audit.services import create_checkpoint

    call_command("migrate", verbosity=0)
    tenant_model = apps.get_model("tenants", "Tenant")
    tenant = tenant_model.objects.get_or_create(slug="proof-bench", defaults={"name": "Proof bench"})[0]
    fill(tenant, arguments.events)
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        vacuum = cursor.fetchone()[0] != "on"
        if vacuum:
            # What autovacuum does to an insert-only table: it sets the visibility map, which lets the
            # proof's reads above level 0 be index-only scans (audit_log_hash_upper).
            cursor.execute(f"VACUUM ANALYZE {AuditLogHash._meta.db_table}")
    create_checkpoint(actor=Actor.system("bench"))
    size = chain_head(tenant).last_seq
    public_key = platform_signing_key().private_key.public_key()
    origin = log_origin(tenant)
    rng = random.Random(22)  # noqa: S311 (which events to prove, not a secret)
    seqs = [rng.randint(1, size) for _ in range(arguments.samples)]
    events = {
        event.seq: event
        for event in AuditEvent.objects.select_related("tenant").filter(tenant=tenant, seq__in=seqs)
    }
    leaves = {seq: log_position(event).leaf_hash for seq, event in events.items()}
    prove_ms, verify_ms, proofs = [], [], []
    cpu_began = time.process_time()
    for seq in seqs:
        began = time.perf_counter()
        proof = str(prove_event(events[seq], [public_key]))
        prove_ms.append((time.perf_counter() - began) * 1000)
        proofs.append((seq, proof))
    process_ms = (time.process_time() - cpu_began) * 1000 / len(seqs)
    # The statements of a proof, and how long PostgreSQL itself takes to run them (no client, no network).
    server_ms, statements = [], 0
    for seq in seqs[:50]:
        with CaptureQueriesContext(connection) as captured:
            prove_event(events[seq], [public_key])
        statements = max(statements, len(captured.captured_queries))
        total = 0.0
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query['sql']}")
                total += _json_plan(cursor.fetchone()[0])["Execution Time"]
        server_ms.append(total)
    # What a proof costs apart from the database: the same proofs again from tiles already read.
    head = chain_head(tenant)
    cpu_ms = []
    for seq in seqs:
        hashes = log_hashes(head, proof_tiles(seq - 1, size))
        hashes.inclusion_proof(seq - 1, size)
        began = time.perf_counter()
        hashes.inclusion_proof(seq - 1, size)
        cpu_ms.append((time.perf_counter() - began) * 1000)
    round_trips = []
    for _ in range(200):
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        round_trips.append((time.perf_counter() - began) * 1000)
    for seq, text in proofs:
        began = time.perf_counter()
        parsed = parse_proof(text)
        checkpoint = verify_checkpoint(parsed.checkpoint_note, origin, [public_key])
        verify_inclusion(leaves[seq], parsed.index, checkpoint.size, parsed.hashes, checkpoint.root)
        verify_ms.append((time.perf_counter() - began) * 1000)

    def line(label: str, values: list[float]) -> str:
        values = sorted(values)
        median = statistics.median(values)
        p95 = values[int(len(values) * 0.95) - 1]
        verdict = "met" if median < TARGET_MS else "MISSED"
        return (
            f"{label:<26} median {median:6.2f} ms  p95 {p95:6.2f} ms  (target < {TARGET_MS:g} ms: {verdict})"
        )

    print(
        f"PostgreSQL at {os.environ['DATABASE_URL']}; load average {os.getloadavg()[0]:.2f}; autovacuum "
        f"{'off (so audit_auditloghash was vacuumed after the fill)' if vacuum else 'on'}"
    )
    print(f"log of {size:,} events, {len(seqs)} random proofs of {len(proofs[0][1]):,} bytes or so")
    print(line("proof generation", prove_ms))
    print(f"  this process's CPU time per proof: {process_ms:.2f} ms")
    print(line("  of which hashing (no db)", cpu_ms))
    print(
        f"  {statements} statements a proof, {statistics.median(server_ms):.2f} ms median inside PostgreSQL "
        f"(EXPLAIN ANALYZE, 50 proofs); a bare `SELECT 1` round trip here: median "
        f"{statistics.median(round_trips):.2f} ms (the machine's load inflates every query)"
    )
    print(line("offline verification", verify_ms))

    head = chain_head(tenant)
    rows = AuditLogHash.objects.filter(head=head).count()
    total_rows = AuditLogHash.objects.count()
    with connection.cursor() as cursor:
        table = AuditLogHash._meta.db_table
        cursor.execute("SELECT pg_table_size(%s), pg_indexes_size(%s)", [table, table])
        heap, indexes = cursor.fetchone()
    per_row = (heap + indexes) / total_rows
    per_event_rows = rows / size
    print(
        f"Merkle hash rows: {rows:,} for {size:,} events ({per_event_rows:.4f} per event); table "
        f"{heap / 2**20:.1f} MiB + indexes {indexes / 2**20:.1f} MiB for {total_rows:,} rows in all "
        f"({per_row:.0f} bytes a row)"
    )
    print(
        f"per million events (extrapolated): {per_event_rows * 1e6:,.0f} rows, "
        f"{per_event_rows * 1e6 * per_row / 2**20:,.0f} MiB in PostgreSQL"
    )
    hash_tile_bytes = 32 * sum(1e6 / 256**level for level in range(3))
    sample = list(AuditEvent.objects.filter(tenant=tenant, seq__lte=2000).select_related("tenant"))
    mean_entry = statistics.mean(len(entry_bytes(event_to_dict(event))) for event in sample)
    print(
        f"static tlog-tiles per million events: hash tiles {hash_tile_bytes / 2**20:.1f} MiB; entry "
        f"bundles {(mean_entry + 2) * 1e6 / 2**20:,.0f} MiB at this chain's mean entry of "
        f"{mean_entry:.0f} bytes"
    )


def _json_plan(value: object) -> dict:
    """The top of an EXPLAIN (FORMAT JSON) answer, which psycopg gives as parsed JSON or as text."""
    plans = json.loads(value) if isinstance(value, str) else value
    return plans[0]


if __name__ == "__main__":
    main()
