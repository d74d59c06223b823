"""A 1,000-job soak through `assay serve` (bench/soak.py): none lost or duplicated, the chain verifies.

It runs its own SQLite stack whatever DATABASE_URL says, so CI runs it once (the SQLite pass)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
JOBS = int(os.environ.get("ASSAY_SOAK_JOBS", "1000"))


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs its own SQLite stack: once per CI run (the SQLite pass) is enough",
)
def test_a_thousand_jobs_none_lost_or_duplicated():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, REPO / "bench" / "soak.py", "--jobs", str(JOBS)],
        env=env | {"HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    output = result.stdout
    figures = json.loads(output[output.index("{") :])
    print(json.dumps(figures))
    assert result.returncode == 0, (figures, result.stderr[-3000:])
    assert figures["completed"] == figures["completed events"] == figures["images"] == JOBS
    assert figures["received events"] == JOBS and figures["audit verify"] == "ok"
