"""/v1/audit/log/<log>/...: the tenant's transparency log as C2SP tlog-tiles, checked by aics-tlog, and
witnesses' cosignatures attached by its admins."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audit.events import Actor
from audit.keys import platform_signing_key
from audit.log import log_origin, newest_log_checkpoint
from audit.merkle import tile_path, tiles_for_size
from audit.models import AuditEvent, LogCosignature
from audit.notes import cosign, cosignature_verifier_key, parse_note
from audit.selectors import chain_head
from audit.services import create_checkpoint
from tests.audit.helpers import record_many
from tests.helpers import assert_error

aics_tlog = pytest.importorskip(
    "aics_tlog", reason="aics-tlog is installed apart: pip install --ignore-requires-python aics-tlog"
)

pytestmark = pytest.mark.django_db


def test_an_auditor_reads_the_log_and_an_independent_client_verifies_it(tenant, auditor):
    record_many(tenant, 300)
    create_checkpoint(actor=Actor.system("test"))
    base = f"/v1/audit/log/{tenant.public_id}/"
    response = auditor.client.get(base + "checkpoint")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=5"
    origin = log_origin(tenant)
    vkey = aics_tlog.vkey_from_ed25519(origin, platform_signing_key().private_key.public_key())
    verified = aics_tlog.verify_checkpoint(
        aics_tlog.parse_note(response.content), vkey, expected_origin=origin
    )
    assert verified.ok, verified.error
    files = {}
    for level, index, width in tiles_for_size(verified.size):
        for path in {tile_path(level, index, width)} | (
            {tile_path(None, index, width)} if level == 0 else set()
        ):
            tile = auditor.client.get(base + path)
            assert tile.status_code == 200, path
            assert tile["Content-Type"] == "application/octet-stream"
            assert tile["Cache-Control"] == "private, max-age=31536000, immutable"
            files[path] = tile.content
    reader = aics_tlog.MemoryTileReader(files)
    assert aics_tlog.tree_root_from_tiles(reader, verified.size) == verified.root
    verified_reader = aics_tlog.VerifiedTileReader(reader, verified.size, verified.root)
    proof = aics_tlog.inclusion_proof_from_tiles(verified_reader, 123, verified.size)
    entry = verified_reader.entry(123)
    assert aics_tlog.verify_leaf_inclusion(entry, 123, verified.size, proof, verified.root)
    assert b'"seq":124' in entry
    # By slug too; a tile the log does not have, or a path that is not a tile, is a 404.
    assert auditor.client.get(f"/v1/audit/log/{tenant.slug}/checkpoint").status_code == 200
    assert_error(auditor.client.get(base + "tile/0/005"), 404, "not_found")
    assert_error(auditor.client.get(base + "tile/0/1"), 404, "not_found")


def test_other_tenants_logs_are_not_found_and_other_roles_refused(tenant, other_tenant, key_client, auditor):
    record_many(other_tenant, 3)
    create_checkpoint(actor=Actor.system("test"))
    outsider_log = f"/v1/audit/log/{other_tenant.public_id}/checkpoint"
    assert_error(auditor.client.get(outsider_log), 404, "not_found")
    admin = key_client(tenant, "admin")
    assert_error(admin.client.get(f"/v1/audit/log/{tenant.public_id}/checkpoint"), 403, "insufficient_scope")


def _cosigned(tenant, name: str, witness: Ed25519PrivateKey) -> str:
    """What `assay witness cosign` writes for the tenant's newest log checkpoint."""
    note = parse_note(newest_log_checkpoint(chain_head(tenant)).note)
    return str(note.with_signature(cosign(note.text, name, witness, 1_700_000_000)))


def test_an_admin_attaches_a_witness_cosignature_that_the_served_checkpoint_then_carries(
    tenant, key_client, auditor
):
    record_many(tenant, 5)
    create_checkpoint(actor=Actor.system("test"))
    admin = key_client(tenant, "admin")
    witness = Ed25519PrivateKey.generate()
    name = "witness.example/w1"
    vkey = cosignature_verifier_key(name, witness.public_key())
    url = f"/v1/audit/log/{tenant.slug}/cosignatures"
    body = {"note": _cosigned(tenant, name, witness), "witness_key": vkey}
    response = admin.client.post(url, body, format="json")
    assert response.status_code == 200, response.content
    size = newest_log_checkpoint(chain_head(tenant)).size
    assert response.json() | {"created_at": None} == {
        "object": "log_cosignature",
        "witness": name,
        "key_id": LogCosignature.objects.get().key_id,
        "size": size,
        "created_at": None,
    }
    added = AuditEvent.objects.get(tenant=None, event_type="audit.cosignature_added")
    assert (added.actor_kind, added.actor_id) == ("api_key", str(admin.api_key.public_id))
    assert (added.payload["witness"], added.payload["size"]) == (name, size)
    # What the auditor is served now verifies, with the witness's cosignature, in an independent client.
    served = auditor.client.get(f"/v1/audit/log/{tenant.public_id}/checkpoint").content
    origin = log_origin(tenant)
    result = aics_tlog.verify_checkpoint(
        aics_tlog.parse_note(served),
        aics_tlog.vkey_from_ed25519(origin, platform_signing_key().private_key.public_key()),
        [aics_tlog.cosignature_vkey(name, witness.public_key())],
        quorum=1,
    )
    assert result.ok, result.error
    assert result.witnesses == [name]
    # Twice is once: nothing more is stored or recorded.
    assert admin.client.post(url, body, format="json").status_code == 200
    assert LogCosignature.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="audit.cosignature_added").count() == 1


def test_a_cosignature_that_does_not_verify_is_refused_and_recorded(tenant, key_client):
    record_many(tenant, 5)
    create_checkpoint(actor=Actor.system("test"))
    admin = key_client(tenant, "admin")
    name = "witness.example/w1"
    impostor = cosignature_verifier_key(name, Ed25519PrivateKey.generate().public_key())
    body = {"note": _cosigned(tenant, name, Ed25519PrivateKey.generate()), "witness_key": impostor}
    error = assert_error(
        admin.client.post(f"/v1/audit/log/{tenant.public_id}/cosignatures", body, format="json"),
        400,
        "cosignature_refused",
    )
    assert "has no cosignature by witness" in error["message"]
    assert LogCosignature.objects.count() == 0
    refused = AuditEvent.objects.get(tenant=None, event_type="audit.cosignature_refused")
    assert refused.actor_id == str(admin.api_key.public_id)


def test_only_admins_attach_cosignatures_and_only_to_their_own_log(tenant, other_tenant, key_client, auditor):
    record_many(tenant, 5)
    create_checkpoint(actor=Actor.system("test"))
    witness = Ed25519PrivateKey.generate()
    name = "witness.example/w1"
    body = {
        "note": _cosigned(tenant, name, witness),
        "witness_key": cosignature_verifier_key(name, witness.public_key()),
    }
    url = f"/v1/audit/log/{tenant.public_id}/cosignatures"
    developer = key_client(tenant, "developer")
    assert_error(developer.client.post(url, body, format="json"), 403, "admin_only")
    assert_error(auditor.client.post(url, body, format="json"), 403, "insufficient_scope")
    outsider = key_client(other_tenant, "admin")
    assert_error(outsider.client.post(url, body, format="json"), 404, "not_found")
    assert LogCosignature.objects.count() == 0
