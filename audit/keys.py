"""The platform's Ed25519 audit signing key, from settings: in a file, or behind a KMS/HSM callback.

- `ASSAY_AUDIT_SIGNING_KEY_FILE` names an unencrypted PKCS#8 PEM file;
- or `ASSAY_AUDIT_SIGNER_CALLBACK` is the dotted path of `sign(data: bytes) -> bytes` that asks a
  KMS/HSM for an Ed25519 signature, with `ASSAY_AUDIT_SIGNER_PUBLIC_KEY_FILE` the PEM of its public key
  (each signature is checked against it before use, so a wrong key or a failing KMS signs nothing).

When neither is set (laptops, tests), a development key is generated on first use at
`VAR_DIR/keys/audit-ed25519.pem` (mode 0600) and the checkpoints it signs say so; in production
(`settings.PRODUCTION`) one of the two is mandatory.

Rotation: point the setting at the new key and list the old public key beside the new one in
ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE (audit.trust). The key history is the platform chain itself: every
`audit.checkpoint_created` event records the fingerprint of the key that signed that checkpoint.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from audit.signing import load_private_key, load_public_key, private_key_pem


class AuditSigningError(RuntimeError):
    """The KMS/HSM callback failed or answered with a signature its public key does not verify."""


class CallbackSigner:
    """An Ed25519 key held by a KMS/HSM: signs like Ed25519PrivateKey, through the callback."""

    def __init__(self, sign: Callable[[bytes], bytes], public_key: Ed25519PublicKey, path: str) -> None:
        self._sign = sign
        self._public_key = public_key
        self._path = path

    def public_key(self) -> Ed25519PublicKey:
        return self._public_key

    def sign(self, data: bytes) -> bytes:
        try:
            signature = self._sign(data)
        except Exception as exc:  # any failure of the operator's callback: say which, sign nothing
            raise AuditSigningError(
                f"the audit signing callback {self._path} failed: {type(exc).__name__}: {exc}"
            ) from exc
        try:
            self._public_key.verify(signature, data)
        except (InvalidSignature, TypeError) as exc:
            raise AuditSigningError(
                f"the audit signing callback {self._path} answered with a signature that "
                "ASSAY_AUDIT_SIGNER_PUBLIC_KEY_FILE does not verify: the KMS key and the public key differ"
            ) from exc
        return signature


DEVELOPMENT_KEY_NAME = "audit-ed25519.pem"


@dataclass(frozen=True)
class SigningKey:
    # Ed25519PrivateKey's face (sign, public_key) either way; for a KMS the key never leaves it.
    private_key: Ed25519PrivateKey | CallbackSigner
    development: bool


def platform_signing_key() -> SigningKey:
    configured = getattr(settings, "ASSAY_AUDIT_SIGNING_KEY_FILE", None)
    callback = getattr(settings, "ASSAY_AUDIT_SIGNER_CALLBACK", None)
    if configured and callback:
        raise ImproperlyConfigured(
            "set one of ASSAY_AUDIT_SIGNING_KEY_FILE (a key in a file) and ASSAY_AUDIT_SIGNER_CALLBACK "
            "(a KMS/HSM), not both"
        )
    if callback:
        return SigningKey(private_key=_callback_signer(callback), development=False)
    if configured:
        return SigningKey(private_key=_read_key(Path(configured)), development=False)
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured(
            "ASSAY_AUDIT_SIGNING_KEY_FILE must name the platform's Ed25519 audit key (PKCS#8 PEM), or "
            "ASSAY_AUDIT_SIGNER_CALLBACK a KMS/HSM callback, in production"
        )
    path = Path(settings.VAR_DIR) / "keys" / DEVELOPMENT_KEY_NAME
    if not path.exists():
        _create_development_key(path)
    return SigningKey(private_key=_read_key(path), development=True)


def _callback_signer(path: str) -> CallbackSigner:
    public_file = getattr(settings, "ASSAY_AUDIT_SIGNER_PUBLIC_KEY_FILE", None)
    if not public_file:
        raise ImproperlyConfigured(
            "ASSAY_AUDIT_SIGNER_CALLBACK needs ASSAY_AUDIT_SIGNER_PUBLIC_KEY_FILE: the PEM public key of the "
            "KMS/HSM key"
        )
    try:
        sign = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"ASSAY_AUDIT_SIGNER_CALLBACK={path!r}: {exc}") from exc
    try:
        public_key = load_public_key(Path(public_file).read_bytes())
    except OSError as exc:
        raise ImproperlyConfigured(
            f"ASSAY_AUDIT_SIGNER_PUBLIC_KEY_FILE {public_file}: {exc.strerror}"
        ) from exc
    except ValueError as exc:
        raise ImproperlyConfigured(f"ASSAY_AUDIT_SIGNER_PUBLIC_KEY_FILE {public_file}: {exc}") from exc
    return CallbackSigner(sign, public_key, path)


def _read_key(path: Path) -> Ed25519PrivateKey:
    try:
        return load_private_key(path.read_bytes())
    except OSError as exc:
        raise ImproperlyConfigured(f"the audit signing key {path} cannot be read: {exc.strerror}") from exc
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"the audit signing key {path} is not an Ed25519 PKCS#8 PEM key: {exc}"
        ) from exc


def _create_development_key(path: Path) -> None:
    """Write a new key at `path` unless another process got there first.

    The key is written to a temporary file (0600 from the start) and hard-linked into place, so a
    concurrent reader never sees a half-written file and the first writer wins.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(private_key_pem(Ed25519PrivateKey.generate()))
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
