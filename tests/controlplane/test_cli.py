"""The `assay` console script: its own version, its own commands first, clear errors for bad arguments."""

from __future__ import annotations

import subprocess
from importlib.metadata import version

from tests.live import BIN


def assay(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([BIN / "assay", *args], capture_output=True, text=True, timeout=120, check=False)


def test_version_is_assays_own():
    result = assay("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"assay {version('assay')}"


def test_help_lists_the_processes_and_assays_commands_before_djangos():
    text = assay("--help").stdout
    processes, ours, theirs = (
        text.index("Processes:"),
        text.index("Assay's commands:"),
        text.index("Django's commands:"),
    )
    assert processes < ours < theirs
    for command in ("serve", "web", "worker", "beat"):
        assert f"\n  {command} " in text[processes:ours]
    for command in ("tenant", "member", "apikey", "quotas", "audit", "model", "keys"):
        assert f"\n  {command} " in text[ours:theirs]
    assert "migrate" in text[theirs:] and "flush" in text[theirs:]  # Django's, even where Assay adapts it
    assert "migrate" not in text[:theirs]


def test_a_worker_for_an_unknown_queue_is_refused_with_the_queues_there_are():
    result = assay("worker", "--queues", "control,gpus")
    assert result.returncode == 2
    assert "gpus is not a queue" in result.stderr and "control, gpu, api" in result.stderr
