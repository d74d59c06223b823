"""`c2pa.own_signer`: a manifest is this installation's only when its signer is one of its own signing
certificates. c2pa reports a signer's serial number and names, not the certificate, so the pin is the
serial under the installation's own issuing CA: names can be copied by anyone with a CA under any anchor
(a real CA's leaf carries its own organisation, not the CA's), and a signer before a rotation still
counts when its chain is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from provenance import manifest
from provenance.devca import _certificate, _pem, private_key_pkcs8
from provenance.services import verify
from provenance.signers import FileSigner, published_signers_pem
from tests.provenance.conftest import encode, photo


def _name(common_name: str, organization: str | None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    return x509.Name(attributes)


@dataclass
class Ca:
    root_pem: bytes
    intermediate: x509.Certificate
    intermediate_name: x509.Name
    intermediate_key: ec.EllipticCurvePrivateKey

    @classmethod
    def new(cls, name: str) -> Ca:
        now = datetime.now(UTC) - timedelta(minutes=5)
        root_key, intermediate_key = (
            ec.generate_private_key(ec.SECP256R1()),
            ec.generate_private_key(ec.SECP256R1()),
        )
        root_name, intermediate_name = _name(f"{name} Root", name), _name(f"{name} Issuing CA", name)
        root = _certificate(
            subject=root_name, public_key=root_key.public_key(), issuer=root_name, issuer_key=root_key,
            not_before=now, not_after=now + timedelta(days=3650), path_length=1,
        )  # fmt: skip
        intermediate = _certificate(
            subject=intermediate_name, public_key=intermediate_key.public_key(), issuer=root_name,
            issuer_key=root_key, not_before=now, not_after=now + timedelta(days=3650), path_length=0,
        )  # fmt: skip
        return cls(_pem(root), intermediate, intermediate_name, intermediate_key)

    def leaf(
        self, common_name: str, organization: str | None, serial: int | None = None
    ) -> tuple[bytes, bytes]:
        """(chain PEM, key PEM) of a signing leaf this CA issues, with `serial` when given."""
        now = datetime.now(UTC) - timedelta(minutes=5)
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = _certificate(
            subject=_name(common_name, organization), public_key=key.public_key(),
            issuer=self.intermediate_name, issuer_key=self.intermediate_key, not_before=now,
            not_after=now + timedelta(days=365), path_length=None,
            leaf_eku=[ExtendedKeyUsageOID.EMAIL_PROTECTION],
        )  # fmt: skip
        if serial is not None:  # the same certificate, with the serial number asked for
            builder = (
                x509.CertificateBuilder()
                .subject_name(certificate.subject)
                .issuer_name(certificate.issuer)
                .public_key(key.public_key())
                .serial_number(serial)
                .not_valid_before(certificate.not_valid_before_utc)
                .not_valid_after(certificate.not_valid_after_utc)
            )
            for extension in certificate.extensions:
                builder = builder.add_extension(extension.value, extension.critical)
            certificate = builder.sign(self.intermediate_key, certificate.signature_hash_algorithm)
        return _pem(certificate) + _pem(self.intermediate), private_key_pkcs8(key)


def _signed(chain_pem: bytes, key_pem: bytes) -> bytes:
    definition = manifest.build_manifest(
        kind="created", title="x.png", generator={"name": "Assay"}, generation={"image_id": "img_x"},
        watermark=None,
    )  # fmt: skip
    data, _ = manifest.sign(
        definition, signer=FileSigner(chain_pem, key_pem), data=encode(photo(128)), mime_type="image/png"
    )
    return data


@pytest.fixture
def installation(settings, tmp_path: Path):
    """An installation whose signing leaf a real CA issued: the leaf's organisation is the operator's, the
    issuer's is the CA's. The trust anchors hold that CA's root and another CA's (a partner's)."""
    ours, partner = Ca.new("Example Trust Services"), Ca.new("Partner Trust")
    chain, key = ours.leaf("Acme Assay Signer", "Acme Operations")
    (tmp_path / "chain.pem").write_bytes(chain)
    (tmp_path / "key.pem").write_bytes(key)
    (tmp_path / "anchors.pem").write_bytes(ours.root_pem + partner.root_pem)
    settings.ASSAY_C2PA_CERT_CHAIN_FILE = str(tmp_path / "chain.pem")
    settings.ASSAY_C2PA_KEY_FILE = str(tmp_path / "key.pem")
    settings.ASSAY_C2PA_TRUST_ANCHORS_FILE = str(tmp_path / "anchors.pem")
    return ours, partner, chain, key


def test_a_leaf_a_real_ca_issued_is_the_installations_own(installation):
    _, _, chain, key = installation
    c2pa = verify(_signed(chain, key))["c2pa"]
    assert c2pa["validation_state"] == "Trusted" and c2pa["own_signer"] is True


def test_a_leaf_copying_the_serial_and_names_under_another_anchor_is_not(installation):
    _, partner, chain, _ = installation
    genuine = x509.load_pem_x509_certificates(chain)[0]
    forged_chain, forged_key = partner.leaf("Acme Assay Signer", "Acme Operations", genuine.serial_number)

    c2pa = verify(_signed(forged_chain, forged_key))["c2pa"]

    assert c2pa["validation_state"] == "Trusted"  # the partner's root is an anchor
    assert c2pa["signer"]["serial_number"] == str(genuine.serial_number)
    assert c2pa["own_signer"] is False


def test_a_signer_before_a_rotation_still_counts_online_and_offline(installation, settings, tmp_path):
    ours, _, chain, key = installation
    old_chain, old_key = ours.leaf("Acme Assay Signer 2025", "Acme Operations")
    before = _signed(old_chain, old_key)
    assert verify(before)["c2pa"]["own_signer"] is False  # not known yet
    (tmp_path / "previous.pem").write_bytes(old_chain)
    settings.ASSAY_C2PA_PREVIOUS_SIGNERS_FILE = str(tmp_path / "previous.pem")

    assert verify(before)["c2pa"]["own_signer"] is True
    published = published_signers_pem()
    assert old_chain in published and published.startswith(chain)
    # Offline, with only what the installation publishes: both signers are its own.
    for data in (before, _signed(chain, key)):
        assert verify(data, signer_chain_pem=published)["c2pa"]["own_signer"] is True
