"""Ed25519 signatures over canonical JSON, for audit checkpoints.

A checkpoint document is `{"body": {...}, "signature": "<base64>"}`; the signature covers
`canonical_json(body)`, so reformatting checkpoint.json does not break it but changing any value does.
The key fingerprint is `sha256:` + the hex SHA-256 of the public key's DER SubjectPublicKeyInfo.

Pure Python (cryptography only, no Django): the offline export verifier uses it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from audit.canonical import canonical_json

ALGORITHM = "Ed25519"
_PUBLIC_KEY_BLOCK = re.compile(rb"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", re.DOTALL)


def public_key_fingerprint(public_key: Ed25519PublicKey) -> str:
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "sha256:" + hashlib.sha256(der).hexdigest()


def public_key_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def private_key_pem(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    """An unencrypted PKCS#8 PEM Ed25519 private key; `ValueError` for anything else."""
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"the audit signing key must be Ed25519, not {type(key).__name__}")
    return key


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """A PEM SubjectPublicKeyInfo Ed25519 public key; `ValueError` for anything else."""
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"the audit public key must be Ed25519, not {type(key).__name__}")
    return key


def load_public_keys(pem: bytes) -> list[Ed25519PublicKey]:
    """Every key of a PEM file holding one or more `PUBLIC KEY` blocks (an old and a new key while
    rotating); `ValueError` when there is none or one is not Ed25519."""
    blocks = _PUBLIC_KEY_BLOCK.findall(pem)
    if not blocks:
        raise ValueError("no PEM public key (-----BEGIN PUBLIC KEY-----) in it")
    return [load_public_key(block) for block in blocks]


def sign_body(private_key: Ed25519PrivateKey, body: Mapping[str, Any]) -> str:
    """Base64 of the Ed25519 signature of `canonical_json(body)`."""
    return base64.b64encode(private_key.sign(canonical_json(body))).decode("ascii")


def signature_is_valid(public_key: Ed25519PublicKey, body: Mapping[str, Any], signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError, TypeError):
        return False
    try:
        public_key.verify(raw, canonical_json(body))
    except InvalidSignature:
        return False
    return True
