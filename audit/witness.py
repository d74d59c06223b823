"""An independent witness: cosign a log's checkpoint only if it extends the last one cosigned.

A witness (c2sp.org/tlog-witness) keeps, per log origin, the last checkpoint it cosigned
(audit.logstate). Given a new signed checkpoint and a consistency proof from that size (a tlog-witness
add-checkpoint request, or tiles to compute it from), it checks the log's signature, then that the new
tree extends the old one (audit.monitor.check_extends), and only then signs a cosignature/v1 line with
its own Ed25519 key and remembers the new checkpoint. A truncated, forked or rewritten log is refused
with the reason, so an operator cannot show two different logs to two parties that both rely on the
same witness. The first checkpoint of a log it has never seen is cosigned as it is (trust on first use).

It needs only the checkpoint, the proof (or the tiles), the log's public key and its own key: no
database and nothing of the installation, so a second installation or an auditor's laptop can run it
(`assay witness`). Pure Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit.logstate import LogState
from audit.monitor import LogAlert, check_extends, describe, verify_any_origin
from audit.notes import Checkpoint, NoteError, cosign, parse_checkpoint, parse_note


class WitnessRefusal(Exception):
    """The witness does not cosign; the message says why (and, for a conflict, its own size)."""


class WitnessSizeMismatch(WitnessRefusal):
    """The request's proof starts at another size than the one the witness last cosigned (`size`):
    tlog-witness answers this with 409 and that size, so that the log retries from it."""

    def __init__(self, message: str, size: int) -> None:
        super().__init__(message)
        self.size = size


@dataclass(frozen=True)
class Cosigned:
    checkpoint: Checkpoint
    previous: Checkpoint | None
    note: str  # the checkpoint note with the witness's cosignature line added

    @property
    def line(self) -> str:
        return parse_note(self.note).signatures[-1].line()


def witness_checkpoint(
    *,
    state: LogState,
    note: str,
    log_keys: Iterable[Ed25519PublicKey],
    proof_from: Callable[[int], list[bytes]],
    name: str,
    key: Ed25519PrivateKey,
    timestamp: int,
    origin: str | None = None,
) -> Cosigned:
    """Cosign `note` after checking it extends the last checkpoint cosigned for its log.

    `proof_from(old_size)` gives the consistency proof from the witness's size to the new checkpoint's
    (it may raise WitnessRefusal when the caller's proof starts elsewhere). Raises WitnessRefusal.
    """
    try:
        new = verify_any_origin(note, log_keys, origin)
    except NoteError as exc:
        raise WitnessRefusal(f"the checkpoint does not verify under the log's key: {exc}") from exc
    stored = state.load(new.origin)
    old = parse_checkpoint(parse_note(stored).text) if stored is not None else None
    if old is not None:
        try:
            check_extends(old, new, lambda: proof_from(old.size))
        except LogAlert as alert:
            evidence = state.keep_evidence(new.origin, note)
            raise WitnessRefusal(
                f"not cosigned: {alert} (the witness last cosigned {describe(old)}; the refused checkpoint "
                f"is kept in {evidence})"
            ) from alert
    signed = parse_note(note)
    # Only the log's own signature and this witness's line: other witnesses' lines are not ours to pass on.
    own = tuple(signature for signature in signed.signatures if signature.name == new.origin)
    cosigned = type(signed)(signed.text, own).with_signature(cosign(signed.text, name, key, timestamp))
    if old is None or new.size > old.size:
        state.save(new.origin, note)
    return Cosigned(checkpoint=new, previous=old, note=str(cosigned))


def proof_of_request(old_size: int, proof: tuple[bytes, ...]) -> Callable[[int], list[bytes]]:
    """The proof carried by a tlog-witness request, which must start at the witness's own size."""

    def proof_from(witness_size: int) -> list[bytes]:
        if witness_size != old_size:
            raise WitnessSizeMismatch(
                f"the request's proof starts at size {old_size}, but the witness last cosigned this log at "
                f"size {witness_size}: send a consistency proof from {witness_size}",
                witness_size,
            )
        return list(proof)

    return proof_from
