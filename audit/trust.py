"""The public keys that audit checkpoints are checked against: the operator's, never one stored beside them.

A checkpoint row keeps the PEM of the key that signed it and an export ships public_key.pem, but whoever
can rewrite the rows or the files can rewrite those too, so neither is ever trusted. Trusted keys are:

- `--public-key` on the command line, when given;
- otherwise `ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE`: one or more PEM files (a list, or paths separated by
  commas), each holding one or more Ed25519 public keys; list the old key beside the new one when the
  signing key is rotated, or the old checkpoints stop verifying;
- otherwise the public key of the platform's own signing key (`ASSAY_AUDIT_SIGNING_KEY_FILE`, or the
  development key): it lives in a file outside the database, which is what matters against someone who
  controls the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from audit.keys import platform_signing_key
from audit.signing import load_public_keys, public_key_fingerprint

SETTING = "ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE"


@dataclass(frozen=True)
class TrustedKeys:
    """Public keys by fingerprint, and where they came from (for messages)."""

    keys: Mapping[str, Ed25519PublicKey]
    source: str

    def describe(self) -> str:
        return f"{', '.join(self.keys)} ({self.source})"


def read_public_key_files(paths: Iterable[str | Path], *, source: str) -> TrustedKeys:
    """The keys in the given PEM files; `ValueError` naming the file that cannot be used."""
    keys: dict[str, Ed25519PublicKey] = {}
    for path in map(Path, paths):
        try:
            pem = path.read_bytes()
        except OSError as exc:
            raise ValueError(f"the public key file {path} cannot be read: {exc.strerror}") from exc
        try:
            loaded = load_public_keys(pem)
        except ValueError as exc:
            raise ValueError(f"{path} is not a PEM file of Ed25519 public keys: {exc}") from exc
        keys |= {public_key_fingerprint(key): key for key in loaded}
    if not keys:
        raise ValueError("no public key file was given")
    return TrustedKeys(keys=keys, source=source)


def configured_key_files() -> list[str]:
    """The paths in ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE (a path, comma-separated paths, or a list)."""
    configured = getattr(settings, SETTING, None)
    if not configured:
        return []
    if isinstance(configured, str | Path):
        return [part.strip() for part in str(configured).split(",") if part.strip()]
    return [str(path) for path in configured]


def trusted_public_keys() -> TrustedKeys:
    """The operator's trusted keys (see the module docstring); `ImproperlyConfigured` says what to set."""
    files = configured_key_files()
    if files:
        try:
            return read_public_key_files(files, source=SETTING)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{SETTING}: {exc}") from exc
    try:
        signing_key = platform_signing_key()
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(
            f"{exc}; to verify without the private key, set {SETTING} to the platform's public key(s)"
        ) from exc
    public_key = signing_key.private_key.public_key()
    source = (
        "the development signing key's public key"
        if signing_key.development
        else "the public key of ASSAY_AUDIT_SIGNING_KEY_FILE"
    )
    return TrustedKeys(keys={public_key_fingerprint(public_key): public_key}, source=source)
