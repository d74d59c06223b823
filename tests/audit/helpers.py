"""Helpers for the audit tests: append events, lift the append-only triggers, run raw SQL."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from unittest import mock

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection

from audit import triggers
from audit.canonical import canonical_json, format_timestamp
from audit.chain import GENESIS_HASH, chain_key, event_hash
from audit.events import Actor, EventType
from audit.merkle import Edge, entry_bytes, leaf_hash
from audit.models import AuditChainHead, AuditEvent, Checkpoint, LogCheckpoint
from audit.selectors import checkpoint_document, iter_chain_events, tenant_public_id
from audit.services import record_event
from audit.signing import public_key_fingerprint, public_key_pem, sign_body
from audit.verification import CHECKPOINT_FORMAT

ACTOR = Actor.user(7, "ada@acme.example")


def record_many(
    tenant: object, count: int, *, event_type: EventType = EventType.JOB_RECEIVED
) -> list[AuditEvent]:
    return [
        record_event(
            tenant=tenant,
            event_type=event_type,
            actor=ACTOR,
            subjects={"job": f"job-{number}"},
            payload={"number": number, "prompt": f"a red cube no. {number}"},
        )
        for number in range(1, count + 1)
    ]


@contextmanager
def append_only_lifted() -> Iterator[None]:
    """Drop the append-only triggers, as an attacker with DDL rights would, and always put them back.

    In a non-transactional test the drop happens inside the test's transaction, which rolls it back
    anyway; the reinstall keeps the rest of the test honest (and matters under transaction=True).
    """
    triggers.uninstall(connection)
    try:
        yield
    finally:
        triggers.install(connection)


def execute(sql: str, params: list[object] | tuple[object, ...] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def build_chain(count: int, *, tenant: str | None = "6f1c2a9e-0b7d-4c55-9d3e-2a1b3c4d5e6f") -> list[dict]:
    """A valid chain of event dicts built without a database, as audit.chain defines it."""
    events: list[dict] = []
    prev_hash = GENESIS_HASH
    for seq in range(1, count + 1):
        event = {
            "tenant": tenant,
            "seq": seq,
            "time": f"2026-11-26T14:51:{seq:02d}.000000Z",
            "actor": {"kind": "system", "id": "test", "label": "test"},
            "event_type": "job.received",
            "subjects": {"job": f"job-{seq}"},
            "payload": {"number": seq},
            "prev_hash": prev_hash,
        }
        event["hash"] = prev_hash = event_hash(event)
        events.append(event)
    return events


def rehash(events: list[dict], *, anchor: str = GENESIS_HASH) -> list[dict]:
    """Recompute every prev_hash and hash in order: what an attacker who rewrites a chain would do."""
    prev_hash = anchor
    for event in events:
        event["prev_hash"] = prev_hash
        event["hash"] = prev_hash = event_hash(event)
    return events


def write_export(
    directory: Path,
    events: list[dict],
    private_key: Ed25519PrivateKey,
    *,
    head: dict | None = None,
) -> None:
    """An export folder built the way `audit export` builds one, but from event dicts and a given key.

    Without the `log/` folder, and without the `log` that a real export's signed checkpoint names: its
    log checkpoint is signed by the platform key, which a forger lacks, so a forger drops both
    (verify-export then notes that the export carries no log).
    """
    directory.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(directory / "log", ignore_errors=True)
    tenant = events[0]["tenant"] if events else "6f1c2a9e-0b7d-4c55-9d3e-2a1b3c4d5e6f"
    last = events[-1] if events else None
    head = head or {"seq": last["seq"] if last else 0, "hash": last["hash"] if last else GENESIS_HASH}
    body = {
        "format": CHECKPOINT_FORMAT,
        "id": "00000000-0000-4000-8000-000000000001",
        "time": "2026-11-26T15:00:00.000000Z",
        "algorithm": "Ed25519",
        "public_key_fingerprint": public_key_fingerprint(private_key.public_key()),
        "development_key": False,
        "chains": [{"chain": f"tenant:{tenant}", "tenant": tenant, "tenant_slug": "acme", **head}],
        "export": {
            "tenant": tenant,
            "tenant_slug": "acme",
            "since": None,
            "until": None,
            "first_seq": events[0]["seq"] if events else None,
            "last_seq": last["seq"] if last else None,
            "count": len(events),
            "anchor": events[0]["prev_hash"] if events else None,
            "last_hash": last["hash"] if last else None,
        },
    }
    document = {"body": body, "signature": sign_body(private_key, body)}
    (directory / "checkpoint.json").write_text(json.dumps(document, indent=2))
    (directory / "public_key.pem").write_bytes(public_key_pem(private_key.public_key()))
    (directory / "events.jsonl").write_bytes(b"".join(canonical_json(event) + b"\n" for event in events))


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def write_lines(path: Path, events: list[dict]) -> None:
    path.write_bytes(b"".join(canonical_json(event) + b"\n" for event in events))


# What an attacker with the database owner's rights does, server stopped. Run these inside
# append_only_lifted(): they change and delete audit rows.


def _chain_filter(tenant: object | None) -> tuple[str, list[object]]:
    return ("tenant_id IS NULL", []) if tenant is None else ("tenant_id = %s", [tenant.pk])


def set_head(tenant: object | None, seq: int) -> None:
    """Point a chain's head row at its event `seq` (0: empty), as if the chain had always ended there."""
    last_hash = GENESIS_HASH
    if seq:
        last_hash = next(e["hash"] for e in iter_chain_events(tenant, seq_range=(seq, seq)))
    execute(
        "UPDATE audit_auditchainhead SET last_seq = %s, last_hash = %s WHERE chain_key = %s",
        [seq, last_hash, chain_key(tenant_public_id(tenant))],
    )
    rebuild_merkle_log(tenant)


def rebuild_merkle_log(tenant: object | None) -> None:
    """Hash the chain's events, as they are now, into a fresh Merkle log: a thorough forger's last step."""
    head = AuditChainHead.objects.get(chain_key=chain_key(tenant_public_id(tenant)))
    execute("DELETE FROM audit_auditloghash WHERE head_id = %s", [head.pk])
    edge = Edge()
    for event in iter_chain_events(tenant, seq_range=(1, head.last_seq)) if head.last_seq else []:
        for level, index, value in edge.append(leaf_hash(entry_bytes(event))):
            execute(
                'INSERT INTO audit_auditloghash (head_id, level, "index", hash) VALUES (%s, %s, %s, %s)',
                [head.pk, level, index, value],
            )
    execute("UPDATE audit_auditchainhead SET merkle_edge = %s WHERE id = %s", [edge.to_bytes(), head.pk])


def delete_chain_head(tenant: object | None) -> None:
    """Delete a chain's head row, its Merkle log and log checkpoints, as if the chain had never been."""
    where, params = _chain_filter(tenant)
    heads = f"SELECT id FROM audit_auditchainhead WHERE {where}"  # noqa: S608
    execute(f"DELETE FROM audit_auditloghash WHERE head_id IN ({heads})", params)  # noqa: S608
    execute(f"DELETE FROM audit_logcheckpoint WHERE head_id IN ({heads})", params)  # noqa: S608
    execute(f"DELETE FROM audit_auditchainhead WHERE {where}", params)  # noqa: S608


def truncate_chain(tenant: object | None, from_seq: int) -> None:
    """Delete the chain's events from `from_seq` on and move its head back to the event before."""
    where, params = _chain_filter(tenant)
    execute(f"DELETE FROM audit_auditevent WHERE {where} AND seq >= %s", [*params, from_seq])  # noqa: S608
    set_head(tenant, from_seq - 1)


def rewrite_after(tenant: object | None, seq: int, *, prompt: str = "forged") -> list[dict]:
    """Change every event after `seq`, recompute every hash and fix the head: a consistent forgery."""
    events = list(iter_chain_events(tenant))
    for event in events[seq:]:
        event["payload"] = {**event["payload"], "prompt": prompt}
    rehash(events)
    where, params = _chain_filter(tenant)
    for event in events[seq:]:
        execute(
            f"UPDATE audit_auditevent SET payload = %s, prev_hash = %s, hash = %s WHERE {where} AND seq = %s",  # noqa: S608
            [json.dumps(event["payload"]), event["prev_hash"], event["hash"], *params, event["seq"]],
        )
    set_head(tenant, events[-1]["seq"])
    return events


def delete_checkpoint(checkpoint: Checkpoint, *, keep_log_checkpoints: bool = False) -> None:
    """Delete a platform checkpoint and, as a thorough forger would, the log checkpoints signed with it
    (and their cosignatures); `keep_log_checkpoints` leaves those behind, as a careless one would."""
    if not keep_log_checkpoints:
        for pk in LogCheckpoint.objects.filter(created_at=checkpoint.created_at).values_list("pk", flat=True):
            execute("DELETE FROM audit_logcosignature WHERE checkpoint_id = %s", [pk])
            execute("DELETE FROM audit_logcheckpoint WHERE id = %s", [pk])
    execute("DELETE FROM audit_checkpoint WHERE id = %s", [checkpoint.pk])


def platform_seq_of(checkpoint: Checkpoint) -> int:
    """The platform chain seq of the event that recorded `checkpoint`."""
    return next(
        event.seq
        for event in AuditEvent.objects.filter(
            tenant__isnull=True, event_type=EventType.AUDIT_CHECKPOINT_CREATED
        )
        if event.subjects.get("checkpoint") == str(checkpoint.public_id)
    )


def forge_checkpoint(private_key: Ed25519PrivateKey, *, number: int | None) -> Checkpoint:
    """A checkpoint of every chain head as it is now, signed with `private_key` and stored like a real one
    (the key's PEM in its row, as the platform stores its own)."""
    heads = AuditChainHead.objects.select_related("tenant").order_by("chain_key")
    public_id = uuid.uuid4()
    now = datetime.now().astimezone()
    body = {
        "format": CHECKPOINT_FORMAT,
        "id": str(public_id),
        "time": format_timestamp(now),
        "algorithm": "Ed25519",
        "public_key_fingerprint": public_key_fingerprint(private_key.public_key()),
        "development_key": False,
        "chains": [
            {
                "chain": head.chain_key,
                "tenant": tenant_public_id(head.tenant),
                "tenant_slug": head.tenant.slug if head.tenant else None,
                "seq": head.last_seq,
                "hash": head.last_hash,
            }
            for head in heads
        ],
    }
    if number is not None:
        body["number"] = number
    checkpoint = Checkpoint(
        public_id=public_id,
        created_at=now,
        number=number,
        body=canonical_json(body).decode(),
        signature=sign_body(private_key, body),
        algorithm="Ed25519",
        public_key_fingerprint=body["public_key_fingerprint"],
        public_key_pem=public_key_pem(private_key.public_key()).decode(),
    )
    checkpoint.save()
    return checkpoint


def keep_copy(checkpoint: Checkpoint, path: Path) -> Path:
    """What a careful operator does with `audit checkpoint`'s output: keep it outside the database."""
    path.write_text(json.dumps(checkpoint_document(checkpoint)))
    return path


@contextmanager
def clock(moment: datetime) -> Iterator[None]:
    """Django's clock (event and checkpoint times) stopped at `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
