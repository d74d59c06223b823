"""What an independent C2PA 2.2 verifier found: signer EKUs (14.4.1), created vs gathered assertions
(10.2.2), a tampered ingredient's failures (15.11.3.3), and an edit's input checked against the anchors."""

from __future__ import annotations

import io
import json

import c2pa
import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from provenance import manifest
from provenance.devca import build_chain
from provenance.services import StampRequest, new_watermark_id, stamp, verify
from provenance.signers import FileSigner
from tests.provenance.conftest import encode, photo

# Spelled out from the spec (14.4.1), not imported: the test checks the code's list.
CLAIM_SIGNING = x509.ObjectIdentifier("1.3.6.1.4.1.62558.2.1")
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
DEFINITION = manifest.build_manifest(
    kind="created", title="t.png", generator={"name": "Assay"}, generation={"seed": 1}, watermark=None
)


def _stamp(mime_type: str = "image/jpeg", **fields) -> bytes:
    values = {
        "image": encode(photo(512), "JPEG" if mime_type == "image/jpeg" else "PNG"),
        "mime_type": mime_type,
        "watermark_id": new_watermark_id(),
        "assertion": {"job_id": "job_edit"},
    } | fields
    return stamp(StampRequest(**values)).data


def _reader_json(data: bytes, mime_type: str, *, crjson: bool = False) -> dict:
    settings = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}
    with (
        c2pa.Context.from_dict(settings) as context,
        c2pa.Reader(mime_type, io.BytesIO(data), context=context) as reader,
    ):
        return json.loads(reader.crjson() if crjson else reader.json())


def _active_claim(data: bytes, mime_type: str) -> dict:
    active = _reader_json(data, mime_type)["active_manifest"]
    [claim] = [
        m["claim.v2"] for m in _reader_json(data, mime_type, crjson=True)["manifests"] if m["label"] == active
    ]
    return claim


def _labels(references: list[dict]) -> set[str]:
    return {reference["url"].rsplit("/", 1)[-1] for reference in references}


@pytest.mark.parametrize(
    "eku",
    [CLAIM_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING],
    ids=["claimSigning", "emailProtection", "documentSigning"],
)
def test_a_leaf_with_any_c2pa_signer_eku_loads_signs_and_reads_trusted(eku: x509.ObjectIdentifier):
    chain = build_chain("EKU Test", leaf_eku=[eku])
    signer = FileSigner(chain.chain_pem, chain.key_pem)
    data, _ = manifest.sign(DEFINITION, signer=signer, data=encode(photo(256)), mime_type="image/png")
    result = manifest.read(data, "image/png", trust_anchors_pem=chain.root_pem)
    assert result["validation_state"] == "Trusted" and result["failures"] == [], result


def test_reading_trusts_a_claim_signing_only_signer_whatever_signed_the_file():
    chain = build_chain("Claim Signing", leaf_eku=[CLAIM_SIGNING])
    # Signed by c2pa alone (no Assay load check, no check after signing), as another tool would.
    with c2pa.Context.from_dict({"verify": {"verify_after_sign": False}}) as context:
        builder = c2pa.Builder(DEFINITION, context=context)
        signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(b"es256", chain.chain_pem, chain.key_pem, None))
        out = io.BytesIO()
        builder.sign(signer, "image/png", io.BytesIO(encode(photo(256))), out)
    result = manifest.read(out.getvalue(), "image/png", trust_anchors_pem=chain.root_pem)
    assert result["validation_state"] == "Trusted" and result["failures"] == [], result


def test_assays_assertions_and_the_input_are_attributed_to_the_signer():
    parent = _stamp()
    edit = _stamp(
        "image/png",
        kind="edited",
        input_image=parent,
        input_mime_type="image/jpeg",
        options={"thumbnail": True},
    )
    claim = _active_claim(edit, "image/png")
    assert _labels(claim["created_assertions"]) == {
        "c2pa.hash.data",
        "c2pa.actions.v2",
        "ai.assay.generation",
        "c2pa.soft-binding",
        "ai.assay.watermark",
        "c2pa.ingredient.v3",
        "c2pa.thumbnail.claim",
        "c2pa.thumbnail.ingredient",
    }
    assert not claim.get("gathered_assertions")


def test_an_edit_records_its_assay_signed_input_as_trusted():
    parent = _stamp()
    edit = _stamp("image/png", kind="edited", input_image=parent, input_mime_type="image/jpeg")
    store = _reader_json(edit, "image/png")
    [ingredient] = store["manifests"][store["active_manifest"]]["ingredients"]
    recorded = ingredient["validation_results"]["activeManifest"]
    assert "signingCredential.trusted" in {status["code"] for status in recorded["success"]}
    assert recorded["failure"] == []
    assert verify(edit)["c2pa"]["validation_state"] == "Trusted"


def test_a_changed_ingredient_manifest_is_reported_with_the_ingredient_named():
    parent = _stamp(assertion={"job_id": "job_parent_marker"})
    edit = _stamp("image/jpeg", kind="edited", input_image=parent, input_mime_type="image/jpeg")
    assert edit.count(b"job_parent_marker") == 1  # in the input's manifest, kept in the edit's store
    tampered = edit.replace(b"job_parent_marker", b"job_parent_markes")
    c2pa_result = verify(tampered)["c2pa"]
    assert c2pa_result["validation_state"] == "Invalid"
    ingredient_failures = {
        (failure["code"], failure.get("ingredient")) for failure in c2pa_result["failures"]
    }
    assert ("ingredient.manifest.mismatch", "input") in ingredient_failures
    assert ("assertion.hashedURI.mismatch", "input") in ingredient_failures
