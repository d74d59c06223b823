"""`assay keys dev-ca`: a development chain that c2pa accepts, kept unless --force."""

from __future__ import annotations

import io

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID
from django.core.management import call_command

from provenance.signers import FileSigner, validate_chain


def test_dev_ca_creates_a_marked_chain_and_keeps_it(dev_ca_dir):
    out = io.StringIO()
    call_command("keys", "dev-ca", stdout=out)
    assert "Created a new DEVELOPMENT C2PA CA" in out.getvalue()
    chain_pem = (dev_ca_dir / "chain.pem").read_bytes()
    leaf, intermediate = x509.load_pem_x509_certificates(chain_pem)
    root = x509.load_pem_x509_certificate((dev_ca_dir / "root.pem").read_bytes())
    assert "DEVELOPMENT" in leaf.subject.rfc4514_string() and "DEVELOPMENT" in root.subject.rfc4514_string()
    assert (
        ExtendedKeyUsageOID.EMAIL_PROTECTION
        in leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    )
    assert leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    intermediate.verify_directly_issued_by(root)
    validate_chain(chain_pem, "es256", where="test")
    FileSigner(chain_pem, (dev_ca_dir / "signing-key.pem").read_bytes())
    assert "NOT FOR PRODUCTION" in (dev_ca_dir / "README.txt").read_text()

    call_command("keys", "dev-ca", stdout=(again := io.StringIO()))
    assert "Kept the existing" in again.getvalue()
    assert (dev_ca_dir / "chain.pem").read_bytes() == chain_pem
    call_command("keys", "dev-ca", "--force", stdout=io.StringIO())
    assert (dev_ca_dir / "chain.pem").read_bytes() != chain_pem
