"""C2PA signers: a certificate chain with its key in a file, or a callback to a KMS/HSM that holds it.

The configured signer is loaded once per process (`configured_signer()`), from settings:

- `ASSAY_C2PA_CERT_CHAIN_FILE`: PEM chain, leaf first, then the intermediate(s).
- `ASSAY_C2PA_KEY_FILE`: the leaf's private key (PEM; converted to the PKCS#8 that c2pa needs), or
- `ASSAY_C2PA_SIGNER_CALLBACK`: dotted path of `sign(data: bytes) -> bytes` that asks a KMS/HSM, so the
  key never enters Assay's processes (ES256 signatures may be DER or raw r||s; PS256 uses salt 32).
- `ASSAY_C2PA_SIGNING_ALG`: es256 (default), es384, es512, ps256, ps384, ps512 or ed25519.
- `ASSAY_C2PA_TSA_URL`: an RFC 3161 timestamp authority; without one, signatures stop validating when
  the signing certificate expires (a warning at load says so).

With no chain configured, development uses the development CA (created on first use under
`ASSAY_C2PA_DEV_CA_DIR`); production refuses to start. Chains are checked at load, so a wrong extended
key usage (the leaf needs c2pa-kp-claimSigning, emailProtection or documentSigning) or an expired
certificate stops the process with a message that says which, instead of every
signature failing later.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import c2pa
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from provenance.devca import create_dev_ca
from provenance.errors import ProvenanceError

logger = logging.getLogger(__name__)

_ALGORITHMS: dict[str, tuple[type, int | None]] = {
    # alg: (leaf key type, EC key size)
    "es256": (ec.EllipticCurvePublicKey, 256),
    "es384": (ec.EllipticCurvePublicKey, 384),
    "es512": (ec.EllipticCurvePublicKey, 521),
    "ps256": (rsa.RSAPublicKey, None),
    "ps384": (rsa.RSAPublicKey, None),
    "ps512": (rsa.RSAPublicKey, None),
    "ed25519": (ed25519.Ed25519PublicKey, None),
}


# The extended key usages a C2PA signing certificate may carry (spec 14.4.1): c2pa-kp-claimSigning, and
# emailProtection or documentSigning, which earlier versions required. The installed c2pa refuses
# claimSigning and documentSigning unless told, so `manifest` hands c2pa this list: loading, signing and
# reading accept the same.
CLAIM_SIGNING = x509.ObjectIdentifier("1.3.6.1.4.1.62558.2.1")
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
SIGNER_EKUS = (CLAIM_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING)


class Signer(Protocol):
    """Signs a C2PA Builder's claim; what the provenance record says about it comes with it."""

    alg: str
    subject: str
    tsa_url: str | None
    development: bool

    def sign(self, builder: c2pa.Builder, mime_type: str, source: BinaryIO, dest: BinaryIO) -> None: ...


def _subject(certificate: x509.Certificate) -> str:
    return certificate.subject.rfc4514_string()


def _load_certificates(chain_pem: bytes, where: str) -> list[x509.Certificate]:
    try:
        certificates = x509.load_pem_x509_certificates(chain_pem)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{where} holds no PEM certificates: {exc}") from exc
    if len(certificates) < 2:
        raise ImproperlyConfigured(
            f"{where} must hold the signing certificate first, then the intermediate CA certificate(s) "
            f"that issued it; it holds {len(certificates)} certificate(s)"
        )
    return certificates


def validate_chain(
    chain_pem: bytes, alg: str, *, where: str, now: datetime | None = None
) -> x509.Certificate:
    """The leaf of `chain_pem` after checking what c2pa will check anyway, with clearer messages."""
    if alg not in _ALGORITHMS:
        raise ImproperlyConfigured(f"ASSAY_C2PA_SIGNING_ALG={alg!r} must be one of {', '.join(_ALGORITHMS)}")
    certificates = _load_certificates(chain_pem, where)
    leaf = certificates[0]
    now = now or datetime.now(UTC)
    for position, certificate in enumerate(certificates):
        what = "the signing (leaf) certificate" if position == 0 else f"chain certificate {position + 1}"
        label = f"{what} {_subject(certificate)!r} in {where}"
        if certificate.not_valid_after_utc < now:
            raise ImproperlyConfigured(
                f"{label} expired on {certificate.not_valid_after_utc:%Y-%m-%d}; c2pa refuses to sign with it"
                " (the certificate was not valid at time of signing). Renew it."
            )
        if certificate.not_valid_before_utc > now:
            raise ImproperlyConfigured(
                f"{label} is not valid before {certificate.not_valid_before_utc:%Y-%m-%d %H:%M} UTC"
            )
        if position + 1 < len(certificates):
            try:
                certificate.verify_directly_issued_by(certificates[position + 1])
            except (InvalidSignature, ValueError, TypeError) as exc:
                raise ImproperlyConfigured(
                    f"{label} is not issued by the next certificate in the chain: list the chain leaf "
                    f"first, each certificate followed by its issuer ({exc.__class__.__name__})"
                ) from exc
    try:
        constraints = leaf.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is not None and constraints.ca:
        raise ImproperlyConfigured(
            f"the signing certificate in {where} is a CA (CA:TRUE); C2PA needs CA:FALSE"
        )
    try:
        usages = list(leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    except x509.ExtensionNotFound:
        usages = []
    if not any(usage in SIGNER_EKUS for usage in usages):
        names = ", ".join(getattr(usage, "_name", usage.dotted_string) for usage in usages) or "none"
        raise ImproperlyConfigured(
            f"the signing certificate {_subject(leaf)!r} in {where} has the wrong extended key usage "
            f"({names}); C2PA signers need c2pa-kp-claimSigning ({CLAIM_SIGNING.dotted_string}), "
            f"emailProtection ({ExtendedKeyUsageOID.EMAIL_PROTECTION.dotted_string}) or documentSigning "
            f"({DOCUMENT_SIGNING.dotted_string})"
        )
    key_type, key_size = _ALGORITHMS[alg]
    public_key = leaf.public_key()
    if not isinstance(public_key, key_type) or (
        key_size is not None and getattr(public_key, "key_size", None) != key_size
    ):
        raise ImproperlyConfigured(
            f"ASSAY_C2PA_SIGNING_ALG={alg} does not fit the signing certificate's "
            f"{type(public_key).__name__.lstrip('_')} key in {where}"
        )
    return leaf


def load_private_key_pkcs8(key_pem: bytes, leaf: x509.Certificate, *, where: str) -> bytes:
    """The key as PKCS#8 PEM (c2pa refuses SEC1 "EC PRIVATE KEY"), checked to belong to `leaf`."""
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"{where} is not an unencrypted PEM private key: {exc}") from exc
    raw = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(serialization.Encoding.DER, raw) != leaf.public_key().public_bytes(
        serialization.Encoding.DER, raw
    ):
        raise ImproperlyConfigured(f"{where} is not the key of the signing certificate {_subject(leaf)!r}")
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _c2pa_error(exc: Exception) -> ProvenanceError:
    return ProvenanceError(f"C2PA signing failed: {exc}")


@dataclass
class FileSigner:
    """Chain and key from PEM bytes (the key stays in this process)."""

    chain_pem: bytes
    key_pem: bytes
    alg: str = "es256"
    tsa_url: str | None = None
    development: bool = False
    where: str = "the certificate chain"
    subject: str = field(init=False)

    # c2pa's signer, parsed from the PEMs once per process (the pid: never one made before a fork) and
    # reused for every image; the lock keeps two threads from signing with it at once.
    _native: tuple[int, c2pa.Signer] | None = field(init=False, default=None, repr=False)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        leaf = validate_chain(self.chain_pem, self.alg, where=self.where)
        self.key_pem = load_private_key_pkcs8(self.key_pem, leaf, where=f"the key for {self.where}")
        self.subject = _subject(leaf)

    def _signer(self) -> c2pa.Signer:
        if self._native is None or self._native[0] != os.getpid():
            info = c2pa.C2paSignerInfo(self.alg.encode(), self.chain_pem, self.key_pem, self.tsa_url)
            self._native = (os.getpid(), c2pa.Signer.from_info(info))
        return self._native[1]

    def sign(self, builder: c2pa.Builder, mime_type: str, source: BinaryIO, dest: BinaryIO) -> None:
        with self._lock:
            try:
                builder.sign(self._signer(), mime_type, source, dest)
            except c2pa.C2paError as exc:
                self._native = None  # whatever went wrong, the next image starts from the PEMs again
                raise _c2pa_error(exc) from exc


@dataclass
class CallbackSigner:
    """The chain is here; the key is wherever `sign_data` sends the bytes to be signed (KMS, HSM)."""

    sign_data: Callable[[bytes], bytes]
    chain_pem: bytes
    alg: str = "es256"
    tsa_url: str | None = None
    development: bool = False
    where: str = "the certificate chain"
    subject: str = field(init=False)

    def __post_init__(self) -> None:
        self.subject = _subject(validate_chain(self.chain_pem, self.alg, where=self.where))

    def sign(self, builder: c2pa.Builder, mime_type: str, source: BinaryIO, dest: BinaryIO) -> None:
        # c2pa only logs an exception raised in the callback and then reports a generic "COSE signature
        # invalid"; keep the real cause to say what went wrong.
        failures: list[Exception] = []

        def callback(data: bytes) -> bytes:
            try:
                return self.sign_data(data)
            except Exception as exc:
                failures.append(exc)
                raise

        try:
            with c2pa.Signer.from_callback(
                callback, c2pa.C2paSigningAlg[self.alg.upper()], self.chain_pem.decode(), self.tsa_url
            ) as signer:
                builder.sign(signer, mime_type, source, dest)
        except c2pa.C2paError as exc:
            if failures:
                cause = failures[0]
                raise ProvenanceError(
                    f"the KMS/HSM signing callback failed: {cause.__class__.__name__}: {cause}"
                ) from cause
            raise _c2pa_error(exc) from exc


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImproperlyConfigured(f"{what}={str(path)!r} cannot be read: {exc.strerror}") from exc


def _dev_ca_dir() -> Path:
    return Path(settings.ASSAY_C2PA_DEV_CA_DIR)


def _production() -> bool:
    return bool(getattr(settings, "PRODUCTION", False))


@functools.cache
def configured_signer() -> Signer:
    """The signer the settings describe, loaded and checked once per process."""
    alg = settings.ASSAY_C2PA_SIGNING_ALG
    tsa_url = settings.ASSAY_C2PA_TSA_URL
    chain_file = settings.ASSAY_C2PA_CERT_CHAIN_FILE
    key_file = settings.ASSAY_C2PA_KEY_FILE
    callback_path = settings.ASSAY_C2PA_SIGNER_CALLBACK
    signer: Signer
    if chain_file:
        where = f"ASSAY_C2PA_CERT_CHAIN_FILE={chain_file}"
        chain_pem = _read(Path(chain_file), "ASSAY_C2PA_CERT_CHAIN_FILE")
        if bool(key_file) == bool(callback_path):
            raise ImproperlyConfigured(
                "set exactly one of ASSAY_C2PA_KEY_FILE (a key in a file) and ASSAY_C2PA_SIGNER_CALLBACK "
                "(a KMS/HSM signing function) beside ASSAY_C2PA_CERT_CHAIN_FILE"
            )
        if callback_path:
            try:
                sign_data = import_string(callback_path)
            except ImportError as exc:
                raise ImproperlyConfigured(f"ASSAY_C2PA_SIGNER_CALLBACK={callback_path!r}: {exc}") from exc
            signer = CallbackSigner(sign_data, chain_pem, alg=alg, tsa_url=tsa_url, where=where)
        else:
            key_pem = _read(Path(key_file), "ASSAY_C2PA_KEY_FILE")
            signer = FileSigner(chain_pem, key_pem, alg=alg, tsa_url=tsa_url, where=where)
    elif _production():
        raise ImproperlyConfigured(
            "ASSAY_C2PA_CERT_CHAIN_FILE must name the C2PA signing chain (leaf first) in production, with "
            "ASSAY_C2PA_KEY_FILE or ASSAY_C2PA_SIGNER_CALLBACK; the development CA is for laptops only"
        )
    else:
        if alg != "es256":
            raise ImproperlyConfigured(
                f"ASSAY_C2PA_SIGNING_ALG={alg} needs a configured chain; the development CA signs with es256"
            )
        paths = create_dev_ca(_dev_ca_dir())
        where = f"the development CA in {paths.directory} (renew: assay keys dev-ca --force)"
        signer = FileSigner(
            _read(paths.chain, "the development chain"),
            _read(paths.key, "the development key"),
            tsa_url=tsa_url,
            development=True,
            where=where,
        )
    if not tsa_url:
        logger.warning(
            "C2PA signing without a timestamp authority (ASSAY_C2PA_TSA_URL unset): signatures by %s stop "
            "validating when its certificate expires",
            signer.subject,
        )
    return signer


@functools.cache
def trust_anchors_pem() -> bytes:
    """The PEM bundle of roots whose signatures verification reports as `Trusted`."""
    anchors_file = settings.ASSAY_C2PA_TRUST_ANCHORS_FILE
    if anchors_file:
        pem = _read(Path(anchors_file), "ASSAY_C2PA_TRUST_ANCHORS_FILE")
        _load_anchor_certificates(pem, f"ASSAY_C2PA_TRUST_ANCHORS_FILE={anchors_file}")
        return pem
    if _production():
        raise ImproperlyConfigured(
            "ASSAY_C2PA_TRUST_ANCHORS_FILE must name a PEM bundle of the roots verification trusts "
            "(at least the root of your own signing chain) in production"
        )
    return _read(create_dev_ca(_dev_ca_dir()).root, "the development root")


def _load_anchor_certificates(pem: bytes, where: str) -> list[x509.Certificate]:
    try:
        return x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{where} holds no PEM certificates: {exc}") from exc


def signing_chain_pem() -> bytes | None:
    """The PEM chain this installation signs with (leaf first; public certificates only): the configured
    one, or the development CA's outside production; None in production without one."""
    chain_file = settings.ASSAY_C2PA_CERT_CHAIN_FILE
    if chain_file:
        return _read(Path(chain_file), "ASSAY_C2PA_CERT_CHAIN_FILE")
    if _production():
        return None
    return _read(create_dev_ca(_dev_ca_dir()).chain, "the development chain")


@dataclass(frozen=True)
class OwnSigners:
    """Who signs for this installation: its signing certificates (`leaves`) and the CA certificates that
    issued them (`issuers_pem`, the trust anchors of the pin)."""

    leaves: tuple[x509.Certificate, ...]
    issuers_pem: bytes


def own_signers_from(pem: bytes, where: str) -> OwnSigners:
    """The leaves and issuing CAs among PEM certificates in any order (a chain, leaf first; chains one
    after another; a previous signer's leaf alone): a CA certificate is an issuer, any other a leaf."""
    try:
        certificates = x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{where} holds no PEM certificates: {exc}") from exc
    leaves, issuers = [], []
    for certificate in certificates:
        try:
            is_ca = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        except x509.ExtensionNotFound:
            is_ca = False
        (issuers if is_ca else leaves).append(certificate)
    issuers_pem = b"".join(certificate.public_bytes(serialization.Encoding.PEM) for certificate in issuers)
    return OwnSigners(leaves=tuple(leaves), issuers_pem=issuers_pem)


def published_signers_pem() -> bytes | None:
    """What GET /v1/verify/signing-chain publishes: the signing chain, then the certificates of signers
    before a rotation (ASSAY_C2PA_PREVIOUS_SIGNERS_FILE); None when there is no chain."""
    chain_pem = signing_chain_pem()
    if chain_pem is None:
        return None
    previous_file = settings.ASSAY_C2PA_PREVIOUS_SIGNERS_FILE
    if previous_file:
        chain_pem = (
            chain_pem.rstrip(b"\n") + b"\n" + _read(Path(previous_file), "ASSAY_C2PA_PREVIOUS_SIGNERS_FILE")
        )
    return chain_pem


@functools.cache
def own_signers() -> OwnSigners:
    """This installation's signers (`own_signers_from` its published certificates). Only certificates are
    read, not the key: the web verifies, and need not hold it. Previous signers' files hold their chains
    (or at least each leaf and its issuer): a leaf alone pins nothing (see `signed_by`)."""
    pem = published_signers_pem()
    return own_signers_from(pem, "the C2PA signing chain") if pem else OwnSigners(leaves=(), issuers_pem=b"")


def signed_by(signer: dict[str, Any] | None, state_under_own_issuers: str | None, own: OwnSigners) -> bool:
    """Whether a manifest was signed by one of `own`'s leaves. c2pa reports the signer's serial number and
    names, not the certificate, so the pin is two facts: read with only `own`'s issuing CAs as trust
    anchors, the manifest is Trusted (its signer was issued by one of them), and the signer's serial
    number is one of `own`'s leaves' (an issuer gives a serial number once). Names alone pin nothing:
    anyone with a CA under any anchor can copy them, serial included."""
    if state_under_own_issuers != "Trusted" or not signer or signer.get("serial_number") is None:
        return False
    return any(
        str(leaf.serial_number) == signer["serial_number"] and _common_name(leaf) == signer.get("common_name")
        for leaf in own.leaves
    )


def _common_name(certificate: x509.Certificate) -> str | None:
    values = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else None


def trust_anchor_subjects() -> list[str]:
    return [_subject(certificate) for certificate in x509.load_pem_x509_certificates(trust_anchors_pem())]


def validate_configuration() -> dict[str, Any]:
    """Load the signer and the trust anchors now, so that a worker with a bad configuration stops at
    start (`worker_init`, see controlplane/celery.py) instead of at its first image."""
    signer = configured_signer()
    return {
        "signer": signer.subject,
        "alg": signer.alg,
        "tsa": signer.tsa_url,
        "development": signer.development,
        "trust_anchors": trust_anchor_subjects(),
    }


@receiver(setting_changed)
def _forget_loaded(*, setting: str, **kwargs: Any) -> None:
    """Tests override the settings; a changed setting means the next use loads again."""
    if setting.startswith("ASSAY_C2PA_") or setting == "PRODUCTION":
        configured_signer.cache_clear()
        trust_anchors_pem.cache_clear()
        own_signers.cache_clear()
