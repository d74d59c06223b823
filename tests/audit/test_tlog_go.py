"""Assay's transparency log checked by Go's own signed-note and tlog code (golang.org/x/mod/sumdb/note
and sumdb/tlog, unmodified): tests/audit/tlog_go/main.go, built here in GOPATH mode against Debian's
golang-golang-x-mod-dev, reads an exported log (`assay audit export-tiles`) with a witness's
cosignature and a tlog-proof, and must refuse each file with one byte changed."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from audit.events import Actor
from audit.keys import platform_signing_key
from audit.log import log_origin, log_resource, newest_log_checkpoint, prove_event
from audit.merkle import entry_bytes
from audit.models import AuditEvent
from audit.notes import cosign, cosignature_verifier_key, parse_note, verifier_key
from audit.selectors import chain_head, event_to_dict
from audit.services import create_checkpoint, log_cosignature_add
from tests.audit.helpers import record_many
from tests.missing_services import missing_service

GO = shutil.which("go")
X_MOD = Path("/usr/share/gocode/src/golang.org/x/mod")
SOURCE = Path(__file__).parent / "tlog_go" / "main.go"
WITNESS = "witness.example/w1"
SYSTEM = Actor.system("test")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        GO is None or not (X_MOD / "sumdb" / "tlog").is_dir(),
        reason=missing_service(
            "go",
            "needs Go and golang.org/x/mod under /usr/share/gocode "
            "(Debian: apt-get install golang-go golang-golang-x-mod-dev)",
        ),
    ),
]


@pytest.fixture(scope="module")
def tlog_go(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The verifier, built in GOPATH mode: no module download, only Debian's x/mod."""
    build = tmp_path_factory.mktemp("tlog_go")
    binary = build / "tlog_go"
    env = os.environ | {
        "GO111MODULE": "off",
        "GOPATH": f"/usr/share/gocode:{build / 'gopath'}",
        "GOCACHE": str(build / "cache"),
        "GOFLAGS": "",
        "GOPROXY": "off",
        "GOTOOLCHAIN": "local",
    }
    subprocess.run(
        [GO, "build", "-o", str(binary), str(SOURCE)], env=env, check=True, capture_output=True, timeout=120
    )
    return binary


@dataclass(frozen=True)
class ExportedLog:
    tiles: Path  # `assay audit export-tiles` output
    old_checkpoint: Path  # the log's checkpoint at 100 events
    proof: Path  # the tlog-proof of event seq 200
    entry: Path  # event seq 200's log entry
    vkey: str
    witness_key: str


def _export_log(tenant, directory: Path) -> ExportedLog:
    """A tenant's log of 257 events (a full tile and one leaf more) cosigned by a witness, its checkpoint
    at 100 events, a tlog-proof, exported as tlog-tiles."""
    record_many(tenant, 100)
    create_checkpoint(actor=SYSTEM)
    old_checkpoint = directory / "old-checkpoint"
    old_checkpoint.write_bytes(log_resource(tenant, "checkpoint").body)
    record_many(tenant, 157)
    create_checkpoint(actor=SYSTEM)
    create_checkpoint(actor=SYSTEM)  # the log did not move: the served checkpoint keeps the cosignature
    witness = Ed25519PrivateKey.generate()
    witness_key = cosignature_verifier_key(WITNESS, witness.public_key())
    note = parse_note(newest_log_checkpoint(chain_head(tenant)).note)
    cosigned = note.with_signature(cosign(note.text, WITNESS, witness, 1_700_000_000))
    log_cosignature_add(tenant=tenant, cosigned_note=str(cosigned), witness_key=witness_key, actor=SYSTEM)
    create_checkpoint(actor=SYSTEM)

    log_key = platform_signing_key().private_key.public_key()
    event = AuditEvent.objects.select_related("tenant").get(tenant=tenant, seq=200)
    proof = directory / "seq200.tlog-proof"
    proof.write_text(str(prove_event(event, [log_key])))
    entry = directory / "seq200.entry"
    entry.write_bytes(entry_bytes(event_to_dict(event)))
    tiles = directory / "tiles"
    call_command("audit", "export-tiles", str(tiles), "--tenant", tenant.slug, stdout=io.StringIO())
    return ExportedLog(
        tiles=tiles,
        old_checkpoint=old_checkpoint,
        proof=proof,
        entry=entry,
        vkey=verifier_key(log_origin(tenant), log_key),
        witness_key=witness_key,
    )


def _run(tlog_go: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([tlog_go, *args], capture_output=True, text=True, timeout=60)


def _check_log(tlog_go: Path, log: ExportedLog, tiles: Path) -> subprocess.CompletedProcess[str]:
    return _run(
        tlog_go, "log", "-vkey", log.vkey, "-witness", log.witness_key, "-old", log.old_checkpoint, tiles
    )


def _check_proof(tlog_go: Path, log: ExportedLog, proof: Path) -> subprocess.CompletedProcess[str]:
    return _run(tlog_go, "proof", "-vkey", log.vkey, "-witness", log.witness_key, "-entry", log.entry, proof)


def test_go_verifies_the_exported_log_its_cosignature_and_a_tlog_proof(tenant, tmp_path, tlog_go) -> None:
    log = _export_log(tenant, tmp_path)

    checked = _check_log(tlog_go, log, log.tiles)
    assert checked.returncode == 0, checked.stderr
    for step in (
        "at size 257 verifies (note.Open: log key and 1 witness(es))",
        "257 entries hash to their leaves",
        "the tree rebuilt from the entries",
        "all 3 tiles match",  # tile/0/000, tile/0/001.p/1, tile/1/000.p/1
        "257 inclusion proofs",
        "consistency from size 100 to 257",
    ):
        assert step in checked.stdout
    proved = _check_proof(tlog_go, log, log.proof)
    assert proved.returncode == 0, proved.stderr
    assert "1 witness(es)" in proved.stdout and "leaf 199 of the checkpoint's tree" in proved.stdout


def _tampered(path: Path, offset: int) -> None:
    """Change one byte: XOR 1 in a binary file; in text, another base64 character, so that it still
    parses and only a check of its meaning catches it."""
    data = bytearray(path.read_bytes())
    if path.name in ("checkpoint",) or path.suffix == ".tlog-proof":
        data[offset] = ord("A") if data[offset] != ord("A") else ord("B")
    else:
        data[offset] ^= 1
    path.write_bytes(bytes(data))


def test_go_refuses_a_tile_an_entry_bundle_a_checkpoint_or_a_proof_with_one_byte_changed(
    tenant, tmp_path, tlog_go
) -> None:
    log = _export_log(tenant, tmp_path)
    checkpoint = (log.tiles / "checkpoint").read_text()
    root_line = checkpoint.index("\n", checkpoint.index("\n") + 1) + 1
    cases = {
        "tile/0/000": (32 * 7 + 5, "tile"),  # leaf 7 of the full tile
        "tile/0/001.p/1": (3, "tile"),  # the 257th leaf
        "tile/1/000.p/1": (31, "tile"),  # the hash of the first 256 leaves
        "tile/entries/000": (200, "entr"),
        "tile/entries/001.p/1": (40, "entr"),
        "checkpoint": (root_line + 5, "checkpoint"),
    }
    for path, (offset, named) in cases.items():
        tiles = tmp_path / f"tampered-{path.replace('/', '-')}"
        shutil.copytree(log.tiles, tiles)
        _tampered(tiles / path, offset)
        checked = _check_log(tlog_go, log, tiles)
        assert checked.returncode == 1, f"{path}: {checked.stdout}"
        assert checked.stderr.startswith("FAIL: ") and named in checked.stderr, f"{path}: {checked.stderr}"

    proof_text = log.proof.read_text()
    for offset in (proof_text.index("\n", len("c2sp.org/tlog-proof@v1\nindex ")) + 5, len(proof_text) - 20):
        proof = tmp_path / f"tampered-{offset}.tlog-proof"
        shutil.copy(log.proof, proof)
        _tampered(proof, offset)
        proved = _check_proof(tlog_go, log, proof)
        assert proved.returncode == 1 and proved.stderr.startswith("FAIL: "), f"proof byte {offset}"
