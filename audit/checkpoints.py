"""Which checkpoints can be believed, and whether any have gone missing.

A checkpoint counts only when its signature holds under a *trusted* key (audit.trust), never under the
PEM stored in its own row. Platform checkpoints (`audit checkpoint`, the schedule, before each export)
are numbered 1, 2, 3, ...: the number is in the signed body and in the row, and the
`audit.checkpoint_created` event that records each one on the platform chain carries it too, with the
SHA-256 of the signed body. Checkpoint n+1 signs the platform chain's head, which holds checkpoint n's
event. So a removed checkpoint shows:

- its row gone, its event still there: "recorded at platform seq P, is missing";
- row and event gone while a later checkpoint exists: a gap in the numbers, and the later checkpoint's
  signed platform head no longer matches a platform chain rewritten to drop the event;
- every checkpoint gone: a log with events and no trusted checkpoint does not verify at all;
- the newest ones gone with their events and the platform chain's tail rewritten: nothing in the
  database remembers them. Only the clock does (events written long after the newest checkpoint while
  the schedule takes one every interval: "checkpoint overdue"), or a copy kept outside the database
  (`audit verify --checkpoint FILE`). Events after the newest checkpoint that exists anywhere are
  protected by the hash chain alone until the next one: the schedule bounds that window.

Checkpoints made before numbering (no `number` in their body) count like any other but are outside
the sequence.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Max, QuerySet

from audit.chain import chain_key
from audit.events import EventType
from audit.models import AuditEvent, Checkpoint
from audit.trust import TrustedKeys
from audit.verification import signature_problem

DEFAULT_INTERVAL_SECONDS = 600
DEFAULT_EVERY_EVENTS = 10_000
# A checkpoint is overdue after this many intervals: one missed run (a worker restart) is not a finding.
OVERDUE_INTERVALS = 3


class AuditIntegrityError(Exception):
    """The audit log does not verify, so it is neither signed nor exported; the message says where."""


def checkpoint_interval() -> timedelta:
    """How often the schedule takes a checkpoint (ASSAY_AUDIT_CHECKPOINT_INTERVAL_SECONDS)."""
    seconds = getattr(settings, "ASSAY_AUDIT_CHECKPOINT_INTERVAL_SECONDS", DEFAULT_INTERVAL_SECONDS)
    return timedelta(seconds=int(seconds))


def checkpoint_every_events() -> int:
    """How many appended events make a checkpoint due before the interval ends
    (ASSAY_AUDIT_CHECKPOINT_EVERY_EVENTS)."""
    return int(getattr(settings, "ASSAY_AUDIT_CHECKPOINT_EVERY_EVENTS", DEFAULT_EVERY_EVENTS))


def overdue_after() -> timedelta:
    return checkpoint_interval() * OVERDUE_INTERVALS


def body_digest(body_text: str) -> str:
    """SHA-256 (hex) of a checkpoint's stored body, which is the exact canonical JSON that was signed."""
    return hashlib.sha256(body_text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CheckedCheckpoint:
    """One checkpoint row after its signature was checked against the trusted keys."""

    public_id: str
    platform: bool
    number: int | None
    time: str | None
    digest: str
    tenant_slug: str | None
    problem: str | None

    @property
    def trusted(self) -> bool:
        return self.problem is None

    @property
    def name(self) -> str:
        if self.number is not None:
            return f"checkpoint #{self.number} ({self.public_id})"
        if not self.platform:
            return f"export checkpoint {self.public_id} (tenant {self.tenant_slug})"
        return f"checkpoint {self.public_id}"


def check_checkpoint(
    row: Checkpoint, trusted: TrustedKeys
) -> tuple[CheckedCheckpoint, dict[str, Any] | None]:
    """The row checked against the trusted keys, and its body when it can be read (even if untrusted)."""
    body: dict[str, Any] | None = None
    problem = None
    try:
        parsed = json.loads(row.body)
    except ValueError as exc:
        problem = f"its body cannot be read: {exc}"
    else:
        if isinstance(parsed, dict):
            body = parsed
        else:
            problem = "its body is not a JSON object"
    number = body.get("number") if body else row.number
    if body is not None:
        problem = signature_problem(body, row.signature, trusted.keys)
        if problem is None and body.get("id") != str(row.public_id):
            problem = f"its signed body is checkpoint {body.get('id')}'s: the row was copied from another"
        elif problem is None and number != row.number:
            problem = f"the row says #{row.number}, its signed body #{number}: the row was edited"
    checked = CheckedCheckpoint(
        public_id=str(row.public_id),
        platform=row.tenant_id is None,
        number=number if isinstance(number, int) else None,
        time=body.get("time") if body else None,
        digest=body_digest(row.body),
        tenant_slug=row.tenant.slug if row.tenant_id is not None else None,
        problem=problem,
    )
    return checked, body


def signed_points(body: Mapping[str, Any]) -> Iterator[tuple[str, int, str]]:
    """The (chain, seq, hash) a checkpoint body vouches for: chain heads, and an export's range ends."""
    for chain in body.get("chains", []):
        if chain.get("seq"):
            yield chain["chain"], chain["seq"], chain["hash"]
    export = body.get("export")
    if export and export.get("count"):
        key = chain_key(export["tenant"])
        yield key, export["last_seq"], export["last_hash"]
        if export["first_seq"] > 1:
            yield key, export["first_seq"] - 1, export["anchor"]


def signed_logs(body: Mapping[str, Any]) -> Iterator[tuple[str, int, str]]:
    """The (chain, size, base64 root) of each log checkpoint a platform checkpoint body lists: one was
    signed with it for each chain it covers (none before the Merkle logs)."""
    for chain in body.get("chains", []):
        log = chain.get("log")
        if isinstance(log, Mapping):
            yield chain["chain"], log["size"], log["root"]


def signed_heads(body: Mapping[str, Any] | None) -> dict[str, tuple[int, str]]:
    """chain key -> (seq, hash) of the chain heads a checkpoint body signs."""
    if not body:
        return {}
    return {chain["chain"]: (chain["seq"], chain["hash"]) for chain in body.get("chains", [])}


def withheld_anchors(body: Mapping[str, Any] | None) -> dict[str, tuple[int, str, str]]:
    """chain key -> (seq, hash, the checkpoint that signed them) of each chain a checkpoint body withheld,
    where it names the point the chain was last signed at (`anchor`, since withheld entries carry one).
    A withheld chain stays held to that point: checked from the genesis instead, a chain rewritten
    whole (hashes recomputed) would verify, and the next checkpoint would sign the rewrite."""
    if not body:
        return {}
    return {
        entry["chain"]: (entry["anchor"]["seq"], entry["anchor"]["hash"], entry["anchor"]["source"])
        for entry in body.get("withheld", [])
        if isinstance(entry.get("anchor"), Mapping)
    }


def withheld_without_anchor(body: Mapping[str, Any] | None) -> set[str]:
    """The chains a checkpoint body withheld without saying where they were last signed: bodies signed
    before withheld entries carried `anchor` (a chain never signed carries `anchor: null`)."""
    if not body:
        return set()
    return {entry["chain"] for entry in body.get("withheld", []) if "anchor" not in entry}


def last_signed_point(key: str, trusted: TrustedKeys) -> tuple[int, str, str] | None:
    """(seq, hash, checkpoint) where the newest trusted platform checkpoint that signed chain `key`
    signed it; None when none did. Reads checkpoints newest first: for the rare chain withheld by a
    checkpoint that did not record its anchor."""
    rows = Checkpoint.objects.filter(tenant__isnull=True).order_by(F("number").desc(nulls_last=True), "-pk")
    for row in rows.iterator(chunk_size=50):
        checked, body = check_checkpoint(row, trusted)
        if checked.problem is None and key in (heads := signed_heads(body)):
            return (*heads[key], checked.name)
    return None


@dataclass(frozen=True)
class RecordedCheckpoint:
    """What the platform chain's `audit.checkpoint_created` event at `seq` says about a checkpoint."""

    seq: int
    public_id: str | None
    number: int | None
    digest: str | None

    @property
    def name(self) -> str:
        return (
            f"checkpoint #{self.number} ({self.public_id})" if self.number else f"checkpoint {self.public_id}"
        )


def _checkpoint_events() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(tenant__isnull=True, event_type=EventType.AUDIT_CHECKPOINT_CREATED.value)


def recorded_checkpoints() -> Iterator[RecordedCheckpoint]:
    for seq, subjects, payload in (
        _checkpoint_events().order_by("seq").values_list("seq", "subjects", "payload")
    ):
        number = payload.get("number") if isinstance(payload, dict) else None
        digest = payload.get("body_sha256") if isinstance(payload, dict) else None
        public_id = subjects.get("checkpoint") if isinstance(subjects, dict) else None
        yield RecordedCheckpoint(
            seq=seq,
            public_id=public_id,
            number=number if isinstance(number, int) else None,
            digest=digest if isinstance(digest, str) else None,
        )


def record_problems(checked: list[CheckedCheckpoint], recorded: list[RecordedCheckpoint]) -> list[str]:
    """Platform checkpoint rows against the platform chain's events, and the numbering of both."""
    problems = []
    rows = {item.public_id: item for item in checked if item.platform}
    events = {event.public_id: event for event in recorded}
    for event in recorded:
        row = rows.get(event.public_id)
        if row is None:
            problems.append(
                f"{event.name}, recorded at platform seq {event.seq}, is missing from the checkpoint table: "
                "it was deleted"
            )
        elif event.number != row.number or (event.digest is not None and event.digest != row.digest):
            problems.append(
                f"{row.name} is not the checkpoint recorded at platform seq {event.seq} (its number or "
                "signed body differs): the row was replaced"
            )
    for row in rows.values():
        if row.public_id not in events:
            problems.append(
                f"{row.name} is not recorded on the platform chain (no audit.checkpoint_created event names "
                "it): it was inserted by hand, or its event was removed"
            )
    claims = Counter(row.number for row in rows.values() if row.number is not None)
    problems += [
        f"{count} checkpoints claim number #{number}" for number, count in claims.items() if count > 1
    ]
    # A number counts as present when its row or its event is still there (either missing is named above).
    present = set(claims) | {event.number for event in recorded if event.number is not None}
    if present:
        top = max(present)
        gap: list[int] = []
        for number in [*range(1, top + 1), None]:
            if number is not None and number not in present:
                gap.append(number)
                continue
            if gap:
                which = f"#{gap[0]}" if len(gap) == 1 else f"#{gap[0]}..#{gap[-1]}"
                problems.append(
                    f"checkpoint {which} missing: neither a row nor a platform chain event is left, while "
                    f"the numbers reach #{top}: deleted, with its event"
                )
                gap = []
    return problems


@dataclass(frozen=True)
class QuickCheck:
    """What can be checked in a few queries before signing or exporting; the full check is `audit verify`."""

    problems: list[str]
    newest: CheckedCheckpoint | None
    newest_body: dict[str, Any] | None


def quick_check(trusted: TrustedKeys) -> QuickCheck:
    """The numbering has no gap, every platform checkpoint has its event, and the newest one is trusted."""
    platform_rows = Checkpoint.objects.filter(tenant__isnull=True)
    stats = platform_rows.aggregate(rows=Count("pk"), numbered=Count("number"), top=Max("number"))
    problems = []
    if stats["top"] is not None and stats["top"] != stats["numbered"]:
        problems.append(
            f"checkpoints are missing: the numbers reach #{stats['top']}, but {stats['numbered']} numbered "
            "checkpoints exist"
        )
    recorded = _checkpoint_events().count()
    if recorded != stats["rows"]:
        problems.append(
            f"the platform chain records {recorded} checkpoint(s), but the checkpoint table holds "
            f"{stats['rows']}"
        )
    newest, newest_body = None, None
    row = (
        platform_rows.select_related("tenant")
        .order_by(F("number").desc(nulls_last=True), "-created_at", "-pk")
        .first()
    )
    if row is not None:
        checked, body = check_checkpoint(row, trusted)
        if checked.problem is not None:
            problems.append(f"{checked.name}: {checked.problem}")
        else:
            newest, newest_body = checked, body
    return QuickCheck(problems=problems, newest=newest, newest_body=newest_body)


def last_signed_points(
    check: QuickCheck, trusted: TrustedKeys, *, only: str | None = None
) -> dict[str, tuple[int, str, str]]:
    """chain key -> (seq, hash, the checkpoint that signed them): where each chain was last signed, the
    anchor a checkpoint or an export checks it from. The newest checkpoint's heads; for a chain it
    withheld, the anchor its withheld entry records, never the genesis; for a body signed before entries
    recorded one, the newest checkpoint that signed the chain (`only`: searched for that chain alone)."""
    newest = check.newest.name if check.newest else ""
    points = {key: (*point, newest) for key, point in signed_heads(check.newest_body).items()}
    points |= withheld_anchors(check.newest_body)
    for key in withheld_without_anchor(check.newest_body) - points.keys():
        if only in (None, key) and (point := last_signed_point(key, trusted)) is not None:
            points[key] = point
    return points


def raise_for(problems: list[str], *, refused: str) -> None:
    """Raise AuditIntegrityError for `problems`, saying what was refused and how to see the whole picture."""
    if problems:
        raise AuditIntegrityError(
            f"{refused}: the audit log does not verify: {'; '.join(problems)} (`assay audit verify` shows "
            "every problem)"
        )
