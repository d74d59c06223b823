"""`bench/moderation_snapshot.py compare` pools what a criterion counts: held-out recall and look-alikes
flagged under `standard`, and composed minors allowed per template, over the sets both snapshots hold."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _module():
    spec = importlib.util.spec_from_file_location(
        "moderation_snapshot", ROOT / "bench" / "moderation_snapshot.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(path: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    with path.open("w") as out:
        for index, (template, set_name, label, family, decision) in enumerate(rows):
            line = {"template": template, "set": set_name, "index": index, "label": label, "family": family}
            out.write(json.dumps({**line, "decision": decision}) + "\n")
    return path


def test_compare_pools_the_sets_both_snapshots_hold(tmp_path, capsys):
    common = [
        ("standard", "heldout", "hate", "slur", "block"),
        ("standard", "heldout2", "sexual", "direct", "allow"),
        ("standard", "heldout2", "benign", "rage-room", "allow"),
        ("standard", "heldout2", "benign", "ordinary", "review"),  # ordinary prompts are not look-alikes
        ("permissive", "minors", "sexual/minors", "", "allow"),
    ]
    before = _write(tmp_path / "before.jsonl", [*common, ("standard", "heldout3", "hate", "slur", "allow")])
    after = _write(
        tmp_path / "after.jsonl",
        [*common[:2], ("standard", "heldout2", "benign", "rage-room", "review"), *common[3:]],
    )
    assert _module().compare(before, after) == 0
    pooled = [line for line in capsys.readouterr().out.splitlines() if " pooled " in line]
    # heldout3 is in one snapshot only: pooled over heldout and heldout2, 1 of 2 caught both times.
    assert pooled[0].split()[2:6] == ["50.0", "/", "0.0", "50.0"]
    assert pooled[0].split()[6:8] == ["/", "100.0"]
    assert "1 of 1 allowed" in pooled[2] and pooled[2].startswith("permissive")
