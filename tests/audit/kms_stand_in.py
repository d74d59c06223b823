"""A stand-in for a KMS/HSM behind ASSAY_AUDIT_SIGNER_CALLBACK: it signs with a key in a file that the
test names in KMS_KEY_FILE (a real KMS keeps the key; the callback contract is the same)."""

from __future__ import annotations

import os
from pathlib import Path

from audit.signing import load_private_key


def sign(data: bytes) -> bytes:
    return load_private_key(Path(os.environ["KMS_KEY_FILE"]).read_bytes()).sign(data)


def unavailable(data: bytes) -> bytes:
    raise ConnectionError("the KMS did not answer")
