"""/v1/audit/log/<log>/...: the tenant's transparency log as C2SP tlog-tiles, checked by aics-tlog."""

from __future__ import annotations

import pytest

from audit.events import Actor
from audit.keys import platform_signing_key
from audit.log import log_origin
from audit.merkle import tile_path, tiles_for_size
from audit.services import create_checkpoint
from tests.audit.helpers import record_many
from tests.helpers import assert_error

aics_tlog = pytest.importorskip(
    "aics_tlog", reason="aics-tlog is installed apart: pip install --ignore-requires-python aics-tlog"
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(tenant, key_client):
    return key_client(tenant, "auditor")


def test_an_auditor_reads_the_log_and_an_independent_client_verifies_it(tenant, auditor):
    record_many(tenant, 300)
    create_checkpoint(actor=Actor.system("test"))
    base = f"/v1/audit/log/{tenant.public_id}/"
    response = auditor.client.get(base + "checkpoint")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=60"
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
