"""The chart rendered once per values file (default and GPU-heavy) for the whole deploy suite."""

from __future__ import annotations

from typing import Any

import pytest

from tests.deploy.helpers import chart_values, gpu_heavy_values, render


@pytest.fixture(scope="session")
def default_manifests() -> list[dict[str, Any]]:
    return render(chart_values())


@pytest.fixture(scope="session")
def gpu_heavy_manifests() -> list[dict[str, Any]]:
    return render(gpu_heavy_values())
