"""Certificate chains for C2PA signing: the development CA that `make run` uses, and test chains.

A chain is root -> intermediate -> leaf. The leaf is what c2pa accepts by default: CA:FALSE, key usage
digitalSignature, extended key usage emailProtection (documentSigning or the C2PA claim-signing OID only
work when listed in c2pa's trust config at both sign and read time). The development CA's names say
"DEVELOPMENT" so that anyone reading a manifest signed with it sees what it is.

Only the root certificate, the chain (leaf first, then the intermediate) and the leaf's key are kept: the
root and intermediate keys are thrown away, so the development CA cannot issue anything else.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KeyType = Literal["ec", "ed25519", "rsa"]
PrivateKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey | rsa.RSAPrivateKey

ROOT_FILE = "root.pem"
CHAIN_FILE = "chain.pem"
KEY_FILE = "signing-key.pem"
README_FILE = "README.txt"

_README = """DEVELOPMENT CREDENTIALS - NOT FOR PRODUCTION

Created by `assay keys dev-ca` (or on first use in development) for signing C2PA Content Credentials on
this machine only. Nobody else trusts this root: files signed with it read back "Trusted" only where
{root} is configured as a trust anchor (ASSAY_C2PA_TRUST_ANCHORS_FILE; the development default).

  {root}   the development root certificate (trust anchor for verification)
  {chain}  the signing chain, leaf first, then the intermediate
  {key}    the leaf's private key (PKCS#8, unencrypted)

Production sets ASSAY_C2PA_CERT_CHAIN_FILE and ASSAY_C2PA_KEY_FILE (or a KMS callback) to a chain issued
by a CA that verifiers trust.
"""


@dataclass(frozen=True)
class Chain:
    """PEM bytes of a chain: the trust anchor, the signing chain (leaf first) and the leaf's PKCS#8 key."""

    root_pem: bytes
    chain_pem: bytes
    key_pem: bytes


def _new_key(key_type: KeyType) -> PrivateKey:
    if key_type == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if key_type == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def _hash_for(key: PrivateKey) -> hashes.HashAlgorithm | None:
    return None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        ]
    )


def _key_usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


def _certificate(
    *,
    subject: x509.Name,
    public_key: object,
    issuer: x509.Name,
    issuer_key: PrivateKey,
    not_before: datetime,
    not_after: datetime,
    path_length: int | None,
    leaf_eku: list[x509.ObjectIdentifier] | None = None,
) -> x509.Certificate:
    is_ca = leaf_eku is None
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)  # type: ignore[arg-type]
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=path_length), critical=True)
        .add_extension(_key_usage(signing=not is_ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)  # type: ignore[arg-type]
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    )
    if leaf_eku is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage(leaf_eku), critical=False)
    return builder.sign(issuer_key, _hash_for(issuer_key))  # type: ignore[arg-type]


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def private_key_pkcs8(key: PrivateKey) -> bytes:
    """PKCS#8 ("BEGIN PRIVATE KEY"): the one key encoding c2pa accepts (SEC1 "EC PRIVATE KEY" is refused)."""
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def build_chain(
    name: str,
    *,
    key_type: KeyType = "ec",
    organization: str = "Assay",
    leaf_eku: list[x509.ObjectIdentifier] | None = None,
    leaf_not_before: datetime | None = None,
    leaf_not_after: datetime | None = None,
    ca_years: int = 10,
    leaf_days: int = 2 * 365,
) -> Chain:
    """A new root -> intermediate -> leaf chain; `name` prefixes the three common names.

    The CA keys are EC P-256 whatever the leaf's `key_type`. `leaf_eku` and the leaf's validity can be
    set to build the broken chains that tests feed to the loader.
    """
    now = datetime.now(UTC) - timedelta(minutes=5)  # clock skew between this host and a verifier
    root_key = ec.generate_private_key(ec.SECP256R1())
    intermediate_key = ec.generate_private_key(ec.SECP256R1())
    leaf_key = _new_key(key_type)
    root_name = _name(f"{name} Root CA", organization)
    intermediate_name = _name(f"{name} Intermediate CA", organization)
    ca_until = now + timedelta(days=365 * ca_years)
    root = _certificate(
        subject=root_name,
        public_key=root_key.public_key(),
        issuer=root_name,
        issuer_key=root_key,
        not_before=now,
        not_after=ca_until,
        path_length=1,
    )
    intermediate = _certificate(
        subject=intermediate_name,
        public_key=intermediate_key.public_key(),
        issuer=root_name,
        issuer_key=root_key,
        not_before=now,
        not_after=ca_until,
        path_length=0,
    )
    leaf = _certificate(
        subject=_name(f"{name} Content Credentials Signer", organization),
        public_key=leaf_key.public_key(),
        issuer=intermediate_name,
        issuer_key=intermediate_key,
        not_before=leaf_not_before or now,
        not_after=leaf_not_after or now + timedelta(days=leaf_days),
        path_length=None,
        leaf_eku=leaf_eku if leaf_eku is not None else [ExtendedKeyUsageOID.EMAIL_PROTECTION],
    )
    return Chain(
        root_pem=_pem(root), chain_pem=_pem(leaf) + _pem(intermediate), key_pem=private_key_pkcs8(leaf_key)
    )


@dataclass(frozen=True)
class DevCaPaths:
    directory: Path

    @property
    def root(self) -> Path:
        return self.directory / ROOT_FILE

    @property
    def chain(self) -> Path:
        return self.directory / CHAIN_FILE

    @property
    def key(self) -> Path:
        return self.directory / KEY_FILE

    def exists(self) -> bool:
        return self.root.exists() and self.chain.exists() and self.key.exists()


def create_dev_ca(directory: Path, *, force: bool = False) -> DevCaPaths:
    """Write the development CA into `directory` unless it is there already (or `force`).

    The files are written into a temporary folder that is then renamed into place, so two processes
    racing on first run never mix one's key with the other's chain: the first rename wins and the loser
    throws its set away.
    """
    paths = DevCaPaths(directory)
    if paths.exists() and not force:
        return paths
    directory.parent.mkdir(parents=True, exist_ok=True)
    chain = build_chain("Assay DEVELOPMENT", organization="Assay development (not trusted)")
    staging = Path(tempfile.mkdtemp(dir=directory.parent, prefix=f".{directory.name}-"))
    try:
        (staging / KEY_FILE).write_bytes(chain.key_pem)
        (staging / KEY_FILE).chmod(0o600)
        (staging / CHAIN_FILE).write_bytes(chain.chain_pem)
        (staging / ROOT_FILE).write_bytes(chain.root_pem)
        (staging / README_FILE).write_text(_README.format(root=ROOT_FILE, chain=CHAIN_FILE, key=KEY_FILE))
        staging.chmod(0o755)
        if directory.exists() and (force or not paths.exists()):
            retired = Path(tempfile.mkdtemp(dir=directory.parent, prefix=f".{directory.name}-old-"))
            os.replace(directory, retired / directory.name)
            shutil.rmtree(retired)
        with contextlib.suppress(OSError):
            os.rename(staging, directory)  # fails when another process created it first
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return paths
