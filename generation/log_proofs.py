"""Images carry their log position: the C2PA assertion names the leaf of the image's `image.generated`
event in its tenant's transparency log, `image_proof` proves that leaf against the newest signed log
checkpoint, and `verify_image_proof` checks an image and its tlog-proof offline, with only the log's
public key (docs/transparency-log.md).

The event is appended when the image row is made (`job_record_generated`), before signing, so its leaf
is fixed when the assertion is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db.models import Model

from audit.events import EventType
from audit.log import LogPosition, LogUnavailable, log_origin, log_position, prove_event
from audit.merkle import ProofError, verify_inclusion
from audit.models import AuditEvent
from audit.notes import (
    NoteError,
    b64decode,
    b64encode,
    parse_note,
    parse_proof,
    parse_verifier_key,
    verify_checkpoint,
    verify_cosignature,
)
from audit.selectors import audit_events_for_tenant
from audit.signing import load_public_keys
from foundation.errors import ServiceError
from generation.models import GeneratedImage

# The key of the log position inside the `ai.assay.generation` assertion.
LOG_ASSERTION_KEY = "log"


class ProofNotReady(ServiceError):
    """The image's generation event is not covered by a signed log checkpoint yet."""

    status = 409
    code = "proof_not_ready"


class ProofUnavailable(ServiceError):
    """The log cannot prove anything now: no log checkpoint of it verifies, or its stored hashes do not
    prove the event against the one that does. The code is the one a refused export answers."""

    status = 409
    code = "audit_log_broken"


def generation_event(image: GeneratedImage, tenant: Model | None = None) -> AuditEvent:
    """The image's `image.generated` event (recorded with its row, so it always exists). `tenant`, the
    image's, when the caller holds it already (saves a query per image)."""
    (event,) = audit_events_for_tenant(
        tenant or image.tenant,
        event_type=EventType.IMAGE_GENERATED,
        subject=f"image:{image.public_id}",
        limit=1,
    )
    return event


# The log positions of the image.generated events this run recorded, by image public id, while
# `keeping_positions()` is open: a worker that signs the images it just generated (finishing in place)
# does not look each event up again (a query over the tenant's chain per image).
_kept: ContextVar[dict[str, LogPosition] | None] = ContextVar("assay_kept_log_positions", default=None)


@contextmanager
def keeping_positions() -> Iterator[None]:
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def keep_position(image_public_id: str, event: AuditEvent) -> None:
    """Note the position of `event`, the image's image.generated event just appended (its seq and
    fields are those the log hashed), when a run keeps them; nothing otherwise."""
    kept = _kept.get()
    if kept is not None:
        kept[str(image_public_id)] = log_position(event)


def log_position_assertion(image: GeneratedImage, tenant: Model | None = None) -> dict[str, Any]:
    """What the C2PA assertion records: the log's origin, the leaf index and leaf hash (base64)."""
    tenant = tenant or image.tenant
    position = (_kept.get() or {}).get(str(image.public_id)) or log_position(generation_event(image, tenant))
    return {
        "origin": log_origin(tenant),
        "index": position.index,
        "leaf_hash": b64encode(position.leaf_hash),
    }


def image_proof(image: GeneratedImage, public_keys: Sequence[Ed25519PublicKey]) -> str:
    """The `c2sp.org/tlog-proof@v1` file of the image's generation event against the newest log
    checkpoint that verifies; ProofNotReady when no checkpoint covers it yet, ProofUnavailable when the
    log's checkpoints or hashes do not hold up."""
    try:
        return str(prove_event(generation_event(image), list(public_keys)))
    except LogUnavailable as exc:
        raise ProofUnavailable(
            f"Image {image.public_id}'s generation record cannot be proved: {exc}. Run `assay audit "
            "verify`, which names the problem, and report it to the platform operator."
        ) from exc
    except ProofError as exc:
        raise ProofNotReady(
            f"Image {image.public_id}'s generation record is not covered by a signed log checkpoint yet "
            f"({exc}); run `assay audit checkpoint` (or wait for the periodic one) and ask again."
        ) from exc


@dataclass
class ProofCheck:
    """Each check of an image against a tlog-proof, in order; `failed` names the first that failed."""

    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(passed for _, passed, _ in self.checks)

    @property
    def failed(self) -> str | None:
        return next((f"{name}: {detail}" for name, passed, detail in self.checks if not passed), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "verified": self.ok,
            "failed": self.failed,
            "checks": [
                {"check": name, "ok": passed, "detail": detail} for name, passed, detail in self.checks
            ],
        }


def parse_log_key(text: str) -> tuple[str | None, list[Ed25519PublicKey]]:
    """A C2SP verifier key string (name, key) or PEM public key(s) (no name); ValueError otherwise."""
    if "-----BEGIN" in text:
        return None, load_public_keys(text.encode())
    try:
        name, key = parse_verifier_key(text)
    except NoteError as exc:
        raise ValueError(f"the log key is neither a PEM public key nor a C2SP verifier key: {exc}") from exc
    return name, [key]


def verify_image_proof(
    manifest: dict[str, Any],
    proof_text: str,
    public_keys: Sequence[Ed25519PublicKey],
    *,
    key_name: str | None = None,
    witnesses: Sequence[str] = (),
) -> ProofCheck:
    """Check offline that an image's generation record is in its log: its C2PA manifest (`manifest`,
    the `c2pa` part of provenance's `verify`) is intact and signed by the installation's signer
    (`own_signer`: Trusted, pinned), its assertion's leaf hash is the proof's leaf,
    the inclusion holds under a checkpoint signed by one of `public_keys` (named `key_name`, when the
    key came as a verifier key string), and each witness (a cosignature verifier key string) cosigned
    that checkpoint."""
    result = ProofCheck()
    state = manifest.get("validation_state")
    if state != "Trusted":
        why = (
            "something changed after signing" if state == "Invalid" else "its signer is under no trust anchor"
        )
        result.checks.append(("c2pa", False, f"the image's C2PA manifest is {state}: {why}"))
        return result
    result.checks.append(("c2pa", True, f"manifest {manifest.get('manifest_label')} is {state}"))
    # The leaf is only the assertion's word, and anybody can copy an assertion into a manifest of their
    # own, over pixels of their own: only the installation's signer vouches for it.
    signer = manifest.get("signer") or {}
    if not manifest.get("own_signer"):
        result.checks.append(
            (
                "signer",
                False,
                f"the manifest is signed by {signer.get('common_name')!r} (issuer {signer.get('issuer')!r}), "
                "not by the installation's signing certificate",
            )
        )
        return result
    result.checks.append(
        ("signer", True, f"{signer.get('common_name')}, serial {signer.get('serial_number')}")
    )
    assertion = manifest.get("assay")
    position = assertion.get(LOG_ASSERTION_KEY) if isinstance(assertion, dict) else None
    if not isinstance(position, dict):
        result.checks.append(("assertion", False, "the ai.assay.generation assertion has no log position"))
        return result
    try:
        leaf = b64decode(str(position.get("leaf_hash")), "the assertion's leaf hash")
        proof = parse_proof(proof_text)
    except (NoteError, ValueError) as exc:
        result.checks.append(("format", False, str(exc)))
        return result
    origin = str(position.get("origin"))
    if key_name is not None and key_name != origin:
        result.checks.append(("origin", False, f"the key is for log {key_name!r}, not {origin!r}"))
        return result
    if position.get("index") != proof.index:
        result.checks.append(
            (
                "leaf",
                False,
                f"the image is leaf {position.get('index')} of its log, the proof is for leaf {proof.index}",
            )
        )
        return result
    try:
        checkpoint = verify_checkpoint(proof.checkpoint_note, origin, public_keys)
    except NoteError as exc:
        result.checks.append(("checkpoint signature", False, str(exc)))
        return result
    result.checks.append(("checkpoint signature", True, f"{origin} at size {checkpoint.size}"))
    try:
        verify_inclusion(leaf, proof.index, checkpoint.size, proof.hashes, checkpoint.root)
    except ProofError as exc:
        result.checks.append(("inclusion", False, f"the image's leaf hash is not in the log: {exc}"))
        return result
    result.checks.append(("inclusion", True, f"leaf {proof.index} of {checkpoint.size}"))
    for witness in witnesses:
        try:
            witness_name, witness_key = _cosignature_key(witness)
            verify_cosignature(parse_note(proof.checkpoint_note), witness_name, witness_key)
        except (NoteError, ValueError) as exc:
            result.checks.append(("cosignature", False, str(exc)))
            return result
        result.checks.append(("cosignature", True, f"cosigned by {witness_name}"))
    return result


def _cosignature_key(text: str) -> tuple[str, Ed25519PublicKey]:
    # A witness's verifier key names key type 0x04 (cosignature/v1); the key material is Ed25519 alike.
    name, _, rest = text.strip().partition("+")
    _, _, material = rest.partition("+")
    raw = b64decode(material, "the witness key")
    if len(raw) != 33 or raw[0] != 0x04:
        raise ValueError(f"the witness key of {name} is not a cosignature/v1 (type 0x04) key")
    return name, Ed25519PublicKey.from_public_bytes(raw[1:])
