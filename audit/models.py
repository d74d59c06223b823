"""The audit log: hash-chained events, one chain head per chain, signed checkpoints.

Events and checkpoints are append-only three times over: database triggers (audit.triggers, installed
by migrations 0002 and 0003) refuse UPDATE and DELETE; the models refuse `save()` of an existing row and
`delete()`; their querysets refuse `update()` and `delete()`. Chain heads are guarded by triggers too:
they only move forward one event at a time, and are never deleted. Write events through
`audit.services.record_event` only: it computes the chain fields.
"""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.db import models
from django.db.models import Q

from audit.chain import GENESIS_HASH
from audit.events import ActorKind

APPEND_ONLY_MESSAGE = "audit log is append-only"


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit row through the ORM."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{APPEND_ONLY_MESSAGE}: {self.model.__name__} rows cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{APPEND_ONLY_MESSAGE}: {self.model.__name__} rows cannot be deleted")

    # The collector's fast path deletes without calling delete(); close that door too.
    def _raw_delete(self, using: str) -> NoReturn:
        raise AppendOnlyError(f"{APPEND_ONLY_MESSAGE}: {self.model.__name__} rows cannot be deleted")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{APPEND_ONLY_MESSAGE}: a saved {type(self).__name__} cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{APPEND_ONLY_MESSAGE}: a {type(self).__name__} cannot be deleted")


class AuditEvent(AppendOnlyModel):
    """One entry of a chain: a tenant's chain, or the platform chain when `tenant` is null.

    The hashed form of an event is `audit.selectors.event_to_dict`; see audit.chain for the fields.
    """

    tenant = models.ForeignKey(
        "tenants.Tenant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
        # The unique (tenant, seq) index serves every tenant lookup; a second index would only slow appends.
        db_index=False,
    )
    seq = models.PositiveBigIntegerField()
    time = models.DateTimeField()
    actor_kind = models.CharField(max_length=16, choices=[(kind.value, kind.value) for kind in ActorKind])
    actor_id = models.CharField(max_length=100)
    actor_label = models.CharField(max_length=200, blank=True)
    # Validated against audit.events.EventType by record_event, not with `choices`: a new event type
    # should not need a migration.
    event_type = models.CharField(max_length=64)
    subjects = models.JSONField(default=dict)
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "seq"], condition=Q(tenant__isnull=False), name="audit_event_tenant_seq"
            ),
            models.UniqueConstraint(
                fields=["seq"], condition=Q(tenant__isnull=True), name="audit_event_platform_seq"
            ),
            models.CheckConstraint(condition=Q(seq__gte=1), name="audit_event_seq_positive"),
        ]
        indexes = [models.Index(fields=["tenant", "time"], name="audit_event_tenant_time")]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.seq}"


class AuditChainHead(models.Model):
    """The last seq and hash of one chain. Appends lock this row, so they serialise per chain only.

    Every append updates it, so it is not append-only, but the database lets it only move forward: an
    insert starts at seq 0 and the genesis hash, an update must raise `last_seq` by exactly one, a delete
    is refused (audit.triggers). `audit verify` checks it against the events.
    """

    chain_key = models.CharField(max_length=64, unique=True)
    tenant = models.ForeignKey(
        "tenants.Tenant", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    # The right edge of the chain's Merkle log of `last_seq` leaves (audit.merkle.Edge): the 32-byte
    # roots of its complete subtrees, largest first, all an append needs to extend the tree.
    merkle_edge = models.BinaryField(default=b"")

    def __str__(self) -> str:
        return f"{self.chain_key} @ {self.last_seq}"


class AuditLogHash(AppendOnlyModel):
    """One stored hash of a chain's Merkle log: a node at level 0, 8, 16, ... (the rows of tlog-tiles).

    Written once, when its subtree becomes complete (audit.appending), and never changed (triggers, as
    for events). Leaf `index` is the event with seq `index + 1`; audit.merkle computes every other node.
    """

    # The position is the key: no surrogate id, so an append maintains one index here, not two.
    pk = models.CompositePrimaryKey("head", "level", "index")
    # No foreign key constraint in the database: a row is only ever inserted by the append that holds its
    # head's lock, and heads are never deleted (audit.triggers), so the constraint guarded nothing, while
    # its check was a quarter of the database time the Merkle log adds to an append (EXPLAIN ANALYZE).
    head = models.ForeignKey(
        AuditChainHead, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    level = models.PositiveSmallIntegerField()
    index = models.PositiveBigIntegerField()
    hash = models.BinaryField()

    class Meta:
        indexes = [
            # The rows above level 0 with their hashes (a key column: SQLite has no INCLUDE), so that a
            # proof reads its tiles there as index-only scans: in the table each lies on a page of its
            # own, 256 leaves after the one before. One row in 256 is in it: appends rarely pay for it.
            models.Index(
                fields=["head", "level", "index", "hash"],
                condition=Q(level__gt=0),
                name="audit_log_hash_upper",
            )
        ]

    def __str__(self) -> str:
        return f"level {self.level} #{self.index}"


class Checkpoint(AppendOnlyModel):
    """A signed statement of chain heads at one moment; `body` holds the exact canonical JSON signed.

    Platform checkpoints (`audit checkpoint`, the schedule, before each export) cover every chain, have
    no tenant and are numbered 1, 2, 3, ... (audit.checkpoints says how a missing one is found); export
    checkpoints cover one tenant's chain and the exported range, and have no number.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField()
    tenant = models.ForeignKey(
        "tenants.Tenant", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_checkpoints"
    )
    body = models.TextField()
    signature = models.TextField()
    algorithm = models.CharField(max_length=16)
    public_key_fingerprint = models.CharField(max_length=80)
    public_key_pem = models.TextField()
    # Also in the signed body; a column so that the next number and a gap are one query away.
    number = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=Q(number__isnull=False), name="audit_checkpoint_number"
            )
        ]

    def __str__(self) -> str:
        return f"checkpoint #{self.number}" if self.number else f"checkpoint {self.public_id}"


class LogCheckpoint(AppendOnlyModel):
    """A chain's Merkle log signed as a C2SP checkpoint (audit.notes): `note` is the exact signed note.

    Signed with each platform checkpoint, for each chain it covers, so the platform checkpoint (itself
    recorded on the platform chain) lists every log checkpoint's origin, size and root.
    """

    head = models.ForeignKey(AuditChainHead, on_delete=models.PROTECT, related_name="+", db_index=False)
    created_at = models.DateTimeField()
    size = models.PositiveBigIntegerField()
    note = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["head", "size"], name="audit_log_checkpoint_size")]

    def __str__(self) -> str:
        return f"log checkpoint @ {self.size}"


class LogCosignature(AppendOnlyModel):
    """A witness's cosignature/v1 line on one log checkpoint (`assay audit add-cosignature`).

    Verified under the witness's key before it is stored; the served checkpoint is the log's note with
    these lines after its own signature (audit.log.served_note). A cosignature proves itself (only the
    witness's key makes one), so it needs no signature of ours; triggers (migration 0007) and the ORM
    keep the rows append-only.
    """

    checkpoint = models.ForeignKey(LogCheckpoint, on_delete=models.PROTECT, related_name="cosignatures")
    created_at = models.DateTimeField()
    witness = models.CharField(max_length=200)
    key_id = models.CharField(max_length=8)
    line = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["checkpoint", "witness", "key_id"], name="audit_log_cosignature_witness"
            )
        ]

    def __str__(self) -> str:
        return f"cosignature by {self.witness}"
