"""Keys and tokens named on the command line of `assay audit monitor` and `assay witness`.

Each reads only files (or the environment), never the database or settings, so the monitor and the
witness run on an auditor's laptop. Errors are ValueError with the file and what is wrong.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit.notes import NoteError, parse_verifier_key
from audit.signing import load_private_key, load_public_keys, private_key_pem

TOKEN_VARIABLE = "ASSAY_AUDITOR_KEY"  # noqa: S105 (the name of a variable, not a secret)


def log_public_keys(values: Iterable[str]) -> list[Ed25519PublicKey]:
    """The keys of `--key` values: a PEM file (one or more keys, e.g. across a rotation), a C2SP verifier
    key string, or a file holding one."""
    keys: list[Ed25519PublicKey] = []
    for value in values:
        path = Path(value)
        text = value
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ValueError(f"the key file {path} cannot be read: {exc}") from exc
        try:
            if "-----BEGIN" in text:
                keys += load_public_keys(text.encode())
            else:
                keys.append(parse_verifier_key(text)[1])
        except (ValueError, NoteError) as exc:
            raise ValueError(
                f"{value!r} is neither a PEM public key (file) nor a C2SP verifier key: {exc}"
            ) from exc
    return keys


def auditor_token(token_file: Path | None) -> str | None:
    """The auditor's API key for HTTP logs: from the file, else $ASSAY_AUDITOR_KEY (never an argument,
    which other users of the machine can read in the process list)."""
    if token_file is None:
        return os.environ.get(TOKEN_VARIABLE) or None
    try:
        return token_file.read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"the token file {token_file} cannot be read: {exc}") from exc


def read_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        return load_private_key(path.read_bytes())
    except OSError as exc:
        raise ValueError(f"the key {path} cannot be read: {exc.strerror}") from exc
    except ValueError as exc:
        raise ValueError(f"the key {path} is not an Ed25519 PKCS#8 PEM private key: {exc}") from exc


def create_private_key(path: Path) -> Ed25519PrivateKey:
    """A new Ed25519 key written to `path` (mode 0600 from the start); ValueError if the file exists."""
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ValueError(
            f"{path} exists already; a witness keeps its key (remove it by hand to replace it)"
        ) from None
    with contextlib.closing(os.fdopen(descriptor, "wb")) as handle:
        handle.write(private_key_pem(key))
    return key
