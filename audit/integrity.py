"""`audit verify` over the database: every chain against its head row and the trusted, signed checkpoints.

The chain checks are audit.verification's and the checkpoint checks audit.checkpoints'; this module reads
rows and feeds them in. Beyond each chain's own links it fails a log when:

- a checkpoint is not signed by a trusted key (audit.trust), or one is missing (audit.checkpoints);
- the log holds events but no trusted platform checkpoint at all (all were deleted, or none was taken);
- a chain's events run on more than OVERDUE_INTERVALS checkpoint intervals past the newest checkpoint
  (newer checkpoints were removed, or the schedule stopped);
- a checkpoint signs a chain that no longer has a head row or events (the chain was deleted);
- a checkpoint kept outside the database (`--checkpoint`) is missing from it or differs;
- the chain's Merkle log is not the tree of its events: a stored hash (leaf or node), the head's right
  edge, or a root a log checkpoint signs differs from the tree recomputed from the events
  (audit.log.LogRecheck names the entry or the level and index);
- a log checkpoint row does not hold up (its note does not verify, or signs another size than its row
  says, or its size or date goes back), or one that a trusted platform checkpoint lists is gone: a
  checkpoint problem naming the row.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db.models import Model

from audit.canonical import canonical_json, format_timestamp, parse_timestamp
from audit.chain import GENESIS_HASH, PLATFORM_CHAIN, chain_key
from audit.checkpoints import (
    CheckedCheckpoint,
    body_digest,
    check_checkpoint,
    checkpoint_interval,
    overdue_after,
    record_problems,
    recorded_checkpoints,
    signed_logs,
    signed_points,
)
from audit.log import LogRecheck
from audit.models import AuditChainHead, AuditEvent, Checkpoint
from audit.selectors import event_hash_at, iter_chain_events, tenant_public_id
from audit.trust import TrustedKeys, trusted_public_keys
from audit.verification import ChainBreak, ChainReport, ChainVerifier, Reason, SignedPoint, signature_problem


@dataclass(frozen=True)
class ChainOutcome:
    label: str
    report: ChainReport


@dataclass(frozen=True)
class KeptCheckpoint:
    """A checkpoint document (`{"body": ..., "signature": ...}`) kept outside the database."""

    label: str
    document: Any

    @classmethod
    def read(cls, path: Path) -> KeptCheckpoint:
        """`ValueError` naming the file when it cannot be read."""
        try:
            return cls(label=str(path), document=json.loads(path.read_bytes()))
        except OSError as exc:
            raise ValueError(f"the checkpoint file {path} cannot be read: {exc.strerror}") from exc
        except ValueError as exc:
            raise ValueError(f"the checkpoint file {path} is not JSON: {exc}") from exc


@dataclass
class LogReport:
    trusted: TrustedKeys | None = None
    chains: list[ChainOutcome] = field(default_factory=list)
    checkpoint_problems: list[str] = field(default_factory=list)
    checkpoints_verified: int = 0
    newest: CheckedCheckpoint | None = None

    @property
    def ok(self) -> bool:
        return not self.checkpoint_problems and all(chain.report.ok for chain in self.chains)


def chain_label(tenant: Model | None) -> str:
    return "platform" if tenant is None else f"tenant {tenant.slug} ({tenant.public_id})"


def verify_audit_log(
    *,
    tenants: Iterable[Model | None] | None = None,
    trusted: TrustedKeys | None = None,
    kept: Sequence[KeptCheckpoint] = (),
) -> LogReport:
    """Verify the given chains (None in `tenants` is the platform chain), or every chain there is.

    Checkpoints are believed only under `trusted` (default: audit.trust.trusted_public_keys()).
    """
    report = LogReport(trusted=trusted or trusted_public_keys())
    logs: dict[str, dict[tuple[int, str], str]] = defaultdict(dict)
    points = _read_checkpoints(report, kept, logs)
    heads = {head.chain_key: head for head in AuditChainHead.objects.select_related("tenant")}
    chains = list(tenants) if tenants is not None else _all_chains(heads, points, report)
    overdue_from = _overdue_from(report.newest)
    for tenant in chains:
        key = chain_key(tenant_public_id(tenant))
        head = heads.get(key)
        verifier = ChainVerifier(tenant=tenant_public_id(tenant), signed_points=points.get(key))
        overdue: Mapping[str, Any] | None = None
        merkle = LogRecheck(head, list(report.trusted.keys.values()), logs.get(key))
        report.checkpoint_problems += [
            f"{chain_label(tenant)}: {problem}" for problem in merkle.checkpoint_problems
        ]
        for event in iter_chain_events(tenant):
            verifier.feed(event)
            merkle.feed(event)
            # Rows come in seq order, so a missing seq cannot turn up later: stop at the first break.
            if verifier.broken is not None:
                break
            if overdue is None and overdue_from is not None and event["time"] > overdue_from:
                overdue = event
        chain_report = verifier.finish(
            expected_last_seq=head.last_seq if head else 0,
            expected_last_hash=head.last_hash if head else None,
            expected_by="the chain head row" if head else "the chain head row, which is missing",
        )
        merkle_problem = merkle.finish() if chain_report.ok else None
        if merkle_problem is not None:
            seq, detail = merkle_problem
            chain_report = replace(
                chain_report, broken=ChainBreak(seq=seq, reason=Reason.MERKLE_LOG, detail=detail)
            )
        if chain_report.ok and overdue is not None:
            chain_report = replace(chain_report, broken=_overdue_break(overdue, report.newest))
        report.chains.append(ChainOutcome(label=chain_label(tenant), report=chain_report))
    if report.newest is None and any(chain.report.count for chain in report.chains):
        report.checkpoint_problems.append(
            f"no platform checkpoint signed by a trusted key ({report.trusted.describe()}) covers the log, "
            "which holds events: every checkpoint was deleted or signed by another key, or none was ever "
            "taken. On a new installation run `assay audit checkpoint` (the schedule then takes one every "
            f"{_minutes(checkpoint_interval())})"
        )
    return report


def _read_checkpoints(
    report: LogReport, kept: Sequence[KeptCheckpoint], logs: dict[str, dict[tuple[int, str], str]]
) -> dict[str, dict[int, SignedPoint]]:
    """Check every checkpoint row and kept copy; (seq, hash) per chain from those the trusted keys sign,
    and into `logs` the log checkpoints they list ((size, root) per chain, with the first to list it)."""
    points: dict[str, dict[int, SignedPoint]] = defaultdict(dict)
    checked: list[CheckedCheckpoint] = []
    rows = Checkpoint.objects.select_related("tenant").order_by("created_at", "pk")
    for row in rows.iterator(chunk_size=200):
        item, body = check_checkpoint(row, report.trusted)
        checked.append(item)
        if not item.trusted:
            report.checkpoint_problems.append(f"{item.name}: {item.problem}")
            continue
        report.checkpoints_verified += 1
        if item.platform and (report.newest is None or _is_newer(item, report.newest)):
            report.newest = item
        _add_points(points, logs, body, f"{item.name} of {item.time}", report)
    report.checkpoint_problems += record_problems(checked, list(recorded_checkpoints()))
    by_id = {item.public_id: item for item in checked}
    for copy in kept:
        _check_kept(copy, by_id, points, logs, report)
    return points


def _is_newer(item: CheckedCheckpoint, than: CheckedCheckpoint) -> bool:
    if item.number is not None or than.number is not None:
        return (item.number or 0) > (than.number or 0)
    return (item.time or "") > (than.time or "")


def _add_points(
    points: dict[str, dict[int, SignedPoint]],
    logs: dict[str, dict[tuple[int, str], str]],
    body: Mapping[str, Any],
    source: str,
    report: LogReport,
) -> None:
    for key, size, root in signed_logs(body):
        logs[key].setdefault((size, root), source)
    for key, seq, digest in signed_points(body):
        existing = points[key].get(seq)
        if existing is not None and existing.hash != digest:
            report.checkpoint_problems.append(
                f"{source} signs {key} seq {seq} as {digest}, but {existing.source} as {existing.hash}"
            )
        points[key].setdefault(seq, SignedPoint(hash=digest, source=source))


def _check_kept(
    copy: KeptCheckpoint,
    stored: Mapping[str, CheckedCheckpoint],
    points: dict[str, dict[int, SignedPoint]],
    logs: dict[str, dict[tuple[int, str], str]],
    report: LogReport,
) -> None:
    """A copy kept outside the database must verify, still be in the database, and agree with it."""
    document = copy.document
    body = document.get("body") if isinstance(document, Mapping) else None
    if not isinstance(body, Mapping):
        report.checkpoint_problems.append(f"{copy.label} is not a checkpoint document (body and signature)")
        return
    number = body.get("number")
    name = f"checkpoint #{number} ({body.get('id')})" if number else f"checkpoint {body.get('id')}"
    problem = signature_problem(body, document.get("signature"), report.trusted.keys)
    if problem is not None:
        report.checkpoint_problems.append(f"{name} kept in {copy.label}: {problem}")
        return
    report.checkpoints_verified += 1
    row = stored.get(str(body.get("id")))
    if row is None:
        report.checkpoint_problems.append(
            f"{name}, kept in {copy.label}, is missing from the database: it was deleted"
        )
    elif row.digest != body_digest(canonical_json(body).decode("utf-8")):
        report.checkpoint_problems.append(
            f"{name} in the database differs from the copy kept in {copy.label}: the row was replaced"
        )
    _add_points(points, logs, body, f"{name} kept in {copy.label}", report)


def _all_chains(
    heads: dict[str, AuditChainHead], points: Mapping[str, Mapping[int, SignedPoint]], report: LogReport
) -> list[Model | None]:
    """Every chain with a head row, with events, or signed by a checkpoint (a finding when it is gone)."""
    tenants: dict[object, Model | None] = {head.tenant_id: head.tenant for head in heads.values()}
    headless = AuditEvent.objects.exclude(tenant_id__in=[pk for pk in tenants if pk is not None])
    if None in tenants:
        headless = headless.exclude(tenant__isnull=True)
    headless_ids = set(headless.values_list("tenant_id", flat=True).distinct())
    if None in headless_ids:
        tenants[None] = None
    tenant_model = AuditEvent._meta.get_field("tenant").related_model
    tenants |= tenant_model.objects.in_bulk(headless_ids - {None})
    known = {chain_key(tenant_public_id(tenant)) for tenant in tenants.values()}
    for key, signed in points.items():
        if key in known:
            continue
        if key == PLATFORM_CHAIN:
            tenants[None] = None
            continue
        tenant = tenant_model.objects.filter(public_id=key.removeprefix("tenant:")).first()
        if tenant is not None:
            tenants[tenant.pk] = tenant
            continue
        last = signed[max(signed)]
        report.checkpoint_problems.append(
            f"{last.source} signs {key} up to seq {max(signed)}, but neither that tenant nor its events or "
            "head row exist: the chain was deleted"
        )
    return sorted(tenants.values(), key=lambda tenant: "" if tenant is None else tenant.slug)


def _overdue_from(newest: CheckedCheckpoint | None) -> str | None:
    """Event times (in their fixed-width, comparable form) after which a newer checkpoint should exist."""
    if newest is None or newest.time is None:
        return None
    return format_timestamp(parse_timestamp(newest.time) + overdue_after())


def _overdue_break(event: Mapping[str, Any], newest: CheckedCheckpoint) -> ChainBreak:
    interval = _minutes(checkpoint_interval())
    return ChainBreak(
        seq=event["seq"],
        reason=Reason.CHECKPOINT_OVERDUE,
        detail=(
            f"event {event['seq']} of {event['time']} was written more than {_minutes(overdue_after())} "
            f"after the newest checkpoint, {newest.name} of {newest.time}, while one is taken every "
            f"{interval}: newer checkpoints were deleted, or the schedule is not running. If nothing was "
            "deleted, make sure celery beat runs the `audit-checkpoint` entry, then run "
            "`assay audit checkpoint`"
        ),
    )


def _minutes(span: timedelta) -> str:
    minutes = span.total_seconds() / 60
    return f"{minutes:g} minutes" if minutes != 1 else "1 minute"


def verify_chain_range(
    tenant: Model | None,
    *,
    head: AuditChainHead | None,
    anchor: SignedPoint | None = None,
    anchor_seq: int = 0,
    signed: Mapping[int, SignedPoint] | None = None,
) -> ChainBreak | None:
    """Check one chain from a trusted anchor (the hash signed at `anchor_seq`) to its head row.

    Without an anchor the check starts at seq 1 and the genesis hash. `signed` adds points that must
    match on the way. Returns the first break, or None. Reads only the events after the anchor: this is
    what a checkpoint runs over what changed since the previous one.
    """
    last_seq = head.last_seq if head else 0
    if anchor is not None and anchor_seq > 0:
        if anchor_seq > last_seq:
            return ChainBreak(
                seq=last_seq + 1,
                reason=Reason.EVENT_MISSING,
                detail=f"the chain head row says the chain ends at seq {last_seq}, but {anchor.source} "
                f"signed seq {anchor_seq}: events {last_seq + 1}..{anchor_seq} were removed",
            )
        stored = event_hash_at(tenant, anchor_seq)
        if stored != anchor.hash:
            return ChainBreak(
                seq=anchor_seq,
                reason=Reason.EVENT_MISSING if stored is None else Reason.CHECKPOINT_MISMATCH,
                detail=f"event {anchor_seq}, signed in {anchor.source}, "
                + ("is missing" if stored is None else "has a different hash: the chain was rewritten"),
            )
    start = anchor_seq + 1 if anchor is not None else 1
    verifier = ChainVerifier(
        first_seq=start,
        anchor=anchor.hash if anchor is not None else GENESIS_HASH,
        tenant=tenant_public_id(tenant),
        signed_points=signed,
    )
    if last_seq >= start:
        for event in iter_chain_events(tenant, seq_range=(start, last_seq)):
            verifier.feed(event)
            if verifier.broken is not None:
                break
    return verifier.finish(
        expected_last_seq=last_seq,
        expected_last_hash=head.last_hash if head else None,
        expected_by="the chain head row",
    ).broken
