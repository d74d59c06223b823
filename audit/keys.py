"""The platform's Ed25519 audit signing key, from settings.

`ASSAY_AUDIT_SIGNING_KEY_FILE` names an unencrypted PKCS#8 PEM file. When it is unset (laptops, tests),
a development key is generated on first use at `VAR_DIR/keys/audit-ed25519.pem` (mode 0600) and the
checkpoints it signs say so; in production (`settings.PRODUCTION`) the setting is mandatory.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from audit.signing import load_private_key, private_key_pem

DEVELOPMENT_KEY_NAME = "audit-ed25519.pem"


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    development: bool


def platform_signing_key() -> SigningKey:
    configured = getattr(settings, "ASSAY_AUDIT_SIGNING_KEY_FILE", None)
    if configured:
        return SigningKey(private_key=_read_key(Path(configured)), development=False)
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured(
            "ASSAY_AUDIT_SIGNING_KEY_FILE must name the platform's Ed25519 audit key (PKCS#8 PEM) "
            "in production"
        )
    path = Path(settings.VAR_DIR) / "keys" / DEVELOPMENT_KEY_NAME
    if not path.exists():
        _create_development_key(path)
    return SigningKey(private_key=_read_key(path), development=True)


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
