"""`audit checkpoint`, `audit export` and `audit verify-export`: signed heads, exports verified offline."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.chain import GENESIS_HASH
from audit.events import EventType
from audit.models import AuditEvent, Checkpoint
from audit.signing import load_public_key, private_key_pem, public_key_fingerprint, public_key_pem, sign_body
from tests.audit.helpers import build_chain, read_lines, record_many, rehash, write_export, write_lines

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> str:
    out = StringIO()
    call_command("audit", *args, stdout=out)
    return out.getvalue()


def verify_export(directory: Path, *args: str) -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("audit", "verify-export", str(directory), *args, stdout=out)
    except CommandError as exc:
        assert "export verification failed" in str(exc)
        return False, out.getvalue()
    return True, out.getvalue()


@pytest.fixture
def exported(db, tenant, tmp_path) -> Path:
    record_many(tenant, 5)
    run("export", "--tenant", "acme", "--out", str(tmp_path / "export"))
    return tmp_path / "export"


@pytest.mark.django_db
def test_checkpoint_signs_every_head_and_is_recorded_on_the_platform_chain(tenant, other_tenant):
    record_many(tenant, 3)
    record_many(other_tenant, 2)
    document = json.loads(run("checkpoint"))
    body = document["body"]
    key_file = Path(django_settings.VAR_DIR) / "keys" / "audit-ed25519.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    checkpoint = Checkpoint.objects.get()
    public_key = load_public_key(checkpoint.public_key_pem.encode())
    assert body["algorithm"] == "Ed25519" and body["development_key"] is True
    assert body["public_key_fingerprint"] == public_key_fingerprint(public_key)
    public_key.verify(base64.b64decode(document["signature"]), checkpoint.body.encode())
    heads = {chain["tenant_slug"]: (chain["seq"], chain["hash"]) for chain in body["chains"]}
    assert heads == {
        None: (0, GENESIS_HASH),  # the platform chain, empty until this checkpoint's own event
        "acme": (3, AuditEvent.objects.get(tenant=tenant, seq=3).hash),
        "globex": (2, AuditEvent.objects.get(tenant=other_tenant, seq=2).hash),
    }
    assert body["number"] == checkpoint.number == 1
    event = AuditEvent.objects.get(tenant__isnull=True)
    assert event.event_type == EventType.AUDIT_CHECKPOINT_CREATED
    assert event.subjects == {"checkpoint": body["id"]}
    assert event.payload["number"] == 1
    assert event.payload["body_sha256"] == hashlib.sha256(checkpoint.body.encode()).hexdigest()
    # The development key is made once and reused.
    second = json.loads(run("checkpoint"))["body"]
    assert second["public_key_fingerprint"] == body["public_key_fingerprint"]
    assert second["number"] == 2
    assert {chain["chain"]: chain["seq"] for chain in second["chains"]}["platform"] == 1


@pytest.mark.django_db
def test_a_configured_signing_key_is_used(tenant, settings, tmp_path):
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "platform-audit.pem"
    path.write_bytes(private_key_pem(key))
    settings.ASSAY_AUDIT_SIGNING_KEY_FILE = str(path)
    record_many(tenant, 1)
    body = json.loads(run("checkpoint"))["body"]
    assert body["public_key_fingerprint"] == public_key_fingerprint(key.public_key())
    assert body["development_key"] is False
    assert not (Path(settings.VAR_DIR) / "keys" / "audit-ed25519.pem").exists()


@pytest.mark.django_db
def test_production_refuses_to_invent_a_key(tenant, settings):
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="ASSAY_AUDIT_SIGNING_KEY_FILE"):
        run("checkpoint")


@pytest.mark.django_db
def test_an_export_verifies_and_is_recorded_after_its_checkpoint(tenant, exported):
    assert sorted(path.name for path in exported.iterdir()) == [
        "checkpoint.json",
        "events.jsonl",
        "log",
        "public_key.pem",
    ]
    assert [event["seq"] for event in read_lines(exported / "events.jsonl")] == [1, 2, 3, 4, 5]
    from audit.keys import platform_signing_key
    from audit.signing import public_key_pem

    published = exported.parent / "platform.pem"
    published.write_bytes(public_key_pem(platform_signing_key().private_key.public_key()))
    ok, output = verify_export(exported, "--public-key", str(published))
    assert ok, output
    assert "5 events (seq 1..5), chain intact" in output
    assert "reaches the chain head signed in the checkpoint (seq 5)" in output
    assert "export verified" in output
    # Without the published key, only that the files agree with each other is shown, and said so.
    ok, alone = verify_export(exported)
    assert ok and "export consistent, NOT AUTHENTICATED" in alone and "export verified" not in alone
    assert "every exported event is its leaf" in output
    recorded = AuditEvent.objects.get(tenant=tenant, seq=6)
    assert recorded.event_type == EventType.AUDIT_EXPORTED
    checkpoint_id = json.loads((exported / "checkpoint.json").read_text())["body"]["id"]
    assert recorded.subjects == {"checkpoint": checkpoint_id}
    assert recorded.payload["count"] == 5


@pytest.mark.django_db
def test_an_export_refuses_a_folder_that_holds_one(exported):
    with pytest.raises(CommandError, match="already holds"):
        run("export", "--tenant", "acme", "--out", str(exported))


@pytest.mark.django_db
def test_an_edited_event_line_fails(exported):
    events = read_lines(exported / "events.jsonl")
    events[1]["payload"]["prompt"] = "a blue sphere"
    write_lines(exported / "events.jsonl", events)
    ok, output = verify_export(exported)
    assert not ok
    assert "FAILED: events.jsonl: seq 2: content changed" in output


@pytest.mark.django_db
def test_a_removed_or_moved_line_fails(exported):
    events = read_lines(exported / "events.jsonl")
    write_lines(exported / "events.jsonl", events[:2] + events[3:])
    ok, output = verify_export(exported)
    assert not ok and "seq 3: event missing" in output
    write_lines(exported / "events.jsonl", [events[0], events[2], events[1], *events[3:]])
    ok, output = verify_export(exported)
    assert not ok and "seq 2: order changed" in output
    write_lines(exported / "events.jsonl", events[:4])
    ok, output = verify_export(exported)
    assert not ok and "seq 5: event missing" in output and "export range signed in checkpoint.json" in output


@pytest.mark.django_db
def test_a_tampered_signature_or_checkpoint_body_fails(exported):
    path = exported / "checkpoint.json"
    original = json.loads(path.read_text())
    document = json.loads(path.read_text())
    signature = bytearray(base64.b64decode(document["signature"]))
    signature[0] ^= 1
    document["signature"] = base64.b64encode(bytes(signature)).decode()
    path.write_text(json.dumps(document))
    ok, output = verify_export(exported)
    assert not ok and "the checkpoint signature is invalid" in output

    document = original | {"body": {**original["body"], "chains": []}}
    path.write_text(json.dumps(document))
    ok, output = verify_export(exported)
    assert not ok and "the checkpoint signature is invalid" in output


@pytest.mark.django_db
def test_a_different_public_key_fails(exported, tmp_path):
    stranger = tmp_path / "stranger.pem"
    stranger.write_bytes(public_key_pem(Ed25519PrivateKey.generate().public_key()))
    ok, output = verify_export(exported, "--public-key", str(stranger))
    assert not ok
    assert "signed by a different key" in output
    assert "signature is invalid" in output


@pytest.mark.django_db
def test_a_re_signed_forgery_passes_only_its_own_key(exported, tmp_path):
    platform_key = tmp_path / "platform.pem"
    platform_key.write_bytes((exported / "public_key.pem").read_bytes())
    assert verify_export(exported, "--public-key", str(platform_key))[0]
    # Someone rewrites the events and re-signs everything with a key of their own.
    forger = Ed25519PrivateKey.generate()
    events = read_lines(exported / "events.jsonl")
    events[0]["payload"]["prompt"] = "forged"
    write_export(exported, rehash(events), forger)
    ok, output = verify_export(exported)
    assert ok and "establish who signed it" in output
    ok, output = verify_export(exported, "--public-key", str(platform_key))
    assert not ok and "signed by a different key" in output


@pytest.mark.django_db
def test_a_time_window_export_verifies_on_its_own(tenant, tmp_path):
    events = record_many(tenant, 6)
    out = tmp_path / "window"
    run(
        "export",
        "--tenant",
        "acme",
        "--since",
        events[1].time.isoformat(),
        "--until",
        events[4].time.isoformat(),
        "--out",
        str(out),
    )
    assert [event["seq"] for event in read_lines(out / "events.jsonl")] == [2, 3, 4]
    ok, output = verify_export(out)
    assert ok, output
    assert "starts at seq 2" in output
    assert "ends at seq 4, before the chain head signed in the checkpoint (seq 6)" in output
    # The cut range is signed, so dropping its last line is still caught.
    write_lines(out / "events.jsonl", read_lines(out / "events.jsonl")[:2])
    ok, output = verify_export(out)
    assert not ok and "seq 4: event missing" in output


@pytest.mark.django_db
def test_an_empty_window_exports_and_verifies(tenant, tmp_path):
    record_many(tenant, 2)
    out = tmp_path / "empty"
    run("export", "--tenant", "acme", "--since", "2999-01-01", "--out", str(out))
    assert (out / "events.jsonl").read_bytes() == b""
    ok, output = verify_export(out)
    assert ok, output


def _edit_entry(bundle: Path, position: int, old: bytes, new: bytes) -> None:
    """Change entry `position` of an entry bundle and rebuild the length prefixes, as a forger would."""
    data, entries, offset = bundle.read_bytes(), [], 0
    while offset < len(data):
        length = int.from_bytes(data[offset : offset + 2], "big")
        entries.append(data[offset + 2 : offset + 2 + length])
        offset += 2 + length
    assert old in entries[position]
    entries[position] = entries[position].replace(old, new)
    bundle.write_bytes(b"".join(len(entry).to_bytes(2, "big") + entry for entry in entries))


@pytest.mark.django_db
def test_an_export_signs_the_log_it_carries_and_every_entry_of_it_is_checked(exported):
    body = json.loads((exported / "checkpoint.json").read_text())["body"]
    note = (exported / "log" / "checkpoint").read_text().split("\n")
    assert body["log"] == {"origin": note[0], "size": 5, "root": note[2]}
    ok, output = verify_export(exported)
    assert ok and "each of its entries hashes to its leaf" in output, output
    _edit_entry(exported / "log" / "tile" / "entries" / "000.p" / "5", 2, b'"number":3', b'"number":33')
    ok, output = verify_export(exported)
    assert not ok
    assert (
        "FAILED: entry 2 in log/tile/entries/000.p/5 is not the bytes of event seq 3 in events.jsonl"
        in output
    )
    (exported / "log" / "tile" / "entries" / "000.p" / "5").unlink()
    ok, output = verify_export(exported)
    assert not ok and "entries/000.p/5 cannot be read" in output


@pytest.mark.django_db
def test_an_entry_outside_the_exported_range_is_checked_against_its_leaf(tenant, tmp_path):
    events = record_many(tenant, 4)
    out = tmp_path / "window"
    run("export", "--tenant", "acme", "--since", events[2].time.isoformat(), "--out", str(out))
    assert [event["seq"] for event in read_lines(out / "events.jsonl")] == [3, 4]
    assert verify_export(out)[0]
    _edit_entry(out / "log" / "tile" / "entries" / "000.p" / "4", 0, b'"number":1', b'"number":11')
    ok, output = verify_export(out)
    assert not ok
    assert (
        "FAILED: entry 0 in log/tile/entries/000.p/4 does not hash to leaf 0 of the signed log: the entry "
        "bundle was changed"
    ) in output


@pytest.mark.django_db
def test_a_removed_log_fails_where_the_export_signs_one_and_is_noted_where_it_does_not(exported, tmp_path):
    shutil.rmtree(exported / "log")
    ok, output = verify_export(exported)
    assert not ok
    assert (
        "FAILED: log/checkpoint is missing, but checkpoint.json signs that the export carries the log at "
        "size 5: its log was removed"
    ) in output
    # An export whose signed checkpoint names no log (made before exports named theirs) is noted.
    write_export(tmp_path / "old", build_chain(3), Ed25519PrivateKey.generate())
    ok, output = verify_export(tmp_path / "old")
    assert ok, output
    assert "note: the export has no log/ folder, and checkpoint.json does not say it carried one" in output
    (tmp_path / "old" / "log").mkdir()
    ok, output = verify_export(tmp_path / "old")
    assert not ok and "log/ holds no checkpoint" in output


def test_verify_export_needs_no_database(tmp_path):
    # No django_db mark: pytest-django refuses any database access in this test.
    key = Ed25519PrivateKey.generate()
    events = build_chain(4)
    write_export(tmp_path / "offline", events, key)
    ok, output = verify_export(tmp_path / "offline")
    assert ok, output
    events[2]["payload"]["number"] = 30
    write_lines(tmp_path / "offline" / "events.jsonl", events)
    ok, output = verify_export(tmp_path / "offline")
    assert not ok and "seq 3: content changed" in output


def test_verify_export_runs_with_the_database_unreachable(tmp_path):
    key = Ed25519PrivateKey.generate()
    write_export(tmp_path / "offline", build_chain(3), key)
    environment = os.environ | {
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/unreachable",
        "ASSAY_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "controlplane.settings",
    }
    command = [sys.executable, str(REPO / "manage.py"), "audit", "verify-export", str(tmp_path / "offline")]
    result = subprocess.run(
        command, env=environment, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # No published key given or configured: the files agree, and the answer says who signed is unproven.
    assert "export consistent, NOT AUTHENTICATED" in result.stdout and "export verified" not in result.stdout
    (tmp_path / "offline" / "checkpoint.json").write_text(
        json.dumps({"body": {"format": "x"}, "signature": sign_body(key, {"format": "y"})})
    )
    result = subprocess.run(
        command, env=environment, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 1
    assert "signature is invalid" in result.stdout
