"""The monitor checks the entry bundles against the leaves of the tree it verified (C2SP tlog-tiles)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from audit.events import Actor
from audit.keys import platform_signing_key
from audit.logstate import LogState
from audit.monitor import UncheckableError, monitor_log
from audit.notes import Checkpoint, parse_checkpoint, parse_note
from audit.services import create_checkpoint
from audit.tilesource import DirectoryTiles
from tests.audit.helpers import record_many

pytestmark = pytest.mark.django_db


def _export(tenant, directory: Path) -> Checkpoint:
    create_checkpoint(actor=Actor.system("test"))
    call_command("audit", "export-tiles", str(directory), "--tenant", tenant.slug, stdout=io.StringIO())
    return parse_checkpoint(parse_note((directory / "checkpoint").read_text()).text)


def _monitor(directory: Path, state: Path):
    return monitor_log(
        DirectoryTiles(directory), LogState(state), [platform_signing_key().private_key.public_key()]
    )


def _alter_entry(bundle: Path, position: int) -> None:
    """Change one byte inside entry `position` of a bundle, keeping every length."""
    data = bytearray(bundle.read_bytes())
    offset = 0
    for _ in range(position):
        offset += 2 + int.from_bytes(data[offset : offset + 2], "big")
    data[offset + 2 + 10] ^= 0x01
    bundle.write_bytes(bytes(data))


def test_the_first_run_checks_every_entry_against_its_leaf(tenant, tmp_path) -> None:
    record_many(tenant, 300)
    checkpoint = _export(tenant, tmp_path / "log")
    result = _monitor(tmp_path / "log", tmp_path / "state")
    assert result.entries_checked == checkpoint.size == 300
    assert "300 entries match their leaves" in str(result)

    _alter_entry(tmp_path / "log" / "tile" / "entries" / "001.p/44", 3)
    with pytest.raises(
        UncheckableError, match=r"entry 259 in the entry bundles of .* does not hash to leaf 259"
    ):
        _monitor(tmp_path / "log", tmp_path / "fresh")
    # Nothing was trusted: the next run checks the same entries again.
    assert LogState(tmp_path / "fresh").load(checkpoint.origin) is None


def test_a_later_run_checks_the_new_entries_and_trusts_nothing_when_one_differs(tenant, tmp_path) -> None:
    state = tmp_path / "state"
    record_many(tenant, 250)
    first = _export(tenant, tmp_path / "t1")
    _monitor(tmp_path / "t1", state)
    record_many(tenant, 20)
    grown = _export(tenant, tmp_path / "t2")
    tampered = tmp_path / "t3"
    call_command("audit", "export-tiles", str(tampered), "--tenant", tenant.slug, stdout=io.StringIO())
    _alter_entry(tampered / "tile" / "entries" / "001.p/14", 5)
    with pytest.raises(UncheckableError, match="does not hash to leaf 261"):
        _monitor(tampered, state)
    assert parse_checkpoint(parse_note(LogState(state).load(first.origin)).text) == first

    result = _monitor(tmp_path / "t2", state)
    # The bundles that hold the 20 new entries: 000 (whole) and 001.p/14.
    assert (result.old, result.new, result.entries_checked) == (first, grown, grown.size)
    assert parse_checkpoint(parse_note(LogState(state).load(first.origin)).text) == grown


def test_a_bundle_with_too_few_or_cut_entries_cannot_be_checked(tenant, tmp_path) -> None:
    record_many(tenant, 10)
    _export(tenant, tmp_path / "log")
    bundle = tmp_path / "log" / "tile" / "entries" / "000.p/10"
    whole = bundle.read_bytes()
    bundle.write_bytes(whole[:-5])
    with pytest.raises(UncheckableError, match="ends inside entry 9"):
        _monitor(tmp_path / "log", tmp_path / "state")
    length = int.from_bytes(whole[:2], "big")
    bundle.write_bytes(whole[2 + length :])
    with pytest.raises(UncheckableError, match="holds 9 entries, not 10"):
        _monitor(tmp_path / "log", tmp_path / "state")
