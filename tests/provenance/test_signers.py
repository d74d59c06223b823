"""Signers: file (es256, ed25519, ps256), KMS callback in another process, checks at load."""

from __future__ import annotations

import io
import logging
import multiprocessing
from datetime import UTC, datetime, timedelta

import c2pa
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID
from django.core.exceptions import ImproperlyConfigured

from provenance import manifest
from provenance.devca import build_chain
from provenance.errors import ProvenanceError
from provenance.signers import CallbackSigner, FileSigner, configured_signer, trust_anchors_pem
from tests.provenance.conftest import encode, photo

DEFINITION = manifest.build_manifest(
    kind="created", title="t.png", generator={"name": "Assay"}, generation={"seed": 1}, watermark=None
)


def sign_and_read(signer, root_pem: bytes) -> dict:
    data, _ = manifest.sign(DEFINITION, signer=signer, data=encode(photo(256)), mime_type="image/png")
    return manifest.read(data, "image/png", trust_anchors_pem=root_pem)


def _kms(connection, fail: bool) -> None:
    """A stand-in KMS: the key is made and kept in this process; only signatures leave it."""
    chain = build_chain("KMS Test")
    key = serialization.load_pem_private_key(chain.key_pem, password=None)
    connection.send((chain.chain_pem, chain.root_pem))
    while (data := connection.recv()) is not None:
        if fail:
            connection.send(("error", "key projects/x/keys/c2pa is disabled"))
        else:
            connection.send(("ok", key.sign(data, ec.ECDSA(hashes.SHA256()))))


@pytest.fixture(params=[False, True], ids=["kms", "failing-kms"])
def kms(request):
    parent, child = multiprocessing.get_context("fork").Pipe()
    process = multiprocessing.get_context("fork").Process(
        target=_kms, args=(child, request.param), daemon=True
    )
    process.start()
    chain_pem, root_pem = parent.recv()

    def sign_remotely(data: bytes) -> bytes:
        parent.send(data)
        status, value = parent.recv()
        if status != "ok":
            raise RuntimeError(f"KMS refused to sign: {value}")
        return value

    yield request.param, sign_remotely, chain_pem, root_pem
    parent.send(None)
    process.join(timeout=5)


def test_callback_signer_signs_in_another_process_or_says_why_not(kms):
    fails, sign_remotely, chain_pem, root_pem = kms
    signer = CallbackSigner(sign_remotely, chain_pem)
    if not fails:
        result = sign_and_read(signer, root_pem)
        assert result["validation_state"] == "Trusted", result
        assert result["signer"]["common_name"] == "KMS Test Content Credentials Signer"
    else:
        with pytest.raises(
            ProvenanceError, match=r"KMS/HSM signing callback failed: RuntimeError: KMS refused"
        ):
            sign_and_read(signer, root_pem)


@pytest.mark.parametrize(("key_type", "alg"), [("ec", "es256"), ("ed25519", "ed25519"), ("rsa", "ps256")])
def test_file_signer_algorithms(key_type, alg):
    chain = build_chain("Alg Test", key_type=key_type)
    result = sign_and_read(FileSigner(chain.chain_pem, chain.key_pem, alg=alg), chain.root_pem)
    assert result["validation_state"] == "Trusted", result


def test_an_unknown_signer_is_valid_but_not_trusted():
    chain, other = build_chain("Signer"), build_chain("Someone Else")
    result = sign_and_read(FileSigner(chain.chain_pem, chain.key_pem), other.root_pem)
    assert result["validation_state"] == "Valid" and not result["verified"]
    assert any(failure["code"] == "signingCredential.untrusted" for failure in result["failures"])


def test_a_leaf_with_the_wrong_extended_key_usage_is_refused_at_load():
    chain = build_chain("Wrong EKU", leaf_eku=[ExtendedKeyUsageOID.SERVER_AUTH])
    with pytest.raises(
        ImproperlyConfigured, match=r"wrong extended key usage \(serverAuth\).*emailProtection"
    ):
        FileSigner(chain.chain_pem, chain.key_pem)


def test_an_expired_leaf_is_refused_at_load():
    now = datetime.now(UTC)
    chain = build_chain(
        "Expired", leaf_not_before=now - timedelta(days=30), leaf_not_after=now - timedelta(days=1)
    )
    with pytest.raises(ImproperlyConfigured, match=r"signing \(leaf\) certificate .*Expired.* expired on"):
        FileSigner(chain.chain_pem, chain.key_pem)
    with pytest.raises(ImproperlyConfigured, match="expired on"):
        CallbackSigner(lambda data: b"", chain.chain_pem)


def test_other_chain_mistakes_are_named():
    chain, other = build_chain("A"), build_chain("B")
    with pytest.raises(ImproperlyConfigured, match="not the key of the signing certificate"):
        FileSigner(chain.chain_pem, other.key_pem)
    with pytest.raises(ImproperlyConfigured, match="signing certificate first, then the intermediate"):
        FileSigner(
            chain.chain_pem.split(b"-----END CERTIFICATE-----")[0] + b"-----END CERTIFICATE-----\n",
            chain.key_pem,
        )
    leaf, intermediate = chain.chain_pem.split(b"-----END CERTIFICATE-----\n")[:2]
    reordered = intermediate + b"-----END CERTIFICATE-----\n" + leaf + b"-----END CERTIFICATE-----\n"
    with pytest.raises(ImproperlyConfigured, match="leaf first"):
        FileSigner(reordered, chain.key_pem)
    with pytest.raises(ImproperlyConfigured, match="does not fit"):
        FileSigner(chain.chain_pem, chain.key_pem, alg="ps256")


def test_a_sec1_key_is_converted_to_the_pkcs8_c2pa_needs():
    chain = build_chain("SEC1")
    key = serialization.load_pem_private_key(chain.key_pem, password=None)
    sec1 = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    assert b"EC PRIVATE KEY" in sec1
    assert sign_and_read(FileSigner(chain.chain_pem, sec1), chain.root_pem)["validation_state"] == "Trusted"


def test_configured_chain_and_key_files(settings, tmp_path, caplog):
    chain = build_chain("Operator")
    (tmp_path / "chain.pem").write_bytes(chain.chain_pem)
    (tmp_path / "key.pem").write_bytes(chain.key_pem)
    (tmp_path / "anchors.pem").write_bytes(chain.root_pem)
    settings.ASSAY_C2PA_CERT_CHAIN_FILE = str(tmp_path / "chain.pem")
    settings.ASSAY_C2PA_KEY_FILE = str(tmp_path / "key.pem")
    settings.ASSAY_C2PA_TRUST_ANCHORS_FILE = str(tmp_path / "anchors.pem")
    with caplog.at_level(logging.WARNING, logger="provenance.signers"):
        signer = configured_signer()
        assert configured_signer() is signer  # loaded once per process
    assert signer.subject == "O=Assay,CN=Operator Content Credentials Signer" and not signer.development
    [warning] = [record for record in caplog.records if "timestamp authority" in record.message]
    assert "stop validating when its certificate expires" in warning.getMessage()
    assert trust_anchors_pem() == chain.root_pem
    assert sign_and_read(signer, trust_anchors_pem())["validation_state"] == "Trusted"

    settings.ASSAY_C2PA_SIGNER_CALLBACK = "builtins.print"
    with pytest.raises(ImproperlyConfigured, match="exactly one of ASSAY_C2PA_KEY_FILE"):
        configured_signer()


def test_a_configured_chain_with_the_wrong_eku_stops_the_load(settings, tmp_path):
    chain = build_chain("Wrong EKU", leaf_eku=[ExtendedKeyUsageOID.CODE_SIGNING])
    (tmp_path / "chain.pem").write_bytes(chain.chain_pem)
    (tmp_path / "key.pem").write_bytes(chain.key_pem)
    settings.ASSAY_C2PA_CERT_CHAIN_FILE = str(tmp_path / "chain.pem")
    settings.ASSAY_C2PA_KEY_FILE = str(tmp_path / "key.pem")
    with pytest.raises(ImproperlyConfigured, match=r"ASSAY_C2PA_CERT_CHAIN_FILE=.*wrong extended key usage"):
        configured_signer()


def test_development_creates_the_dev_ca_on_first_use(dev_ca_dir):
    assert not dev_ca_dir.exists()
    signer = configured_signer()
    assert signer.development and "DEVELOPMENT" in signer.subject
    assert {path.name for path in dev_ca_dir.iterdir()} == {
        "root.pem",
        "chain.pem",
        "signing-key.pem",
        "README.txt",
    }
    assert (dev_ca_dir / "signing-key.pem").stat().st_mode & 0o077 == 0
    assert trust_anchors_pem() == (dev_ca_dir / "root.pem").read_bytes()


def test_production_needs_a_chain_and_trust_anchors(settings):
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="ASSAY_C2PA_CERT_CHAIN_FILE must name"):
        configured_signer()
    with pytest.raises(ImproperlyConfigured, match="ASSAY_C2PA_TRUST_ANCHORS_FILE must name"):
        trust_anchors_pem()


def test_c2pa_itself_refuses_an_expired_leaf_so_the_load_check_matters():
    """Why the check at load exists: without it every signature fails later, with a vaguer message."""
    now = datetime.now(UTC)
    chain = build_chain(
        "Expired", leaf_not_before=now - timedelta(days=30), leaf_not_after=now - timedelta(days=1)
    )
    builder = c2pa.Builder(DEFINITION)
    info = c2pa.C2paSignerInfo(b"es256", chain.chain_pem, chain.key_pem, None)
    with pytest.raises(c2pa.C2paError), c2pa.Signer.from_info(info) as signer:
        builder.sign(signer, "image/png", io.BytesIO(encode(photo(256))), io.BytesIO())
