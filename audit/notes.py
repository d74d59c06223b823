"""The C2SP text formats of the Merkle logs: signed notes, checkpoints, cosignatures and tlog-proof files.

- c2sp.org/signed-note: `<text ending in \\n>\\n` then one line per signature,
  `— <key name> <base64(key ID || signature)>\\n`; an Ed25519 key's ID is the first 4 bytes of
  SHA-256(key name || 0x0A || 0x01 || 32-byte public key), and it signs the text. A verifier key is
  written `<key name>+<hex key ID>+<base64(0x01 || public key)>`.
- c2sp.org/tlog-checkpoint: the note text is `<origin>\\n<tree size>\\n<base64 root hash>\\n`. Assay's
  logs are named `<installation>/<tenant public id>` (`<installation>/platform` for the platform log),
  and the log key's name is the origin.
- c2sp.org/tlog-cosignature (cosignature/v1): a witness signs
  `cosignature/v1\\ntime <unix seconds>\\n<checkpoint text>`; its key ID uses type 0x04, and the
  signature line carries 8 bytes of big-endian time before the 64-byte signature.
- c2sp.org/tlog-witness: an add-checkpoint request is `old <size>\\n`, the consistency proof from that
  size (one base64 hash a line), a blank line, then the signed checkpoint note.
- c2sp.org/tlog-proof (v1): `c2sp.org/tlog-proof@v1\\n[extra <base64>\\n]index <i>\\n<base64 hash>\\n...
  \\n<signed checkpoint note>`.

Base64 is standard with padding; decoders refuse any other spelling. Every parser and verifier raises
`NoteError` with the reason. Pure Python (cryptography only, no Django): offline verifiers use it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit.merkle import HASH_SIZE

SIGNATURE_ED25519 = 0x01
SIGNATURE_COSIGNATURE_V1 = 0x04
PROOF_HEADER = "c2sp.org/tlog-proof@v1"
COSIGNATURE_HEADER = "cosignature/v1"
_SIGNATURE_PREFIX = "\u2014 "
_DECIMAL = re.compile(r"\A(0|[1-9][0-9]*)\Z")


class NoteError(ValueError):
    """A note, checkpoint, cosignature or proof file that is malformed or does not verify."""


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str, what: str) -> bytes:
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise NoteError(f"{what} is not base64") from None
    if b64encode(data) != text:
        raise NoteError(f"{what} is not canonical base64")
    return data


def _raw_public_key(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _check_name(name: str) -> None:
    if not name or any(ch.isspace() or ch == "+" or ord(ch) < 0x20 for ch in name):
        raise NoteError(f"key name {name!r} must be non-empty, without spaces or '+'")


def key_id(name: str, signature_type: int, public_key: Ed25519PublicKey) -> bytes:
    _check_name(name)
    material = name.encode() + b"\n" + bytes([signature_type]) + _raw_public_key(public_key)
    return hashlib.sha256(material).digest()[:4]


def verifier_key(name: str, public_key: Ed25519PublicKey) -> str:
    """The signed-note verifier key string of an Ed25519 key under `name`."""
    raw = bytes([SIGNATURE_ED25519]) + _raw_public_key(public_key)
    return f"{name}+{key_id(name, SIGNATURE_ED25519, public_key).hex()}+{b64encode(raw)}"


def cosignature_verifier_key(name: str, public_key: Ed25519PublicKey) -> str:
    """A witness's verifier key string: key type 0x04 (cosignature/v1) with its Ed25519 public key."""
    raw = bytes([SIGNATURE_COSIGNATURE_V1]) + _raw_public_key(public_key)
    return f"{name}+{key_id(name, SIGNATURE_COSIGNATURE_V1, public_key).hex()}+{b64encode(raw)}"


def parse_verifier_key(text: str) -> tuple[str, Ed25519PublicKey]:
    """(name, public key) of a verifier key string; the key ID must match the name and the key."""
    return _parse_key(text, SIGNATURE_ED25519, "an Ed25519 (type 0x01) key")


def parse_cosignature_verifier_key(text: str) -> tuple[str, Ed25519PublicKey]:
    """(name, public key) of a witness's verifier key string (type 0x04, cosignature/v1)."""
    return _parse_key(text, SIGNATURE_COSIGNATURE_V1, "a witness's cosignature/v1 (type 0x04) key")


def _parse_key(text: str, signature_type: int, kind: str) -> tuple[str, Ed25519PublicKey]:
    name, sep1, rest = text.strip().partition("+")
    hex_id, sep2, material = rest.partition("+")
    if not (sep1 and sep2):
        raise NoteError("a verifier key is <name>+<hex key ID>+<base64 key>")
    raw = b64decode(material, "the verifier key")
    if len(raw) != 33 or raw[0] != signature_type:
        raise NoteError(f"the verifier key is not {kind}")
    public_key = Ed25519PublicKey.from_public_bytes(raw[1:])
    if key_id(name, signature_type, public_key).hex() != hex_id:
        raise NoteError(f"the verifier key's ID {hex_id} does not match its name and key")
    return name, public_key


@dataclass(frozen=True)
class Signature:
    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        return f"{_SIGNATURE_PREFIX}{self.name} {b64encode(self.key_id + self.signature)}\n"


@dataclass(frozen=True)
class Note:
    text: str
    signatures: tuple[Signature, ...]

    def __str__(self) -> str:
        return self.text + "\n" + "".join(signature.line() for signature in self.signatures)

    def with_signature(self, signature: Signature) -> Note:
        return Note(self.text, (*self.signatures, signature))


def sign_note(text: str, name: str, private_key: Ed25519PrivateKey) -> Note:
    if not text.endswith("\n"):
        raise NoteError("a note's text ends with a newline")
    signature = private_key.sign(text.encode())
    return Note(
        text, (Signature(name, key_id(name, SIGNATURE_ED25519, private_key.public_key()), signature),)
    )


def parse_note(data: str) -> Note:
    """A signed note; the text is everything before the last blank line."""
    text, sep, signature_block = data.rpartition("\n\n")
    if not sep or not signature_block.endswith("\n"):
        raise NoteError("a signed note is text, a blank line and signature lines, each ending in a newline")
    signatures = []
    for line in signature_block[:-1].split("\n"):
        if not line.startswith(_SIGNATURE_PREFIX):
            raise NoteError(f"signature line {line!r} does not start with an em dash and a space")
        name, _, encoded = line[len(_SIGNATURE_PREFIX) :].partition(" ")
        _check_name(name)
        raw = b64decode(encoded, f"the signature of {name}")
        if len(raw) < 5:
            raise NoteError(f"the signature of {name} is too short")
        signatures.append(Signature(name, raw[:4], raw[4:]))
    return Note(text + "\n", tuple(signatures))


def verify_note(note: Note, name: str, public_keys: Iterable[Ed25519PublicKey]) -> Ed25519PublicKey:
    """The key, of `public_keys` under `name`, whose signature on the note holds; NoteError otherwise."""
    keys = {key_id(name, SIGNATURE_ED25519, key): key for key in public_keys}
    found = [
        signature for signature in note.signatures if signature.name == name and signature.key_id in keys
    ]
    if not found:
        raise NoteError(f"the note has no signature by {name} under a trusted key")
    key = keys[found[0].key_id]
    try:
        key.verify(found[0].signature, note.text.encode())
    except InvalidSignature:
        raise NoteError(f"the signature by {name} does not verify: the note was changed") from None
    return key


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{b64encode(self.root)}\n"


def parse_checkpoint(text: str) -> Checkpoint:
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise NoteError("a checkpoint is an origin, a tree size and a root hash, one per line")
    origin, size, root = lines[0], lines[1], lines[2]
    if not origin:
        raise NoteError("the checkpoint has no origin")
    if not _DECIMAL.match(size):
        raise NoteError(f"the checkpoint's tree size {size!r} is not a decimal number")
    root_hash = b64decode(root, "the checkpoint's root hash")
    if len(root_hash) != HASH_SIZE:
        raise NoteError("the checkpoint's root hash is not 32 bytes")
    return Checkpoint(origin, int(size), root_hash)


def verify_checkpoint(data: str, origin: str, public_keys: Iterable[Ed25519PublicKey]) -> Checkpoint:
    """The checkpoint of a signed note, after its origin and the log's signature are checked."""
    note = parse_note(data)
    checkpoint = parse_checkpoint(note.text)
    if checkpoint.origin != origin:
        raise NoteError(f"the checkpoint is for log {checkpoint.origin!r}, not {origin!r}")
    verify_note(note, origin, public_keys)
    return checkpoint


def cosignature_message(checkpoint_text: str, timestamp: int) -> bytes:
    return f"{COSIGNATURE_HEADER}\ntime {timestamp}\n{checkpoint_text}".encode()


def cosign(checkpoint_text: str, name: str, private_key: Ed25519PrivateKey, timestamp: int) -> Signature:
    """A witness's cosignature/v1 line on a checkpoint (the caller has checked its consistency)."""
    signature = private_key.sign(cosignature_message(checkpoint_text, timestamp))
    identifier = key_id(name, SIGNATURE_COSIGNATURE_V1, private_key.public_key())
    return Signature(name, identifier, timestamp.to_bytes(8, "big") + signature)


def verify_cosignature(note: Note, name: str, public_key: Ed25519PublicKey) -> int:
    """The time of the witness's valid cosignature on the note's checkpoint; NoteError otherwise."""
    identifier = key_id(name, SIGNATURE_COSIGNATURE_V1, public_key)
    found = [
        signature
        for signature in note.signatures
        if signature.name == name and signature.key_id == identifier
    ]
    if not found:
        raise NoteError(f"the checkpoint has no cosignature by witness {name}")
    signature = found[0].signature
    if len(signature) != 72:
        raise NoteError(f"the cosignature by {name} is not 8 bytes of time and 64 of signature")
    timestamp = int.from_bytes(signature[:8], "big")
    try:
        public_key.verify(signature[8:], cosignature_message(note.text, timestamp))
    except InvalidSignature:
        raise NoteError(f"the cosignature by {name} does not verify") from None
    return timestamp


@dataclass(frozen=True)
class Proof:
    """A tlog-proof file: the leaf index, the inclusion proof and the signed checkpoint note."""

    index: int
    hashes: tuple[bytes, ...]
    checkpoint_note: str
    extra: bytes | None = None

    def __str__(self) -> str:
        lines = [PROOF_HEADER]
        if self.extra is not None:
            lines.append(f"extra {b64encode(self.extra)}")
        lines.append(f"index {self.index}")
        lines += [b64encode(hash_) for hash_ in self.hashes]
        return "\n".join(lines) + "\n\n" + self.checkpoint_note


def parse_proof(data: str) -> Proof:
    header, sep, rest = data.partition("\n")
    if header != PROOF_HEADER or not sep:
        raise NoteError(f"a tlog-proof file starts with the line {PROOF_HEADER}")
    head, sep, checkpoint_note = rest.partition("\n\n")
    if not sep:
        raise NoteError("the proof has no blank line before its checkpoint")
    lines = head.split("\n")
    extra = None
    if lines[0].startswith("extra "):
        extra = b64decode(lines.pop(0)[len("extra ") :], "the extra data")
    if not lines or not lines[0].startswith("index ") or not _DECIMAL.match(lines[0][len("index ") :]):
        raise NoteError("the proof's index line is missing or not `index <decimal>`")
    index = int(lines[0][len("index ") :])
    hashes = []
    for position, line in enumerate(lines[1:]):
        hash_ = b64decode(line, f"proof hash {position}")
        if len(hash_) != HASH_SIZE:
            raise NoteError(f"proof hash {position} is not 32 bytes")
        hashes.append(hash_)
    return Proof(index=index, hashes=tuple(hashes), checkpoint_note=checkpoint_note, extra=extra)


@dataclass(frozen=True)
class WitnessRequest:
    """A tlog-witness add-checkpoint request: the size the caller believes the witness is at, the
    consistency proof from it to the checkpoint, and the signed checkpoint note."""

    old_size: int
    proof: tuple[bytes, ...]
    checkpoint_note: str

    def __str__(self) -> str:
        lines = [f"old {self.old_size}", *(b64encode(hash_) for hash_ in self.proof)]
        return "\n".join(lines) + "\n\n" + self.checkpoint_note


def parse_witness_request(data: str) -> WitnessRequest:
    head, sep, checkpoint_note = data.partition("\n\n")
    if not sep:
        raise NoteError(
            "a witness request is an `old <size>` line, proof lines, a blank line and a checkpoint"
        )
    lines = head.split("\n")
    if not lines[0].startswith("old ") or not _DECIMAL.match(lines[0][len("old ") :]):
        raise NoteError("the witness request's first line is not `old <decimal size>`")
    proof = []
    for position, line in enumerate(lines[1:]):
        hash_ = b64decode(line, f"consistency proof hash {position}")
        if len(hash_) != HASH_SIZE:
            raise NoteError(f"consistency proof hash {position} is not 32 bytes")
        proof.append(hash_)
    return WitnessRequest(int(lines[0][len("old ") :]), tuple(proof), checkpoint_note)
