"""Images carry their log position: an image generated through the API (tiny model, real C2PA signing)
names its generation event's leaf in its C2PA assertion, and its tlog-proof verifies offline with only
the image, the proof and the log's public key, by us and by aics-tlog (an independent C2SP verifier)."""

from __future__ import annotations

import base64
import io

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.events import Actor
from audit.keys import platform_signing_key
from audit.log import log_origin, log_position
from audit.notes import parse_proof, verifier_key, verify_checkpoint
from audit.selectors import chain_head
from audit.services import create_checkpoint
from generation.log_proofs import generation_event
from generation.models import GeneratedImage
from provenance.services import verify
from tests.audit.helpers import execute
from tests.helpers import assert_error

aics_tlog = pytest.importorskip(
    "aics_tlog", reason="aics-tlog is installed apart: pip install --ignore-requires-python aics-tlog"
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_pipeline")]


def _public_key():
    return platform_signing_key().private_key.public_key()


@pytest.fixture
def generated(tenant, key_client, tiny_model):
    """Two released images of one API request: [(row, signed bytes), ...]."""
    developer = key_client(tenant, "developer")
    body = {"model": "assay-tiny", "prompt": "a red circle", "size": "256x256", "steps": 2, "n": 2, "seed": 5}
    response = developer.client.post("/v1/images/generations", body, format="json")
    assert response.status_code == 200, response.content
    return [
        (
            GeneratedImage.objects.select_related("tenant").get(public_id=item["id"]),
            base64.b64decode(item["b64_json"]),
        )
        for item in response.json()["data"]
    ]


def _verify_proof(tmp_path, data: bytes, proof: str, key: str, *options: str) -> str:
    (tmp_path / "image.png").write_bytes(data)
    (tmp_path / "image.tlog-proof").write_text(proof, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "audit",
        "verify-proof",
        str(tmp_path / "image.png"),
        str(tmp_path / "image.tlog-proof"),
        "--key",
        key,
        *options,
        stdout=out,
    )
    return out.getvalue()


def test_an_image_proof_verifies_offline_and_independently(
    tmp_path, tenant, other_tenant, key_client, generated
):
    (image, data), (other, _) = generated
    auditor = key_client(tenant, "auditor").client
    # The assertion carries the log position of the image's generation event.
    event = generation_event(image)
    position = verify(data)["c2pa"]["assay"]["log"]
    assert position == {
        "origin": log_origin(tenant),
        "index": event.seq - 1,
        "leaf_hash": base64.b64encode(log_position(event).leaf_hash).decode(),
    }

    not_yet = auditor.get(f"/v1/images/{image.public_id}/proof")
    assert not_yet.status_code == 409 and "assay audit checkpoint" in not_yet.json()["error"]["message"]
    create_checkpoint(actor=Actor.system("tests"))
    response = auditor.get(f"/v1/images/{image.public_id}/proof")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    proof = response.content.decode()
    assert proof.startswith("c2sp.org/tlog-proof@v1\n")
    assert (
        key_client(other_tenant, "admin").client.get(f"/v1/images/{image.public_id}/proof").status_code == 404
    )

    # Offline, with only the image, the proof and the log's public verifier key.
    vkey = verifier_key(log_origin(tenant), _public_key())
    assert "proof verified" in _verify_proof(tmp_path, data, proof, vkey)

    # Independently: aics-tlog checks the checkpoint's signature and the inclusion of the assertion's leaf.
    parsed = parse_proof(proof)
    result = aics_tlog.verify_checkpoint(
        aics_tlog.parse_note(parsed.checkpoint_note),
        aics_tlog.vkey_from_ed25519(log_origin(tenant), _public_key()),
    )
    assert result.ok
    leaf = base64.b64decode(position["leaf_hash"])
    assert aics_tlog.verify_inclusion(leaf, parsed.index, result.size, list(parsed.hashes), result.root)

    # Another image's proof does not verify for this image, and says why.
    other_proof = auditor.get(f"/v1/images/{other.public_id}/proof").content.decode()
    with pytest.raises(CommandError, match="leaf: the image is leaf"):
        _verify_proof(tmp_path, data, other_proof, vkey)

    # POST /v1/verify with the proof reports the same.
    def post(proof_text: str) -> dict:
        files = {
            "image": SimpleUploadedFile("i.png", data),
            "proof": SimpleUploadedFile("p", proof_text.encode()),
        }
        answer = auditor.post("/v1/verify", files, format="multipart")
        assert answer.status_code == 200, answer.content
        return answer.json()["log_proof"]

    assert post(proof)["verified"]
    assert post(other_proof)["failed"].startswith("leaf:")


def test_a_flipped_bit_in_the_proof_fails_with_the_check(tmp_path, tenant, key_client, generated):
    (image, data), _ = generated
    create_checkpoint(actor=Actor.system("tests"))
    proof = key_client(tenant, "auditor").client.get(f"/v1/images/{image.public_id}/proof").content.decode()
    vkey = verifier_key(log_origin(tenant), _public_key())
    lines = proof.split("\n")
    # The first proof hash, one bit flipped (still canonical base64 of 32 bytes).
    raw = bytearray(base64.b64decode(lines[2]))
    raw[0] ^= 0x01
    hashes_flipped = "\n".join([*lines[:2], base64.b64encode(bytes(raw)).decode(), *lines[3:]])
    with pytest.raises(CommandError, match="inclusion: the image's leaf hash is not in the log"):
        _verify_proof(tmp_path, data, hashes_flipped, vkey)
    # The checkpoint's size changed: its signature no longer holds.
    note_start = proof.index("\n\n") + 2
    checkpoint = proof[note_start:].split("\n")
    checkpoint[1] = str(int(checkpoint[1]) ^ 1)
    size_flipped = proof[:note_start] + "\n".join(checkpoint)
    with pytest.raises(CommandError, match="checkpoint signature"):
        _verify_proof(tmp_path, data, size_flipped, vkey)
    # The wrong key fails the signature check too.
    stranger = verifier_key(log_origin(tenant), Ed25519PrivateKey.generate().public_key())
    with pytest.raises(CommandError, match="checkpoint signature"):
        _verify_proof(tmp_path, data, proof, stranger)


def test_an_inserted_log_checkpoint_row_never_makes_a_proof_a_500(tenant, key_client, generated):
    """A row an INSERT-only attacker adds is passed over; with no row that verifies, a 409 says why."""
    (image, _), _ = generated
    auditor = key_client(tenant, "auditor").client
    head = chain_head(tenant)
    execute(
        "INSERT INTO audit_logcheckpoint (created_at, size, note, head_id) VALUES (%s, %s, %s, %s)",
        [timezone.now(), 1_000_000, "garbage", head.pk],
    )
    refused = assert_error(auditor.get(f"/v1/images/{image.public_id}/proof"), 409, "audit_log_broken")
    assert "no log checkpoint of" in refused["message"] and "assay audit verify" in refused["message"]
    create_checkpoint(actor=Actor.system("tests"))
    response = auditor.get(f"/v1/images/{image.public_id}/proof")
    assert response.status_code == 200, response.content
    checkpoint = verify_checkpoint(
        parse_proof(response.content.decode()).checkpoint_note, log_origin(tenant), [_public_key()]
    )
    assert checkpoint.size == chain_head(tenant).last_seq


def _forged(genuine: bytes, *, name: str = "Assay") -> tuple[bytes, bytes]:
    """A picture of the forger's, under a manifest of the forger's own CA carrying the genuine image's
    `ai.assay.generation` assertion, log position included: (signed bytes, the forger's root)."""
    from PIL import Image

    from provenance import manifest
    from provenance.devca import build_chain
    from provenance.signers import FileSigner

    chain = build_chain(name)
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (40, 90, 160)).save(out, "PNG")
    definition = manifest.build_manifest(
        kind="created",
        title="forged.png",
        generator={"name": "Assay"},
        generation=verify(genuine)["c2pa"]["assay"],
        watermark=None,
    )
    signed, _ = manifest.sign(
        definition,
        signer=FileSigner(chain.chain_pem, chain.key_pem),
        data=out.getvalue(),
        mime_type="image/png",
    )
    return signed, chain.root_pem


def test_an_assertion_copied_into_another_signers_manifest_never_verifies(
    tmp_path, settings, tenant, key_client, generated
):
    """The log leaf is the assertion's word; only the installation's signer vouches for it. A forger's
    manifest fails as untrusted, and under a trust anchor it shares with the installation (a public CA)
    as not the installation's signer; offline, `--signer` pins the published chain."""
    (image, data), _ = generated
    create_checkpoint(actor=Actor.system("tests"))
    auditor = key_client(tenant, "auditor").client
    proof = auditor.get(f"/v1/images/{image.public_id}/proof").content.decode()
    vkey = verifier_key(log_origin(tenant), _public_key())
    forged, forger_root = _forged(data)

    with pytest.raises(CommandError, match="c2pa: the image's C2PA manifest is Valid"):
        _verify_proof(tmp_path, forged, proof, vkey)

    # One anchor file trusts both (as a public CA's root would): the forgery is Trusted, not ours.
    from provenance.signers import trust_anchors_pem

    shared = tmp_path / "anchors.pem"
    shared.write_bytes(trust_anchors_pem() + forger_root)
    settings.ASSAY_C2PA_TRUST_ANCHORS_FILE = str(shared)
    assert verify(forged)["c2pa"]["validation_state"] == "Trusted"
    assert verify(forged)["c2pa"]["own_signer"] is False and verify(data)["c2pa"]["own_signer"] is True
    with pytest.raises(CommandError, match="signer: the manifest is signed by 'Assay Content Credentials"):
        _verify_proof(tmp_path, forged, proof, vkey)
    files = {"image": SimpleUploadedFile("i.png", forged), "proof": SimpleUploadedFile("p", proof.encode())}
    answer = auditor.post("/v1/verify", files, format="multipart").json()["log_proof"]
    assert answer["verified"] is False and answer["failed"].startswith("signer:")
    assert "proof verified" in _verify_proof(tmp_path, data, proof, vkey)

    # Offline with the installation's published chain: the genuine image verifies, the forgery does not.
    chain = auditor.get("/v1/verify/signing-chain")
    assert chain.status_code == 200 and chain["Content-Type"] == "application/x-pem-file"
    (tmp_path / "chain.pem").write_bytes(chain.content)
    pinned = ["--signer", str(tmp_path / "chain.pem")]
    assert "proof verified" in _verify_proof(tmp_path, data, proof, vkey, *pinned)
    with pytest.raises(CommandError, match="c2pa: the image's C2PA manifest is Valid"):
        _verify_proof(tmp_path, forged, proof, vkey, *pinned)


def test_a_malformed_assertion_is_a_failed_check_not_a_500():
    from generation.log_proofs import verify_image_proof

    for assertion in ("a string", ["a", "list"], None, {"log": "not a position"}):
        manifest = {"validation_state": "Trusted", "own_signer": True, "signer": {}, "assay": assertion}
        result = verify_image_proof(manifest, "c2sp.org/tlog-proof@v1\n", [_public_key()])
        assert not result.ok and result.failed.startswith("assertion:")
