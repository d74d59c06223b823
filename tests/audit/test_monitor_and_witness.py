"""`assay audit monitor`, `assay witness` and `assay audit export-tiles`: a rewritten, forked or truncated
log is caught by the monitor and refused by the witness; what they accept, aics-tlog accepts too.

The forged logs are what an operator holding the log key could publish: tiles built by aics-tlog (an
independent implementation) from other entries, under a checkpoint signed with the real key.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from audit.events import Actor
from audit.keyfiles import read_private_key
from audit.keys import platform_signing_key
from audit.log import log_origin, newest_log_checkpoint, served_note
from audit.logstate import LogState
from audit.merkle import entry_bytes
from audit.models import AuditEvent, LogCosignature
from audit.monitor import LogAlert, Misbehaviour, UncheckableError, monitor_log
from audit.notes import (
    Checkpoint,
    parse_checkpoint,
    parse_cosignature_verifier_key,
    parse_note,
    sign_note,
    verifier_key,
)
from audit.selectors import chain_head, iter_chain_events
from audit.services import create_checkpoint
from audit.tilesource import DirectoryTiles
from tests.audit.helpers import record_many

aics_tlog = pytest.importorskip(
    "aics_tlog", reason="aics-tlog is installed apart: pip install --ignore-requires-python aics-tlog"
)

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _log_key(tenant) -> str:
    return verifier_key(log_origin(tenant), platform_signing_key().private_key.public_key())


def _export(tenant, directory: Path) -> Checkpoint:
    create_checkpoint(actor=SYSTEM)
    _run("audit", "export-tiles", str(directory), "--tenant", tenant.slug)
    return parse_checkpoint(parse_note((directory / "checkpoint").read_text()).text)


def _entries(tenant) -> list[bytes]:
    return [entry_bytes(event) for event in iter_chain_events(tenant)]


def _forge(tenant, directory: Path, entries: list[bytes]) -> Checkpoint:
    """A log of `entries` under the tenant's origin, signed with the real log key (a misbehaving operator)."""
    aics_tlog.TileWriter(entries).write_to(directory)
    origin = log_origin(tenant)
    root = aics_tlog.tree_root_from_tiles(aics_tlog.FileSystemTileReader(directory), len(entries))
    checkpoint = Checkpoint(origin=origin, size=len(entries), root=root)
    note = sign_note(checkpoint.text(), origin, platform_signing_key().private_key)
    (directory / "checkpoint").write_text(str(note))
    return checkpoint


def test_exported_tiles_are_a_tlog_tiles_log_that_aics_tlog_audits(tenant, tmp_path) -> None:
    record_many(tenant, 300)
    checkpoint = _export(tenant, tmp_path / "tiles")
    note = (tmp_path / "tiles" / "checkpoint").read_text()
    origin = log_origin(tenant)
    verified = aics_tlog.verify_checkpoint(
        aics_tlog.parse_note(note),
        aics_tlog.vkey_from_ed25519(origin, platform_signing_key().private_key.public_key()),
        expected_origin=origin,
    )
    assert verified.ok, verified.error
    report = aics_tlog.audit_tiles(
        aics_tlog.FileSystemTileReader(tmp_path / "tiles"), verified.size, verified.root
    )
    assert (report.size, report.bundles) == (checkpoint.size, 2)
    # Byte for byte what an independent writer makes of the same entries.
    assert aics_tlog.TileWriter(_entries(tenant)[: checkpoint.size]).materialise() == {
        str(path.relative_to(tmp_path / "tiles")): path.read_bytes()
        for path in (tmp_path / "tiles").rglob("*")
        if path.is_file() and path.name != "checkpoint"
    }
    with pytest.raises(CommandError, match="not empty"):
        _run("audit", "export-tiles", str(tmp_path / "tiles"), "--tenant", tenant.slug)


def test_the_monitor_trusts_a_growing_log_and_alerts_on_rewrite_fork_and_truncation(tenant, tmp_path) -> None:
    state = tmp_path / "state"
    key = _log_key(tenant)
    record_many(tenant, 5)
    first = _export(tenant, tmp_path / "t1")
    assert "first checkpoint trusted (size 5" in _run(
        "audit", "monitor", "--log", str(tmp_path / "t1"), "--state", str(state), "--key", key
    )
    record_many(tenant, 300)
    grown = _export(tenant, tmp_path / "t2")
    output = _run("audit", "monitor", "--log", str(tmp_path / "t2"), "--state", str(state), "--key", key)
    assert f"consistent, grew from 5 to {grown.size} entries" in output
    entries = _entries(tenant)

    rewritten = [*entries[:2], b'{"forged":true}', *entries[3:], b"later 1", b"later 2"]
    forged = _forge(tenant, tmp_path / "rewrite", rewritten)
    with pytest.raises(CommandError, match=r"caught 1 misbehaving log\(s\) \(rewrite\)"):
        _run("audit", "monitor", "--log", str(tmp_path / "rewrite"), "--state", str(state), "--key", key)
    with pytest.raises(LogAlert) as alert:
        monitor_log(
            DirectoryTiles(tmp_path / "rewrite"),
            LogState(state),
            [platform_signing_key().private_key.public_key()],
        )
    assert alert.value.kind is Misbehaviour.REWRITE
    message = str(alert.value)
    assert f"size {grown.size}, root {grown.root.hex()}" in message
    assert f"size {forged.size}, root {forged.root.hex()}" in message
    assert "kept in" in message

    _forge(tenant, tmp_path / "fork", [*entries[: grown.size - 1], b'{"forged":true}'])
    with pytest.raises(LogAlert, match="FORK") as alert:
        monitor_log(
            DirectoryTiles(tmp_path / "fork"),
            LogState(state),
            [platform_signing_key().private_key.public_key()],
        )
    assert alert.value.kind is Misbehaviour.FORK

    _forge(tenant, tmp_path / "truncated", entries[:100])
    with pytest.raises(
        LogAlert, match=f"TRUNCATION .* size {grown.size}, .* size 100, .*lost {grown.size - 100} entries"
    ):
        monitor_log(
            DirectoryTiles(tmp_path / "truncated"),
            LogState(state),
            [platform_signing_key().private_key.public_key()],
        )

    # The trusted checkpoint never moved, so the genuine log still passes; first stays behind it.
    assert parse_checkpoint(parse_note(LogState(state).load(first.origin)).text) == grown
    output = _run("audit", "monitor", "--log", str(tmp_path / "t2"), "--state", str(state), "--key", key)
    assert "unchanged" in output
    assert len(list(state.glob("*.conflict-*"))) >= 1


def test_the_monitor_tells_a_broken_source_from_a_misbehaving_log(tenant, tmp_path) -> None:
    state = tmp_path / "state"
    key = _log_key(tenant)
    record_many(tenant, 3)
    _export(tenant, tmp_path / "t1")
    _run("audit", "monitor", "--log", str(tmp_path / "t1"), "--state", str(state), "--key", key)
    record_many(tenant, 10)
    grown = _export(tenant, tmp_path / "t2")
    tile = tmp_path / "t2" / "tile" / "0" / f"000.p/{grown.size}"
    tile.write_bytes(b"\x00" * len(tile.read_bytes()))
    with pytest.raises(UncheckableError, match="do not give the root of its own checkpoint"):
        monitor_log(
            DirectoryTiles(tmp_path / "t2"),
            LogState(state),
            [platform_signing_key().private_key.public_key()],
        )
    (tmp_path / "t2" / "checkpoint").write_text(
        (tmp_path / "t2" / "checkpoint").read_text().replace(f"\n{grown.size}\n", f"\n{grown.size + 1}\n")
    )
    with pytest.raises(CommandError, match=r"1 log\(s\) could not be checked"):
        _run("audit", "monitor", "--log", str(tmp_path / "t2"), "--state", str(state), "--key", key)
    assert parse_checkpoint(parse_note(LogState(state).load(grown.origin)).text).size == 3
    # A damaged full tile that a proof would use is the source's fault too, not a rewrite of the log.
    record_many(tenant, 300)
    _export(tenant, tmp_path / "t3")
    tile = tmp_path / "t3" / "tile" / "0" / "000"
    tile.write_bytes(bytes(32) + tile.read_bytes()[32:])
    with pytest.raises(UncheckableError, match="does not hash to the node its parent tile holds"):
        monitor_log(
            DirectoryTiles(tmp_path / "t3"),
            LogState(state),
            [platform_signing_key().private_key.public_key()],
        )


def test_the_monitor_reads_a_live_installation_over_http_with_an_auditor_key(
    tenant, key_client, live_server, tmp_path, monkeypatch
) -> None:
    auditor = key_client(tenant, "auditor")
    developer = key_client(tenant, "developer")
    record_many(tenant, 260)
    create_checkpoint(actor=SYSTEM)
    size = chain_head(tenant).last_seq  # the keys' own events come first
    url = f"{live_server.url}/v1/audit/log/{tenant.public_id}/"
    state = str(tmp_path / "state")
    monkeypatch.setenv("ASSAY_AUDITOR_KEY", developer.key)
    with pytest.raises(CommandError, match="could not be checked"):
        _run("audit", "monitor", "--log", url, "--state", state, "--key", _log_key(tenant))
    monkeypatch.setenv("ASSAY_AUDITOR_KEY", auditor.key)
    assert f"first checkpoint trusted (size {size}," in _run(
        "audit", "monitor", "--log", url, "--state", state, "--key", _log_key(tenant)
    )
    record_many(tenant, 40)
    create_checkpoint(actor=SYSTEM)
    assert f"consistent, grew from {size} to {size + 40} entries" in _run(
        "audit", "monitor", "--log", url, "--state", state, "--key", _log_key(tenant)
    )


def test_a_witness_cosigns_a_consistent_log_and_the_installation_serves_its_cosignature(
    tenant, tmp_path
) -> None:
    witness_key = tmp_path / "witness.pem"
    vkey = _run("witness", "init", "--key", str(witness_key), "--name", "witness.example/w1").strip()
    name, public_key = parse_cosignature_verifier_key(vkey)
    assert name == "witness.example/w1"
    witness = [
        "--key",
        str(witness_key),
        "--name",
        name,
        "--state",
        str(tmp_path / "w"),
        "--log-key",
        _log_key(tenant),
    ]
    record_many(tenant, 7)
    create_checkpoint(actor=SYSTEM)
    _run("audit", "witness-request", "--tenant", tenant.slug, "--old", "0", "--out", str(tmp_path / "r1"))
    _run("witness", "cosign", str(tmp_path / "r1"), *witness, "--out", str(tmp_path / "c1"))
    record_many(tenant, 290)
    create_checkpoint(actor=SYSTEM)
    _run("audit", "witness-request", "--tenant", tenant.slug, "--old", "7", "--out", str(tmp_path / "r2"))
    assert "from size 7" in _run(
        "witness", "cosign", str(tmp_path / "r2"), *witness, "--out", str(tmp_path / "c2")
    )
    output = _run(
        "audit", "add-cosignature", str(tmp_path / "c2"), "--tenant", tenant.slug, "--witness", vkey
    )
    assert "attached to the log checkpoint of size 297" in output
    assert AuditEvent.objects.filter(tenant=None, event_type="audit.cosignature_added").count() == 1
    served = served_note(newest_log_checkpoint(chain_head(tenant)))
    origin = log_origin(tenant)
    result = aics_tlog.verify_checkpoint(
        aics_tlog.parse_note(served),
        aics_tlog.vkey_from_ed25519(origin, platform_signing_key().private_key.public_key()),
        [aics_tlog.cosignature_vkey(name, public_key)],
        quorum=1,
    )
    assert result.ok, result.error
    assert (result.size, result.witnesses) == (297, [name])
    # Twice is once; a cosignature under another key is refused.
    _run("audit", "add-cosignature", str(tmp_path / "c2"), "--tenant", tenant.slug, "--witness", vkey)
    assert LogCosignature.objects.count() == 1
    impostor = _run("witness", "init", "--key", str(tmp_path / "other.pem"), "--name", name).strip()
    with pytest.raises(CommandError, match="has no cosignature by witness"):
        _run("audit", "add-cosignature", str(tmp_path / "c2"), "--tenant", tenant.slug, "--witness", impostor)
    assert AuditEvent.objects.filter(tenant=None, event_type="audit.cosignature_refused").count() == 1


def test_the_witness_refuses_a_rewritten_forked_or_truncated_log(tenant, tmp_path) -> None:
    witness_key = tmp_path / "witness.pem"
    _run("witness", "init", "--key", str(witness_key), "--name", "witness.example/w1")
    state = tmp_path / "w"
    witness = [
        "--key",
        str(witness_key),
        "--name",
        "witness.example/w1",
        "--state",
        str(state),
        "--log-key",
        _log_key(tenant),
    ]
    record_many(tenant, 20)
    trusted = _export(tenant, tmp_path / "t1")
    _run("witness", "cosign", str(tmp_path / "t1" / "checkpoint"), *witness, "--out", str(tmp_path / "c1"))
    entries = _entries(tenant)
    cases = {
        "rewrite": [b'{"forged":true}', *entries[1:20], b"more"],
        "fork": [*entries[:19], b'{"forged":true}'],
        "truncation": entries[:19],
    }
    for kind, forged_entries in cases.items():
        _forge(tenant, tmp_path / kind, forged_entries)
        with pytest.raises(
            CommandError,
            match=f"REFUSED: not cosigned: {kind.upper()}.*last cosigned size 20, root {trusted.root.hex()}",
        ):
            _run(
                "witness",
                "cosign",
                str(tmp_path / kind / "checkpoint"),
                *witness,
                "--tiles",
                str(tmp_path / kind),
            )
    # A proof from another size than its own is refused, naming the size it needs.
    record_many(tenant, 5)
    create_checkpoint(actor=SYSTEM)
    _run("audit", "witness-request", "--tenant", tenant.slug, "--old", "3", "--out", str(tmp_path / "r"))
    with pytest.raises(CommandError, match="last cosigned this log at size 20"):
        _run("witness", "cosign", str(tmp_path / "r"), *witness)
    # A checkpoint not signed by the log key is refused before anything else.
    with pytest.raises(CommandError, match="does not verify under the log's key"):
        _run(
            "witness",
            "cosign",
            str(tmp_path / "r"),
            *witness[:-1],
            verifier_key(log_origin(tenant), read_private_key(witness_key).public_key()),
        )
    # The genuine log, through its tiles, is cosigned; the forged checkpoints never became its state.
    grown = _export(tenant, tmp_path / "t2")
    assert "from size 20" in _run(
        "witness",
        "cosign",
        str(tmp_path / "t2" / "checkpoint"),
        *witness,
        "--tiles",
        str(tmp_path / "t2"),
        "--out",
        str(tmp_path / "c2"),
    )
    assert parse_checkpoint(parse_note(LogState(state).load(grown.origin)).text).size == grown.size


def test_an_export_carries_its_log_as_tiles_that_verify_with_the_same_tools(tenant, tmp_path) -> None:
    record_many(tenant, 270)
    _run("audit", "export", "--tenant", tenant.slug, "--out", str(tmp_path / "export"))
    log = tmp_path / "export" / "log"
    output = _run("audit", "verify-export", str(tmp_path / "export"))
    assert "every exported event is its leaf" in output
    note = aics_tlog.parse_note((log / "checkpoint").read_text())
    origin = log_origin(tenant)
    verified = aics_tlog.verify_checkpoint(
        note,
        aics_tlog.vkey_from_ed25519(origin, platform_signing_key().private_key.public_key()),
        expected_origin=origin,
    )
    assert verified.ok, verified.error
    assert (
        aics_tlog.audit_tiles(aics_tlog.FileSystemTileReader(log), verified.size, verified.root).bundles == 2
    )
    # The monitor reads an export's log/ like any tiles.
    assert "first checkpoint trusted (size 270," in _run(
        "audit", "monitor", "--log", str(log), "--state", str(tmp_path / "m"), "--key", _log_key(tenant)
    )
    # A changed leaf in the tiles, or an event that is not the log's, fails the export's verification.
    tile = log / "tile" / "0" / "000"
    original = tile.read_bytes()
    tile.write_bytes(original[:32] + bytes(32) + original[64:])
    with pytest.raises(CommandError, match=r"000 of .* does not hash to the node its parent tile holds"):
        _run("audit", "verify-export", str(tmp_path / "export"))
    tile.write_bytes(original)
    other = aics_tlog.TileWriter([b"x"] * 270).materialise()
    checkpoint = (log / "checkpoint").read_text()
    for path, data in other.items():
        (log / path).write_bytes(data)
    forged_root = aics_tlog.tree_root_from_tiles(aics_tlog.FileSystemTileReader(log), 270)
    forged = Checkpoint(origin=origin, size=270, root=forged_root)
    (log / "checkpoint").write_text(str(sign_note(forged.text(), origin, platform_signing_key().private_key)))
    # Signed by the platform key, but not the log checkpoint the export's own signed checkpoint names.
    with pytest.raises(CommandError, match=r"log/checkpoint \(size 270\) is not the log checkpoint that"):
        _run("audit", "verify-export", str(tmp_path / "export"))
    (log / "checkpoint").write_text(checkpoint.replace("\n270\n", "\n271\n"))
    with pytest.raises(CommandError, match="log/checkpoint does not verify"):
        _run("audit", "verify-export", str(tmp_path / "export"))
