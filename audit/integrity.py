"""`audit verify` over the database: every chain against its head row and the signed checkpoints.

The checks themselves are audit.verification's; this module only reads rows and feeds them in.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Model

from audit.chain import chain_key
from audit.models import AuditChainHead, AuditEvent, Checkpoint
from audit.selectors import iter_chain_events, tenant_public_id
from audit.signing import load_public_key, public_key_fingerprint, signature_is_valid
from audit.verification import ChainReport, ChainVerifier, SignedPoint


@dataclass(frozen=True)
class ChainOutcome:
    label: str
    report: ChainReport


@dataclass
class LogReport:
    chains: list[ChainOutcome] = field(default_factory=list)
    checkpoint_problems: list[str] = field(default_factory=list)
    checkpoints_verified: int = 0

    @property
    def ok(self) -> bool:
        return not self.checkpoint_problems and all(chain.report.ok for chain in self.chains)


def chain_label(tenant: Model | None) -> str:
    return "platform" if tenant is None else f"tenant {tenant.slug} ({tenant.public_id})"


def verify_audit_log(*, tenants: Iterable[Model | None] | None = None) -> LogReport:
    """Verify the given chains (None in `tenants` is the platform chain), or every chain there is."""
    report = LogReport()
    points = _signed_points(report)
    heads = {head.chain_key: head for head in AuditChainHead.objects.select_related("tenant")}
    chains = list(tenants) if tenants is not None else _all_chains(heads)
    for tenant in chains:
        key = chain_key(tenant_public_id(tenant))
        head = heads.get(key)
        verifier = ChainVerifier(tenant=tenant_public_id(tenant), signed_points=points.get(key))
        for event in iter_chain_events(tenant):
            verifier.feed(event)
            # Rows come in seq order, so a missing seq cannot turn up later: stop at the first break.
            if verifier.broken is not None:
                break
        chain_report = verifier.finish(
            expected_last_seq=head.last_seq if head else 0,
            expected_last_hash=head.last_hash if head else None,
            expected_by="the chain head row" if head else "the chain head row, which is missing",
        )
        report.chains.append(ChainOutcome(label=chain_label(tenant), report=chain_report))
    return report


def _all_chains(heads: dict[str, AuditChainHead]) -> list[Model | None]:
    """Every chain with a head row or with events (events without a head row are a finding too)."""
    tenants: dict[object, Model | None] = {head.tenant_id: head.tenant for head in heads.values()}
    headless = AuditEvent.objects.exclude(tenant_id__in=[pk for pk in tenants if pk is not None])
    if None in tenants:
        headless = headless.exclude(tenant__isnull=True)
    headless_ids = set(headless.values_list("tenant_id", flat=True).distinct())
    if None in headless_ids:
        tenants[None] = None
    tenant_model = AuditEvent._meta.get_field("tenant").related_model
    tenants |= tenant_model.objects.in_bulk(headless_ids - {None})
    return sorted(tenants.values(), key=lambda tenant: "" if tenant is None else tenant.slug)


def _signed_points(report: LogReport) -> dict[str, dict[int, SignedPoint]]:
    """(seq, hash) per chain from every checkpoint whose signature holds."""
    points: dict[str, dict[int, SignedPoint]] = defaultdict(dict)
    for checkpoint in Checkpoint.objects.order_by("created_at", "pk").iterator():
        name = f"checkpoint {checkpoint.public_id}"
        try:
            body = json.loads(checkpoint.body)
            public_key = load_public_key(checkpoint.public_key_pem.encode("ascii"))
        except ValueError as exc:
            report.checkpoint_problems.append(f"{name} cannot be read: {exc}")
            continue
        if public_key_fingerprint(public_key) != body.get("public_key_fingerprint") or not signature_is_valid(
            public_key, body, checkpoint.signature
        ):
            report.checkpoint_problems.append(f"{name}: the signature does not match its body")
            continue
        report.checkpoints_verified += 1
        source = f"{name} of {body.get('time')}"
        for key, seq, digest in _points_in(body):
            existing = points[key].get(seq)
            if existing is not None and existing.hash != digest:
                report.checkpoint_problems.append(
                    f"{name} signs {key} seq {seq} as {digest}, but {existing.source} as {existing.hash}"
                )
            points[key].setdefault(seq, SignedPoint(hash=digest, source=source))
    return points


def _points_in(body: dict) -> Iterator[tuple[str, int, str]]:
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
